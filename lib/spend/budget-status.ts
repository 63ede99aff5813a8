import { Decimal } from "@/lib/money";
import type { MonthEndForecast } from "./forecast";

// Where a month stands against its budget. Pure: the query layer loads spend and the forecast,
// this decides. Ordered from worst to best, so the first true statement wins.

export type BudgetState = "over" | "forecast-over" | "at-risk" | "on-track" | "no-budget";

export interface BudgetJudgement {
  state: BudgetState;
  /** spent ÷ budget; null without a budget (or a budget of 0). */
  usedShare: Decimal | null;
  /** forecast ÷ budget; null likewise. */
  forecastShare: Decimal | null;
  sentence: string;
}

const pct = (share: Decimal) => `${share.times(100).toDecimalPlaces(0, Decimal.ROUND_HALF_UP).toString()}%`;

/**
 * over: already spent more than the budget; forecast-over: the month-end forecast passes it;
 * at-risk: only the high end of the forecast range passes it; on-track: even the high end fits.
 */
export function judgeBudget(budget: Decimal | null, spent: Decimal, forecast: Pick<MonthEndForecast, "forecast" | "high">): BudgetJudgement {
  if (budget === null) return { state: "no-budget", usedShare: null, forecastShare: null, sentence: "No budget set." };
  const share = (v: Decimal) => (budget.isZero() ? null : v.div(budget));
  const usedShare = share(spent), forecastShare = share(forecast.forecast);
  const used = usedShare ? `${pct(usedShare)} used` : "budget is 0";
  if (spent.gt(budget)) return { state: "over", usedShare, forecastShare, sentence: `Over budget: ${used}.` };
  if (forecast.forecast.gt(budget)) return { state: "forecast-over", usedShare, forecastShare, sentence: `Forecast to end the month over budget (${forecastShare ? pct(forecastShare) : "over"}); ${used}.` };
  if (forecast.high.gt(budget)) return { state: "at-risk", usedShare, forecastShare, sentence: `At risk: the high end of the forecast passes the budget; ${used}.` };
  return { state: "on-track", usedShare, forecastShare, sentence: `On track: ${used}, forecast ${forecastShare ? pct(forecastShare) : "within budget"}.` };
}
