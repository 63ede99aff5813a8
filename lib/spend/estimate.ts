import { dec, type Decimal } from "@/lib/money";
import { estimateCost, textRateFallbacks, type TokenUsage } from "@/lib/pricing/estimate";
import { versionForDay, type StoredPriceVersion } from "@/lib/pricing/price-book";
import { loadPriceVersions as loadCatalogVersions } from "@/lib/pricing/store";
import type { CostBucketRow, UsageBucketRow } from "@/lib/providers/types";

// Cost when only usage is known: each usage bucket is priced from the ModelPriceVersion in effect
// on its day (lib/pricing: name resolution, source priority, version chains). A query loads the
// versions once per window or batch; pure functions decide; the provider's own dollars stay the
// truth wherever it billed the day (see estimatedCostRows).

export type PriceVersion = StoredPriceVersion;

export interface PricedUsageRow extends UsageBucketRow {
  /** Catalog price of this bucket's usage; null when no price applies (unknown model, or units the catalog does not price). */
  estimatedCost: Decimal | null;
  priceVersionId: string | null;
  /** Token classes the price lists no rate for, priced at the text rate (in words); empty when none. */
  textRateFallbacks?: string[];
}

export type CostRowWithFlag = CostBucketRow & { estimated: boolean };

/** Every catalog version the rows' models could be priced by: one query for a whole window or batch. */
export async function loadPriceVersions(rows: Iterable<Pick<UsageBucketRow, "provider" | "model">>): Promise<PriceVersion[]> {
  const pairs = new Map<string, { provider: string; model: string }>();
  for (const r of rows) if (r.model) pairs.set(`${r.provider}\u0000${r.model}`, { provider: r.provider, model: r.model });
  return loadCatalogVersions([...pairs.values()]);
}

/** Versions grouped by provider: lib/pricing then resolves the model name and source among far fewer rows. */
export function indexVersions(versions: readonly PriceVersion[]): Map<string, PriceVersion[]> {
  const byProvider = new Map<string, PriceVersion[]>();
  for (const v of versions) byProvider.set(v.provider, [...(byProvider.get(v.provider) ?? []), v]);
  return byProvider;
}

/** The version that prices `model` on `day` ("YYYY-MM-DD"): exact id, then canonical name; source priority applied. */
export function versionFor(index: Map<string, PriceVersion[]>, provider: string, model: string, day: string): PriceVersion | null {
  return versionForDay(index.get(provider) ?? [], provider, model, new Date(`${day}T00:00:00Z`));
}

/** What the catalog can price in a bucket: tokens of every kind, and images; other units (seconds, bytes, …) it cannot. */
function priceableUsage(r: UsageBucketRow): TokenUsage | null {
  const images = r.unit === "images" && r.units ? dec(r.units) : null;
  const tokens = r.inputTokens + r.outputTokens + r.cachedInputTokens + r.cacheWriteTokens;
  if (tokens === 0n && !images?.gt(0)) return null;
  return {
    inputTokens: r.inputTokens,
    outputTokens: r.outputTokens,
    cachedInputTokens: r.cachedInputTokens,
    cacheWriteTokens: r.cacheWriteTokens,
    requests: r.requests,
    images: images ?? 0,
    audioInputTokens: r.audioInputTokens ?? 0n,
    cachedAudioInputTokens: r.cachedAudioInputTokens ?? 0n,
    audioOutputTokens: r.audioOutputTokens ?? 0n,
    cacheWrite1hTokens: r.cacheWrite1hTokens ?? 0n,
    imageInputTokens: r.imageInputTokens ?? 0n,
    cachedImageInputTokens: r.cachedImageInputTokens ?? 0n,
    imageOutputTokens: r.imageOutputTokens ?? 0n,
    batchInputTokens: r.batchInputTokens ?? 0n,
    batchOutputTokens: r.batchOutputTokens ?? 0n,
  };
}

export function priceUsageRows(rows: readonly UsageBucketRow[], versions: readonly PriceVersion[]): PricedUsageRow[] {
  // Many buckets share a provider, model and day (one per project and kind): resolve each once.
  const index = indexVersions(versions);
  const resolved = new Map<string, PriceVersion | null>();
  const versionOf = (r: UsageBucketRow) => {
    const key = `${r.provider}\u0000${r.model}\u0000${r.day}`;
    if (!resolved.has(key)) resolved.set(key, versionFor(index, r.provider, r.model, r.day));
    return resolved.get(key)!;
  };
  return rows.map((r) => {
    const usage = priceableUsage(r);
    const version = usage && r.model ? versionOf(r) : null;
    return usage && version ? withPrice(r, estimateCost(usage, version), version.id, textRateFallbacks(usage, version)) : withPrice(r, null, null, []);
  });
}

// Rows are copied field by field: a spread per row ({ ...r, x }) takes V8's slow clone path and
// costs ~10× as much, which shows on windows of 10,000 rows.
function withPrice(r: UsageBucketRow, estimatedCost: Decimal | null, priceVersionId: string | null, fallbacks: string[]): PricedUsageRow {
  return {
    provider: r.provider, day: r.day, projectId: r.projectId, model: r.model, usageKind: r.usageKind, inputTokens: r.inputTokens, outputTokens: r.outputTokens,
    cachedInputTokens: r.cachedInputTokens, cacheWriteTokens: r.cacheWriteTokens, requests: r.requests, units: r.units ?? null, unit: r.unit ?? null,
    audioInputTokens: r.audioInputTokens ?? 0n, audioOutputTokens: r.audioOutputTokens ?? 0n, imageInputTokens: r.imageInputTokens ?? 0n, imageOutputTokens: r.imageOutputTokens ?? 0n,
    cachedAudioInputTokens: r.cachedAudioInputTokens ?? 0n, cacheWrite1hTokens: r.cacheWrite1hTokens ?? 0n,
    cachedImageInputTokens: r.cachedImageInputTokens ?? 0n, batchInputTokens: r.batchInputTokens ?? 0n, batchOutputTokens: r.batchOutputTokens ?? 0n,
    estimatedCost, priceVersionId, textRateFallbacks: fallbacks,
  };
}

/** The provider's own dollars, flagged as billed (not estimated). */
export function billedCostRows(rows: readonly CostBucketRow[]): CostRowWithFlag[] {
  return rows.map((r) => ({
    provider: r.provider, day: r.day, projectId: r.projectId, model: r.model, lineItem: r.lineItem, currency: r.currency, amount: r.amount,
    quantity: r.quantity ?? null, quantityUnit: r.quantityUnit ?? null, estimated: false,
  }));
}

/** Line item of an estimated cost row; one per usage kind so two kinds of one model never collide. */
export function estimatedLineItem(usageKind: string): string {
  return `estimated from usage (${usageKind})`;
}

/** The cost row that carries a usage bucket's catalog price into spend, marked estimated; null when there is nothing to add. */
export function toEstimatedCostRow(u: PricedUsageRow): CostRowWithFlag | null {
  if (!u.estimatedCost || u.estimatedCost.isZero()) return null;
  return {
    provider: u.provider,
    day: u.day,
    projectId: u.projectId,
    model: u.model,
    lineItem: estimatedLineItem(u.usageKind),
    currency: "usd",
    amount: u.estimatedCost,
    quantity: null,
    quantityUnit: null,
    estimated: true,
  };
}

/**
 * Cost rows for usage the source did not bill. A usage bucket counts as billed when the same source
 * has a billed cost row for its day, provider and project whose model is the bucket's model or ""
 * (OpenAI bills per project and line item, never per model, so its dollars cover the whole
 * project-day). Everything else is priced from the catalog and marked estimated.
 */
export function estimatedCostRows(priced: readonly PricedUsageRow[], billed: readonly CostBucketRow[]): CostRowWithFlag[] {
  const key = (day: string, provider: string, projectId: string, model: string) => JSON.stringify([day, provider, projectId, model]);
  const covered = new Set(billed.map((c) => key(c.day, c.provider, c.projectId, c.model)));
  const isCovered = (u: UsageBucketRow) => covered.has(key(u.day, u.provider, u.projectId, "")) || covered.has(key(u.day, u.provider, u.projectId, u.model));
  return priced.filter((u) => !isCovered(u)).flatMap((u) => toEstimatedCostRow(u) ?? []);
}
