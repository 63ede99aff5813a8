import { z } from "zod";
import { Decimal } from "@/lib/money";
import { parseOrThrow } from "@/lib/errors";
import { apiPriceSchema, nonNegativeDecimal, tokensByKindSchema, totalTokens, type TokensByKind } from "./inputs";
import { apiMonthlyCost } from "./apiCost";

// For a pool that served real traffic: what those tokens would have cost at the API model the
// pool replaces, against what the pool actually cost that month. vLLM counts prompt and generated
// tokens only, so prompt tokens are priced as ordinary input (no cache discount is assumed).

export const realVsModelledInputSchema = z.strictObject({
  /** USD per 1M tokens of the comparable API model (GpuPool.comparableProvider/Model). */
  comparablePrice: apiPriceSchema,
  months: z
    .array(
      z.strictObject({
        month: z.string().regex(/^\d{4}-(0[1-9]|1[0-2])$/, "must be YYYY-MM"),
        tokens: tokensByKindSchema, // tokens the pool served that month
        poolCost: nonNegativeDecimal(), // USD the pool actually cost that month
      }),
    )
    .refine((ms) => new Set(ms.map((m) => m.month)).size === ms.length, "each month may appear once"),
});
export type RealVsModelledInput = z.input<typeof realVsModelledInputSchema>;

export interface RealVsModelledMonth {
  month: string; // YYYY-MM
  tokens: TokensByKind;
  totalTokens: Decimal;
  /** USD the same tokens would have cost at the comparable API price. */
  apiCost: Decimal;
  poolCost: Decimal; // USD
  /** USD = API cost − pool cost; negative means the pool lost money that month. */
  savings: Decimal;
  /** Effective USD per 1M tokens served = pool cost ÷ tokens × 1e6; null with no tokens served. */
  poolCostPerMTok: Decimal | null;
}

export interface RealVsModelled {
  months: RealVsModelledMonth[];
  totals: { apiCost: Decimal; poolCost: Decimal; savings: Decimal; totalTokens: Decimal };
}

/** Month by month, real pool cost against the modelled API cost of the tokens it served. */
export function realVsModelled(input: RealVsModelledInput): RealVsModelled {
  const { comparablePrice, months } = parseOrThrow(realVsModelledInputSchema, input, "realVsModelled");
  const rows = [...months]
    .sort((a, b) => a.month.localeCompare(b.month))
    .map((m): RealVsModelledMonth => {
      const served = totalTokens(m.tokens);
      const apiCost = apiMonthlyCost(m.tokens, comparablePrice);
      return {
        month: m.month,
        tokens: m.tokens,
        totalTokens: served,
        apiCost,
        poolCost: m.poolCost,
        savings: apiCost.minus(m.poolCost),
        poolCostPerMTok: served.isZero() ? null : m.poolCost.div(served).times(1_000_000),
      };
    });
  const add = (pick: (r: RealVsModelledMonth) => Decimal) => rows.reduce((acc, r) => acc.plus(pick(r)), new Decimal(0));
  return {
    months: rows,
    totals: { apiCost: add((r) => r.apiCost), poolCost: add((r) => r.poolCost), savings: add((r) => r.savings), totalTokens: add((r) => r.totalTokens) },
  };
}
