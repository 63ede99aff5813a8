import type { Decimal } from "@/lib/money";
import { estimateCost } from "@/lib/pricing/estimate";
import { candidateModelNames, catalogProvider } from "@/lib/pricing/price-book";
import { indexVersions, loadPriceVersions, versionFor, type PriceVersion } from "@/lib/spend/estimate";
import type { GenAiSpanEvent } from "@/lib/otlp/genai";

// A span's cost: the USD it carried (gen_ai.usage.cost), else its usage at the catalog version in
// effect on its day (lib/pricing, as ingestion prices usage everywhere), marked estimated. One span
// is one request, so a per-request price applies once. Rounded to the 10 decimals stored.

export interface PricedSpan extends GenAiSpanEvent {
  cost: Decimal | null;
  costEstimated: boolean;
  priceVersionId: string | null;
}

export function priceSpans(events: readonly GenAiSpanEvent[], versions: readonly PriceVersion[]): PricedSpan[] {
  const index = indexVersions(versions);
  const resolved = new Map<string, PriceVersion | null>();
  return events.map((e) => {
    if (e.spanCost) return { ...e, cost: e.spanCost, costEstimated: false, priceVersionId: null };
    const key = `${e.provider}\u0000${e.model}\u0000${e.day}`;
    if (!resolved.has(key)) resolved.set(key, versionFor(index, e.provider, e.model, e.day));
    const v = resolved.get(key)!;
    if (!v) return { ...e, cost: null, costEstimated: true, priceVersionId: null };
    const cost = estimateCost({ inputTokens: e.inputTokens, outputTokens: e.outputTokens, cachedInputTokens: e.cachedInputTokens, cacheWriteTokens: e.cacheWriteTokens, requests: 1n }, v);
    return { ...e, cost: cost.toDecimalPlaces(10), costEstimated: true, priceVersionId: v.id };
  });
}

// The catalog changes a few times a day at most; a batch of spans names the same few models. Loaded
// versions are kept a minute per process so a stream of batches does not query the catalog each time.
const CACHE_MS = 60_000;
const cache = new Map<string, { at: number; versions: PriceVersion[] }>();

export async function versionsForSpans(events: readonly GenAiSpanEvent[], nowMs = Date.now()): Promise<PriceVersion[]> {
  const out: PriceVersion[] = [];
  const missing = new Map<string, { provider: string; model: string }>();
  for (const e of events) {
    if (e.spanCost) continue;
    const key = `${e.provider}\u0000${e.model}`;
    const hit = cache.get(key);
    if (hit && nowMs - hit.at < CACHE_MS) continue;
    missing.set(key, { provider: e.provider, model: e.model });
  }
  if (missing.size > 0) {
    const loaded = await loadPriceVersions(missing.values());
    for (const [key, m] of missing) {
      const host = catalogProvider(m.provider);
      const names = candidateModelNames(m.model);
      cache.set(key, { at: nowMs, versions: loaded.filter((v) => v.provider === host && names.includes(v.model)) });
    }
  }
  const seen = new Set<string>();
  for (const e of events) {
    const key = `${e.provider}\u0000${e.model}`;
    if (seen.has(key)) continue;
    seen.add(key);
    for (const v of cache.get(key)?.versions ?? []) out.push(v);
  }
  return [...new Map(out.map((v) => [v.id, v])).values()];
}

/** Tests that change the catalog between batches start from an empty cache. */
export function clearSpanPriceCache(): void {
  cache.clear();
}
