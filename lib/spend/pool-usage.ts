import { db } from "@/lib/db";
import { dec, Decimal } from "@/lib/money";
import { poolCostForPeriod } from "@/lib/gpu/cost";
import { realVsModelled, type ApiPrice, type RealVsModelled } from "@/lib/breakeven";
import type { PoolMeasurements } from "@/lib/breakeven/defaults";
import { indexVersions, loadPriceVersions, versionFor } from "./estimate";
import { apiPriceOf } from "./workload-usage";

// What the org's GPU pools measured, for the break-even page: throughput and power over the last
// 30 days (defaults of the self-host option), and month by month what each pool served and cost
// (real vs modelled). Sums are SQL over the hourly roll-ups; costs come from lib/gpu/cost.ts.

export const MEASURE_WINDOW_DAYS = 30;
const HOUR_MS = 3_600_000;

export type PoolRecord = Awaited<ReturnType<typeof loadPools>>[number];

export function loadPools(orgId: string) {
  return db().gpuPool.findMany({ where: { orgId }, orderBy: { name: "asc" } });
}

type MeasureRow = { pool: string; gpu_hours: unknown; rated_hours: unknown; busy_hours: unknown; watt_hours: unknown; powered_hours: unknown; tokens: unknown };

/**
 * Throughput per GPU at full load = tokens served ÷ busy GPU-seconds, where busy GPU-hours =
 * GPU-hours × average utilisation (hours without a utilisation reading share the measured rate).
 */
export async function measurePools(orgId: string, now: Date): Promise<Map<string, PoolMeasurements>> {
  const to = new Date(Math.floor(now.getTime() / HOUR_MS) * HOUR_MS);
  const from = new Date(to.getTime() - MEASURE_WINDOW_DAYS * 24 * HOUR_MS);
  const rows = await db().$queryRaw<MeasureRow[]>`
    WITH m AS (
      SELECT "poolId" AS pool, SUM("gpuHours") AS gpu_hours,
        SUM("gpuHours") FILTER (WHERE "avgUtilisation" IS NOT NULL) AS rated_hours,
        SUM("gpuHours" * "avgUtilisation" / 100) AS busy_hours,
        SUM("avgPowerWatts" * "gpuHours") AS watt_hours,
        SUM("gpuHours") FILTER (WHERE "avgPowerWatts" IS NOT NULL) AS powered_hours
      FROM "GpuHourlyMetric" WHERE "orgId" = ${orgId} AND "hour" >= ${from} AND "hour" < ${to} GROUP BY 1),
    t AS (
      SELECT "poolId" AS pool, SUM("promptTokens" + "generationTokens") AS tokens
      FROM "GpuHourlyTokens" WHERE "orgId" = ${orgId} AND "hour" >= ${from} AND "hour" < ${to} GROUP BY 1)
    SELECT m.*, t.tokens FROM m LEFT JOIN t USING (pool)`;
  const out = new Map<string, PoolMeasurements>();
  for (const r of rows) {
    const n = (v: unknown) => (v === null || v === undefined ? null : dec(String(v)));
    const gpuHours = n(r.gpu_hours), rated = n(r.rated_hours), busy = n(r.busy_hours), tokens = n(r.tokens);
    const wattHours = n(r.watt_hours), powered = n(r.powered_hours);
    // busy share of the rated hours, applied to every hour (tokens cannot be split by GPU)
    const busyHours = gpuHours && rated && busy && rated.gt(0) ? busy.div(rated).times(gpuHours) : null;
    out.set(r.pool, {
      tokensPerSecondPerGpu: tokens && busyHours && busyHours.gt(0) && tokens.gt(0) ? tokens.div(busyHours.times(3600)) : null, // tokens/s = tokens ÷ (h × 3600 s/h)
      avgWattsPerGpu: wattHours && powered && powered.gt(0) ? wattHours.div(powered) : null, // W = W·h ÷ h
    });
  }
  return out;
}

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
      SELECT to_char("hour", 'YYYY-MM') AS month, SUM("promptTokens") AS prompt, SUM("generationTokens") AS generation
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
