import { db } from "@/lib/db";
import type { GpuPool } from "@/lib/generated/prisma/client";
import { dec, Decimal } from "@/lib/money";
import { poolCostForPeriod } from "@/lib/gpu/cost";
import { realVsModelled, type ApiPrice, type RealVsModelled } from "@/lib/breakeven";
import { indexVersions, loadPriceVersions, versionFor } from "./estimate";
import { apiPriceOf } from "./workload-usage";

// Month by month what each GPU pool served and cost (real vs modelled), for the break-even page.
// Sums are SQL over the hourly roll-ups; costs come from lib/gpu/cost.ts. (What a pool measured
// over the last 30 days, the self-host option's defaults, is lib/gpu/pool-measurement.ts.)

const HOUR_MS = 3_600_000;

export type PoolRecord = GpuPool;

/** Hours of `month` (YYYY-MM) the pool existed and was paid for: from its first measured hour until `now`. */
export function paidHoursInMonth(month: string, firstHour: Date, now: Date): number {
  const start = Date.parse(`${month}-01T00:00:00Z`);
  const end = Date.UTC(Number(month.slice(0, 4)), Number(month.slice(5, 7)), 1);
  const from = Math.max(start, Math.floor(firstHour.getTime() / HOUR_MS) * HOUR_MS);
  const to = Math.min(end, Math.floor(now.getTime() / HOUR_MS) * HOUR_MS);
  return Math.max(0, (to - from) / HOUR_MS);
}

type PoolMonthRow = { month: string; energy_kwh: unknown; first_hour: Date; prompt: unknown; generation: unknown };

export interface PoolRealVsModelled {
  poolId: string;
  comparable: { provider: string; model: string } | null;
  /** null when the pool has no comparable API model, no catalog price for it, or no traffic. */
  result: RealVsModelled | null;
  reason: string | null;
}

/**
 * For a pool that serves traffic: per month, its tokens priced at the comparable API model's
 * catalog price in effect that month, against what the pool cost (lib/gpu/cost.ts over the hours
 * it existed that month and the energy it drew).
 */
export async function poolRealVsModelled(pool: PoolRecord, from: string, now: Date): Promise<PoolRealVsModelled> {
  const comparable = pool.comparableProvider && pool.comparableModel ? { provider: pool.comparableProvider, model: pool.comparableModel } : null;
  if (!comparable) return { poolId: pool.id, comparable, result: null, reason: "Set the API model this pool replaces to compare." };
  const rows = await db().$queryRaw<PoolMonthRow[]>`
    WITH m AS (
      SELECT to_char("hour", 'YYYY-MM') AS month, SUM("energyKwh") AS energy_kwh, MIN("hour") AS first_hour
      FROM "GpuHourlyMetric" WHERE "poolId" = ${pool.id} AND "hour" >= ${from}::timestamp GROUP BY 1),
    t AS (
      SELECT to_char("hour", 'YYYY-MM') AS month, SUM("promptTokens" + "gapPromptTokens") AS prompt, SUM("generationTokens" + "gapGenerationTokens") AS generation
      FROM "GpuHourlyTokens" WHERE "poolId" = ${pool.id} AND "hour" >= ${from}::timestamp GROUP BY 1)
    SELECT m.month, m.energy_kwh, m.first_hour, COALESCE(t.prompt, 0) AS prompt, COALESCE(t.generation, 0) AS generation
    FROM m LEFT JOIN t USING (month) ORDER BY m.month`;
  if (rows.length === 0) return { poolId: pool.id, comparable, result: null, reason: "No hourly measurements yet." };
  const versions = await loadPriceVersions([comparable]);
  const firstHour = rows[0]!.first_hour;
  const index = indexVersions(versions);
  // Each month priced at the version in effect on its first paid day.
  const groups = new Map<string, { price: ApiPrice; months: Parameters<typeof realVsModelled>[0]["months"] }>();
  for (const r of rows) {
    const firstDay = r.month === rows[0]!.month ? firstHour.toISOString().slice(0, 10) : `${r.month}-01`;
    const version = versionFor(index, comparable.provider, comparable.model, firstDay);
    if (!version) continue;
    const cost = poolCostForPeriod(pool, { hours: paidHoursInMonth(r.month, firstHour, now), energyKwh: dec(String(r.energy_kwh)) }).total;
    const g = groups.get(version.id) ?? { price: apiPriceOf(version), months: [] };
    g.months.push({ month: r.month, tokens: { input: dec(String(r.prompt)), output: dec(String(r.generation)) }, poolCost: cost });
    groups.set(version.id, g);
  }
  if (groups.size === 0) return { poolId: pool.id, comparable, result: null, reason: `No catalog price for ${comparable.model} (${comparable.provider}).` };
  const parts = [...groups.values()].map((g) => realVsModelled({ comparablePrice: g.price, months: g.months }));
  const months = parts.flatMap((p) => p.months).sort((a, b) => a.month.localeCompare(b.month));
  const add = (pick: (t: RealVsModelled["totals"]) => Decimal) => parts.reduce((acc, p) => acc.plus(pick(p.totals)), new Decimal(0));
  return {
    poolId: pool.id,
    comparable,
    result: { months, totals: { apiCost: add((t) => t.apiCost), poolCost: add((t) => t.poolCost), savings: add((t) => t.savings), totalTokens: add((t) => t.totalTokens) } },
    reason: null,
  };
}
