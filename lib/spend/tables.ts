import type { GroupBy, SpendFilters } from "./filters";
import { spendBreakdown, type Breakdown } from "./queries";

// The three tables of a spend view: by the chosen grouping, by day, and by month over 13 months,
// queried side by side. Whole months come from the monthly roll-up (CostMonth, ~1/30 of the
// daily rows), so only the daily trend reads every day of the range.

export interface SpendTables {
  breakdown: Breakdown;
  /** Days of [from, to]; null when not asked for. */
  daily: Breakdown | null;
  /** Months of [monthsFrom, to]. */
  months: Breakdown;
}

export async function spendTables(orgId: string, f: SpendFilters, groupBy: GroupBy, opts: { monthsFrom: string; daily: boolean }): Promise<SpendTables> {
  const [breakdown, daily, months] = await Promise.all([
    spendBreakdown(orgId, f, groupBy),
    opts.daily && groupBy !== "day" ? spendBreakdown(orgId, f, "day") : null,
    groupBy === "month" && f.from === opts.monthsFrom ? null : spendBreakdown(orgId, { ...f, from: opts.monthsFrom }, "month"),
  ]);
  return { breakdown, daily: opts.daily ? (daily ?? breakdown) : null, months: months ?? breakdown };
}
