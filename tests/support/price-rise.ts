import { db, Prisma } from "@/lib/db";

/**
 * The hand-worked price rise the alert tests share: `acme-large` of `provider` went from $4 to $5 per 1M input
 * tokens on 2026-11-23 06:00 UTC, and the org's project Search used 200M input tokens in the 30 days before:
 * +$1 × 200 = +$200.00 a month (a MEDIUM price-change alert).
 */
export async function seedPriceRise(orgId: string, provider: string): Promise<void> {
  const dec = (v: number) => new Prisma.Decimal(v);
  const v1 = await db().modelPriceVersion.create({ data: { provider, model: "acme-large", source: "litellm", effectiveFrom: new Date("2026-01-01T00:00:00Z"), inputPerMTok: dec(4), outputPerMTok: dec(12) } });
  const v2 = await db().modelPriceVersion.create({ data: { provider, model: "acme-large", source: "litellm", effectiveFrom: new Date("2026-11-23T06:00:00Z"), inputPerMTok: dec(5), outputPerMTok: dec(12) } });
  await db().priceChange.create({ data: { provider, model: "acme-large", field: "input", oldValue: dec(4), newValue: dec(5), effectiveFrom: v2.effectiveFrom, fromVersionId: v1.id, toVersionId: v2.id, detectedAt: v2.effectiveFrom } });
  await db().project.create({ data: { orgId, provider, externalId: "p-search", name: "Search" } });
  await db().usageBucket.create({ data: { orgId, sourceKey: "test", origin: "PROVIDER_API", provider, day: new Date("2026-11-20T00:00:00Z"), projectId: "p-search", model: "acme-large-2026-01-01", inputTokens: 200_000_000n } });
}
