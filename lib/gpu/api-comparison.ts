import { dec, Decimal, type DecimalInput } from "@/lib/money";

// What the tokens a pool served would have cost on the comparable closed API model, at that
// model's price per 1M input and output tokens. Pure.

export interface ApiPrice {
  inputPerMTok: DecimalInput | { toString(): string };
  outputPerMTok: DecimalInput | { toString(): string };
}

/**
 * $ = prompt tokens × input $/1M ÷ 10^6 + generated tokens × output $/1M ÷ 10^6, and that cost
 * per 1M tokens of the same mix (null when nothing was served). A prompt token is billed as an
 * input token and a generated token as an output token, uncached: what vLLM counts.
 */
export function apiCostForTokens(price: ApiPrice, tokens: { promptTokens: bigint; generationTokens: bigint }): { cost: Decimal; perMillion: Decimal | null } {
  const cost = dec(tokens.promptTokens).times(dec(price.inputPerMTok)).plus(dec(tokens.generationTokens).times(dec(price.outputPerMTok))).div(1_000_000);
  const total = tokens.promptTokens + tokens.generationTokens;
  return { cost, perMillion: total > 0n ? cost.div(dec(total)).times(1_000_000) : null }; // $/1M = $ ÷ tokens × 10^6
}

/** "$0.0342" below a dollar (a cent is too coarse for a price per 1M tokens), else "$1,240.50". */
export function formatUsdPerMillion(value: DecimalInput): string {
  const d = dec(value);
  if (d.abs().gte(1)) {
    const [int, frac] = d.abs().toDecimalPlaces(2, Decimal.ROUND_HALF_UP).toFixed(2).split(".");
    return `${d.isNegative() ? "-" : ""}$${int!.replace(/\B(?=(\d{3})+(?!\d))/g, ",")}.${frac}`;
  }
  return `${d.isNegative() ? "-" : ""}$${d.abs().toDecimalPlaces(4, Decimal.ROUND_HALF_UP).toFixed(4)}`;
}
