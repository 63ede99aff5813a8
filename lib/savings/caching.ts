import { Decimal } from "@/lib/money";
import { catalogProvider } from "@/lib/pricing/price-book";
import { bookPriceFor, cacheReadPrice, cacheWritePrice, evidenceOf, pct, savingRange, totalInput, usd, workloadKey, workloadParams } from "./price-book";
import type { BookPrice, Opportunity, WorkloadUsage } from "./types";

// Prompt caching: input tokens read from the cache at a low share where the provider prices cache reads.
// Moving Δ more input tokens to cache reads needs W = Δ ÷ reuse cache writes, so (USD/month)
//   saving = Δ × (input − cache read) ÷ 1e6 − W × (cache write − input) ÷ 1e6
// Both prices count: a tool that skips the cache-write premium overstates the saving.

/** Cached share of input a workload with a stable prefix reaches: 30 % (low) to 60 % (high). Assumption. */
export const TARGET_CACHED_SHARE = { low: new Decimal("0.3"), high: new Decimal("0.6") } as const;
/** Cache reads per cache write: 2 (a prefix reused once more, low) to 10 (high). Assumption. */
export const READS_PER_WRITE = { low: new Decimal(2), high: new Decimal(10) } as const;
/** Anthropic's 5-minute cache write costs 1.25 × input when the price book lists no write price. */
export const ANTHROPIC_WRITE_MULTIPLIER = new Decimal("1.25");
const MILLION = new Decimal(1_000_000);

/** The cache-write price: the book's, else Anthropic's published multiplier, else input (OpenAI bills no premium). */
export function effectiveWritePrice(provider: string, price: BookPrice): { price: Decimal; from: string } {
  if (price.cacheWrite) return { price: price.cacheWrite, from: "price book" };
  if (catalogProvider(provider) === "anthropic") return { price: price.input.times(ANTHROPIC_WRITE_MULTIPLIER), from: "1.25 × input, Anthropic's published 5-minute write price (the price book lists none)" };
  return { price: cacheWritePrice(price), from: "the input price (no cache-write premium listed)" };
}

/** Saving of moving the cached share to `target` with `reuse` reads per write (USD, may be negative). */
export function cachingSaving(uncached: Decimal, total: Decimal, currentShare: Decimal, target: Decimal, reuse: Decimal, p: { input: Decimal; read: Decimal; write: Decimal }): { reads: Decimal; writes: Decimal; saving: Decimal } {
  // Δ + Δ/reuse tokens come out of the uncached input, so Δ ≤ uncached × reuse ÷ (reuse + 1).
  const wanted = Decimal.max(target.minus(currentShare), 0).times(total);
  const reads = Decimal.min(wanted, uncached.times(reuse).div(reuse.plus(1)));
  const writes = reads.div(reuse);
  const saving = reads.times(p.input.minus(p.read)).minus(writes.times(p.write.minus(p.input))).div(MILLION);
  return { reads, writes, saving };
}

export function cachingOpportunity(w: WorkloadUsage, book: readonly BookPrice[]): Opportunity | null {
  const price = bookPriceFor(book, w.provider, w.model);
  if (!price || price.cachedInput === null || w.spend.lte(0)) return null; // the provider does not offer (price) caching
  const total = totalInput(w.tokens);
  if (total.isZero()) return null;
  const share = w.tokens.cachedInput.div(total);
  if (share.gte(TARGET_CACHED_SHARE.high)) return null;
  const write = effectiveWritePrice(w.provider, price);
  const p = { input: price.input, read: cacheReadPrice(price), write: write.price };
  const low = cachingSaving(w.tokens.input, total, share, TARGET_CACHED_SHARE.low, READS_PER_WRITE.low, p);
  const high = cachingSaving(w.tokens.input, total, share, TARGET_CACHED_SHARE.high, READS_PER_WRITE.high, p);
  const saving = savingRange(low.saving, high.saving, w.spend);
  if (saving.high.lte(0)) return null;
  // The scenario engine has no cached-share input: the target carries the input price that makes month 1 cost the high end less.
  const effectiveInput = w.tokens.input.isZero() ? price.input : Decimal.max(price.input.minus(saving.high.times(MILLION).div(w.tokens.input)), 0);
  return {
    key: `caching:${workloadKey(w)}`,
    kind: "caching",
    title: `Cache the repeated prompt prefix of ${w.projectName || w.projectId || "unassigned"} on ${w.model}`,
    saving,
    appliesTo: w.spend,
    evidence: [evidenceOf(w)],
    assumptions: [
      `Cached share of input now ${pct(share)}% (${w.tokens.cachedInput.toString()} of ${total.toString()} input tokens); reachable ${pct(TARGET_CACHED_SHARE.low)}%–${pct(TARGET_CACHED_SHARE.high)}% with a stable prefix (system prompt, tools, documents).`,
      `Each cached prefix is read ${READS_PER_WRITE.low}–${READS_PER_WRITE.high} times per write.`,
      `Prices per 1M tokens: input $${p.input}, cache read $${p.read} (price book), cache write $${p.write.toString()} (${write.from}).`,
      `saving = Δ reads × (input − read) − Δ reads ÷ reuse × (write − input): low ${usd(low.saving)}, high ${usd(high.saving)}.`,
    ],
    scenario: {
      ...workloadParams(w), target: "api", targetProvider: price.provider, targetModel: price.model,
      targetInput: effectiveInput.toDecimalPlaces(6, Decimal.ROUND_HALF_UP).toString(), targetOutput: price.output.toString(), targetCachedInput: p.read.toString(), targetCacheWrite: p.write.toString(),
      stayPct: "0", rampMonths: "0", horizon: "12",
    },
    detail: { cachedShare: share.toString(), writePrice: p.write.toString(), writePriceFrom: write.from, reads: { low: low.reads.toString(), high: high.reads.toString() }, writes: { low: low.writes.toString(), high: high.writes.toString() } },
  };
}
