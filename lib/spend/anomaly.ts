import { z } from "zod";
import { Decimal, formatUsd } from "@/lib/money";
import { parseOrThrow } from "@/lib/errors";
import { nonNegativeDecimal, positiveDecimal } from "@/lib/breakeven/inputs";
import { dailySpendSchema, dayNumber, duplicateDayIssues, isoDayFromNumber, isoDaySchema, WEEKDAY_NAMES, weekdayOf } from "./forecast";

// Is one day's spend (one provider/model) far outside its trailing distribution? A day is
// compared with the same weekday in the trailing weeks, so a busy Monday after a quiet weekend
// is normal. Median and MAD (median absolute deviation) keep one earlier spike from hiding the
// next: robust z = (observed − median) ÷ (1.4826 × MAD), 1.4826 making MAD match a standard
// deviation for normally distributed data.

const MAD_TO_SIGMA = new Decimal("1.4826");
/** The smallest scale a z is measured in: one cent, so a series of exact zeros gives a finite z. */
const MIN_SCALE = new Decimal("0.01");

const anomalyInputSchema = z
  .strictObject({
    /** Daily spend of one provider/model; days after `day` are ignored. */
    series: z.array(dailySpendSchema),
    day: isoDaySchema,
    /** Trailing weeks of the same weekday to compare with. */
    weeks: z.int().min(2).max(52).default(8),
    /** Fewer same-weekday values than this and the day is not judged. */
    minSameWeekdays: z.int().min(2).default(4),
    /** |robust z| at or above which a day is an anomaly. */
    threshold: positiveDecimal().default(new Decimal(4)),
    /** USD: a smaller difference from the usual is never an anomaly ($0.02 vs $0.01 is not news). */
    minAbsoluteDeviation: nonNegativeDecimal().default(new Decimal(5)),
    /** The scale is at least this share of the usual amount, so a perfectly steady series does not flag a 1% wobble. */
    minRelativeScale: nonNegativeDecimal().default(new Decimal("0.05")),
  })
  .superRefine((v, ctx) => duplicateDayIssues(v.series, "series", ctx));
export type SpendAnomalyInput = z.input<typeof anomalyInputSchema>;

export interface SpendAnomaly {
  day: string;
  isAnomaly: boolean;
  /** USD spent that day; null when the series has no row for it. */
  observed: Decimal | null;
  /** USD usual for that weekday: median of the same weekday over the trailing weeks; null if none. */
  expected: Decimal | null;
  /** (observed − expected) ÷ scale; null when the day could not be judged. */
  robustZ: number | null;
  direction: "up" | "down" | "none";
  /** Same-weekday values the day was compared with. */
  comparedWith: number;
  explanation: string;
}

export function median(values: Decimal[]): Decimal {
  const sorted = [...values].sort((a, b) => a.comparedTo(b));
  const mid = Math.floor(sorted.length / 2);
  return sorted.length % 2 === 1 ? sorted[mid]! : sorted[mid - 1]!.plus(sorted[mid]!).div(2);
}

/** Judge one day's spend against the same weekday over the trailing weeks. */
export function detectSpendAnomaly(input: SpendAnomalyInput): SpendAnomaly {
  const v = parseOrThrow(anomalyInputSchema, input, "anomaly");
  const byDay = new Map(v.series.map((d) => [d.date, d.amount]));
  const weekday = WEEKDAY_NAMES[weekdayOf(v.day)]!;
  const label = `${weekday} ${v.day}`;
  const observed = byDay.get(v.day) ?? null;
  const sameWeekday: Decimal[] = [];
  for (let week = 1; week <= v.weeks; week++) {
    const amount = byDay.get(isoDayFromNumber(dayNumber(v.day) - 7 * week));
    if (amount !== undefined) sameWeekday.push(amount);
  }
  const notJudged = (explanation: string, expected: Decimal | null = null): SpendAnomaly => ({
    day: v.day,
    isAnomaly: false,
    observed,
    expected,
    robustZ: null,
    direction: "none",
    comparedWith: sameWeekday.length,
    explanation,
  });

  if (observed === null) return notJudged(`No spend recorded for ${label}; nothing to judge.`);
  if (sameWeekday.length < v.minSameWeekdays) {
    return notJudged(
      `Too little history to judge ${label}: ${sameWeekday.length} earlier ${weekday}s in the last ${v.weeks} weeks, at least ${v.minSameWeekdays} needed.`,
    );
  }

  const expected = median(sameWeekday);
  const mad = median(sameWeekday.map((x) => x.minus(expected).abs()));
  const scale = Decimal.max(mad.times(MAD_TO_SIGMA), expected.abs().times(v.minRelativeScale), MIN_SCALE); // USD
  const deviation = observed.minus(expected); // USD
  const z = deviation.div(scale);
  const direction = deviation.isZero() ? "none" : deviation.gt(0) ? "up" : "down";
  const farOut = z.abs().gte(v.threshold);
  const bigEnough = deviation.abs().gte(v.minAbsoluteDeviation);
  const isAnomaly = farOut && bigEnough;

  const usual = `the usual ${formatUsd(expected)} for a ${weekday} (median of the previous ${sameWeekday.length})`;
  const zText = `robust z ${z.toDecimalPlaces(1, Decimal.ROUND_HALF_UP).toFixed(1)}`;
  let explanation: string;
  if (isAnomaly) {
    const side = direction === "up" ? "above" : "below";
    explanation = `Spend on ${label} was ${formatUsd(observed)}, ${formatUsd(deviation.abs())} ${side} ${usual}; ${zText}.`;
  } else if (farOut) {
    explanation = `Spend on ${label} was ${formatUsd(observed)} against ${usual}; the ${formatUsd(deviation.abs())} difference is under the ${formatUsd(v.minAbsoluteDeviation)} floor.`;
  } else {
    explanation = `Spend on ${label} was ${formatUsd(observed)}, within the usual range: ${usual}; ${zText}.`;
  }
  return { day: v.day, isAnomaly, observed, expected, robustZ: z.toNumber(), direction, comparedWith: sameWeekday.length, explanation };
}
