import type { DailyUnitStats } from "@/lib/alerts/data";
import { db } from "@/lib/db";
import { dec, type Decimal } from "@/lib/money";
import { loadAttribution, OTHER } from "@/lib/otlp/attribution";
import type { StatsUnit } from "@/lib/otlp/span-store";

// The unit-economics query layer: reads ONLY the roll-ups (OtelDailyRollup, OtelDailyStats,
// OtelIngestDay), never raw span events. Days are UTC; a day without spans is absent (a gap, not 0).

const UNITS: StatsUnit[] = ["request", "conversation", "user", "customer"];
const day = (d: Date) => d.toISOString().slice(0, 10);
const date = (s: string) => new Date(`${s}T00:00:00Z`);

export async function loadDailyUnitStats(orgId: string, from: string, to: string): Promise<DailyUnitStats[]> {
  const rows = await db().otelDailyStats.findMany({ where: { orgId, day: { gte: date(from), lte: date(to) } }, orderBy: [{ day: "asc" }, { unit: "asc" }] });
  return rows.filter((r) => (UNITS as string[]).includes(r.unit)).map((r) => ({ day: day(r.day), unit: r.unit as StatsUnit, count: r.count, total: dec(r.total), p50: dec(r.p50), p95: dec(r.p95) }));
}

export interface UnitDay {
  day: string;
  requests: bigint;
  /** USD of all priced spans that day (span-carried + catalog estimates) */
  cost: Decimal;
  /** cost ÷ priced requests (mean); null when none priced */
  costPerRequest: Decimal | null;
  units: Partial<Record<StatsUnit, { count: bigint; total: Decimal; p50: Decimal; p95: Decimal; mean: Decimal }>>;
}

export interface TopValue {
  value: string;
  cost: Decimal;
  requests: bigint;
}

export interface UnitEconomics {
  from: string;
  to: string;
  days: UnitDay[];
  /** unit → p95 of the last 7 days vs the 7 before (unit-weighted mean of daily p95); null when either is empty */
  trend: Partial<Record<StatsUnit, { current: Decimal; previous: Decimal; changePercent: Decimal | null }>>;
  topCustomers: TopValue[];
  topFeatures: TopValue[];
  topN: number;
  ingest: { received: bigint; accepted: bigint; duplicates: bigint; ignored: bigint; rejected: bigint };
}

function weighted(rows: DailyUnitStats[], unit: StatsUnit, from: string, to: string): Decimal | null {
  let sum = dec(0);
  let n = 0n;
  for (const r of rows) if (r.unit === unit && r.day >= from && r.day <= to) {
    sum = sum.plus(r.p95.times(r.count.toString()));
    n += r.count;
  }
  return n === 0n ? null : sum.div(n.toString());
}

const shift = (d: string, n: number) => day(new Date(date(d).getTime() + n * 86_400_000));

async function topValues(orgId: string, dimension: string, from: string, to: string, limit: number): Promise<TopValue[]> {
  const rows = await db().otelDailyRollup.groupBy({
    by: ["value"],
    where: { orgId, dimension, day: { gte: date(from), lte: date(to) } },
    _sum: { cost: true, requests: true },
  });
  return rows
    .map((r) => ({ value: r.value, cost: dec(r._sum.cost ?? 0), requests: r._sum.requests ?? 0n }))
    .sort((a, b) => b.cost.comparedTo(a.cost) || a.value.localeCompare(b.value))
    .filter((r, i) => i < limit || r.value === OTHER);
}

export async function unitEconomics(orgId: string, from: string, to: string): Promise<UnitEconomics> {
  const [all, stats, cfg, customers, features, ingest] = await Promise.all([
    db().otelDailyRollup.groupBy({ by: ["day"], where: { orgId, dimension: "all", day: { gte: date(from), lte: date(to) } }, _sum: { requests: true, cost: true, unpricedRequests: true }, orderBy: { day: "asc" } }),
    loadDailyUnitStats(orgId, shift(from, -7), to),
    loadAttribution(orgId),
    topValues(orgId, "customer", from, to, 10),
    topValues(orgId, "feature", from, to, 10),
    db().otelIngestDay.aggregate({ where: { orgId, day: { gte: date(from), lte: date(to) } }, _sum: { received: true, accepted: true, duplicates: true, ignored: true, rejected: true } }),
  ]);
  const days: UnitDay[] = all.map((r) => {
    const d = day(r.day);
    const requests = r._sum.requests ?? 0n;
    const priced = requests - (r._sum.unpricedRequests ?? 0n);
    const cost = dec(r._sum.cost ?? 0);
    const units: UnitDay["units"] = {};
    for (const u of stats) {
      if (u.day === d) units[u.unit] = { count: u.count, total: u.total, p50: u.p50, p95: u.p95, mean: u.count > 0n ? u.total.div(u.count.toString()) : dec(0) };
    }
    return { day: d, requests, cost, costPerRequest: priced > 0n ? cost.div(priced.toString()) : null, units };
  });
  const trend: UnitEconomics["trend"] = {};
  for (const unit of UNITS) {
    const current = weighted(stats, unit, shift(to, -6), to);
    const previous = weighted(stats, unit, shift(to, -13), shift(to, -7));
    if (current && previous) trend[unit] = { current, previous, changePercent: previous.gt(0) ? current.minus(previous).div(previous).times(100) : null };
  }
  const s = ingest._sum;
  return {
    from, to, days, trend, topCustomers: customers, topFeatures: features, topN: cfg.topN,
    ingest: { received: s.received ?? 0n, accepted: s.accepted ?? 0n, duplicates: s.duplicates ?? 0n, ignored: s.ignored ?? 0n, rejected: s.rejected ?? 0n },
  };
}
