import { Decimal, sum } from "@/lib/money";
import { dayNumber, isoDayFromNumber, type DailySpend } from "@/lib/spend/forecast";

// Burn-down of a prepaid credit or a spend commitment: how much of it the provider's counted spend has used,
// the rate it is being used at, and the day it runs out at that rate. Pure; amounts are USD, days UTC.

/** Days of recent spend the current rate is the mean of (fewer when the term is younger). */
export const RATE_WINDOW_DAYS = 28;

export interface BurnDownInput {
  amount: Decimal;
  startsOn: string;
  /** last day of the term; null = open-ended */
  endsOn: string | null;
  /** the first incomplete day: spend is counted through the day before */
  today: string;
  /** the provider's counted spend per complete day from startsOn; a day without a row cost nothing */
  daily: readonly DailySpend[];
}

export interface BurnDownPoint {
  date: string;
  /** USD left after this day's spend */
  remaining: Decimal;
}

export interface BurnDown {
  /** USD spent against it, from startsOn to the day before today (or to endsOn when the term is over) */
  consumed: Decimal;
  /** amount − consumed; negative when spend went past it */
  remaining: Decimal;
  /** USD a day: mean of the last `rateDays` complete days of the term (a day without spend counts 0); null before a day is complete */
  dailyRate: Decimal | null;
  rateDays: number;
  status: "not-started" | "active" | "exhausted" | "ended";
  /** the day the running total first reached the amount */
  exhaustedOn: string | null;
  /** the day it runs out at the current rate (active only); null when the rate is 0 or the term ends first */
  runOutDate: string | null;
  /** days from today to the run-out day, today counted (0 = runs out today) */
  daysLeft: number | null;
  /** USD used by endsOn at the current rate (terms with an end only) */
  projectedAtEnd: Decimal | null;
  /** amount − projectedAtEnd, floored at 0: credit expiring unused, or the commitment's shortfall */
  unusedAtEnd: Decimal | null;
  series: BurnDownPoint[];
}

/**
 * Run-out day at rate r (USD/day) with R left at the start of today: today leaves R − r, … the day the running
 * total passes R is today + ⌈R ÷ r⌉ − 1 (R = $100 at $40/day: today $60 left, tomorrow $20, the day after out).
 */
export function commitmentBurnDown(input: BurnDownInput): BurnDown {
  const { amount, startsOn, endsOn, today } = input;
  const first = dayNumber(startsOn);
  const now = dayNumber(today);
  const last = Math.min(now - 1, endsOn ? dayNumber(endsOn) : Infinity); // last complete day of the term
  const byDay = new Map(input.daily.map((d) => [d.date, d.amount]));
  const series: BurnDownPoint[] = [];
  let running = new Decimal(0);
  let exhaustedOn: string | null = null;
  for (let n = first; n <= last; n++) {
    const date = isoDayFromNumber(n);
    running = running.plus(byDay.get(date) ?? 0);
    if (!exhaustedOn && running.gte(amount)) exhaustedOn = date;
    series.push({ date, remaining: amount.minus(running) });
  }
  const consumed = running;
  const remaining = amount.minus(consumed);
  const rateDays = Math.max(0, Math.min(RATE_WINDOW_DAYS, last - first + 1));
  const dailyRate = rateDays > 0 ? sum(series.slice(-rateDays).map((p) => byDay.get(p.date) ?? 0)).div(rateDays) : null;
  const base = { consumed, remaining, dailyRate, rateDays, exhaustedOn, series };
  const none = { runOutDate: null, daysLeft: null, projectedAtEnd: null, unusedAtEnd: null };
  if (now < first) return { ...base, ...none, status: "not-started" };
  if (exhaustedOn) return { ...base, ...none, status: "exhausted" };
  if (endsOn && now > dayNumber(endsOn)) return { ...base, ...none, status: "ended", unusedAtEnd: Decimal.max(remaining, 0), projectedAtEnd: consumed };
  const rate = dailyRate ?? new Decimal(0);
  const atRate = rate.gt(0) ? remaining.div(rate).ceil().toNumber() - 1 : null;
  const daysLeft = atRate !== null && (!endsOn || now + atRate <= dayNumber(endsOn)) ? atRate : null; // past endsOn it expires (or ends) first
  const projectedAtEnd = endsOn ? consumed.plus(rate.times(dayNumber(endsOn) - now + 1)) : null; // today to endsOn, both counted
  return {
    ...base,
    status: "active",
    runOutDate: daysLeft === null ? null : isoDayFromNumber(now + daysLeft),
    daysLeft,
    projectedAtEnd,
    unusedAtEnd: projectedAtEnd ? Decimal.max(amount.minus(projectedAtEnd), 0) : null,
  };
}
