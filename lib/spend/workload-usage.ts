import { z } from "zod";
import { db, Prisma } from "@/lib/db";
import { dec, Decimal } from "@/lib/money";
import { apiMonthlyCost, type ApiPrice, type TokensByKind } from "@/lib/breakeven";
import { blendApiPrices } from "@/lib/breakeven/blend-api-prices";
import { indexVersions, loadPriceVersions, versionFor, type PriceVersion } from "./estimate";
import { monthStartOf, isoDay } from "./filters";

// Measured workloads for the break-even model: tokens by kind per calendar month from the daily
// usage buckets (summed by Postgres), and the API price in effect for each from the catalog.
// A workload is provider × model × project as measured, or a saved group (SavedWorkload).

export interface WorkloadMonth {
  month: string; // YYYY-MM
  tokens: TokensByKind;
  requests: Decimal;
}
export interface WorkloadUsage {
  id: string;
  kind: "measured" | "saved";
  provider: string | null;
  model: string | null;
  projectId: string | null;
  name: string | null; // a saved group's name
  /** The API models the workload runs on: its one model, or a saved group's models of last month. */
  apiModels: string[];
  /** Complete months, oldest first; a month without usage is absent. */
  months: WorkloadMonth[];
  apiPrice: ApiPrice | null;
  /** Where the price came from, for people: "catalog, in effect since 2026-05-01" or why there is none. */
  priceNote: string;
}

export const savedWorkloadFilterSchema = z.strictObject({
  provider: z.array(z.string().min(1)).default([]),
  model: z.array(z.string().min(1)).default([]),
  project: z.array(z.string()).default([]),
});
export type SavedWorkloadFilter = z.output<typeof savedWorkloadFilterSchema>;

export function apiPriceOf(v: PriceVersion): ApiPrice {
  return { inputPerMTok: v.input, outputPerMTok: v.output, ...(v.cachedInput ? { cachedInputPerMTok: v.cachedInput } : {}), ...(v.cacheWrite ? { cacheWritePerMTok: v.cacheWrite } : {}) };
}

type MonthRow = { provider: string; model: string; project: string; month: string; input: unknown; output: unknown; cached: unknown; cache_write: unknown; requests: unknown };
const n = (v: unknown) => dec(String(v ?? 0));
const tokensOf = (r: MonthRow): TokensByKind => ({ input: n(r.input), output: n(r.output), cachedInput: n(r.cached), cacheWrite: n(r.cache_write) });

/** The complete months a workload history covers: `count` months before the month of `now`. */
export function historyRange(now: Date, count = 13): { from: string; to: string } {
  const today = isoDay(now);
  return { from: monthStartOf(today, -count), to: monthStartOf(today) };
}

const SUMS = Prisma.sql`SUM(ub."inputTokens") AS input, SUM(ub."outputTokens") AS output, SUM(ub."cachedInputTokens") AS cached,
  SUM(ub."cacheWriteTokens") AS cache_write, SUM(ub."requests") AS requests`;

function filterSql(f: SavedWorkloadFilter): Prisma.Sql {
  const parts: Prisma.Sql[] = [];
  if (f.provider.length) parts.push(Prisma.sql`AND ub."provider" IN (${Prisma.join(f.provider)})`);
  if (f.model.length) parts.push(Prisma.sql`AND ub."model" IN (${Prisma.join(f.model)})`);
  if (f.project.length) parts.push(Prisma.sql`AND ub."projectId" IN (${Prisma.join(f.project)})`);
  return parts.length ? Prisma.join(parts, " ") : Prisma.empty;
}

async function pricesFor(keys: { provider: string; model: string }[], day: string) {
  const index = indexVersions(await loadPriceVersions(keys));
  return (provider: string, model: string) => versionFor(index, provider, model, day);
}

/**
 * The org's measured workloads (provider × model × project), largest API bill last complete month
 * first, at most `limit`, each with its monthly history. Ranked on one month of buckets; the
 * 13-month history is then read only for the workloads shown.
 */
export async function measuredWorkloads(orgId: string, now: Date, opts: { months?: number; limit?: number } = {}): Promise<WorkloadUsage[]> {
  const { from, to } = historyRange(now, opts.months ?? 13);
  const lastFrom = monthStartOf(to, -1);
  const last = await db().$queryRaw<MonthRow[]>`
    SELECT ub."provider" AS provider, ub."model" AS model, ub."projectId" AS project, '' AS month, ${SUMS}
    FROM "UsageBucket" ub
    WHERE ub."orgId" = ${orgId} AND ub."day" >= ${lastFrom}::date AND ub."day" < ${to}::date AND ub."model" <> ''
    GROUP BY ub."provider", ub."model", ub."projectId"`;
  const priceOn = await pricesFor(last, to);
  const ranked = last
    .map((r) => {
      const version = priceOn(r.provider, r.model);
      const apiPrice = version ? apiPriceOf(version) : null;
      return { r, version, apiPrice, rank: apiPrice ? apiMonthlyCost(tokensOf(r), apiPrice) : new Decimal(-1) }; // unpriced last
    })
    .sort((a, b) => b.rank.comparedTo(a.rank) || a.r.provider.localeCompare(b.r.provider) || a.r.model.localeCompare(b.r.model) || a.r.project.localeCompare(b.r.project))
    .slice(0, opts.limit ?? 15);
  if (ranked.length === 0) return [];
  const keys = Prisma.join(ranked.map(({ r }) => Prisma.sql`(${r.provider}, ${r.model}, ${r.project})`));
  const history = await db().$queryRaw<MonthRow[]>`
    WITH g AS (
      SELECT ub."provider", ub."model", ub."projectId", ub."day", ${SUMS} FROM "UsageBucket" ub
      WHERE ub."orgId" = ${orgId} AND ub."day" >= ${from}::date AND ub."day" < ${to}::date AND (ub."provider", ub."model", ub."projectId") IN (${keys})
      GROUP BY ub."provider", ub."model", ub."projectId", ub."day")
    SELECT g."provider" AS provider, g."model" AS model, g."projectId" AS project, to_char(g."day", 'YYYY-MM') AS month,
      SUM(g.input) AS input, SUM(g.output) AS output, SUM(g.cached) AS cached, SUM(g.cache_write) AS cache_write, SUM(g.requests) AS requests
    FROM g GROUP BY 1, 2, 3, 4 ORDER BY 4`;
  return ranked.map(({ r, version, apiPrice }) => ({
    id: JSON.stringify([r.provider, r.model, r.project]),
    kind: "measured",
    provider: r.provider,
    model: r.model,
    projectId: r.project,
    name: null,
    apiModels: [r.model],
    months: history.filter((h) => h.provider === r.provider && h.model === r.model && h.project === r.project).map((h) => ({ month: h.month, tokens: tokensOf(h), requests: n(h.requests) })),
    apiPrice,
    priceNote: version ? `catalog price in effect since ${isoDay(version.effectiveFrom)}` : `no catalog price for ${r.model} (${r.provider}): enter one`,
  }));
}

type GroupRow = { provider: string; model: string; input: unknown; output: unknown; cached: unknown; cache_write: unknown };

/** A saved group's monthly usage, with one API price blended over its models by last month's tokens. */
export async function savedWorkloadUsage(orgId: string, saved: { id: string; name: string; filter: unknown }, now: Date): Promise<WorkloadUsage> {
  const filter = savedWorkloadFilterSchema.parse(saved.filter ?? {});
  const { from, to } = historyRange(now);
  const lastFrom = monthStartOf(to, -1);
  const [months, models] = await Promise.all([
    db().$queryRaw<MonthRow[]>`
      SELECT '' AS provider, '' AS model, '' AS project, to_char(ub."day", 'YYYY-MM') AS month, ${SUMS}
      FROM "UsageBucket" ub WHERE ub."orgId" = ${orgId} AND ub."day" >= ${from}::date AND ub."day" < ${to}::date ${filterSql(filter)}
      GROUP BY 4 ORDER BY 4`,
    // Last complete month per model: the weights of the blended price.
    db().$queryRaw<GroupRow[]>`
      SELECT ub."provider" AS provider, ub."model" AS model, ${SUMS}
      FROM "UsageBucket" ub WHERE ub."orgId" = ${orgId} AND ub."day" >= ${lastFrom}::date AND ub."day" < ${to}::date AND ub."model" <> '' ${filterSql(filter)}
      GROUP BY 1, 2`,
  ]);
  const priceOn = await pricesFor(models, to);
  const blend = blendApiPrices(models.map((m) => {
    const v = priceOn(m.provider, m.model);
    return { tokens: tokensOf({ ...m, project: "", month: "", requests: 0 }), price: v ? apiPriceOf(v) : null };
  }));
  return {
    id: `saved:${saved.id}`,
    kind: "saved",
    provider: null,
    model: null,
    projectId: null,
    name: saved.name,
    apiModels: [...new Set(models.map((m) => m.model))],
    months: months.map((r) => ({ month: r.month, tokens: tokensOf(r), requests: n(r.requests) })),
    apiPrice: blend.price,
    priceNote: blend.price === null ? "no catalog price for the models of this group: enter one" : `catalog prices of ${models.length - blend.unpriced} model(s), weighted by last month's tokens${blend.unpriced ? `; ${blend.unpriced} model(s) without a price left out` : ""}`,
  };
}
