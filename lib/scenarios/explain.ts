import { Decimal, formatUsd } from "@/lib/money";
import { compactNumber } from "@/lib/number-format";
import { totalTokens } from "@/lib/breakeven";
import { isOpenWeight } from "@/lib/risk/openWeight";
import type { ScenarioInputs, SelfHostPlan } from "./schema";
import { baselineMonthOne, scenarioShares, type ScenarioMonth, type ScenarioTotals } from "./timeline";
import type { NpvSensitivityRow } from "./sensitivity";

// Every output in words, naming the inputs it came from, so an executive can check the arithmetic
// without reading code. The `inputs` are dotted paths into the scenario input.

export interface Explanation {
  output: "baseline" | "scenario" | "cumulativeSavings" | "paybackMonth" | "npv" | "tco3y" | "sensitivity";
  text: string;
  inputs: string[];
}

/** 1234567 → "1.23M", for token counts in sentences: the product's one compact format. */
export const formatTokens = compactNumber;
const trim = (d: Decimal) => d.toString();
const pct = (d: Decimal) => `${trim(d.toDecimalPlaces(2))}%`;

export function workloadLabel(inputs: ScenarioInputs): string {
  const w = inputs.workload;
  if (w.source === "manual") return w.label || [w.provider, w.model].filter(Boolean).join(" ") || "manual workload";
  const f = w.filter;
  const project = f.projectId ? `project ${w.projectName || f.projectId}` : f.projectId === "" ? "usage without a project" : undefined;
  const parts = [f.provider, f.model, project].filter(Boolean);
  return parts.length ? parts.join(" · ") : "all measured usage";
}

export function targetLabel(inputs: ScenarioInputs): string {
  const t = inputs.target;
  const pool = (p: SelfHostPlan) => (p.pool.source === "existing" ? `pool ${p.pool.name || p.pool.poolId}` : `new ${p.pool.gpuType} pool`);
  if (t.kind === "api") return `${t.api.provider} ${t.api.model}`;
  if (t.kind === "selfHost") return pool(t.selfHost);
  return `${pct(t.selfHostSharePct)} on ${pool(t.selfHost)}, ${pct(new Decimal(100).minus(t.selfHostSharePct))} on ${t.api.provider} ${t.api.model}`;
}

export function explainScenario(inputs: ScenarioInputs, months: readonly ScenarioMonth[], totals: ScenarioTotals, tco3y: { baseline: Decimal; scenario: Decimal }, sensitivity: readonly NpvSensitivityRow[]): Explanation[] {
  const w = inputs.workload;
  const first = months[0]!;
  const last = months[months.length - 1]!;
  const H = inputs.horizonMonths;
  const shares = scenarioShares(inputs);
  const out: Explanation[] = [];

  const base1 = baselineMonthOne(inputs);
  const baseSource = w.source === "measured"
    ? `${formatUsd(base1)}, the measured cost of ${workloadLabel(inputs)} in ${w.month}`
    : `${formatUsd(base1)} = ${formatTokens(totalTokens(w.monthlyTokens))} tokens a month at ${w.model || "today's API"} prices (input ${formatUsd(w.price.inputPerMTok)}, output ${formatUsd(w.price.outputPerMTok)} per 1M)`;
  const priceChange = inputs.baselinePriceChangePct.isZero() ? "" : `, × (1 + ${pct(inputs.baselinePriceChangePct)}) for the vendor's price change`;
  out.push({
    output: "baseline",
    text: `Staying put costs ${baseSource}${priceChange}, growing ${pct(inputs.growthPctPerMonth)} a month: ${formatUsd(first.baseline)} in month 1, ${formatUsd(last.baseline)} in month ${H}, ${formatUsd(totals.baseline)} over ${H} months.`,
    inputs: [...(w.source === "measured" ? ["workload.monthlyCost"] : ["workload.monthlyTokens", "workload.price"]), "baselinePriceChangePct", "growthPctPerMonth", "horizonMonths"],
  });

  const parts: string[] = [];
  const scenarioInputs = ["stayOnOriginalPct", "rampMonths", "growthPctPerMonth"];
  parts.push(inputs.rampMonths > 0
    ? `today's vendor keeps all traffic for the ${inputs.rampMonths}-month ramp (${formatUsd(first.original)} in month 1), then the ${pct(inputs.stayOnOriginalPct)} that must stay`
    : `today's vendor keeps the ${pct(inputs.stayOnOriginalPct)} that must stay (${formatUsd(first.original)} in month 1)`);
  if (inputs.target.kind !== "selfHost") {
    parts.push(`${inputs.target.api.provider} ${inputs.target.api.model} carries ${pct(shares.api.times(shares.moved).times(100))} of the traffic at catalog prices (${formatUsd(first.targetApi)} in month 1)`);
    scenarioInputs.push("target.api.price");
  }
  if (inputs.target.kind !== "api" && first.gpus + last.gpus > 0) {
    const capex = months.reduce((s, m) => s.plus(m.selfHostCapex), new Decimal(0));
    parts.push(`the pool runs ${first.gpus === last.gpus ? `${first.gpus}` : `${first.gpus} to ${last.gpus}`} GPU(s) at ${trim(inputs.target.selfHost.option.throughput.tokensPerSecondPerGpu)} tokens/s each and ${pct(inputs.target.selfHost.option.targetUtilisation.times(100))} utilisation (${formatUsd(first.selfHostRunning)} running cost in month 1${capex.gt(0) ? `, ${formatUsd(capex)} of hardware bought` : ""})`);
    scenarioInputs.push("target.selfHost.option");
    if (inputs.target.kind === "hybrid") scenarioInputs.push("target.selfHostSharePct");
  }
  if (first.migration.gt(0)) {
    parts.push(`the move costs ${trim(inputs.migration.engineeringWeeks)} engineering weeks × ${formatUsd(inputs.migration.weeklyRate)} = ${formatUsd(first.migration)} in month 1`);
    scenarioInputs.push("migration.engineeringWeeks", "migration.weeklyRate");
  }
  out.push({ output: "scenario", text: `The scenario: ${parts.join("; ")}. ${formatUsd(first.scenario)} in month 1, ${formatUsd(totals.scenario)} over ${H} months.`, inputs: scenarioInputs });

  out.push({
    output: "cumulativeSavings",
    text: `Savings each month = baseline − scenario, added up: ${formatUsd(first.savings)} in month 1, ${formatUsd(totals.savings)} after ${H} months.`,
    inputs: ["baseline", "scenario"].flatMap((o) => out.find((e) => e.output === o)!.inputs).filter((v, i, a) => a.indexOf(v) === i),
  });

  const lowest = months.reduce((lo, m) => (m.cumulativeSavings.lt(lo) ? m.cumulativeSavings : lo), new Decimal(0));
  out.push({
    output: "paybackMonth",
    text: totals.paybackMonth === null
      ? `Cumulative savings stay below zero for all ${H} months (${formatUsd(totals.savings)} at the end): the move does not pay back within the horizon.`
      : `The first month in which cumulative savings are back at or above zero is month ${totals.paybackMonth}${lowest.lt(0) ? ` (they bottom out at ${formatUsd(lowest)})` : ""}.`,
    inputs: ["migration.engineeringWeeks", "migration.weeklyRate", "rampMonths", "horizonMonths", ...scenarioInputs.filter((i) => i.startsWith("target"))],
  });

  out.push({
    output: "npv",
    text: `Each month's savings are discounted at ${pct(inputs.discountRatePctPerYear)} a year (÷ (1 + ${pct(inputs.discountRatePctPerYear)})^(month ÷ 12)) and added: NPV ${formatUsd(totals.npv)}, against ${formatUsd(totals.savings)} undiscounted.`,
    inputs: ["discountRatePctPerYear", "horizonMonths", "cumulativeSavings"],
  });

  out.push({
    output: "tco3y",
    text: `Over 3 years (36 months, whatever the horizon): staying put ${formatUsd(tco3y.baseline)}, the scenario ${formatUsd(tco3y.scenario)} including migration and hardware; resale of hardware is not counted.`,
    inputs: ["growthPctPerMonth", ...scenarioInputs.filter((i) => i !== "growthPctPerMonth")],
  });

  const top = sensitivity[0];
  out.push({
    output: "sensitivity",
    text: top
      ? `Each input moved alone to 80% and 120% of its value. The NPV moves most with ${top.label.toLowerCase()}: ${formatUsd(top.npvAtLow)} at −20%, ${formatUsd(top.npvAtHigh)} at +20%.`
      : "No input moves the NPV (every input is zero).",
    inputs: sensitivity.flatMap((r) => r.inputs),
  });
  return out;
}

/** What could go wrong, in plain sentences, for the comparison page. */
export function scenarioRisks(inputs: ScenarioInputs, months: readonly ScenarioMonth[], totals: ScenarioTotals, sensitivity: readonly NpvSensitivityRow[]): string[] {
  const risks: string[] = [];
  const t = inputs.target;
  if (t.kind !== "api" && t.selfHost.option.throughput.source === "assumed") {
    risks.push(`Throughput is assumed (${trim(t.selfHost.option.throughput.tokensPerSecondPerGpu)} tokens/s per GPU), not measured on a pool.`);
  }
  if (totals.paybackMonth === null) risks.push(`Does not pay back within ${inputs.horizonMonths} months.`);
  if (inputs.stayOnOriginalPct.gt(0)) risks.push(`${pct(inputs.stayOnOriginalPct)} of traffic stays on today's vendor and keeps its price, terms and retirement risk.`);
  if (t.kind !== "selfHost") {
    const open = isOpenWeight(t.api.model) ? "; its weights are open, so it could later be self-hosted" : "";
    risks.push(`Still a vendor's API (${t.api.provider} ${t.api.model}): exposed to its price, terms and retirement changes${open}.`);
  }
  const capex = months.reduce((s, m) => s.plus(m.selfHostCapex), new Decimal(0));
  if (capex.gt(0)) risks.push(`${formatUsd(capex)} of hardware is paid for up front; its resale value is not counted.`);
  const gpus = months.map((m) => m.gpus).filter((g) => g > 0);
  if (gpus.length && Math.max(...gpus) > gpus[0]!) risks.push(`The pool grows from ${gpus[0]} to ${Math.max(...gpus)} GPUs as volume grows.`);
  if (inputs.rampMonths > 0) risks.push(`Both run side by side for ${inputs.rampMonths} month(s): that traffic is paid twice.`);
  const top = sensitivity[0];
  if (top && top.swing.gt(0)) risks.push(`Most sensitive to ${top.label.toLowerCase()}: ±20% moves the NPV by ${formatUsd(top.swing)}.`);
  return risks;
}
