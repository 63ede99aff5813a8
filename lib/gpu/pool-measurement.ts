import { db } from "@/lib/db";
import { dec, Decimal } from "@/lib/money";
import type { PoolMeasurement, PoolSettings } from "@/lib/breakeven/pool-option";

// The one measurement of the org's GPU pools that Break-even, the Overview and Scenarios read:
// over the last 30 whole hours-aligned days, tokens served, full-load throughput per GPU, average
// power per GPU, and the model that served most tokens. One query; the arithmetic is pure below.

export const MEASURE_WINDOW_DAYS = 30;
const HOUR_MS = 3_600_000;

/** The sums one pool's hourly roll-ups give over the window (numbers as SQL returns them). */
export interface PoolSums {
  gpuHours: Decimal;
  /** GPU-hours that had a utilisation reading, and their busy part (GPU-hours × utilisation). */
  ratedHours: Decimal;
  busyHours: Decimal;
  /** Σ average watts × GPU-hours over the GPU-hours that had a power reading, and those hours. */
  wattHours: Decimal;
  poweredHours: Decimal;
  tokens: Decimal;
  servedModel: string | null;
}

/**
 * Throughput per GPU at full load (tokens/s) = tokens ÷ (busy GPU-hours × 3,600 s/h), where the busy
 * share measured on the rated hours is applied to every GPU-hour (tokens cannot be split by GPU, and
 * hours without a utilisation reading still served tokens). Watts = W·h ÷ h over the hours that had a
 * power reading: one denominator for every page.
 */
export function poolMeasurementOf(s: PoolSums): PoolMeasurement {
  const busyHours = s.ratedHours.gt(0) ? s.busyHours.div(s.ratedHours).times(s.gpuHours) : new Decimal(0);
  return {
    windowDays: MEASURE_WINDOW_DAYS,
    tokensServed: s.tokens.toFixed(0),
    tokensPerSecondPerGpu: s.tokens.gt(0) && busyHours.gt(0) ? s.tokens.div(busyHours.times(3600)).toString() : null,
    avgWattsPerGpu: s.poweredHours.gt(0) ? s.wattHours.div(s.poweredHours).toString() : null,
    servedModel: s.tokens.gt(0) ? s.servedModel : null,
  };
}

export const NOTHING_MEASURED: PoolMeasurement = { windowDays: MEASURE_WINDOW_DAYS, tokensServed: "0", tokensPerSecondPerGpu: null, avgWattsPerGpu: null, servedModel: null };

type Row = { pool: string; gpu_hours: unknown; rated_hours: unknown; busy_hours: unknown; watt_hours: unknown; powered_hours: unknown; tokens: unknown; served_model: string | null };

export async function measurePools(orgId: string, now: Date): Promise<Map<string, PoolMeasurement>> {
  const to = new Date(Math.floor(now.getTime() / HOUR_MS) * HOUR_MS);
  const from = new Date(to.getTime() - MEASURE_WINDOW_DAYS * 24 * HOUR_MS);
  const rows = await db().$queryRaw<Row[]>`
    WITH m AS (
      SELECT "poolId" AS pool, SUM("gpuHours") AS gpu_hours,
        SUM("gpuHours") FILTER (WHERE "avgUtilisation" IS NOT NULL) AS rated_hours,
        SUM("gpuHours" * "avgUtilisation" / 100) AS busy_hours,
        SUM("avgPowerWatts" * "gpuHours") AS watt_hours,
        SUM("gpuHours") FILTER (WHERE "avgPowerWatts" IS NOT NULL) AS powered_hours
      FROM "GpuHourlyMetric" WHERE "orgId" = ${orgId} AND "hour" >= ${from} AND "hour" < ${to} GROUP BY 1),
    t AS (
      SELECT "poolId" AS pool, "modelName", SUM("promptTokens" + "generationTokens") AS tokens
      FROM "GpuHourlyTokens" WHERE "orgId" = ${orgId} AND "hour" >= ${from} AND "hour" < ${to} GROUP BY 1, 2),
    tt AS (
      SELECT pool, SUM(tokens) AS tokens, (array_agg("modelName" ORDER BY tokens DESC, "modelName"))[1] AS served_model FROM t GROUP BY 1)
    SELECT COALESCE(m.pool, tt.pool) AS pool, m.gpu_hours, m.rated_hours, m.busy_hours, m.watt_hours, m.powered_hours, tt.tokens, tt.served_model
    FROM m FULL JOIN tt ON tt.pool = m.pool`;
  const n = (v: unknown) => (v === null || v === undefined ? new Decimal(0) : dec(String(v)));
  return new Map(
    rows.map((r) => [
      r.pool,
      poolMeasurementOf({ gpuHours: n(r.gpu_hours), ratedHours: n(r.rated_hours), busyHours: n(r.busy_hours), wattHours: n(r.watt_hours), poweredHours: n(r.powered_hours), tokens: n(r.tokens), servedModel: r.served_model }),
    ]),
  );
}

type PoolRecordLike = {
  id: string; name: string; gpuModel: string; gpuCount: number; costModel: "CLOUD" | "OWNED";
  hourlyRatePerGpu: { toString(): string } | null; purchasePrice: { toString(): string } | null; amortisationMonths: number | null;
  residualValue: { toString(): string } | null; powerPricePerKwh: { toString(): string }; pue: { toString(): string };
  staffFteShare: { toString(): string }; staffAnnualCost: { toString(): string };
};

/** A GpuPool row's settings as the self-host option reads them (decimals as strings). */
export function poolSettingsOf(p: PoolRecordLike): PoolSettings {
  const s = (v: { toString(): string } | null) => (v === null ? null : v.toString());
  return {
    id: p.id, name: p.name, gpuModel: p.gpuModel, gpuCount: p.gpuCount, costModel: p.costModel,
    hourlyRatePerGpu: s(p.hourlyRatePerGpu), purchasePrice: s(p.purchasePrice), amortisationMonths: p.amortisationMonths, residualValue: s(p.residualValue),
    powerPricePerKwh: p.powerPricePerKwh.toString(), pue: p.pue.toString(), staffFteShare: p.staffFteShare.toString(), staffAnnualCost: p.staffAnnualCost.toString(),
  };
}

/** Every pool of the org with its settings and measurement, by name. */
export async function poolsWithMeasurements(orgId: string, now: Date) {
  const [pools, measured] = await Promise.all([db().gpuPool.findMany({ where: { orgId }, orderBy: { name: "asc" } }), measurePools(orgId, now)]);
  return pools.map((p) => ({ record: p, settings: poolSettingsOf(p), measurement: measured.get(p.id) ?? NOTHING_MEASURED }));
}
