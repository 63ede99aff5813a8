import type { BreakEvenData, BreakEvenSide, CandidateEvent, OrgAlertData, RuleToEvaluate } from "@/lib/alerts/data";
import type { RuleParams } from "@/lib/alerts/rules";
import { HOUR_MS, isoDay, shiftDay } from "@/lib/alerts/time";
import { analyseBreakEven } from "@/lib/breakeven";
import { idleCost } from "@/lib/gpu/cost";
import { formatUsd } from "@/lib/money";

// GPU pool idle cost, break-even crossed and connection failing: decisions over the org's own infrastructure.

/** Yesterday's idle GPU-hours of a pool cost more than the limit: once per pool and day. */
export function evaluateGpuIdle(rule: RuleToEvaluate, p: RuleParams<"GPU_IDLE">, data: OrgAlertData, now: Date): CandidateEvent[] {
  const day = shiftDay(isoDay(now), -1);
  const out: CandidateEvent[] = [];
  for (const pool of data.gpuPools ?? []) {
    if (p.poolId && pool.id !== p.poolId) continue;
    const idle = idleCost(pool.config, pool.hours, pool.idleUtilisationPct);
    if (!idle.cost.gt(p.maxDailyIdleCost)) continue;
    out.push({
      type: "GPU_IDLE",
      dedupKey: `gpu-idle:${rule.id}:${pool.id}:${day}`,
      severity: idle.cost.gt(p.maxDailyIdleCost * 2) ? "MEDIUM" : "LOW",
      title: `GPU pool ${pool.name}: ${formatUsd(idle.cost)} of idle GPU time on ${day}`,
      body: [
        `On ${day} the GPUs of ${pool.name} were idle (under ${pool.idleUtilisationPct}% utilisation) for ${idle.gpuHours.toDecimalPlaces(1).toFixed(1)} GPU-hours, costing ${formatUsd(idle.cost)}: above your limit of ${formatUsd(p.maxDailyIdleCost)} a day.`,
        `Kept up for a month that is about ${formatUsd(idle.cost.times(30))}; consider scaling the pool down outside busy hours.`,
      ].join("\n"),
      data: { poolId: pool.id, day, idleCost: idle.cost.toFixed(2), idleGpuHours: idle.gpuHours.toFixed(2), limit: p.maxDailyIdleCost },
      link: `/${data.org.slug}/overview`,
    });
  }
  return out;
}

/**
 * The workload crossed its break-even: self-hosting on the pool became cheaper than the API at the measured
 * volume, or (after such an alert) stopped being cheaper. The first observation on the API side is the normal
 * state and raises nothing. Keyed by side and day, so a re-evaluation of the same crossing raises nothing new.
 */
export function evaluateBreakEvenCrossed(rule: RuleToEvaluate, p: RuleParams<"BREAKEVEN_CROSSED">, data: OrgAlertData, now: Date): CandidateEvent[] {
  const d = data.breakEven?.[rule.id];
  if (!d?.input) return [];
  // No usage of the workload in the window: nothing to self-host, the API (at $0) is the cheaper side.
  if (!hasTokens(d.input)) return d.previousSide === "self-host-cheaper" ? crossedBackForLackOfUsage(rule, p, d.poolName, data, now) : [];
  const a = analyseBreakEven(d.input, { includeSensitivity: false });
  const side: BreakEvenSide = a.selfHost.total.lt(a.apiMonthlyCost) ? "self-host-cheaper" : "api-cheaper";
  if (side === d.previousSide || (d.previousSide === null && side === "api-cheaper")) return [];
  const workload = `${p.provider} ${p.model}${p.projectId ? ` (project ${p.projectId})` : ""}`;
  const saving = a.apiMonthlyCost.minus(a.selfHost.total); // USD/month; positive = self-hosting saves
  const day = isoDay(now);
  return [
    {
      type: "BREAKEVEN_CROSSED",
      dedupKey: `breakeven:${rule.id}:${side}:${day}`,
      severity: "MEDIUM",
      title:
        side === "self-host-cheaper"
          ? `Break-even crossed: self-hosting ${workload} on ${d.poolName} would now save ${formatUsd(saving)}/month`
          : `Break-even crossed back: the API is again cheaper for ${workload} than ${d.poolName}`,
      body: [
        `At the last 30 days' volume (${a.totalMonthlyTokens.toDecimalPlaces(0).toFixed(0)} tokens a month, ${a.standing.sentence}), the API costs ${formatUsd(a.apiMonthlyCost)} a month and self-hosting on ${d.poolName} (${a.selfHost.gpus} GPU${a.selfHost.gpus === 1 ? "" : "s"}) ${formatUsd(a.selfHost.total)}.`,
        side === "self-host-cheaper" ? `Moving this workload would save about ${formatUsd(saving)} a month.` : `Staying on the API is ${formatUsd(saving.negated())} a month cheaper.`,
      ].join("\n"),
      data: { side, apiMonthlyCost: a.apiMonthlyCost.toFixed(2), selfHostMonthlyCost: a.selfHost.total.toFixed(2), monthlyTokens: a.totalMonthlyTokens.toFixed(0), gpus: a.selfHost.gpus, poolId: p.poolId },
      link: `/${data.org.slug}/overview`,
    },
  ];
}

function hasTokens(input: NonNullable<BreakEvenData["input"]>): boolean {
  const w = input.workload;
  const t = w.basis === "tokens" ? w.monthlyTokens : w.tokensPerRequest;
  const n = (v: unknown) => (v === undefined ? 0 : Number(String(v)));
  return n(t.input) + n(t.output) + n(t.cachedInput) + n(t.cacheWrite) > 0 && (w.basis === "tokens" || n(w.requestsPerMonth) > 0);
}

function crossedBackForLackOfUsage(rule: RuleToEvaluate, p: RuleParams<"BREAKEVEN_CROSSED">, poolName: string, data: OrgAlertData, now: Date): CandidateEvent[] {
  const workload = `${p.provider} ${p.model}${p.projectId ? ` (project ${p.projectId})` : ""}`;
  return [
    {
      type: "BREAKEVEN_CROSSED",
      dedupKey: `breakeven:${rule.id}:api-cheaper:${isoDay(now)}`,
      severity: "LOW",
      title: `Break-even crossed back: ${workload} had no usage in the last 30 days`,
      body: `${workload} used no tokens in the last 30 days, so self-hosting it on ${poolName} would save nothing.`,
      data: { side: "api-cheaper", apiMonthlyCost: "0.00", poolId: p.poolId },
      link: `/${data.org.slug}/overview`,
    },
  ];
}

/** A connection FAILING for more than N hours: once per failure episode (failingSince). */
export function evaluateConnectionFailing(rule: RuleToEvaluate, p: RuleParams<"CONNECTION_FAILING">, data: OrgAlertData, now: Date): CandidateEvent[] {
  return (data.connections ?? [])
    .filter((c) => c.status === "FAILING" && c.failingSince && now.getTime() - c.failingSince.getTime() >= p.hours * HOUR_MS)
    .map((c) => {
      const hours = Math.floor((now.getTime() - c.failingSince!.getTime()) / HOUR_MS);
      return {
        type: "CONNECTION_FAILING" as const,
        dedupKey: `connection:${rule.id}:${c.id}:${c.failingSince!.toISOString()}`,
        severity: "HIGH" as const,
        title: `Connection ${c.name} (${c.provider}) has been failing for ${hours} hours`,
        body: [
          `The ${c.provider} connection ${c.name} has failed every sync since ${c.failingSince!.toISOString()} (${hours} hours).`,
          `Last error: ${c.lastError ?? "(none recorded)"}`,
          "Spend from this provider is missing from your totals until it syncs again.",
        ].join("\n"),
        data: { connectionId: c.id, failingSince: c.failingSince!.toISOString(), lastError: c.lastError },
        link: `/${data.org.slug}/overview`,
      };
    });
}
