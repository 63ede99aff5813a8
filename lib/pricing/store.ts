import { db } from "@/lib/db";
import { dec, type Decimal } from "@/lib/money";
import { estimateCost, type TokenUsage } from "@/lib/pricing/estimate";
import type { StoredPriceChange } from "@/lib/pricing/org-impact";
import { catalogProvider, candidateModelNames, pricesInEffect, versionForDay, type StoredPriceVersion } from "@/lib/pricing/price-book";

// Reading the price catalog from Postgres. The decisions (which name, which source, which version) are the
// pure functions of price-book.ts; this file only loads rows for them.

type PriceRow = {
  id: string;
  provider: string;
  model: string;
  source: string;
  effectiveFrom: Date;
  inputPerMTok: { toString(): string };
  outputPerMTok: { toString(): string };
  cachedInputPerMTok: { toString(): string } | null;
  cacheWritePerMTok: { toString(): string } | null;
  perRequest: { toString(): string } | null;
  perImage: { toString(): string } | null;
  audioInputPerMTok?: { toString(): string } | null;
  audioOutputPerMTok?: { toString(): string } | null;
  cacheWrite1hPerMTok?: { toString(): string } | null;
  imageInputPerMTok?: { toString(): string } | null;
  imageOutputPerMTok?: { toString(): string } | null;
  batchInputPerMTok?: { toString(): string } | null;
  batchOutputPerMTok?: { toString(): string } | null;
  priceUnits?: string | null;
};

export function toStoredVersion(r: PriceRow): StoredPriceVersion {
  const d = (v: { toString(): string } | null) => (v === null ? null : dec(v));
  return {
    id: r.id,
    provider: r.provider,
    model: r.model,
    source: r.source,
    effectiveFrom: r.effectiveFrom,
    input: dec(r.inputPerMTok),
    output: dec(r.outputPerMTok),
    cachedInput: d(r.cachedInputPerMTok),
    cacheWrite: d(r.cacheWritePerMTok),
    perRequest: d(r.perRequest),
    perImage: d(r.perImage),
    audioInput: d(r.audioInputPerMTok ?? null),
    audioOutput: d(r.audioOutputPerMTok ?? null),
    cacheWrite1h: d(r.cacheWrite1hPerMTok ?? null),
    imageInput: d(r.imageInputPerMTok ?? null),
    imageOutput: d(r.imageOutputPerMTok ?? null),
    batchInput: d(r.batchInputPerMTok ?? null),
    batchOutput: d(r.batchOutputPerMTok ?? null),
    priceUnits: r.priceUnits ?? null,
  };
}

/** Every version of the given providers' models that a usage name could resolve to (all sources, all dates). */
export async function loadPriceVersions(models: readonly { provider: string; model: string }[]): Promise<StoredPriceVersion[]> {
  if (models.length === 0) return [];
  const or = models.map((m) => ({ provider: catalogProvider(m.provider), model: { in: candidateModelNames(m.model) } }));
  const rows = await db().modelPriceVersion.findMany({ where: { OR: or }, orderBy: { effectiveFrom: "asc" } });
  return rows.map(toStoredVersion);
}

/**
 * The price version in effect on a usage bucket's day, for ingestion's estimates: `priceForDay("openai",
 * "gpt-4o-2024-08-06", day)`. Model names are normalised (docs/pricing.md); null = no price for that day.
 * To price many buckets, load once with loadPriceVersions and call versionForDay (price-book.ts) per bucket.
 */
export async function priceForDay(provider: string, model: string, day: Date): Promise<StoredPriceVersion | null> {
  return versionForDay(await loadPriceVersions([{ provider, model }]), provider, model, day);
}

/** The catalog estimate of a usage bucket's cost on its day, with the version used (UsageBucket.priceVersionId). */
export async function estimateForDay(provider: string, model: string, day: Date, usage: TokenUsage): Promise<{ cost: Decimal; priceVersionId: string } | null> {
  const version = await priceForDay(provider, model, day);
  return version ? { cost: estimateCost(usage, version), priceVersionId: version.id } : null;
}

/** Every model's price in effect at `at` (one per provider/model, source priority applied). */
export async function currentPrices(at: Date): Promise<StoredPriceVersion[]> {
  const rows = await db().modelPriceVersion.findMany({ where: { effectiveFrom: { lte: at } }, orderBy: { effectiveFrom: "asc" } });
  return pricesInEffect(rows.map(toStoredVersion), at);
}

/**
 * Price changes applied to the catalog (CONFIRMED, with the version they created) detected in [from, to], with
 * the input price of each changed version: what impact and alerts read. Held suspects, corrections and
 * baseline history are left out here (see heldAndCorrectedChanges).
 */
export async function loadAppliedPriceChanges(from: Date, to: Date): Promise<{ changes: StoredPriceChange[]; versionInputPrices: Map<string, Decimal> }> {
  const rows = await db().priceChange.findMany({ where: { detectedAt: { gte: from, lte: to }, status: "CONFIRMED", toVersionId: { not: null } }, orderBy: { detectedAt: "asc" } });
  const versions = await db().modelPriceVersion.findMany({ where: { id: { in: [...new Set(rows.map((c) => c.toVersionId!))] } }, select: { id: true, inputPerMTok: true } });
  return {
    changes: rows.map((c) => ({
      id: c.id,
      provider: c.provider,
      model: c.model,
      field: c.field as StoredPriceChange["field"],
      oldValue: c.oldValue ? dec(c.oldValue) : null,
      newValue: c.newValue ? dec(c.newValue) : null,
      effectiveFrom: c.effectiveFrom,
      toVersionId: c.toVersionId!,
      detectedAt: c.detectedAt,
      datedBy: c.datedBy,
    })),
    versionInputPrices: new Map(versions.map((v) => [v.id, dec(v.inputPerMTok)])),
  };
}

/** Suspect prices held for confirmation, and suspects a later version corrected, detected since `from`. */
export async function heldAndCorrectedChanges(from: Date, to: Date) {
  return db().priceChange.findMany({ where: { status: { in: ["UNCONFIRMED", "REVERTED"] }, detectedAt: { gte: from, lte: to } }, orderBy: { detectedAt: "desc" }, take: 200 });
}
