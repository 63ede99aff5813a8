import { Decimal, dec, type DecimalInput } from "@/lib/money";
import type { ModelPrice, PriceField } from "@/lib/pricing/types";
import { TOKENS_PER_MILLION } from "@/lib/pricing/units";

/**
 * Metered usage of one model. Token kinds are disjoint: `inputTokens` are the input tokens billed at the
 * normal rate, EXCLUDING cache reads and cache writes (Anthropic reports them so; for OpenAI pass
 * input_uncached_tokens, or input_tokens − input_cached_tokens − input_cache_write_tokens).
 */
export interface TokenUsage {
  inputTokens: DecimalInput;
  outputTokens: DecimalInput;
  cachedInputTokens?: DecimalInput;
  cacheWriteTokens?: DecimalInput;
  requests?: DecimalInput;
  images?: DecimalInput;
}

/** The usage quantity each price field is charged on, and whether the price is per 1M of it. */
export const FIELD_QUANTITY: Readonly<Record<PriceField, { usage: keyof TokenUsage; perMillion: boolean }>> = {
  input: { usage: "inputTokens", perMillion: true },
  output: { usage: "outputTokens", perMillion: true },
  cachedInput: { usage: "cachedInputTokens", perMillion: true },
  cacheWrite: { usage: "cacheWriteTokens", perMillion: true },
  perRequest: { usage: "requests", perMillion: false },
  perImage: { usage: "images", perMillion: false },
};

/**
 * Dollars for `usage` at `price`: Σ tokens × $/1M ÷ 10⁶ + requests × $/request + images × $/image.
 * A model without a cache price bills cached and cache-write tokens at its input price (as the vendors did
 * before caching existed); no per-request or per-image price means none is charged. Unrounded.
 */
export function estimateCost(usage: TokenUsage, price: Pick<ModelPrice, PriceField>): Decimal {
  const effective: Record<PriceField, Decimal> = {
    input: price.input,
    output: price.output,
    cachedInput: price.cachedInput ?? price.input,
    cacheWrite: price.cacheWrite ?? price.input,
    perRequest: price.perRequest ?? new Decimal(0),
    perImage: price.perImage ?? new Decimal(0),
  };
  let total = new Decimal(0);
  for (const [field, { usage: kind, perMillion }] of Object.entries(FIELD_QUANTITY) as [PriceField, (typeof FIELD_QUANTITY)[PriceField]][]) {
    const quantity = dec(usage[kind] ?? 0);
    const cost = quantity.times(effective[field]);
    total = total.plus(perMillion ? cost.div(TOKENS_PER_MILLION) : cost);
  }
  return total;
}
