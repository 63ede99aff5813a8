import { dec, Decimal } from "@/lib/money";
import { catalogProvider } from "@/lib/pricing/price-book";
import { bookPriceFor, cacheReadPrice, cacheWritePrice, evidenceOf, tokenCost, listCostCapped, pct, savingRange, usd, workloadKey, workloadParams } from "./price-book";
import type { BookPrice, HourlyTokens, Opportunity, WorkloadUsage } from "./types";

// Batch API: traffic that can wait (up to 24 h) priced at the provider's batch discount.
// saving = batchable share × list cost of the workload × discount   (USD/month)
// The share comes from the project's "tolerates delay" setting (all of it at best, half at worst),
// or is detected: the share of tokens sent outside business hours, when that is most of them.

/** Batch discount off the pay-per-token price, per provider (checked 2026-12-02; docs/savings.md cites each). */
export const BATCH_DISCOUNTS: Readonly<Record<string, { discount: string; source: string }>> = {
  openai: { discount: "0.5", source: "https://platform.openai.com/docs/guides/batch" },
  anthropic: { discount: "0.5", source: "https://docs.anthropic.com/en/docs/build-with-claude/batch-processing" },
  azure: { discount: "0.5", source: "https://learn.microsoft.com/en-us/azure/ai-services/openai/how-to/batch" },
  bedrock: { discount: "0.5", source: "https://aws.amazon.com/bedrock/pricing/" },
  vertex: { discount: "0.5", source: "https://cloud.google.com/vertex-ai/generative-ai/docs/multimodal/batch-prediction-gemini" },
};

/** Business hours, UTC: Monday–Friday 08:00–19:00 (an assumption; traffic outside them is "off-hours"). */
export const BUSINESS_HOURS = { fromHour: 8, toHour: 19 } as const;
/** Off-hours share from which traffic counts as detected batch-like (most of it is sent when nobody waits). */
export const OFF_HOURS_DETECTION_SHARE = new Decimal("0.5");
/** With only the project setting, the low end assumes half the project's traffic can really wait. */
export const SETTING_LOW_SHARE = new Decimal("0.5");

export function isBusinessHour(isoHour: string): boolean {
  const d = new Date(isoHour);
  const dow = d.getUTCDay();
  const h = d.getUTCHours();
  return dow !== 0 && dow !== 6 && h >= BUSINESS_HOURS.fromHour && h < BUSINESS_HOURS.toHour;
}

/** Share of tokens (input + output) sent outside business hours; null without hourly data or tokens. */
export function offHoursShare(hourly: readonly HourlyTokens[] | null): Decimal | null {
  if (!hourly) return null;
  let off = new Decimal(0), all = new Decimal(0);
  for (const h of hourly) {
    const t = h.input.plus(h.output);
    all = all.plus(t);
    if (!isBusinessHour(h.hour)) off = off.plus(t);
  }
  return all.isZero() ? null : off.div(all);
}

/**
 * The batch discount for this model: from the price book's own batch prices when it lists both
 * (1 − this workload's tokens at batch prices ÷ at list prices; cache reads and writes scale with
 * input), else the provider's published discount; null = no batch API known.
 */
export function batchDiscount(w: WorkloadUsage, price: BookPrice): { discount: Decimal; source: string } | null {
  if (price.batchInput && price.batchOutput && price.input.gt(0)) {
    const ratio = price.batchInput.div(price.input);
    const list = tokenCost(w.tokens, price);
    const batch = tokenCost(w.tokens, { input: price.batchInput, output: price.batchOutput, cachedInput: cacheReadPrice(price).times(ratio), cacheWrite: cacheWritePrice(price).times(ratio) });
    if (list.gt(0)) return { discount: new Decimal(1).minus(batch.div(list)), source: `price book's batch prices ($${price.batchInput} in / $${price.batchOutput} out per 1M)` };
  }
  const terms = BATCH_DISCOUNTS[catalogProvider(w.provider)];
  return terms ? { discount: dec(terms.discount), source: terms.source } : null;
}

export function batchOpportunity(w: WorkloadUsage, book: readonly BookPrice[]): Opportunity | null {
  const price = bookPriceFor(book, w.provider, w.model);
  if (!price || w.spend.lte(0)) return null;
  const terms = batchDiscount(w, price);
  if (!terms || terms.discount.lte(0)) return null;
  const discount = terms.discount;
  const off = offHoursShare(w.hourly);
  let low: Decimal, high: Decimal, why: string;
  if (w.toleratesDelay) {
    [low, high] = [SETTING_LOW_SHARE, new Decimal(1)];
    why = `the project is marked "tolerates delay": between ${pct(low)}% and 100% of its traffic can go through the Batch API`;
  } else if (off && off.gte(OFF_HOURS_DETECTION_SHARE)) {
    [low, high] = [off.div(2), off];
    why = `${pct(off)}% of its tokens were sent outside business hours (Mon–Fri ${BUSINESS_HOURS.fromHour}:00–${BUSINESS_HOURS.toHour}:00 UTC), from per-request events; between half of that and all of it can wait`;
  } else return null;
  const listCost = listCostCapped(w, price);
  const saving = savingRange(listCost.times(low).times(discount), listCost.times(high).times(discount), w.spend);
  if (saving.high.lte(0)) return null;
  const off1 = new Decimal(1).minus(discount);
  const at = (d: Decimal) => d.times(off1).toString();
  return {
    key: `batch:${workloadKey(w)}`,
    kind: "batch",
    title: `Send ${w.projectName || w.projectId || "unassigned"} traffic on ${w.model} through the Batch API`,
    saving,
    appliesTo: w.spend,
    evidence: [evidenceOf(w)],
    assumptions: [
      `Why: ${why}.`,
      `Batch discount ${pct(discount)}% off this workload's list cost (${terms.source}); results arrive within 24 hours.`,
      `List cost of the month's tokens: ${usd(listCost)} (capped at the ${usd(w.spend)} billed).`,
      `saving = share × list cost × discount = ${pct(low)}%…${pct(high)}% × ${usd(listCost)} × ${pct(discount)}%.`,
    ],
    scenario: {
      ...workloadParams(w), target: "api", targetProvider: price.provider, targetModel: price.model,
      targetInput: at(price.input), targetOutput: at(price.output), targetCachedInput: at(cacheReadPrice(price)), targetCacheWrite: at(cacheWritePrice(price)),
      stayPct: new Decimal(1).minus(high).times(100).toString(), rampMonths: "0", horizon: "12",
    },
    detail: { share: { low: low.toString(), high: high.toString() }, discount: discount.toString(), listCost: listCost.toString() },
  };
}
