import { dec, type Decimal } from "@/lib/money";
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
  const resolved = new Map<string, { version: PriceVersion; rates: ScaledRates | null } | null>();
  // Fields are set on the event object rather than spread into a new one: a spread literal takes V8's
  // slow clone path (~5 µs), which shows at thousands of spans per second.
  return events.map((e) => {
    const p = e as PricedSpan;
    if (e.spanCost) return Object.assign(p, { cost: e.spanCost, costEstimated: false, priceVersionId: null });
    const key = `${e.provider}\u0000${e.model}\u0000${e.day}`;
    if (!resolved.has(key)) {
      const version = versionFor(index, e.provider, e.model, e.day);
      resolved.set(key, version ? { version, rates: scaledRates(version) } : null);
    }
    const v = resolved.get(key);
    if (!v) return Object.assign(p, { cost: null, costEstimated: true, priceVersionId: null });
    const usage = { inputTokens: e.inputTokens, outputTokens: e.outputTokens, cachedInputTokens: e.cachedInputTokens, cacheWriteTokens: e.cacheWriteTokens };
    const cost = v.rates ? costFromScaledRates(usage, v.rates) : estimateCost({ ...usage, requests: 1n }, v.version).toDecimalPlaces(10);
    return Object.assign(p, { cost, costEstimated: true, priceVersionId: v.version.id });
  });
}

// The same sum as estimateCost (tokens × $/1M ÷ 10⁶ + one request × $/request; cache reads and writes
// at the input price when the model has none), done in integers: every price with at most 12
// decimals is exactly price × 10¹², so a span's cost is exact in units of 10⁻¹⁸ USD and is rounded
// half up to the 10 decimals stored. tests/otlp/price.test.ts checks it against estimateCost.
const PRICE_SCALE = 10n ** 12n;
interface ScaledRates { input: bigint; output: bigint; cached: bigint; cacheWrite: bigint; perRequest: bigint }

function scaled(d: Decimal): bigint | null {
  const s = d.times(PRICE_SCALE.toString());
  return s.isInteger() ? BigInt(s.toFixed(0)) : null;
}

export function scaledRates(v: PriceVersion): ScaledRates | null {
  const input = scaled(v.input);
  const output = scaled(v.output);
  const cached = scaled(v.cachedInput ?? v.input);
  const cacheWrite = scaled(v.cacheWrite ?? v.input);
  const perRequest = v.perRequest ? scaled(v.perRequest) : 0n;
  if (input === null || output === null || cached === null || cacheWrite === null || perRequest === null) return null;
  return { input, output, cached, cacheWrite, perRequest };
}

const TEN_DP = 10n ** 8n; // 10⁻¹⁸ → 10⁻¹⁰ USD

export function costFromScaledRates(u: { inputTokens: bigint; outputTokens: bigint; cachedInputTokens: bigint; cacheWriteTokens: bigint }, r: ScaledRates): Decimal {
  // USD × 10¹⁸ = tokens × ($/1M × 10¹²), since USD = tokens × $/1M ÷ 10⁶; a request price × 10¹² needs × 10⁶ more.
  const units = u.inputTokens * r.input + u.outputTokens * r.output + u.cachedInputTokens * r.cached + u.cacheWriteTokens * r.cacheWrite + r.perRequest * 1_000_000n;
  const tenths = (units + TEN_DP / 2n) / TEN_DP; // round half up (costs are never negative)
  const s = tenths.toString().padStart(11, "0");
  return dec(`${s.slice(0, -10)}.${s.slice(-10)}`);
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
