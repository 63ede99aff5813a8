import { db, Prisma } from "@/lib/db";
import type { GroupBy, SpendFilters } from "./filters";
import { amounts, sortRows, spendBreakdown, type Breakdown, type KeyedAmounts } from "./queries";
import { costWhere, DAY_KEY, MONTH_KEY, RESUMS, SUMS } from "./sql";

// The three tables of a spend view: by the chosen grouping, by day, and by month over 13 months.
// The day and month tables come from ONE scan aggregated by day (a few hundred groups: a small
// parallel hash aggregate however many projects or models the org has), re-summed by day and by
// month; the grouping's own table is a second scan, run alongside. Keeping each first-step
// aggregate small matters: grouping by (project, day) over a year makes tens of thousands of
// groups, which spill to disk at the default work_mem and cost several times a plain scan.

export interface SpendTables {
  breakdown: Breakdown;
  /** Days of [from, to]; null when not asked for. */
  daily: Breakdown | null;
  /** Months of [monthsFrom, to]. */
  months: Breakdown;
}

type Row = { part: "group" | "day" | "month"; key: string | null; billed: Prisma.Decimal; estimated: Prisma.Decimal; is_total: boolean };

/** Day and month tables (and a day/month grouping of [from, to]) from one scan of the buckets. */
async function timeTables(orgId: string, f: SpendFilters, opts: { monthsFrom: string; daily: boolean; group: "day" | "month" | null }): Promise<Row[]> {
  const scanFrom = opts.monthsFrom < f.from ? opts.monthsFrom : f.from;
  const inRange = Prisma.sql`g."day" >= ${f.from}::date`;
  const part = (name: Row["part"], key: Prisma.Sql, where: Prisma.Sql) =>
    Prisma.sql`SELECT ${name} AS part, ${key} AS key, ${RESUMS}, GROUPING(${key}) = 1 AS is_total FROM g WHERE ${where} GROUP BY GROUPING SETS ((${key}), ())`;
  const parts = [part("month", MONTH_KEY, Prisma.sql`g."day" >= ${opts.monthsFrom}::date`)];
  if (opts.daily || opts.group === "day") parts.push(part("day", DAY_KEY, inRange));
  if (opts.group === "month") parts.push(part("group", MONTH_KEY, inRange));
  return db().$queryRaw<Row[]>`
    WITH g AS (SELECT cb."day", ${SUMS} FROM "CostBucket" cb WHERE ${costWhere(orgId, { ...f, from: scanFrom })} GROUP BY cb."day")
    ${Prisma.join(parts, " UNION ALL ")}`;
}

export async function spendTables(orgId: string, f: SpendFilters, groupBy: GroupBy, opts: { monthsFrom: string; daily: boolean }): Promise<SpendTables> {
  const byTime = groupBy === "day" || groupBy === "month" ? groupBy : null;
  const [rows, breakdown] = await Promise.all([
    timeTables(orgId, f, { ...opts, group: byTime }),
    byTime ? null : spendBreakdown(orgId, f, groupBy),
  ]);
  const part = (p: Row["part"], g: GroupBy): Breakdown => {
    const mine = rows.filter((r) => r.part === p);
    const keyed: KeyedAmounts[] = mine.filter((r) => !r.is_total).map((r) => ({ key: r.key ?? "", ...amounts(r) }));
    return { groupBy: g, rows: sortRows(keyed, g), total: amounts(mine.find((r) => r.is_total) ?? { billed: 0, estimated: 0 }) };
  };
  const daily = opts.daily || groupBy === "day" ? part("day", "day") : null;
  return {
    breakdown: breakdown ?? (groupBy === "day" ? daily! : part("group", "month")),
    daily: opts.daily ? daily : null,
    months: part("month", "month"),
  };
}
