import { z } from "zod";
import { db, Prisma } from "@/lib/db";
import type { OrgContext } from "@/lib/auth/tenancy";
import { AppError } from "@/lib/errors";
import { Decimal, dec, toCents } from "@/lib/money";
import { countedBucket } from "./sql";
import { focusCatalogByModel, mergeCatalog } from "@/lib/focus/reconciliation";

// Billed vs estimated, per provider and model, for one month: what we report as spend (the
// provider's dollars, plus catalog estimates where nothing was billed) next to what the price
// catalog says all the measured usage should have cost. A large difference means a price the
// catalog does not know (discounts, batch, priority tier) or usage the provider bills elsewhere.

export const reconciliationLineSchema = z.object({
  model: z.string(),
  /** Provider dollars (CostBucket, not estimated). */
  billed: z.string(),
  /** Catalog prices counted as spend where nothing was billed. */
  estimated: z.string(),
  /** billed + estimated: what the Overview counts. */
  reported: z.string(),
  /** Catalog price of all measured usage; null when none of it could be priced. */
  catalog: z.string().nullable(),
  /** reported − catalog; null without a catalog figure. */
  difference: z.string().nullable(),
  /** difference ÷ catalog, in percent with one decimal. */
  differencePct: z.string().nullable(),
  /** Usage buckets with tokens the catalog has no price for. */
  unpricedBuckets: z.number(),
  /** Every token measured (input, cached, cache writes, output), as a decimal string. */
  tokens: z.string(),
});
/**
 * A provider billed by a connection that also has pushed or CSV costs the same month: the
 * connection's dollars are the spend, the pushed/CSV amounts are attribution (who, which feature)
 * and are set against them here, never added (docs/spend.md, "Source of truth").
 */
export const attributionSchema = z.object({
  /** What the billing connection reported: the provider's spend this month. */
  connection: z.string(),
  /** Pushed events and CSV imports for the same provider and month: attribution, not added. */
  attributed: z.string(),
  /** connection − attributed: billed spend no pushed/CSV record accounts for (negative: attributed more than billed). */
  difference: z.string(),
});
export const reconciliationSchema = z.object({
  month: z.string(),
  providers: z.array(
    reconciliationLineSchema.omit({ model: true }).extend({ provider: z.string(), models: z.array(reconciliationLineSchema), attribution: attributionSchema.nullable() }),
  ),
});
export type Attribution = z.infer<typeof attributionSchema>;
export type ReconciliationDto = z.infer<typeof reconciliationSchema>;
export type ReconciliationLine = z.infer<typeof reconciliationLineSchema>;

export interface SpendByModel {
  provider: string;
  model: string;
  billed: Decimal;
  estimated: Decimal;
}
export interface CatalogByModel {
  provider: string;
  model: string;
  catalog: Decimal | null;
  unpricedBuckets: number;
  tokens?: bigint;
}

/** One provider's month by source: billing-connection rows and pushed/CSV rows (null: none of that source). */
export interface SpendBySource {
  provider: string;
  connection: Decimal | null;
  attributed: Decimal | null;
}

/** The attribution block of a provider: only when a connection billed it and push/CSV rows exist too. */
export function attributionOf(s: SpendBySource | undefined): Attribution | null {
  if (!s?.connection || !s.attributed) return null;
  return { connection: toCents(s.connection), attributed: toCents(s.attributed), difference: toCents(s.connection.minus(s.attributed)) };
}

/** The label for billed dollars a provider does not attribute to a model (OpenAI bills by line item). */
export const NOT_ITEMISED = "";

function line(model: string, billed: Decimal, estimated: Decimal, catalog: Decimal | null, unpricedBuckets: number, tokens: bigint): ReconciliationLine {
  const reported = billed.plus(estimated);
  const difference = catalog ? reported.minus(catalog) : null;
  return {
    model,
    billed: toCents(billed),
    estimated: toCents(estimated),
    reported: toCents(reported),
    catalog: catalog ? toCents(catalog) : null,
    difference: difference ? toCents(difference) : null,
    differencePct: difference && !catalog!.isZero() ? difference.div(catalog!).times(100).toDecimalPlaces(1, Decimal.ROUND_HALF_UP).toFixed(1) : null,
    unpricedBuckets,
    tokens: tokens.toString(),
  };
}

/** Join spend and catalog figures per provider and model; pure. */
export function reconcile(month: string, spend: readonly SpendByModel[], catalog: readonly CatalogByModel[], sources: readonly SpendBySource[] = []): ReconciliationDto {
  const providers = [...new Set([...spend.map((s) => s.provider), ...catalog.map((c) => c.provider), ...sources.map((s) => s.provider)])].sort();
  return {
    month,
    providers: providers.map((provider) => {
      const models = [...new Set([...spend, ...catalog].filter((r) => r.provider === provider).map((r) => r.model))].sort();
      let billed = new Decimal(0), estimated = new Decimal(0), catalogTotal: Decimal | null = null, unpriced = 0, tokens = 0n;
      const lines = models.map((model) => {
        const s = spend.find((r) => r.provider === provider && r.model === model);
        const c = catalog.find((r) => r.provider === provider && r.model === model);
        billed = billed.plus(s?.billed ?? 0);
        estimated = estimated.plus(s?.estimated ?? 0);
        if (c?.catalog) catalogTotal = (catalogTotal ?? new Decimal(0)).plus(c.catalog);
        unpriced += c?.unpricedBuckets ?? 0;
        tokens += c?.tokens ?? 0n;
        return line(model, s?.billed ?? new Decimal(0), s?.estimated ?? new Decimal(0), c?.catalog ?? null, c?.unpricedBuckets ?? 0, c?.tokens ?? 0n);
      });
      const { model: _m, ...total } = line("", billed, estimated, catalogTotal, unpriced, tokens);
      return { provider, ...total, models: lines, attribution: attributionOf(sources.find((s) => s.provider === provider)) };
    }),
  };
}

export function monthRange(month: string): { from: Date; to: Date } {
  const m = /^(\d{4})-(\d{2})$/.exec(month);
  const from = m ? new Date(Date.UTC(Number(m[1]), Number(m[2]) - 1, 1)) : null;
  if (!m || !from || Number(m[2]) < 1 || Number(m[2]) > 12) throw new AppError("BAD_INPUT", "month must be YYYY-MM", { issues: [{ field: "month", message: "must be YYYY-MM, e.g. 2026-11" }] });
  return { from, to: new Date(Date.UTC(from.getUTCFullYear(), from.getUTCMonth() + 1, 1)) };
}

export async function getReconciliation(ctx: Pick<OrgContext, "orgId">, month: string): Promise<ReconciliationDto> {
  const { from, to } = monthRange(month);
  const [spend, bySource, usage] = await Promise.all([
    // What the Overview counts: the source-of-truth rule, as every spend query applies it.
    db().$queryRaw<{ provider: string; model: string; billed: Prisma.Decimal; estimated: Prisma.Decimal }[]>`
      SELECT provider, model,
        COALESCE(SUM(amount) FILTER (WHERE NOT estimated), 0) AS billed,
        COALESCE(SUM(amount) FILTER (WHERE estimated), 0) AS estimated
      FROM "CostBucket" cb WHERE "orgId" = ${ctx.orgId} AND "day" >= ${from} AND "day" < ${to} AND ${countedBucket()}
      GROUP BY provider, model`,
    db().$queryRaw<{ provider: string; connection: Prisma.Decimal | null; attributed: Prisma.Decimal | null }[]>`
      SELECT provider,
        SUM(amount) FILTER (WHERE origin = 'PROVIDER_API') AS connection,
        SUM(amount) FILTER (WHERE origin <> 'PROVIDER_API' AND host = '') AS attributed
      FROM "CostBucket" WHERE "orgId" = ${ctx.orgId} AND "day" >= ${from} AND "day" < ${to}
      GROUP BY provider`,
    db().$queryRaw<{ provider: string; model: string; catalog: Prisma.Decimal | null; unpriced: bigint; tokens: bigint }[]>`
      SELECT provider, model, SUM("estimatedCost") AS catalog,
        SUM("inputTokens" + "outputTokens" + "cachedInputTokens" + "cacheWriteTokens")::bigint AS tokens,
        COUNT(*) FILTER (WHERE "estimatedCost" IS NULL AND "inputTokens" + "outputTokens" + "cachedInputTokens" + "cacheWriteTokens" > 0) AS unpriced
      FROM "UsageBucket" WHERE "orgId" = ${ctx.orgId} AND "day" >= ${from} AND "day" < ${to}
      GROUP BY provider, model`,
  ]);
  // Cloud bills (FOCUS): their token quantities priced from the host's catalog entries, beside their billed dollars.
  const cloud = await focusCatalogByModel(ctx.orgId, from, to);
  return reconcile(
    month,
    spend.map((s) => ({ provider: s.provider, model: s.model, billed: dec(s.billed.toString()), estimated: dec(s.estimated.toString()) })),
    mergeCatalog(usage.map((u) => ({ provider: u.provider, model: u.model, catalog: u.catalog === null ? null : dec(u.catalog.toString()), unpricedBuckets: Number(u.unpriced), tokens: u.tokens })), cloud),
    bySource.map((b) => ({ provider: b.provider, connection: b.connection === null ? null : dec(b.connection.toString()), attributed: b.attributed === null ? null : dec(b.attributed.toString()) })),
  );
}
