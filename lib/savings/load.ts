import { db, Prisma } from "@/lib/db";
import type { OrgContext } from "@/lib/auth/tenancy";
import { dec, Decimal } from "@/lib/money";
import { parseSelfHostOption } from "@/lib/breakeven";
import { likeForLike } from "@/lib/breakeven/capability-match";
import { countedBucket } from "@/lib/spend/sql";
import { currentPrices } from "@/lib/pricing/store";
import { bundledPriceCatalog } from "@/lib/pricing/snapshot";
import { builderDefaults, selfHostPlanFor } from "@/lib/scenarios/defaults";
import { monthDays, referenceMonth } from "@/lib/scenarios/measured";
import { spendPageHref } from "@/lib/scenarios/spendLink";
import { savingsReport, type SavingsReport } from "./engine";
import { workloadKey } from "./price-book";
import type { IdlePoolInput } from "./idle-gpu";
import type { ReservedQuote } from "./reserved-prices";
import type { SelfHostPlanForSavings } from "./self-hosting";
import type { BookPrice, HourlyTokens, WorkloadUsage } from "./types";

// The Opportunities page's query: one month (the last complete calendar month, as the scenario
// builder measures) of the org's usage and cost buckets per provider × model × project, per-request
// events by hour where there are any, GPU pools' hourly rows, the builder's price book and self-host
// plan, and the org's dismissals; then the pure engine ranks them.

/** Workloads with less spend than this in the month are not examined (noise, not opportunities). */
export const MIN_WORKLOAD_SPEND = new Decimal(1);
/** At most this many workloads, largest spend first (the page stays quick on a large org). */
export const MAX_WORKLOADS = 60;

type WorkloadRow = { provider: string; model: string; projectId: string; input: Prisma.Decimal | null; output: Prisma.Decimal | null; cached: Prisma.Decimal | null; cache_write: Prisma.Decimal | null; requests: Prisma.Decimal | null; spend: Prisma.Decimal | null; name: string | null; tolerates: boolean | null };

export async function loadWorkloads(ctx: Pick<OrgContext, "orgId" | "orgSlug">, month: string): Promise<WorkloadUsage[]> {
  const { from, to } = monthDays(month);
  const days = Number(to.slice(8, 10));
  const rows = await db().$queryRaw<WorkloadRow[]>`
    WITH u AS (
      SELECT provider, model, "projectId", SUM("inputTokens") AS input, SUM("outputTokens") AS output, SUM("cachedInputTokens") AS cached,
             SUM("cacheWriteTokens") AS cache_write, SUM(requests) AS requests
      FROM "UsageBucket" WHERE "orgId" = ${ctx.orgId} AND day >= ${from}::date AND day <= ${to}::date GROUP BY 1, 2, 3),
    c AS (
      SELECT provider, model, "projectId", SUM(amount) AS spend
      FROM "CostBucket" cb WHERE cb."orgId" = ${ctx.orgId} AND cb.day >= ${from}::date AND cb.day <= ${to}::date AND ${countedBucket()} GROUP BY 1, 2, 3)
    SELECT u.provider, u.model, u."projectId", u.input, u.output, u.cached, u.cache_write, u.requests, c.spend, p.name, p."toleratesDelay" AS tolerates
    FROM u JOIN c USING (provider, model, "projectId")
    LEFT JOIN "Project" p ON p."orgId" = ${ctx.orgId} AND p.provider = u.provider AND p."externalId" = u."projectId"
    WHERE c.spend >= ${MIN_WORKLOAD_SPEND.toString()}::numeric
    ORDER BY c.spend DESC, u.provider, u.model, u."projectId" LIMIT ${MAX_WORKLOADS}`;
  if (!rows.length) return [];
  const [daily, hourly] = await Promise.all([
    db().$queryRaw<{ provider: string; model: string; projectId: string; day: string; input: Prisma.Decimal; output: Prisma.Decimal }[]>`
      SELECT provider, model, "projectId", to_char(day, 'YYYY-MM-DD') AS day, SUM("inputTokens" + "cachedInputTokens" + "cacheWriteTokens") AS input, SUM("outputTokens") AS output
      FROM "UsageBucket" WHERE "orgId" = ${ctx.orgId} AND day >= ${from}::date AND day <= ${to}::date GROUP BY 1, 2, 3, 4 ORDER BY 4`,
    db().$queryRaw<{ provider: string; model: string; projectId: string; hour: Date; input: Prisma.Decimal; output: Prisma.Decimal }[]>`
      SELECT provider, model, "projectId", date_trunc('hour', "occurredAt") AS hour, SUM("inputTokens" + "cachedInputTokens" + "cacheWriteTokens") AS input, SUM("outputTokens") AS output
      FROM "UsageEvent" WHERE "orgId" = ${ctx.orgId} AND "occurredAt" >= ${from}::timestamp AND "occurredAt" < (${to}::date + 1)::timestamp GROUP BY 1, 2, 3, 4 ORDER BY 4`,
  ]);
  const group = <T extends { provider: string; model: string; projectId: string }>(xs: T[]) => {
    const m = new Map<string, T[]>();
    for (const x of xs) m.set(workloadKey(x), [...(m.get(workloadKey(x)) ?? []), x]);
    return m;
  };
  const dailyBy = group(daily), hourlyBy = group(hourly);
  const n = (v: { toString(): string } | null | undefined) => dec(v ?? 0);
  return rows.map((r) => {
    const key = workloadKey(r);
    const hours: HourlyTokens[] | null = hourlyBy.has(key) ? hourlyBy.get(key)!.map((h) => ({ hour: h.hour.toISOString(), input: n(h.input), output: n(h.output) })) : null;
    return {
      provider: r.provider, model: r.model, projectId: r.projectId, projectName: r.name ?? (r.projectId || "(no project)"), from, to, days,
      tokens: { input: n(r.input), output: n(r.output), cachedInput: n(r.cached), cacheWrite: n(r.cache_write) },
      requests: n(r.requests), spend: n(r.spend), toleratesDelay: r.tolerates ?? false, hourly: hours,
      daily: (dailyBy.get(key) ?? []).map((d) => ({ day: d.day, input: n(d.input), output: n(d.output) })),
      spendHref: spendPageHref(ctx.orgSlug, { provider: r.provider, model: r.model, projectId: r.projectId }, month),
    };
  });
}

export async function loadPools(ctx: Pick<OrgContext, "orgId" | "orgSlug">, month: string): Promise<IdlePoolInput[]> {
  const { from, to } = monthDays(month);
  const pools = await db().gpuPool.findMany({ where: { orgId: ctx.orgId }, orderBy: { name: "asc" } });
  const start = new Date(`${from}T00:00:00Z`), end = new Date(Date.parse(`${to}T00:00:00Z`) + 86_400_000);
  const out: IdlePoolInput[] = [];
  for (const pool of pools) {
    const rows = await db().gpuHourlyMetric.findMany({ where: { orgId: ctx.orgId, poolId: pool.id, hour: { gte: start, lt: end } }, select: { hour: true, gpuUuid: true, gpuHours: true, avgUtilisation: true, energyKwh: true } });
    out.push({
      pool, from, to, days: Number(to.slice(8, 10)), href: `/${ctx.orgSlug}/gpu-pools/${pool.id}?range=30d`,
      rows: rows.map((r) => ({ hour: r.hour.toISOString(), gpuUuid: r.gpuUuid, gpuHours: dec(r.gpuHours), avgUtilisation: r.avgUtilisation === null ? null : dec(r.avgUtilisation), energyKwh: dec(r.energyKwh) })),
      comparable: pool.comparableProvider && pool.comparableModel ? { provider: pool.comparableProvider, model: pool.comparableModel } : null,
    });
  }
  return out;
}

export interface OrgOpportunities extends SavingsReport {
  month: string;
  dismissals: { key: string; kind: string; title: string; reason: string; savingLow: Decimal; savingHigh: Decimal; dismissedBy: string | null; createdAt: Date }[];
}

/** Everything the Opportunities page shows, for the month before `now`. */
export async function orgOpportunities(ctx: Pick<OrgContext, "orgId" | "orgSlug">, now: Date, quotes: Readonly<Record<string, ReservedQuote>> = {}): Promise<OrgOpportunities> {
  const month = referenceMonth(now);
  const [workloads, pools, defaults, dismissals, stored] = await Promise.all([
    loadWorkloads(ctx, month),
    loadPools(ctx, month),
    builderDefaults(ctx, now),
    db().opportunityDismissal.findMany({ where: { orgId: ctx.orgId }, orderBy: { createdAt: "desc" } }),
    currentPrices(now),
  ]);
  // The builder's catalog (so "model it" finds the same models), with the batch prices its entries carry.
  const batch = new Map<string, { batchInput: Decimal | null; batchOutput: Decimal | null }>();
  for (const m of [...bundledPriceCatalog().models, ...stored]) batch.set(`${m.provider}\u0000${m.model}`, { batchInput: m.batchInput ?? null, batchOutput: m.batchOutput ?? null });
  const book: BookPrice[] = defaults.catalog.map((m) => ({
    provider: m.provider, model: m.model, mode: m.mode, input: dec(m.input), output: dec(m.output),
    cachedInput: m.cachedInput === null ? null : dec(m.cachedInput), cacheWrite: m.cacheWrite === null ? null : dec(m.cacheWrite),
    ...(batch.get(`${m.provider}\u0000${m.model}`) ?? {}), source: m.source,
  }));
  // The self-host plan the scenario builder starts from for each workload, so "model it" shows the same pool.
  const selfHostPlans = new Map<string, SelfHostPlanForSavings | null>();
  for (const w of workloads) {
    const plan = selfHostPlanFor(defaults, w.model);
    const match = likeForLike([w.model], plan.replacementModel || null);
    selfHostPlans.set(workloadKey(w), plan.replacementModel ? {
      option: parseSelfHostOption(plan.option), replacementModel: plan.replacementModel, comparable: match.comparable, likeForLike: match.sentence,
      label: plan.pool.source === "existing" ? `Pool ${plan.pool.name} as it is` : `A new ${plan.pool.gpuType} cloud pool`,
    } : null);
  }
  const userIds = [...new Set(dismissals.map((d) => d.dismissedById).filter((x): x is string => !!x))];
  const users = new Map((await db().user.findMany({ where: { id: { in: userIds } }, select: { id: true, name: true, email: true } })).map((u) => [u.id, u.name ?? u.email]));
  const report = savingsReport({ workloads, pools, book, selfHostPlans, reservedQuotes: quotes, dismissed: new Set(dismissals.map((d) => d.key)) });
  return {
    ...report, month,
    dismissals: dismissals.map((d) => ({ key: d.key, kind: d.kind, title: d.title, reason: d.reason, savingLow: dec(d.savingLow), savingHigh: dec(d.savingHigh), dismissedBy: d.dismissedById ? (users.get(d.dismissedById) ?? null) : null, createdAt: d.createdAt })),
  };
}
