import { z } from "zod";
import { parseOrThrow } from "@/lib/errors";
import { apiPriceSchema, positiveDecimal, selfHostOptionSchema, workloadSchema, workloadTokens, type TokensByKind } from "./inputs";
import { blendedPricePerToken } from "./apiCost";
import { DEFAULT_MAX_MONTHLY_TOKENS, type BreakEvenModel } from "./breakEvenVolume";

/** Everything one break-even analysis needs; parsed once so a bad field is named with its path. */
export const breakEvenInputSchema = z.strictObject({
  workload: workloadSchema,
  apiPrice: apiPriceSchema,
  selfHost: selfHostOptionSchema,
  /** Months for payback and TCO; 36 = the 3-year view. */
  horizonMonths: z.int().min(1).max(600).default(36),
  /** Largest monthly token volume the break-even search considers. */
  maxMonthlyTokens: positiveDecimal().default(DEFAULT_MAX_MONTHLY_TOKENS),
});
export type BreakEvenInput = z.input<typeof breakEvenInputSchema>;
export type BreakEvenInputs = z.output<typeof breakEvenInputSchema>;

export function parseBreakEvenInput(input: BreakEvenInput): BreakEvenInputs {
  return parseOrThrow(breakEvenInputSchema, input, "break-even");
}

/** The workload's monthly tokens and the search model (API USD per token at its mix). */
export function buildModel(inputs: BreakEvenInputs): { model: BreakEvenModel; monthly: TokensByKind } {
  const { monthly, tokensPerRequest } = workloadTokens(inputs.workload);
  const model: BreakEvenModel = {
    option: inputs.selfHost,
    apiPricePerToken: blendedPricePerToken(monthly, inputs.apiPrice),
    tokensPerRequest,
  };
  return { model, monthly };
}
