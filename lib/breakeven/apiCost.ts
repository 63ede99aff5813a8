import { Decimal } from "@/lib/money";
import { AppError } from "@/lib/errors";
import { totalTokens, type ApiPrice, type TokensByKind } from "./inputs";

const PER_MILLION = new Decimal(1_000_000);

/** API cost is linear in tokens: Σ tokens of each kind × its USD per 1M ÷ 1e6 (USD per month). */
export function apiMonthlyCost(tokens: TokensByKind, price: ApiPrice): Decimal {
  // Without a catalog price for cache reads or writes, they are billed as ordinary input.
  const cached = price.cachedInputPerMTok ?? price.inputPerMTok;
  const cacheWrite = price.cacheWritePerMTok ?? price.inputPerMTok;
  return tokens.input
    .times(price.inputPerMTok)
    .plus(tokens.output.times(price.outputPerMTok))
    .plus(tokens.cachedInput.times(cached))
    .plus(tokens.cacheWrite.times(cacheWrite))
    .div(PER_MILLION);
}

/**
 * USD per token for this workload's mix of kinds: API cost ÷ total tokens. Break-even scales the
 * workload at a fixed mix, so API cost at V tokens = V × this (USD/token).
 */
export function blendedPricePerToken(tokens: TokensByKind, price: ApiPrice): Decimal {
  const total = totalTokens(tokens);
  if (total.isZero()) {
    throw new AppError("BAD_INPUT", "workload: needs some tokens to know the mix of input and output", {
      issues: [{ field: "workload", message: "total tokens per month must be greater than zero" }],
    });
  }
  return apiMonthlyCost(tokens, price).div(total);
}
