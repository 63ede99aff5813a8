import { dec, Decimal } from "@/lib/money";
import { bookPriceFor, evidenceOf, listCostCapped, pct, savingRange, usd, workloadKey, workloadParams } from "./price-book";
import { reservedTermsFor, type ReservedQuote } from "./reserved-prices";
import type { BookPrice, Opportunity, WorkloadUsage } from "./types";

// Reserved capacity: provisioned throughput against pay-per-token at the measured hourly load.
// Load per hour in capacity tokens = input + output × output weight; per minute = ÷ 60.
// n units cover n × TPM per unit each minute; what does not fit ("overflow") stays pay-per-token:
//   cost(n) = n × unit price per month + overflow tokens × pay-per-token price per capacity token
// n runs from the minimum deployment to the units the peak hour needs, in the offering's increments.
// saving high = pay-per-token − min cost(n); low = pay-per-token − cost(n at peak). Negative = a loss.
// Break-even utilisation = unit price ÷ (a unit's capacity tokens in the month × pay-per-token price).

export type ReservedStatus = "saves" | "loses" | "unknown";

/** Capacity tokens per hour (UTC hour start → tokens): per-request events when there are any, else each day spread evenly over 24 hours. */
export function hourlyLoad(w: WorkloadUsage, outputWeight: Decimal): { hours: Decimal[]; source: "events" | "daily, spread evenly" } {
  const hours: Decimal[] = [];
  if (w.hourly && w.hourly.length) {
    const byHour = new Map(w.hourly.map((h) => [h.hour.slice(0, 13), h.input.plus(h.output.times(outputWeight))]));
    const start = Date.parse(`${w.from}T00:00:00Z`);
    for (let i = 0; i < w.days * 24; i++) hours.push(byHour.get(new Date(start + i * 3_600_000).toISOString().slice(0, 13)) ?? new Decimal(0));
    return { hours, source: "events" };
  }
  for (const d of w.daily) {
    const perHour = d.input.plus(d.output.times(outputWeight)).div(24);
    for (let i = 0; i < 24; i++) hours.push(perHour);
  }
  while (hours.length < w.days * 24) hours.push(new Decimal(0));
  return { hours, source: "daily, spread evenly" };
}

function roundUnits(n: number, min: number, increment: number): number {
  if (n <= min) return min;
  return min + Math.ceil((n - min) / increment) * increment;
}

export function reservedCapacityOpportunity(w: WorkloadUsage, book: readonly BookPrice[], quotes: Readonly<Record<string, ReservedQuote>> = {}): Opportunity | null {
  const terms = reservedTermsFor(w.provider, w.model, quotes);
  const price = bookPriceFor(book, w.provider, w.model);
  if (!terms || !price || w.spend.lte(0)) return null;
  const { offering, sizing } = terms;
  const base = {
    key: `reserved:${workloadKey(w)}`, kind: "reserved" as const,
    title: `${offering.label} for ${w.projectName || w.projectId || "unassigned"} on ${w.model}`,
    appliesTo: w.spend, evidence: [evidenceOf(w)], scenario: null,
  };
  if (!terms.unitPricePerMonth || !sizing.inputTpmPerUnit) {
    return {
      ...base, saving: { low: new Decimal(0), high: new Decimal(0) },
      assumptions: [`Unknown: ${!terms.unitPricePerMonth ? `the price per ${offering.unitName} is not published (${offering.priceSource})` : ""}${!terms.unitPricePerMonth && !sizing.inputTpmPerUnit ? "; " : ""}${!sizing.inputTpmPerUnit ? `the tokens per minute per ${offering.unitName} are not published (${offering.throughputSource})` : ""}. Enter a quote to compute it.`],
      detail: { status: "unknown" as ReservedStatus, offering: offering.id },
    };
  }
  const weight = dec(offering.outputWeight);
  const unitPrice = dec(terms.unitPricePerMonth);
  const tpm = dec(sizing.inputTpmPerUnit);
  const { hours, source } = hourlyLoad(w, weight);
  const perUnitHour = tpm.times(60); // capacity tokens a unit serves in an hour
  const totalLoad = hours.reduce((a, h) => a.plus(h), new Decimal(0));
  const payg = listCostCapped(w, price);
  if (totalLoad.isZero()) return null;
  const paygPerToken = payg.div(totalLoad); // USD per capacity token
  const peak = hours.reduce((a, h) => Decimal.max(a, h), new Decimal(0));
  const nPeak = roundUnits(peak.div(perUnitHour).ceil().toNumber(), sizing.minUnits, sizing.increment);
  // Overflow above a capacity c = Σ over hours with load > c of (load − c): loads sorted high to low with
  // running sums make each size O(log hours); the cheapest size is the minimum or one that just covers some hour.
  const sorted = [...hours].sort((a, b) => b.comparedTo(a));
  const prefix = [new Decimal(0)];
  for (const h of sorted) prefix.push(prefix[prefix.length - 1]!.plus(h));
  const overflowAbove = (c: Decimal) => {
    let lo = 0, hi = sorted.length; // first index whose load ≤ c
    while (lo < hi) { const mid = (lo + hi) >> 1; if (sorted[mid]!.gt(c)) lo = mid + 1; else hi = mid; }
    return prefix[lo]!.minus(c.times(lo));
  };
  const costAt = (n: number) => {
    const overflow = overflowAbove(perUnitHour.times(n));
    return { n, cost: unitPrice.times(n).plus(overflow.times(paygPerToken)), covered: totalLoad.minus(overflow) };
  };
  const sizes = new Set<number>([sizing.minUnits, nPeak]);
  for (const h of new Set(sorted.map((x) => x.toString()))) sizes.add(roundUnits(new Decimal(h).div(perUnitHour).ceil().toNumber(), sizing.minUnits, sizing.increment));
  let best = costAt(sizing.minUnits);
  for (const n of [...sizes].sort((a, b) => a - b)) {
    const c = costAt(n);
    if (c.cost.lt(best.cost)) best = c;
  }
  const atPeak = costAt(nPeak);
  const unitMonthTokens = perUnitHour.times(w.days * 24);
  const breakEvenUtilisation = unitPrice.div(unitMonthTokens.times(paygPerToken));
  const utilisation = best.covered.div(unitMonthTokens.times(best.n));
  const status: ReservedStatus = payg.gt(best.cost) ? "saves" : "loses";
  // Hour-of-day profile (UTC) in capacity tokens per minute, averaged over the days: the page's chart.
  const profile = Array.from({ length: 24 }, (_, h) => {
    const own = hours.filter((_, i) => i % 24 === h);
    return own.reduce((a, x) => a.plus(x), new Decimal(0)).div(Math.max(own.length, 1)).div(60).toDecimalPlaces(0).toString();
  });
  const effective = (c: Decimal) => c.times(1_000_000).div(w.tokens.input.plus(w.tokens.output).plus(w.tokens.cachedInput).plus(w.tokens.cacheWrite)).toDecimalPlaces(6, Decimal.ROUND_HALF_UP).toString();
  return {
    ...base,
    saving: savingRange(payg.minus(atPeak.cost), payg.minus(best.cost), w.spend),
    assumptions: [
      `${offering.label}: $${unitPrice} per ${offering.unitName} per month${terms.quoted ? " (your quote)" : ` (as of ${offering.asOf}; ${offering.priceSource})`}; ${tpm} input tokens per minute per ${offering.unitName}, minimum ${sizing.minUnits}, in steps of ${sizing.increment} (${offering.throughputSource}).`,
      `Capacity tokens = input + output × ${weight}. ${offering.note}`,
      `Hourly load from ${source === "events" ? "per-request events" : "daily buckets spread evenly over each day (no per-request events: real peaks are higher, so the saving is an upper bound)"}; peak hour ${peak.div(60).toDecimalPlaces(0)} tokens/min.`,
      `Pay-per-token this month: ${usd(payg)}. Best size ${best.n} ${offering.unitName}s: ${usd(best.cost)} (overflow pay-per-token); sized for the peak (${nPeak}): ${usd(atPeak.cost)}.`,
      `Break-even utilisation ${pct(breakEvenUtilisation)}%; measured utilisation at ${best.n} ${offering.unitName}s ${pct(utilisation)}%.`,
    ],
    scenario: status === "saves" ? {
      ...workloadParams(w), target: "api", targetProvider: "azure", targetModel: price.model,
      targetInput: effective(best.cost), targetOutput: effective(best.cost), targetCachedInput: effective(best.cost), targetCacheWrite: effective(best.cost),
      stayPct: "0", rampMonths: "0", horizon: "12",
    } : null,
    detail: {
      status, offering: offering.id, units: best.n, unitsAtPeak: nPeak, unitPrice: unitPrice.toString(), tpmPerUnit: tpm.toString(),
      payg: payg.toString(), reservedCost: best.cost.toString(), loss: Decimal.max(best.cost.minus(payg), 0).toString(),
      breakEvenUtilisation: breakEvenUtilisation.toString(), utilisation: utilisation.toString(), profile, capacityPerMinute: tpm.times(best.n).toString(), loadSource: source,
    },
  };
}
