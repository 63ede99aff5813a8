import { db } from "@/lib/db";
import { dec } from "@/lib/money";
import { DIMENSIONS, loadAttribution, OTHER, type Dimension } from "@/lib/otlp/attribution";
import { spanStore, type DimensionTotal, type UnitStats } from "@/lib/otlp/span-store";

// The settle step turns a day of raw span events into the roll-ups pages read: per dimension the
// top N values by cost with the rest summed under "(other)" (bounded cardinality), and per unit
// (request, conversation, user, customer) the count, total and p50/p95. A day is settled whole and
// replaced, so settling again is harmless; the job settles recent days every few minutes.

/** Days looked back on each run: late spans for older days update totals but not the splits. */
export const SETTLE_LOOKBACK_DAYS = 7;

/** Pure: the top `n` values by cost (ties by name), the rest merged into one "(other)" row. */
export function capTopN(rows: readonly DimensionTotal[], n: number): DimensionTotal[] {
  const sorted = [...rows].sort((a, b) => b.cost.comparedTo(a.cost) || (a.value < b.value ? -1 : a.value > b.value ? 1 : 0));
  const kept = sorted.slice(0, n);
  const rest = sorted.slice(n);
  if (rest.length === 0) return kept;
  const other: DimensionTotal = { value: OTHER, requests: 0n, inputTokens: 0n, outputTokens: 0n, cachedInputTokens: 0n, cacheWriteTokens: 0n, reasoningTokens: 0n, cost: dec(0), estimatedCost: dec(0), unpricedRequests: 0n };
  for (const r of rest) {
    other.requests += r.requests;
    other.inputTokens += r.inputTokens;
    other.outputTokens += r.outputTokens;
    other.cachedInputTokens += r.cachedInputTokens;
    other.cacheWriteTokens += r.cacheWriteTokens;
    other.reasoningTokens += r.reasoningTokens;
    other.cost = other.cost.plus(r.cost);
    other.estimatedCost = other.estimatedCost.plus(r.estimatedCost);
    other.unpricedRequests += r.unpricedRequests;
  }
  return [...kept, other];
}

export async function settleDay(orgId: string, day: string): Promise<{ dimensions: Record<Dimension, number>; stats: UnitStats[] }> {
  const { topN } = await loadAttribution(orgId);
  const store = spanStore();
  const perDimension = await Promise.all(DIMENSIONS.map(async (d) => [d, capTopN(await store.dimensionTotals(orgId, day, d), topN)] as const));
  const stats = await store.unitStats(orgId, day);
  const date = new Date(`${day}T00:00:00Z`);
  await db().$transaction(async (tx) => {
    await tx.otelDailyRollup.deleteMany({ where: { orgId, day: date, dimension: { in: [...DIMENSIONS] } } });
    await tx.otelDailyRollup.createMany({
      data: perDimension.flatMap(([dimension, rows]) =>
        rows.map((r) => ({
          orgId, day: date, dimension, value: r.value, requests: r.requests, inputTokens: r.inputTokens, outputTokens: r.outputTokens, cachedInputTokens: r.cachedInputTokens,
          cacheWriteTokens: r.cacheWriteTokens, reasoningTokens: r.reasoningTokens, cost: r.cost.toFixed(), estimatedCost: r.estimatedCost.toFixed(), unpricedRequests: r.unpricedRequests,
        })),
      ),
    });
    await tx.otelDailyStats.deleteMany({ where: { orgId, day: date } });
    await tx.otelDailyStats.createMany({ data: stats.map((s) => ({ orgId, day: date, unit: s.unit, count: s.count, total: s.total.toFixed(), p50: s.p50.toFixed(), p95: s.p95.toFixed() })) });
  });
  return { dimensions: Object.fromEntries(perDimension.map(([d, rows]) => [d, rows.length])) as Record<Dimension, number>, stats };
}

/** Settle every (org, day) with span events in the last `lookbackDays` days up to `now`. */
export async function settleRecent(now: Date, lookbackDays = SETTLE_LOOKBACK_DAYS, orgId?: string): Promise<{ orgId: string; day: string }[]> {
  const from = new Date(now.getTime() - lookbackDays * 86_400_000);
  const pairs = await db().otelDailyRollup.findMany({
    where: { dimension: "all", day: { gte: new Date(from.toISOString().slice(0, 10)), lte: new Date(now.toISOString().slice(0, 10)) }, ...(orgId ? { orgId } : {}) },
    distinct: ["orgId", "day"],
    select: { orgId: true, day: true },
    orderBy: [{ orgId: "asc" }, { day: "asc" }],
  });
  const done: { orgId: string; day: string }[] = [];
  for (const p of pairs) {
    const day = p.day.toISOString().slice(0, 10);
    await settleDay(p.orgId, day);
    done.push({ orgId: p.orgId, day });
  }
  return done;
}
