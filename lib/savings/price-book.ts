import { dec, Decimal } from "@/lib/money";
import { catalogProvider, resolveCatalogModel } from "@/lib/pricing/price-book";
import type { BookPrice, Evidence, TokenCounts, WorkloadUsage } from "./types";

// Prices and small helpers every kind shares. USD per 1M tokens in, USD out.

const MILLION = new Decimal(1_000_000);

/** The price-book entry that prices a usage row (host aliases and dated ids resolved as ingestion does). */
export function bookPriceFor(book: readonly BookPrice[], provider: string, model: string): BookPrice | null {
  const host = catalogProvider(provider);
  const ofHost = book.filter((p) => p.provider === host);
  const name = resolveCatalogModel(new Set(ofHost.map((p) => p.model)), model);
  return name ? (ofHost.find((p) => p.model === name) ?? null) : null;
}

/** Cache reads without a listed price bill as input; so do cache writes (OpenAI charges none extra). */
export function cacheReadPrice(p: Pick<BookPrice, "input" | "cachedInput">): Decimal {
  return p.cachedInput ?? p.input;
}
export function cacheWritePrice(p: Pick<BookPrice, "input" | "cacheWrite">): Decimal {
  return p.cacheWrite ?? p.input;
}

/** USD = Σ tokens of each class × its USD per 1M ÷ 1e6. */
export function tokenCost(t: TokenCounts, p: Pick<BookPrice, "input" | "output" | "cachedInput" | "cacheWrite">): Decimal {
  return t.input.times(p.input).plus(t.output.times(p.output)).plus(t.cachedInput.times(cacheReadPrice(p))).plus(t.cacheWrite.times(cacheWritePrice(p))).div(MILLION);
}

/** What a workload costs at list prices, never more than it was billed: savings are taken from real spend. */
export function listCostCapped(w: WorkloadUsage, p: BookPrice): Decimal {
  return Decimal.min(tokenCost(w.tokens, p), w.spend);
}

/** A saving range clamped to [0, appliesTo] with low ≤ high, rounded to the cent. */
export function savingRange(low: Decimal, high: Decimal, appliesTo: Decimal): { low: Decimal; high: Decimal } {
  const cap = Decimal.max(appliesTo, 0);
  const clamp = (d: Decimal) => Decimal.min(Decimal.max(d, 0), cap).toDecimalPlaces(2, Decimal.ROUND_DOWN);
  const a = clamp(low), b = clamp(high);
  return a.lte(b) ? { low: a, high: b } : { low: b, high: a };
}

export function totalInput(t: TokenCounts): Decimal {
  return t.input.plus(t.cachedInput).plus(t.cacheWrite);
}

export function evidenceOf(w: WorkloadUsage, what = "usage and cost buckets"): Evidence {
  return {
    provider: w.provider, model: w.model, projectId: w.projectId, projectName: w.projectName,
    from: w.from, to: w.to, days: w.days,
    query: `${what} of ${w.provider} · ${w.model} · ${w.projectName || w.projectId || "(no project)"}, ${w.from} to ${w.to} (${w.days} days)`,
    href: w.spendHref,
  };
}

export function workloadKey(w: Pick<WorkloadUsage, "provider" | "model" | "projectId">): string {
  return `${w.provider}:${w.model}:${w.projectId}`;
}

export function pct(share: Decimal): string {
  return share.times(100).toDecimalPlaces(1, Decimal.ROUND_HALF_UP).toString();
}

export const usd = (d: Decimal) => `$${d.toDecimalPlaces(2, Decimal.ROUND_HALF_UP).toFixed(2)}`;

/** The builder's workload parameters for this workload. */
export function workloadParams(w: Pick<WorkloadUsage, "provider" | "model" | "projectId">): Record<string, string> {
  return { provider: w.provider, model: w.model, projectId: w.projectId };
}

export { dec };
