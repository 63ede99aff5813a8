import { db, Prisma } from "@/lib/db";
import type { OrgContext } from "@/lib/auth/tenancy";
import { spendBreakdown } from "@/lib/spend/queries";
import { isoDay } from "@/lib/spend/filters";
import { bundledPriceCatalog } from "@/lib/pricing/snapshot";
import { mergeRetirements, type Retirement } from "@/lib/pricing/retirements";
import { scenarioCatalog } from "@/lib/scenarios/catalog";
import { vendorRisks, type RiskInputs } from "./vendors";

// Loads what the vendor-risk page decides on: spend from the same query as the Spend page, price
// changes on the models the org used, its vendors' document changes, and retirement dates.

const DAY = 86_400_000;

export async function loadRiskInputs(ctx: Pick<OrgContext, "orgId">, now: Date): Promise<RiskInputs> {
  const today = isoDay(now);
  const yearAgo = new Date(now.getTime() - 365 * DAY);
  const noFilters = { provider: [], model: [], project: [], tag: [] };
  const [byVendor, byModel, catalog, stored] = await Promise.all([
    spendBreakdown(ctx.orgId, { ...noFilters, from: isoDay(yearAgo), to: today }, "provider"),
    spendBreakdown(ctx.orgId, { ...noFilters, from: isoDay(new Date(now.getTime() - 29 * DAY)), to: today }, "model"),
    scenarioCatalog(now),
    db().modelRetirement.findMany(),
  ]);
  const usedModels = await db().$queryRaw<{ provider: string; model: string }[]>`
    SELECT DISTINCT provider, model FROM "CostBucket" WHERE "orgId" = ${ctx.orgId} AND day >= ${isoDay(yearAgo)}::date AND model <> ''`;
  const priceRows = usedModels.length
    ? await db().$queryRaw<{ provider: string; model: string; effectiveFrom: Date; increase: boolean }[]>`
        SELECT provider, model, "effectiveFrom", bool_or("oldValue" IS NOT NULL AND "newValue" > "oldValue") AS increase
        FROM "PriceChange" WHERE "effectiveFrom" >= ${yearAgo} AND "effectiveFrom" <= ${now}
          -- a held suspect or a corrected typo is not a price change of the vendor
          AND status IN ('CONFIRMED', 'BASELINE')
          AND (provider, model) IN (${Prisma.join(usedModels.map((m) => Prisma.sql`(${m.provider}, ${m.model})`))})
        GROUP BY provider, model, "effectiveFrom"`
    : [];
  const docs = await db().documentChange.findMany({
    where: { detectedAt: { gte: yearAgo, lte: now }, document: { OR: [{ orgId: null }, { orgId: ctx.orgId }] } },
    select: { severity: true, summary: true, detectedAt: true, document: { select: { vendor: true, title: true } } },
  });
  // Dates in the database (maintained by the retirement job) win over the bundled table.
  const retirements: Retirement[] = [
    ...stored.map((r) => ({ provider: r.provider, model: r.model, deprecatedAt: r.deprecatedAt, retiresAt: r.retiresAt, replacement: r.replacement, source: r.source })),
    ...mergeRetirements(bundledPriceCatalog().models).filter((r) => !stored.some((s) => s.provider === r.provider && s.model === r.model)),
  ];
  return {
    now,
    spend12: byVendor.rows.map((r) => ({ vendor: r.key, spend: r.total })),
    recent: byModel.rows.map((r) => ({ vendor: r.key.slice(0, r.key.indexOf("/")), model: r.key.slice(r.key.indexOf("/") + 1), spend: r.total })),
    priceEvents: priceRows.map((p) => ({ vendor: p.provider, model: p.model, effectiveFrom: p.effectiveFrom, increase: p.increase })),
    termsChanges: docs.map((d) => ({ vendor: d.document.vendor, title: d.document.title, severity: d.severity, summary: d.summary, detectedAt: d.detectedAt })),
    retirements,
    catalog,
  };
}

export async function vendorRiskReport(ctx: Pick<OrgContext, "orgId">, now: Date) {
  return vendorRisks(await loadRiskInputs(ctx, now));
}

