import { db, Prisma } from "@/lib/db";
import { inOrg, type OrgContext } from "@/lib/auth/tenancy";
import { AppError } from "@/lib/errors";
import { apiCostForTokens } from "@/lib/gpu/api-comparison";
import { effectiveCostPerMillionTokens, idleCost, poolCostForPeriod, poolCostPerHour } from "@/lib/gpu/cost";
import { poolCoverage } from "@/lib/gpu/coverage";
import { floorHour, HOUR_MS } from "@/lib/gpu/store";
import { dec, Decimal } from "@/lib/money";

// What the GPU pools pages show, aggregated in Postgres from the hourly rows, priced by the pure
// cost functions. Amounts leave as exact decimal strings (6 places); the page rounds for display.
//
// "This month" is the UTC calendar month of `now`. The pool's cost for it covers the span from its
// first to its last rolled-up hour in the month (an hour inside the span without metrics still
// costs its rent and staff), energy as measured; tokens are those served in the month.

export type Money = string;
type PoolRow = Prisma.GpuPoolGetPayload<object>;

export interface PoolSummaryDto {
  id: string;
  name: string;
  gpuModel: string;
  gpuCount: number;
  costModel: "CLOUD" | "OWNED";
  pricingTerm: "ON_DEMAND" | "RESERVED" | null;
  lastScrapeAt: string | null;
  lastScrapeError: string | null;
  month: string;
  /** Hours from the first to the last rolled-up hour of the month; 0 = nothing measured yet. */
  hours: number;
  gpuHours: string;
  energyKwh: string;
  /** Rent or amortisation + staff + energy at the month's average measured draw, $/h. */
  costPerHour: { hardware: Money; energy: Money; staff: Money; total: Money };
  monthCost: Money;
  tokens: { prompt: string; generation: string; total: string };
  effectivePerMillion: Money | null;
  api: null | { provider: string; model: string; inputPerMTok: Money; outputPerMTok: Money; effectiveFrom: string; costForSameTokens: Money; perMillion: Money | null };
  idle: { thresholdPct: string; gpuHours: string; cost: Money };
  /** The month's paid GPU time against what was scraped (lib/gpu/coverage.ts). */
  coverage: { paidGpuHours: string; scrapedGpuHours: string; ratedGpuHours: string; share: string; unscrapedGpuHours: string; unscrapedCost: Money };
  models: Array<{ modelName: string; prompt: string; generation: string; total: string; share: string; cost: Money }>;
}

const m6 = (d: Decimal) => d.toFixed(6);
const monthStart = (now: Date, offset = 0) => new Date(Date.UTC(now.getUTCFullYear(), now.getUTCMonth() + offset, 1));

/** Every pool of the org with this month's cost figures. */
export async function getPoolSummaries(ctx: Pick<OrgContext, "orgId">, now: Date): Promise<PoolSummaryDto[]> {
  const pools = await db().gpuPool.findMany({ where: inOrg(ctx), orderBy: { name: "asc" } });
  return summarise(ctx, pools, now);
}

export async function getPoolSummary(ctx: Pick<OrgContext, "orgId">, poolId: string, now: Date): Promise<PoolSummaryDto> {
  const pool = await db().gpuPool.findFirst({ where: inOrg(ctx, { id: poolId }) });
  if (!pool) throw new AppError("NOT_FOUND", "No such GPU pool.");
  return (await summarise(ctx, [pool], now))[0]!;
}

async function summarise(ctx: Pick<OrgContext, "orgId">, pools: PoolRow[], now: Date): Promise<PoolSummaryDto[]> {
  if (!pools.length) return [];
  const from = monthStart(now), to = monthStart(now, 1);
  const ids = pools.map((p) => p.id);
  const [metrics, tokens] = await Promise.all([
    db().$queryRaw<Array<{ poolId: string; first: Date; last: Date; gpuHours: Prisma.Decimal; ratedGpuHours: Prisma.Decimal | null; energyKwh: Prisma.Decimal; idleGpuHours: Prisma.Decimal | null; idleKwh: Prisma.Decimal | null }>>`
      SELECT m."poolId", MIN(m."hour") AS first, MAX(m."hour") AS last, SUM(m."gpuHours") AS "gpuHours", SUM(m."energyKwh") AS "energyKwh",
        SUM(m."gpuHours") FILTER (WHERE m."avgUtilisation" IS NOT NULL) AS "ratedGpuHours",
        SUM(m."gpuHours") FILTER (WHERE m."avgUtilisation" < p."idleUtilisationPct") AS "idleGpuHours",
        SUM(m."energyKwh") FILTER (WHERE m."avgUtilisation" < p."idleUtilisationPct") AS "idleKwh"
      FROM "GpuHourlyMetric" m JOIN "GpuPool" p ON p."id" = m."poolId"
      WHERE m."orgId" = ${ctx.orgId} AND m."poolId" = ANY(${ids}::text[]) AND m."hour" >= ${from} AND m."hour" < ${to}
      GROUP BY m."poolId"`,
    db().$queryRaw<Array<{ poolId: string; modelName: string; first: Date; last: Date; prompt: Prisma.Decimal; generation: Prisma.Decimal }>>`
      SELECT "poolId", "modelName", MIN("hour") AS first, MAX("hour") AS last, SUM("promptTokens" + "gapPromptTokens") AS prompt, SUM("generationTokens" + "gapGenerationTokens") AS generation
      FROM "GpuHourlyTokens"
      WHERE "orgId" = ${ctx.orgId} AND "poolId" = ANY(${ids}::text[]) AND "hour" >= ${from} AND "hour" < ${to}
      GROUP BY "poolId", "modelName"`,
  ]);
  const prices = await comparablePrices(pools, now);
  return pools.map((pool) => {
    const m = metrics.find((r) => r.poolId === pool.id);
    const t = tokens.filter((r) => r.poolId === pool.id).sort((a, b) => a.modelName.localeCompare(b.modelName));
    const hourTimes = [m?.first, m?.last, ...t.flatMap((r) => [r.first, r.last])].filter((d): d is Date => Boolean(d)).map((d) => d.getTime());
    const hours = hourTimes.length ? (Math.max(...hourTimes) - Math.min(...hourTimes)) / HOUR_MS + 1 : 0;
    const energyKwh = dec(m?.energyKwh ?? 0);
    const perHour = poolCostPerHour(pool, { energyKwhPerHour: hours ? energyKwh.div(hours) : 0 }); // kWh/h = kWh ÷ h
    const monthCost = poolCostForPeriod(pool, { hours, energyKwh }).total;
    const models = t.map((r) => ({ modelName: r.modelName, promptTokens: BigInt(r.prompt.toFixed(0)), generationTokens: BigInt(r.generation.toFixed(0)) }));
    const effective = effectiveCostPerMillionTokens(monthCost, models);
    const prompt = models.reduce((a, r) => a + r.promptTokens, 0n);
    const generation = models.reduce((a, r) => a + r.generationTokens, 0n);
    // idleCost is linear in its rows: the SQL sum of the idle rows, priced as one row, is the same.
    const idle = idleCost(pool, [{ gpuHours: dec(m?.idleGpuHours ?? 0), avgUtilisation: 0, energyKwh: dec(m?.idleKwh ?? 0) }], Number(pool.idleUtilisationPct));
    const coverage = poolCoverage({ gpuCount: pool.gpuCount, paidHours: hours, scrapedGpuHours: dec(m?.gpuHours ?? 0), ratedGpuHours: dec(m?.ratedGpuHours ?? 0), fixedCostPerHour: perHour.hardware.plus(perHour.staff) });
    const price = prices.get(pool.id);
    const api = price ? apiCostForTokens(price, { promptTokens: prompt, generationTokens: generation }) : null;
    return {
      id: pool.id, name: pool.name, gpuModel: pool.gpuModel, gpuCount: pool.gpuCount, costModel: pool.costModel, pricingTerm: pool.pricingTerm,
      lastScrapeAt: pool.lastScrapeAt?.toISOString() ?? null, lastScrapeError: pool.lastScrapeError,
      month: from.toISOString().slice(0, 7), hours, gpuHours: m6(dec(m?.gpuHours ?? 0)), energyKwh: m6(energyKwh),
      costPerHour: { hardware: m6(perHour.hardware), energy: m6(perHour.energy), staff: m6(perHour.staff), total: m6(perHour.total) },
      monthCost: m6(monthCost),
      tokens: { prompt: prompt.toString(), generation: generation.toString(), total: (prompt + generation).toString() },
      effectivePerMillion: effective.overall ? m6(effective.overall) : null,
      api: price && api ? { provider: pool.comparableProvider!, model: pool.comparableModel!, inputPerMTok: price.inputPerMTok.toString(), outputPerMTok: price.outputPerMTok.toString(), effectiveFrom: price.effectiveFrom.toISOString(), costForSameTokens: m6(api.cost), perMillion: api.perMillion ? m6(api.perMillion) : null } : null,
      idle: { thresholdPct: pool.idleUtilisationPct.toString(), gpuHours: m6(idle.gpuHours), cost: m6(idle.cost) },
      coverage: { paidGpuHours: m6(coverage.paidGpuHours), scrapedGpuHours: m6(coverage.scrapedGpuHours), ratedGpuHours: m6(coverage.ratedGpuHours), share: coverage.share.toFixed(6), unscrapedGpuHours: m6(coverage.unscrapedGpuHours), unscrapedCost: m6(coverage.unscrapedCost) },
      models: effective.perModel.map((r) => {
        const row = models.find((x) => x.modelName === r.modelName)!;
        return { modelName: r.modelName, prompt: row.promptTokens.toString(), generation: row.generationTokens.toString(), total: r.tokens.toString(), share: r.share.toFixed(6), cost: m6(r.cost) };
      }),
    };
  });
}

/** The comparable model's price in effect at `now` (latest effectiveFrom ≤ now; newest row of a tie). */
async function comparablePrices(pools: PoolRow[], now: Date) {
  const out = new Map<string, { inputPerMTok: Prisma.Decimal; outputPerMTok: Prisma.Decimal; effectiveFrom: Date }>();
  for (const p of pools) {
    if (!p.comparableProvider || !p.comparableModel) continue;
    const price = await db().modelPriceVersion.findFirst({
      where: { provider: p.comparableProvider, model: p.comparableModel, effectiveFrom: { lte: now } },
      orderBy: [{ effectiveFrom: "desc" }, { createdAt: "desc" }],
      select: { inputPerMTok: true, outputPerMTok: true, effectiveFrom: true },
    });
    if (price) out.set(p.id, price);
  }
  return out;
}

export const RANGES = { "24h": { hours: 24, bucket: "hour" }, "7d": { hours: 168, bucket: "hour" }, "30d": { hours: 720, bucket: "day" } } as const;
export type Range = keyof typeof RANGES;

/** The tokens chart's category for tokens served during an outage (scrapes missing), time unknown. */
export const OUTAGE_TOKENS_LABEL = "Served during an outage (time unknown)";

export interface PoolDetailDto {
  summary: PoolSummaryDto;
  range: Range;
  /** One point per bucket, oldest first; null = nothing measured in it (a gap, not a zero). */
  series: Array<{ t: string; utilisationPct: number | null; powerKw: number | null }>;
  tokenSeries: Array<{ t: string; tokens: Record<string, number> }>;
  gpus: Array<{ gpuUuid: string; gpuIndex: number | null; host: string; gpuHours: string; avgUtilisationPct: string | null; avgPowerWatts: string | null; energyKwh: string; idleGpuHours: string; maxFbUsedMiB: string | null; lastHour: string }>;
}

export async function getPoolDetail(ctx: Pick<OrgContext, "orgId">, poolId: string, range: Range, now: Date): Promise<PoolDetailDto> {
  const summary = await getPoolSummary(ctx, poolId, now);
  const { hours, bucket } = RANGES[range];
  const end = bucket === "hour" ? floorHour(now) : new Date(Date.UTC(now.getUTCFullYear(), now.getUTCMonth(), now.getUTCDate() + 1));
  const start = new Date(end.getTime() - hours * HOUR_MS);
  const monthFrom = monthStart(now), monthTo = monthStart(now, 1);
  const [series, tokenRows, gpus] = await Promise.all([
    db().$queryRaw<Array<{ t: Date; util: Prisma.Decimal | null; kw: Prisma.Decimal | null }>>`
      SELECT date_trunc(${bucket}, "hour") AS t,
        SUM("avgUtilisation" * "gpuHours") / NULLIF(SUM("gpuHours") FILTER (WHERE "avgUtilisation" IS NOT NULL), 0) AS util,
        SUM("energyKwh") / COUNT(DISTINCT "hour") AS kw
      FROM "GpuHourlyMetric" WHERE "orgId" = ${ctx.orgId} AND "poolId" = ${poolId} AND "hour" >= ${start} AND "hour" < ${end}
      GROUP BY 1 ORDER BY 1`,
    db().$queryRaw<Array<{ t: Date; modelName: string; tokens: Prisma.Decimal; gap: Prisma.Decimal }>>`
      SELECT date_trunc(${bucket}, "hour") AS t, "modelName", SUM("promptTokens" + "generationTokens") AS tokens,
        SUM("gapPromptTokens" + "gapGenerationTokens") AS gap
      FROM "GpuHourlyTokens" WHERE "orgId" = ${ctx.orgId} AND "poolId" = ${poolId} AND "hour" >= ${start} AND "hour" < ${end}
      GROUP BY 1, 2 ORDER BY 1, 2`,
    db().$queryRaw<Array<{ gpuUuid: string; gpuIndex: number | null; host: string; gpuHours: Prisma.Decimal; util: Prisma.Decimal | null; watts: Prisma.Decimal | null; energyKwh: Prisma.Decimal; idleGpuHours: Prisma.Decimal | null; fb: Prisma.Decimal | null; lastHour: Date }>>`
      SELECT m."gpuUuid", MAX(m."gpuIndex") AS "gpuIndex", MAX(m."host") AS host, SUM(m."gpuHours") AS "gpuHours",
        SUM(m."avgUtilisation" * m."gpuHours") / NULLIF(SUM(m."gpuHours") FILTER (WHERE m."avgUtilisation" IS NOT NULL), 0) AS util,
        SUM(m."avgPowerWatts" * m."gpuHours") / NULLIF(SUM(m."gpuHours") FILTER (WHERE m."avgPowerWatts" IS NOT NULL), 0) AS watts,
        SUM(m."energyKwh") AS "energyKwh", SUM(m."gpuHours") FILTER (WHERE m."avgUtilisation" < p."idleUtilisationPct") AS "idleGpuHours",
        MAX(m."maxFbUsedMiB") AS fb, MAX(m."hour") AS "lastHour"
      FROM "GpuHourlyMetric" m JOIN "GpuPool" p ON p."id" = m."poolId"
      WHERE m."orgId" = ${ctx.orgId} AND m."poolId" = ${poolId} AND m."hour" >= ${monthFrom} AND m."hour" < ${monthTo}
      GROUP BY m."gpuUuid" ORDER BY MAX(m."host"), MAX(m."gpuIndex"), m."gpuUuid"`,
  ]);
  const stepMs = bucket === "hour" ? HOUR_MS : 24 * HOUR_MS;
  const times: number[] = [];
  for (let t = start.getTime(); t < end.getTime(); t += stepMs) times.push(t);
  const byTime = new Map(series.map((r) => [r.t.getTime(), r]));
  const tokensByTime = new Map<number, Record<string, number>>();
  for (const r of tokenRows) {
    const at = { ...tokensByTime.get(r.t.getTime()), [r.modelName]: r.tokens.toNumber() };
    // tokens served during an outage that ended here: their own bar, marked, never the model's hour
    if (r.gap.gt(0)) at[OUTAGE_TOKENS_LABEL] = (at[OUTAGE_TOKENS_LABEL] ?? 0) + r.gap.toNumber();
    tokensByTime.set(r.t.getTime(), at);
  }
  return {
    summary,
    range,
    series: times.map((t) => {
      const r = byTime.get(t);
      return { t: new Date(t).toISOString(), utilisationPct: r?.util ? Number(r.util.toFixed(2)) : null, powerKw: r?.kw ? Number(r.kw.toFixed(3)) : null };
    }),
    tokenSeries: times.filter((t) => tokensByTime.has(t)).map((t) => ({ t: new Date(t).toISOString(), tokens: tokensByTime.get(t)! })),
    gpus: gpus.map((g) => ({
      gpuUuid: g.gpuUuid, gpuIndex: g.gpuIndex, host: g.host, gpuHours: m6(dec(g.gpuHours)),
      avgUtilisationPct: g.util ? dec(g.util).toFixed(1) : null, avgPowerWatts: g.watts ? dec(g.watts).toFixed(1) : null,
      energyKwh: m6(dec(g.energyKwh)), idleGpuHours: m6(dec(g.idleGpuHours ?? 0)), maxFbUsedMiB: g.fb?.toString() ?? null, lastHour: g.lastHour.toISOString(),
    })),
  };
}

export function parseRange(value: string | null | undefined): Range {
  return value && value in RANGES ? (value as Range) : "7d";
}
