import { z } from "zod";
import { Decimal, sum } from "@/lib/money";
import { parseOrThrow } from "@/lib/errors";
import { nonNegativeDecimal } from "@/lib/breakeven/inputs";

// ── daily spend series (shared with anomaly.ts) ─────────────────────────────
// A day is a UTC calendar date "YYYY-MM-DD". A day without a row is "no data", never a fake 0:
// a caller who knows a day cost nothing passes an explicit 0.

const MS_PER_DAY = 86_400_000;
export const WEEKDAY_NAMES = ["Sunday", "Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday"] as const;

function isoDayOf(d: Date): string {
  return d.toISOString().slice(0, 10);
}

/** "YYYY-MM-DD" (a real date) or a Date, whose UTC calendar day is taken. */
export const isoDaySchema = z
  .union([
    z.string().regex(/^\d{4}-\d{2}-\d{2}$/, "must be a date YYYY-MM-DD").refine((s) => !Number.isNaN(Date.parse(`${s}T00:00:00Z`)) && isoDayOf(new Date(`${s}T00:00:00Z`)) === s, "is not a real date"),
    z.date().refine((d) => !Number.isNaN(d.getTime()), "is not a real date"),
  ])
  .transform((v) => (typeof v === "string" ? v : isoDayOf(v)));

/** Spend is non-negative: net credits and refunds out before forecasting or judging a day. */
export const dailySpendSchema = z.strictObject({ date: isoDaySchema, amount: nonNegativeDecimal() });
export type DailySpendInput = z.input<typeof dailySpendSchema>;
export type DailySpend = z.output<typeof dailySpendSchema>;

/** Days since 1970-01-01 (UTC) of an ISO day, so day arithmetic is integer arithmetic. */
export function dayNumber(isoDay: string): number {
  return Date.parse(`${isoDay}T00:00:00Z`) / MS_PER_DAY;
}
export function isoDayFromNumber(n: number): string {
  return isoDayOf(new Date(n * MS_PER_DAY));
}
/** 0 = Sunday … 6 = Saturday. */
export function weekdayOf(isoDay: string): number {
  return new Date(`${isoDay}T00:00:00Z`).getUTCDay();
}

/** Issues for a date given twice in a series (one series, one value per day). */
export function duplicateDayIssues(series: DailySpend[], field: string, ctx: z.RefinementCtx): void {
  const seen = new Set<string>();
  series.forEach((d, i) => {
    if (seen.has(d.date)) ctx.addIssue({ code: "custom", path: [field, i, "date"], message: `${d.date} appears more than once` });
    seen.add(d.date);
  });
}

export function mean(values: Decimal[]): Decimal {
  return sum(values).div(values.length);
}
/** Sample standard deviation (n − 1); 0 for fewer than two values: no dispersion can be seen. */
export function sampleStdDev(values: Decimal[]): Decimal {
  if (values.length < 2) return new Decimal(0);
  const m = mean(values);
  return sum(values.map((v) => v.minus(m).pow(2))).div(values.length - 1).sqrt();
}

// ── month-end forecast ──────────────────────────────────────────────────────

/** A weekday pattern needs at least this many observations of every weekday in the history. */
export const MIN_WEEKS_FOR_PATTERN = 2;

const forecastInputSchema = z
  .strictObject({
    year: z.int().min(2000).max(2200),
    month: z.int().min(1).max(12),
    /** The first incomplete day: days before it are complete, it and later days are projected. */
    today: isoDaySchema,
    /** Spend of complete days of this month; a complete day without a row is projected as missing. */
    daysSoFar: z.array(dailySpendSchema),
    /** Trailing daily spend (~8 weeks, before today) to learn the weekday pattern from. */
    history: z.array(dailySpendSchema).default([]),
  })
  .superRefine((v, ctx) => {
    const monthPrefix = `${v.year}-${String(v.month).padStart(2, "0")}-`;
    if (!v.today.startsWith(monthPrefix)) ctx.addIssue({ code: "custom", path: ["today"], message: `must be a day of ${monthPrefix.slice(0, 7)}` });
    v.daysSoFar.forEach((d, i) => {
      if (!d.date.startsWith(monthPrefix) || d.date >= v.today) {
        ctx.addIssue({ code: "custom", path: ["daysSoFar", i, "date"], message: `${d.date} is not a complete day of ${monthPrefix.slice(0, 7)} before ${v.today}` });
      }
    });
    v.history.forEach((d, i) => {
      if (d.date >= v.today) ctx.addIssue({ code: "custom", path: ["history", i, "date"], message: `${d.date} is not before ${v.today}` });
    });
    duplicateDayIssues(v.daysSoFar, "daysSoFar", ctx);
    duplicateDayIssues(v.history, "history", ctx);
  });
export type MonthEndForecastInput = z.input<typeof forecastInputSchema>;

export interface MonthEndForecast {
  /** USD of the complete days reported so far. */
  actual: Decimal;
  /** USD expected for the whole month = actual + projection of every day without a row. */
  forecast: Decimal;
  /** USD range: the rest of the month running one standard deviation below / above typical. */
  low: Decimal;
  high: Decimal;
  /** "insufficient-data": no history and no day so far; forecast, low and high then equal actual. */
  method: "weekday-pattern" | "daily-mean" | "insufficient-data";
  daysInMonth: number;
  /** Days projected: today to month end, plus complete days that have no row yet. */
  projectedDays: string[];
  /** Complete days with no row (not yet reported, or no data): projected, not counted as 0. */
  missingDays: string[];
  /** USD each projected day is expected to cost at the central forecast (same order as projectedDays); empty without data. */
  projectedDaily: DailySpend[];
}

/** Mean spend per weekday, when the history holds every weekday often enough and some spend. */
function weekdayMeans(history: DailySpend[]): Decimal[] | null {
  const byWeekday: Decimal[][] = [[], [], [], [], [], [], []];
  for (const d of history) byWeekday[weekdayOf(d.date)]!.push(d.amount);
  if (byWeekday.some((values) => values.length < MIN_WEEKS_FOR_PATTERN)) return null;
  const means = byWeekday.map(mean);
  return means.some((m) => m.gt(0)) ? means : null;
}

/** Each day's spend ÷ the mean of its weekday: 1 = a typical day for that weekday. */
function weekdayAdjusted(days: DailySpend[], means: Decimal[]): Decimal[] {
  return days.filter((d) => means[weekdayOf(d.date)]!.gt(0)).map((d) => d.amount.div(means[weekdayOf(d.date)]!));
}

/**
 * Month-end forecast. With a weekday pattern: each projected day = level × its weekday's mean,
 * where level = mean of this month's weekday-adjusted days (1 if none yet). Without: each
 * projected day = mean of the days so far. Range: level ± one standard deviation of the
 * weekday-adjusted days (or of the days so far), floored at 0.
 */
export function forecastMonthEnd(input: MonthEndForecastInput): MonthEndForecast {
  const v = parseOrThrow(forecastInputSchema, input, "forecast");
  const first = dayNumber(`${v.year}-${String(v.month).padStart(2, "0")}-01`);
  const daysInMonth = new Date(Date.UTC(v.year, v.month, 0)).getUTCDate(); // day 0 of next month = last day of this one
  const today = dayNumber(v.today);
  const reported = new Set(v.daysSoFar.map((d) => d.date));
  const allDays = Array.from({ length: daysInMonth }, (_, i) => isoDayFromNumber(first + i));
  const missingDays = allDays.filter((d) => dayNumber(d) < today && !reported.has(d));
  const projectedDays = allDays.filter((d) => !reported.has(d));
  const actual = sum(v.daysSoFar.map((d) => d.amount));
  const result = (method: MonthEndForecast["method"], forecast: Decimal, low: Decimal, high: Decimal, perDay: (day: string) => Decimal | null): MonthEndForecast => ({
    actual,
    forecast,
    low,
    high,
    method,
    daysInMonth,
    projectedDays,
    missingDays,
    projectedDaily: projectedDays.flatMap((date) => {
      const amount = perDay(date);
      return amount === null ? [] : [{ date, amount }];
    }),
  });

  const means = weekdayMeans(v.history);
  if (means) {
    const thisMonth = weekdayAdjusted(v.daysSoFar, means);
    const historySpread = sampleStdDev(weekdayAdjusted(v.history, means));
    const level = thisMonth.length > 0 ? mean(thisMonth) : new Decimal(1); // no day yet: a month like the history
    const spread = thisMonth.length >= 2 ? sampleStdDev(thisMonth) : historySpread;
    const pattern = sum(projectedDays.map((d) => means[weekdayOf(d)]!)); // USD the projected days cost in a typical week
    const at = (l: Decimal) => actual.plus(Decimal.max(l, 0).times(pattern));
    return result("weekday-pattern", at(level), at(level.minus(spread)), at(level.plus(spread)), (d) => Decimal.max(level, 0).times(means[weekdayOf(d)]!));
  }
  if (v.daysSoFar.length > 0) {
    const amounts = v.daysSoFar.map((d) => d.amount);
    const daily = mean(amounts);
    const spread = sampleStdDev(amounts);
    const at = (perDay: Decimal) => actual.plus(Decimal.max(perDay, 0).times(projectedDays.length));
    return result("daily-mean", at(daily), at(daily.minus(spread)), at(daily.plus(spread)), () => Decimal.max(daily, 0));
  }
  return result("insufficient-data", actual, actual, actual, () => null);
}

// ── when a limit is (or will be) passed ─────────────────────────────────────

export interface BreachDate {
  /** The UTC day cumulative spend of the month first reaches the limit. */
  date: string;
  /** true: already passed by recorded spend; false: forecast (recorded complete days, then the projection). */
  passed: boolean;
}

/**
 * The day the month's cumulative spend reaches `limit` (USD). First from what was recorded (the days so far,
 * today's partial day included): if that already reaches it, the day it did. Otherwise from the complete
 * days recorded plus the forecast's projection of every other day (today included, as a whole day), in date
 * order. null: not reached this month at the central forecast (or no forecast could be made).
 * Cumulative sums, so a day is the first whose running total ≥ limit.
 */
export function breachDate(limit: Decimal, recorded: readonly DailySpend[], forecast: Pick<MonthEndForecast, "projectedDaily">, today: string): BreachDate | null {
  const byDate = (a: DailySpend, b: DailySpend) => a.date.localeCompare(b.date);
  let running = new Decimal(0);
  for (const d of [...recorded].sort(byDate)) {
    running = running.plus(d.amount);
    if (running.gte(limit)) return { date: d.date, passed: true };
  }
  const projected = new Set(forecast.projectedDaily.map((d) => d.date));
  const days = [...recorded.filter((d) => d.date < today && !projected.has(d.date)), ...forecast.projectedDaily].sort(byDate);
  running = new Decimal(0);
  for (const d of days) {
    running = running.plus(d.amount);
    if (running.gte(limit)) return { date: d.date, passed: false };
  }
  return null;
}
