import { Decimal } from "@/lib/money";
import type { ApiPrice, TokensByKind } from "./inputs";

/**
 * One API price for a group of models: per token kind, the tokens-weighted average of the
 * models' prices (Σ tokens × price ÷ Σ tokens), so the group's API cost at its measured mix is
 * exactly the sum of its models' costs. Models without a price are left out (and counted).
 */
export function blendApiPrices(parts: { tokens: TokensByKind; price: ApiPrice | null }[]): { price: ApiPrice | null; unpriced: number } {
  const priced = parts.filter((p): p is { tokens: TokensByKind; price: ApiPrice } => p.price !== null);
  if (priced.length === 0) return { price: null, unpriced: parts.length };
  if (priced.length === 1) return { price: priced[0]!.price, unpriced: parts.length - 1 };
  const kinds = [
    ["input", "inputPerMTok", (p: ApiPrice) => p.inputPerMTok],
    ["output", "outputPerMTok", (p: ApiPrice) => p.outputPerMTok],
    ["cachedInput", "cachedInputPerMTok", (p: ApiPrice) => p.cachedInputPerMTok ?? p.inputPerMTok],
    ["cacheWrite", "cacheWritePerMTok", (p: ApiPrice) => p.cacheWritePerMTok ?? p.inputPerMTok],
  ] as const;
  const price = {} as Record<(typeof kinds)[number][1], Decimal>;
  for (const [kind, field, of] of kinds) {
    const tokens = priced.reduce((acc, p) => acc.plus(p.tokens[kind]), new Decimal(0));
    const cost = priced.reduce((acc, p) => acc.plus(p.tokens[kind].times(of(p.price))), new Decimal(0));
    // No tokens of this kind: any price gives the same cost; the plain mean keeps the field sensible when edited.
    price[field] = tokens.isZero() ? priced.reduce((acc, p) => acc.plus(of(p.price)), new Decimal(0)).div(priced.length) : cost.div(tokens);
  }
  return { price, unpriced: parts.length - priced.length };
}
