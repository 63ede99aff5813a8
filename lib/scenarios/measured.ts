import { db, Prisma } from "@/lib/db";
import type { OrgContext } from "@/lib/auth/tenancy";
import { dec, Decimal } from "@/lib/money";
import { spendBreakdown } from "@/lib/spend/queries";
import type { SpendFilters } from "@/lib/spend/filters";
import { countedBucket } from "@/lib/spend/sql";
import { monthDays, spendFiltersFor } from "./spendLink";
import type { WorkloadFilter } from "./schema";

export { monthDays, spendFiltersFor, spendPageHref } from "./spendLink";

// A workload's volumes as measured: one complete calendar month (UTC) of the org's usage buckets
// for a provider/model/project filter. Its cost is the Spend page's own figure for the same filter
// and days (spendBreakdown), so a scenario built from measured usage starts from what Spend shows.

export interface MeasuredVolume {
  filter: WorkloadFilter;
  month: string; // YYYY-MM
  from: string; // first day, YYYY-MM-DD
  to: string; // last day, inclusive
  monthlyTokens: { input: Decimal; output: Decimal; cachedInput: Decimal; cacheWrite: Decimal };
  monthlyRequests: Decimal;
  /** USD, billed + estimated, as the Spend page totals it. */
  monthlyCost: Decimal;
  /** The filtered project's name ("" when the filter has no project or it has none). */
  projectName: string;
}

/** The last complete calendar month before `now` (UTC), as YYYY-MM. */
export function referenceMonth(now: Date): string {
  return new Date(Date.UTC(now.getUTCFullYear(), now.getUTCMonth() - 1, 1)).toISOString().slice(0, 7);
}

function usageWhere(orgId: string, f: SpendFilters): Prisma.Sql {
  const parts = [Prisma.sql`ub."orgId" = ${orgId}`, Prisma.sql`ub."day" >= ${f.from}::date`, Prisma.sql`ub."day" <= ${f.to}::date`];
  if (f.provider.length) parts.push(Prisma.sql`ub."provider" IN (${Prisma.join(f.provider)})`);
  if (f.model.length) parts.push(Prisma.sql`ub."model" IN (${Prisma.join(f.model)})`);
  if (f.project.length) parts.push(Prisma.sql`ub."projectId" IN (${Prisma.join(f.project)})`);
  return Prisma.join(parts, " AND ");
}

type TokenSums = { input: Prisma.Decimal | null; output: Prisma.Decimal | null; cached: Prisma.Decimal | null; cache_write: Prisma.Decimal | null; requests: Prisma.Decimal | null };

/** Tokens, requests and cost of one month of the workload (summed in Postgres). */
export async function measuredVolume(ctx: Pick<OrgContext, "orgId">, filter: WorkloadFilter, month: string): Promise<MeasuredVolume> {
  const f = spendFiltersFor(filter, month);
  const [[sums], spend, project] = await Promise.all([
    db().$queryRaw<TokenSums[]>`
      SELECT SUM(ub."inputTokens") AS input, SUM(ub."outputTokens") AS output, SUM(ub."cachedInputTokens") AS cached,
             SUM(ub."cacheWriteTokens") AS cache_write, SUM(ub."requests") AS requests
      FROM "UsageBucket" ub WHERE ${usageWhere(ctx.orgId, f)}`,
    spendBreakdown(ctx.orgId, f, "provider"),
    filter.projectId ? db().project.findFirst({ where: { orgId: ctx.orgId, externalId: filter.projectId, ...(filter.provider ? { provider: filter.provider } : {}) }, select: { name: true } }) : null,
  ]);
  const n = (v: { toString(): string } | null | undefined) => dec(v ?? 0);
  return {
    filter,
    month,
    from: f.from,
    to: f.to,
    monthlyTokens: { input: n(sums?.input), output: n(sums?.output), cachedInput: n(sums?.cached), cacheWrite: n(sums?.cache_write) },
    monthlyRequests: n(sums?.requests),
    monthlyCost: spend.total.total,
    projectName: project?.name ?? "",
  };
}

export interface MeasuredWorkloadRow {
  provider: string;
  model: string;
  projectId: string;
  projectName: string;
  tokens: Decimal;
  cost: Decimal;
}

/** The month's workloads (provider × model × project) with tokens and cost, largest cost first: what the builder offers. */
export async function measuredWorkloads(ctx: Pick<OrgContext, "orgId">, month: string): Promise<MeasuredWorkloadRow[]> {
  const { from, to } = monthDays(month);
  const rows = await db().$queryRaw<{ provider: string; model: string; projectId: string; tokens: Prisma.Decimal | null; cost: Prisma.Decimal | null; name: string | null }[]>`
    WITH u AS (
      SELECT provider, model, "projectId", SUM("inputTokens" + "outputTokens" + "cachedInputTokens" + "cacheWriteTokens") AS tokens
      FROM "UsageBucket" WHERE "orgId" = ${ctx.orgId} AND day >= ${from}::date AND day <= ${to}::date GROUP BY 1, 2, 3),
    c AS (
      SELECT provider, model, "projectId", SUM(amount) AS cost
      FROM "CostBucket" cb WHERE "orgId" = ${ctx.orgId} AND day >= ${from}::date AND day <= ${to}::date AND ${countedBucket()} GROUP BY 1, 2, 3)
    SELECT k.provider, k.model, k."projectId", u.tokens, c.cost,
           (SELECT p.name FROM "Project" p WHERE p."orgId" = ${ctx.orgId} AND p.provider = k.provider AND p."externalId" = k."projectId" LIMIT 1) AS name
    FROM (SELECT provider, model, "projectId" FROM u UNION SELECT provider, model, "projectId" FROM c) k
    LEFT JOIN u USING (provider, model, "projectId") LEFT JOIN c USING (provider, model, "projectId")`;
  return rows
    .map((r) => ({ provider: r.provider, model: r.model, projectId: r.projectId, projectName: r.name ?? (r.projectId || "(no project)"), tokens: dec(r.tokens ?? 0), cost: dec(r.cost ?? 0) }))
    .sort((a, b) => b.cost.comparedTo(a.cost) || a.provider.localeCompare(b.provider) || a.model.localeCompare(b.model) || a.projectId.localeCompare(b.projectId));
}

/** A measured volume as the scenario's workload input (exact decimal strings). */
export function measuredWorkloadInput(v: MeasuredVolume) {
  const s = (d: Decimal) => d.toString();
  return {
    source: "measured" as const,
    filter: v.filter,
    projectName: v.projectName,
    month: v.month,
    monthlyTokens: { input: s(v.monthlyTokens.input), output: s(v.monthlyTokens.output), cachedInput: s(v.monthlyTokens.cachedInput), cacheWrite: s(v.monthlyTokens.cacheWrite) },
    monthlyRequests: s(v.monthlyRequests),
    monthlyCost: s(v.monthlyCost),
  };
}

/** YYYY-MM moved by `offset` months. */
export function addMonths(month: string, offset: number): string {
  const [y, m] = month.split("-").map(Number) as [number, number];
  return new Date(Date.UTC(y, m - 1 + offset, 1)).toISOString().slice(0, 7);
}

/**
 * Monthly growth the workload has shown: tokens of `month` against 3 months before, as the
 * compound rate g with before × (1 + g)³ = now, in % rounded to 0.1; null without data then.
 */
export async function measuredGrowthPct(ctx: Pick<OrgContext, "orgId">, filter: WorkloadFilter, month: string, current?: MeasuredVolume): Promise<string | null> {
  const [now, before] = await Promise.all([current ?? measuredVolume(ctx, filter, month), measuredVolume(ctx, filter, addMonths(month, -3))]);
  const total = (v: MeasuredVolume) => v.monthlyTokens.input.plus(v.monthlyTokens.output).plus(v.monthlyTokens.cachedInput).plus(v.monthlyTokens.cacheWrite);
  if (total(before).isZero() || total(now).isZero()) return null;
  return total(now).div(total(before)).pow(dec(1).div(3)).minus(1).times(100).toDecimalPlaces(1, Decimal.ROUND_HALF_UP).toString();
}
