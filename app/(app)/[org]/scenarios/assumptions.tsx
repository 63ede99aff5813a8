import { formatUsd } from "@/lib/money";
import type { Decimal } from "@/lib/money";
import type { ScenarioInputs } from "@/lib/scenarios";

const n = (d: Decimal) => d.toNumber().toLocaleString("en-US", { maximumFractionDigits: 4 }); // display only

// The inputs in plain sight, as a table: what an executive checks before trusting the figures.

export function assumptionRows(i: ScenarioInputs): [string, string][] {
  const w = i.workload;
  const rows: [string, string][] = [];
  if (w.source === "measured") {
    rows.push(["Workload", `measured in ${w.month}: ${[w.filter.provider, w.filter.model, w.filter.projectId !== undefined ? `project ${w.filter.projectId || "(none)"}` : undefined].filter(Boolean).join(" · ") || "all usage"}`]);
    rows.push(["Tokens a month", `${n(w.monthlyTokens.input)} input, ${n(w.monthlyTokens.output)} output, ${n(w.monthlyTokens.cachedInput)} cached, ${n(w.monthlyTokens.cacheWrite)} cache writes`]);
    rows.push(["Cost that month", formatUsd(w.monthlyCost)]);
  } else {
    rows.push(["Workload", `${w.label || "manual"}${w.model ? ` on ${w.provider} ${w.model}` : ""}`]);
    rows.push(["Tokens a month", `${n(w.monthlyTokens.input)} input, ${n(w.monthlyTokens.output)} output, ${n(w.monthlyTokens.cachedInput)} cached`]);
    rows.push(["Today's price", `${formatUsd(w.price.inputPerMTok)} input, ${formatUsd(w.price.outputPerMTok)} output per 1M tokens`]);
  }
  const t = i.target;
  if (t.kind !== "api") {
    const o = t.selfHost.option;
    rows.push(["Pool", t.selfHost.pool.source === "existing" ? `existing pool ${t.selfHost.pool.name}` : `new pool of ${t.selfHost.pool.gpuType}`]);
    rows.push(["GPU cost", o.cost.kind === "cloud" ? `${formatUsd(o.cost.hourlyRatePerGpu)} per GPU-hour` : `${formatUsd(o.cost.purchasePricePerGpu)} per GPU + ${formatUsd(o.cost.machinePrice)} per machine of ${o.cost.gpusPerMachine}, ${formatUsd(o.cost.otherCapex)} other; amortised over ${o.cost.amortisationMonths} months`]);
    rows.push(["Throughput", `${o.throughput.tokensPerSecondPerGpu.toString()} tokens/s per GPU (${o.throughput.source}) at ${o.targetUtilisation.times(100).toString()}% utilisation; at least ${o.minGpus} GPU(s)`]);
    rows.push(["Power", o.power.kind === "watts" ? `${o.power.wattsPerGpu.toString()} W per GPU × PUE ${o.power.pue.toString()} at ${formatUsd(o.power.pricePerKwh)}/kWh` : `${formatUsd(o.power.perGpuPerMonth)} per GPU per month`]);
    rows.push(["Staff", `${o.staff.fteShare.toString()} FTE × ${formatUsd(o.staff.annualCost)} a year; fixed ${formatUsd(o.fixedMonthly)} a month`]);
  }
  if (t.kind !== "selfHost") rows.push(["API model", `${t.api.provider} ${t.api.model}: ${formatUsd(t.api.price.inputPerMTok)} input, ${formatUsd(t.api.price.outputPerMTok)} output per 1M tokens`]);
  if (t.kind === "hybrid") rows.push(["Split", `${t.selfHostSharePct.toString()}% of the moved traffic on the pool, the rest on the API`]);
  rows.push(["Horizon", `${i.horizonMonths} months`]);
  rows.push(["Growth", `${i.growthPctPerMonth.toString()}% a month`]);
  rows.push(["Today's vendor price change", `${i.baselinePriceChangePct.toString()}%`]);
  rows.push(["Migration", `${i.migration.engineeringWeeks.toString()} engineering weeks × ${formatUsd(i.migration.weeklyRate)}`]);
  rows.push(["Ramp", `${i.rampMonths} month(s) running both`]);
  rows.push(["Stays on today's vendor", `${i.stayOnOriginalPct.toString()}%`]);
  rows.push(["Discount rate", `${i.discountRatePctPerYear.toString()}% a year`]);
  return rows;
}

export function Assumptions({ inputs }: { inputs: ScenarioInputs }) {
  return (
    <section className="bg-white rounded-lg shadow p-4 print:shadow-none break-inside-avoid">
      <h3 className="text-sm text-gray-500 mb-2">Inputs</h3>
      <table className="w-full text-sm" data-testid="assumptions">
        <tbody>{assumptionRows(inputs).map(([k, v]) => <tr key={k} className="border-t"><th className="p-1 text-left font-medium w-56 align-top">{k}</th><td className="p-1">{v}</td></tr>)}</tbody>
      </table>
    </section>
  );
}
