import { db, Prisma } from "@/lib/db";
import { dec, Decimal } from "@/lib/money";
import { MOVER_SIGNIFICANT_PERCENT } from "./mover-significance";
import { addDays, daysBetween, monthStartOf, type GroupBy, type SpendFilters } from "./filters";
import { costWhere, countedBucket, groupedSource, grouping, RESUMS, tagFanOut } from "./sql";

// The spend query layer: every sum is computed by Postgres (never by loading bucket rows into JS),
// scoped to one org, and returned as exact decimals; rounding to cents happens once, at the edge
// (view.ts). Three levels of roll-up make 13 months cheap: raw usage events are never read here
// (ingestion rolls them up into daily buckets, lib/ingest), and whole months are read from
// CostMonth, the monthly sums of the daily buckets that triggers keep exact (spend migration).

export interface Amounts {
  billed: Decimal;
  estimated: Decimal;
  total: Decimal;
}
export interface KeyedAmounts extends Amounts {
  key: string;
}
export interface Breakdown {
  groupBy: GroupBy;
  rows: KeyedAmounts[];
  /** Every bucket in scope counted once (by tag, a project with two tags counts under both rows). */
  total: Amounts;
}

type SumRow = { key: string | null; billed: Prisma.Decimal; estimated: Prisma.Decimal; is_total: boolean };

export function amounts(r: { billed: { toString(): string } | null; estimated: { toString(): string } | null }): Amounts {
  const billed = dec(r.billed ?? 0), estimated = dec(r.estimated ?? 0);
  return { billed, estimated, total: billed.plus(estimated) };
}

/**
 * Spend in scope grouped by one dimension, with the total in the same round trip. Whole months of
 * the range are read from the monthly roll-up, the other days from the daily buckets.
 */
export async function spendBreakdown(orgId: string, f: SpendFilters, groupBy: GroupBy): Promise<Breakdown> {
  const g = groupedSource(orgId, f, groupBy);
  let rows: SumRow[];
  if (groupBy === "tag") {
    rows = await db().$queryRaw<SumRow[]>`
      WITH ${g}
      SELECT key, billed, estimated, false AS is_total FROM (${tagFanOut(Prisma.sql`SELECT * FROM g`, ["billed", "estimated"])}) x
      UNION ALL
      SELECT NULL, ${RESUMS}, true FROM g`;
  } else {
    const { key } = grouping(groupBy);
    // GROUPING SETS ((key), ()): the groups and the grand total together.
    rows = await db().$queryRaw<SumRow[]>`
      WITH ${g}
      SELECT ${key} AS key, ${RESUMS}, GROUPING(${key}) = 1 AS is_total
      FROM g GROUP BY GROUPING SETS ((${key}), ())`;
  }
  const totalRow = rows.find((r) => r.is_total);
  const groups = rows.filter((r) => !r.is_total).map((r) => ({ key: r.key ?? "", ...amounts(r) }));
  return { groupBy, rows: sortRows(groups, groupBy), total: totalRow ? amounts(totalRow) : amounts({ billed: 0, estimated: 0 }) };
}

/** Days and months read in time order; everything else largest first (ties by key, so stable). */
export function sortRows(rows: KeyedAmounts[], groupBy: GroupBy): KeyedAmounts[] {
  if (groupBy === "day" || groupBy === "month") return rows.sort((a, b) => a.key.localeCompare(b.key));
  return rows.sort((a, b) => b.total.comparedTo(a.total) || a.key.localeCompare(b.key));
}

/** The 13 months ending with the month of `f.to`, with the other filters of the view. */
export function thirteenMonths(f: SpendFilters): SpendFilters {
  return { ...f, from: monthStartOf(f.to, -12), to: f.to };
}

// ── top movers ──────────────────────────────────────────────────────────────

export interface MoverPeriods {
  current: { from: string; to: string };
  previous: { from: string; to: string };
  /** Days the previous period lies before the current one: a whole number of weeks. */
  shiftDays: number;
}
export interface Mover {
  key: string;
  current: Decimal;
  previous: Decimal;
  change: Decimal;
  /** change ÷ previous; null when there was nothing before (a new line of spend). */
  changeShare: Decimal | null;
  /** |change| ≥ MOVER_SIGNIFICANT_SHARE of the previous period (or new spend): only these are flagged. */
  significant: boolean;
}

/** A move smaller than this share of the period before is ordinary variation: listed, not flagged. */
export const MOVER_SIGNIFICANT_SHARE = new Decimal(MOVER_SIGNIFICANT_PERCENT).div(100);

/**
 * Like-for-like periods: the month of `to` from its 1st to `to`, against the same weekdays four
 * weeks earlier (28 days; 35 when the month so far is longer than four weeks, so the two never
 * overlap). A Tuesday–Wednesday is compared with a Tuesday–Wednesday, never a Sunday–Monday, and
 * the two periods have the same number of each weekday.
 */
export function moverPeriods(to: string): MoverPeriods {
  const from = monthStartOf(to);
  const days = daysBetween(from, to) + 1;
  const shiftDays = days <= 28 ? 28 : 35;
  return { current: { from, to }, previous: { from: addDays(from, -shiftDays), to: addDays(to, -shiftDays) }, shiftDays };
}

/** Whether a move is large enough to flag: new spend, or |change| ≥ 20 % of the period before. */
export function isSignificantMove(previous: Decimal, change: Decimal): boolean {
  if (previous.isZero()) return !change.isZero();
  return change.abs().gte(previous.abs().times(MOVER_SIGNIFICANT_SHARE));
}

type MoverRow = { key: string | null; current: Prisma.Decimal | null; previous: Prisma.Decimal | null };

/** The groups whose spend moved most (either way) between the two periods. */
export async function topMovers(orgId: string, f: SpendFilters, groupBy: Exclude<GroupBy, "day" | "month">, limit = 10): Promise<{ periods: MoverPeriods; movers: Mover[] }> {
  const periods = moverPeriods(f.to);
  const where = Prisma.sql`${costWhere(orgId, { ...f, from: periods.previous.from, to: periods.current.to })}
    AND (cb."day" <= ${periods.previous.to}::date OR cb."day" >= ${periods.current.from}::date) AND ${countedBucket()}`;
  const sums = Prisma.sql`
    COALESCE(SUM(cb."amount") FILTER (WHERE cb."day" >= ${periods.current.from}::date), 0) AS current,
    COALESCE(SUM(cb."amount") FILTER (WHERE cb."day" <= ${periods.previous.to}::date), 0) AS previous`;
  // Part months on both sides: always the daily buckets.
  const gr = grouping(groupBy);
  const inner = Prisma.sql`SELECT ${gr.inner}, ${sums} FROM "CostBucket" cb WHERE ${where} GROUP BY ${gr.columns}`;
  const rows =
    groupBy === "tag"
      ? await db().$queryRaw<MoverRow[]>`${tagFanOut(inner, ["current", "previous"])}`
      : await db().$queryRaw<MoverRow[]>`WITH g AS (${inner}) SELECT ${gr.key} AS key, SUM(g.current) AS current, SUM(g.previous) AS previous FROM g GROUP BY 1`;
  const movers = rows.map((r) => {
    const current = dec(r.current ?? 0), previous = dec(r.previous ?? 0);
    const change = current.minus(previous);
    return { key: r.key ?? "", current, previous, change, changeShare: previous.isZero() ? null : change.div(previous), significant: isSignificantMove(previous, change) };
  });
  movers.sort((a, b) => b.change.abs().comparedTo(a.change.abs()) || a.key.localeCompare(b.key));
  return { periods, movers: movers.filter((m) => !m.change.isZero()).slice(0, limit) };
}

// ── what can be filtered on ─────────────────────────────────────────────────

/**
 * Distinct values of one bucket column for the org, read by skipping through its index
 * ((orgId, column, day)): one index probe per distinct value instead of a scan of every bucket.
 */
async function distinctValues(orgId: string, column: "provider" | "model" | "projectId"): Promise<string[]> {
  const c = Prisma.raw(`cb."${column}"`);
  const rows = await db().$queryRaw<{ v: string }[]>`
    WITH RECURSIVE d AS (
      (SELECT ${c} AS v FROM "CostBucket" cb WHERE cb."orgId" = ${orgId} ORDER BY ${c} LIMIT 1)
      UNION ALL
      SELECT (SELECT ${c} FROM "CostBucket" cb WHERE cb."orgId" = ${orgId} AND ${c} > d.v ORDER BY ${c} LIMIT 1) FROM d WHERE d.v IS NOT NULL
    )
    SELECT v FROM d WHERE v IS NOT NULL`;
  return rows.map((r) => r.v);
}

export interface ProjectInfo {
  id: string;
  name: string;
  tags: string[];
}
export interface FilterOptions {
  providers: string[];
  models: string[];
  projects: ProjectInfo[];
  tags: string[];
}

/** Everything the filter bar can offer: values seen in the org's spend, projects and their tags. */
export async function filterOptions(orgId: string): Promise<FilterOptions> {
  const [providers, models, projectIds, projects] = await Promise.all([
    distinctValues(orgId, "provider"),
    distinctValues(orgId, "model"),
    distinctValues(orgId, "projectId"),
    db().project.findMany({ where: { orgId }, select: { externalId: true, name: true, tags: true }, orderBy: { name: "asc" } }),
  ]);
  const byId = new Map<string, ProjectInfo>();
  for (const p of projects) {
    const seen = byId.get(p.externalId);
    byId.set(p.externalId, { id: p.externalId, name: seen?.name ?? p.name, tags: [...new Set([...(seen?.tags ?? []), ...p.tags])] });
  }
  for (const id of projectIds) if (!byId.has(id)) byId.set(id, { id, name: id === "" ? "(no project)" : id, tags: [] });
  return {
    providers,
    models,
    projects: [...byId.values()].sort((a, b) => a.name.localeCompare(b.name)),
    tags: [...new Set(projects.flatMap((p) => p.tags))].sort(),
  };
}
