import { Decimal } from "@/lib/money";
import { selfHostMonthlyCost, totalTokens, type SelfHostOption } from "@/lib/breakeven";
import { bookPriceFor, evidenceOf, listCostCapped, savingRange, usd, workloadKey, workloadParams } from "./price-book";
import type { BookPrice, Opportunity, WorkloadUsage } from "./types";

// Self-hosting: the break-even engine's own monthly self-host cost (lib/breakeven/selfHostCost.ts)
// for the month's tokens, against the workload's list cost, only when the open-weight replacement is
// of the same capability tier (lib/breakeven/capability-match.ts). saving high at the stated
// throughput; low at 80 % of it (throughput measured on a benchmark is rarely met in production).

export const THROUGHPUT_LOW_FACTOR = new Decimal("0.8");

export interface SelfHostPlanForSavings {
  option: SelfHostOption;
  replacementModel: string;
  comparable: boolean;
  /** "On-prem L40S as it is", "new NVIDIA L40S cloud pool". */
  label: string;
  likeForLike: string;
}

export function selfHostingOpportunity(w: WorkloadUsage, book: readonly BookPrice[], plan: SelfHostPlanForSavings | null): Opportunity | null {
  const price = bookPriceFor(book, w.provider, w.model);
  if (!plan || !plan.comparable || !price || price.mode !== "chat" || w.spend.lte(0)) return null;
  const tokens = totalTokens({ input: w.tokens.input, output: w.tokens.output, cachedInput: w.tokens.cachedInput, cacheWrite: w.tokens.cacheWrite });
  if (tokens.isZero()) return null;
  const listCost = listCostCapped(w, price);
  const at = selfHostMonthlyCost(plan.option, tokens);
  const slower = { ...plan.option, throughput: { ...plan.option.throughput, tokensPerSecondPerGpu: plan.option.throughput.tokensPerSecondPerGpu.times(THROUGHPUT_LOW_FACTOR) } };
  const atLow = selfHostMonthlyCost(slower, tokens);
  const saving = savingRange(listCost.minus(atLow.total), listCost.minus(at.total), w.spend);
  if (saving.high.lte(0)) return null;
  return {
    key: `selfHosting:${workloadKey(w)}`,
    kind: "selfHosting",
    title: `Self-host ${plan.replacementModel} for ${w.projectName || w.projectId || "unassigned"} in place of ${w.model}`,
    saving,
    appliesTo: w.spend,
    evidence: [evidenceOf(w)],
    assumptions: [
      plan.likeForLike,
      `${plan.label}: ${at.gpus} GPU(s) at ${plan.option.throughput.tokensPerSecondPerGpu} tokens/s per GPU (${plan.option.throughput.source}), ${plan.option.targetUtilisation.times(100)}% target utilisation: ${usd(at.total)} a month; at ${THROUGHPUT_LOW_FACTOR.times(100)}% of that throughput ${usd(atLow.total)}.`,
      `This month's tokens at list prices: ${usd(listCost)}. Formulas: docs/breakeven.md.`,
    ],
    scenario: { ...workloadParams(w), target: "selfHost", rampMonths: "1", stayPct: "0", horizon: "36" },
    detail: { gpus: at.gpus, selfHostCost: at.total.toString(), listCost: listCost.toString() },
  };
}
