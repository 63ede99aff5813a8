import { db, Prisma } from "@/lib/db";
import type { OrgContext } from "@/lib/auth/tenancy";
import { dec } from "@/lib/money";
import { COST_CLASSES, estimateCostByClass } from "@/lib/pricing/estimate";
import { toStoredVersion } from "@/lib/pricing/store";
import { coverage, pricingAccuracy, type AccuracyModelDto, type BilledRow, type CatalogClassRow, type CoverageDto } from "./accuracy";
import { monthRange } from "./reconciliation";
import { countedBucket, countedUsage } from "./sql";

// The month's billed cost rows and its usage priced per token class with the very catalog version that priced
// each bucket (UsageBucket.priceVersionId), for the coverage and accuracy tables of the reconciliation page.
// Usage follows the same source-of-truth rule as cost (countedUsage),
// so a provider billed by a connection is compared with that connection's usage only.

export interface ReconciliationAccuracyDto {
  month: string;
  coverage: CoverageDto[];
  accuracy: AccuracyModelDto[];
}

type UsageSum = {
  provider: string; model: string; priceVersionId: string;
  inputTokens: bigint; outputTokens: bigint; cachedInputTokens: bigint; cacheWriteTokens: bigint; requests: bigint; images: Prisma.Decimal | null;
  audioInputTokens: bigint; cachedAudioInputTokens: bigint; audioOutputTokens: bigint; cacheWrite1hTokens: bigint;
  imageInputTokens: bigint; cachedImageInputTokens: bigint; imageOutputTokens: bigint; batchInputTokens: bigint; batchOutputTokens: bigint;
};

export async function getReconciliationAccuracy(ctx: Pick<OrgContext, "orgId">, month: string): Promise<ReconciliationAccuracyDto> {
  const { from, to } = monthRange(month);
  const [billed, usage] = await Promise.all([
    db().$queryRaw<{ provider: string; projectId: string; model: string; lineItem: string; amount: Prisma.Decimal }[]>`
      SELECT provider, "projectId", model, "lineItem", SUM(amount) AS amount FROM "CostBucket" cb
      WHERE cb."orgId" = ${ctx.orgId} AND cb."day" >= ${from} AND cb."day" < ${to} AND NOT cb.estimated AND ${countedBucket()}
      GROUP BY 1, 2, 3, 4`,
    db().$queryRaw<UsageSum[]>`
      SELECT provider, model, "priceVersionId",
        SUM("inputTokens")::bigint AS "inputTokens", SUM("outputTokens")::bigint AS "outputTokens",
        SUM("cachedInputTokens")::bigint AS "cachedInputTokens", SUM("cacheWriteTokens")::bigint AS "cacheWriteTokens",
        SUM(requests)::bigint AS requests, SUM(units) FILTER (WHERE unit = 'images') AS images,
        SUM("audioInputTokens")::bigint AS "audioInputTokens", SUM("cachedAudioInputTokens")::bigint AS "cachedAudioInputTokens",
        SUM("audioOutputTokens")::bigint AS "audioOutputTokens", SUM("cacheWrite1hTokens")::bigint AS "cacheWrite1hTokens",
        SUM("imageInputTokens")::bigint AS "imageInputTokens", SUM("cachedImageInputTokens")::bigint AS "cachedImageInputTokens",
        SUM("imageOutputTokens")::bigint AS "imageOutputTokens", SUM("batchInputTokens")::bigint AS "batchInputTokens",
        SUM("batchOutputTokens")::bigint AS "batchOutputTokens"
      FROM "UsageBucket" ub
      WHERE ub."orgId" = ${ctx.orgId} AND ub."day" >= ${from} AND ub."day" < ${to} AND ub."priceVersionId" IS NOT NULL AND ${countedUsage("ub")}
      GROUP BY 1, 2, 3`,
  ]);
  const ids = [...new Set(usage.map((u) => u.priceVersionId))];
  const versions = new Map((ids.length ? await db().modelPriceVersion.findMany({ where: { id: { in: ids } } }) : []).map((v) => [v.id, toStoredVersion(v)]));
  const catalogRows: CatalogClassRow[] = usage.flatMap((u) => {
    const v = versions.get(u.priceVersionId);
    if (!v) return [];
    // Summed per catalog version: the cost is linear in every token count (the class clamps only bite on reports
    // that contradict themselves).
    const byClass = estimateCostByClass({ ...u, images: u.images === null ? 0 : dec(u.images) }, v);
    return COST_CLASSES.map((cls) => ({ provider: u.provider, model: u.model, cls, amount: byClass[cls] }));
  });
  const billedRows: BilledRow[] = billed.map((b) => ({ provider: b.provider, projectId: b.projectId, model: b.model, lineItem: b.lineItem, amount: dec(b.amount) }));
  return { month, coverage: coverage(billedRows), accuracy: pricingAccuracy(billedRows, catalogRows) };
}
