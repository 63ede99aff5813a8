import { batchOpportunity } from "./batch";
import { cachingOpportunity } from "./caching";
import { idleGpuOpportunity, type IdlePoolInput } from "./idle-gpu";
import { workloadKey } from "./price-book";
import { reservedCapacityOpportunity } from "./reserved";
import type { ReservedQuote } from "./reserved-prices";
import { rightSizingOpportunity } from "./right-sizing";
import { selfHostingOpportunity, type SelfHostPlanForSavings } from "./self-hosting";
import type { BookPrice, Opportunity, WorkloadUsage } from "./types";

// Every kind over every workload and pool, ranked by the high end of the monthly saving. Pure.

export interface SavingsInput {
  workloads: readonly WorkloadUsage[];
  pools: readonly IdlePoolInput[];
  book: readonly BookPrice[];
  /** Self-host plan per workload key (provider:model:project), as the scenario builder would start it. */
  selfHostPlans: ReadonlyMap<string, SelfHostPlanForSavings | null>;
  reservedQuotes?: Readonly<Record<string, ReservedQuote>>;
  /** Keys of dismissed opportunities. */
  dismissed?: ReadonlySet<string>;
}

export interface SavingsReport {
  /** Saving something, not dismissed, largest high end first. */
  opportunities: Opportunity[];
  /** Checked and found to save nothing, or not computable (reserved capacity at unknown prices). */
  checked: Opportunity[];
  dismissed: Opportunity[];
}

export function allOpportunities(input: SavingsInput): Opportunity[] {
  const out: Opportunity[] = [];
  for (const w of input.workloads) {
    for (const o of [
      batchOpportunity(w, input.book),
      cachingOpportunity(w, input.book),
      rightSizingOpportunity(w, input.book),
      reservedCapacityOpportunity(w, input.book, input.reservedQuotes),
      selfHostingOpportunity(w, input.book, input.selfHostPlans.get(workloadKey(w)) ?? null),
    ]) if (o) out.push(o);
  }
  for (const p of input.pools) {
    const o = idleGpuOpportunity(p);
    if (o) out.push(o);
  }
  return out;
}

export function rankOpportunities(all: readonly Opportunity[], dismissed: ReadonlySet<string> = new Set()): SavingsReport {
  const byHigh = (a: Opportunity, b: Opportunity) => b.saving.high.comparedTo(a.saving.high) || b.saving.low.comparedTo(a.saving.low) || a.key.localeCompare(b.key);
  return {
    opportunities: all.filter((o) => o.saving.high.gt(0) && !dismissed.has(o.key)).sort(byHigh),
    checked: all.filter((o) => o.saving.high.lte(0)).sort((a, b) => a.key.localeCompare(b.key)),
    dismissed: all.filter((o) => o.saving.high.gt(0) && dismissed.has(o.key)).sort(byHigh),
  };
}

export function savingsReport(input: SavingsInput): SavingsReport {
  return rankOpportunities(allOpportunities(input), input.dismissed);
}
