import type { CandidateEvent, OrgAlertData, RuleToEvaluate } from "@/lib/alerts/data";
import { parseRuleParams, type AlertType, type RuleParams } from "@/lib/alerts/rules";
import { evaluateBudgetThreshold, evaluateForecastOverrun, evaluateSpendAnomaly } from "@/lib/alerts/evaluate-spend";
import { evaluatePriceChange, evaluateRetirement, evaluateTermsChange } from "@/lib/alerts/evaluate-watch";
import { evaluateCostPerUnit } from "@/lib/alerts/evaluate-unit-cost";
import { evaluateCreditsRunOut } from "@/lib/alerts/evaluate-commitments";
import { evaluateBreakEvenCrossed, evaluateConnectionFailing, evaluateGpuIdle } from "@/lib/alerts/evaluate-ops";

// Rule evaluation, pure: (rule, the org's data, now) → the events that rule raises now. Each candidate carries
// the de-duplication key of its occurrence (a month's budget threshold, a day's anomaly, one price change,
// one document change …), so the job can insert with ON CONFLICT DO NOTHING and every occurrence is raised
// exactly once however often the job runs. Keys start with the rule id: two rules may alert on the same thing.

type Evaluator<T extends AlertType> = (rule: RuleToEvaluate, params: RuleParams<T>, data: OrgAlertData, now: Date) => CandidateEvent[];

const EVALUATORS: { [T in AlertType]: Evaluator<T> } = {
  BUDGET_THRESHOLD: evaluateBudgetThreshold,
  FORECAST_OVERRUN: evaluateForecastOverrun,
  SPEND_ANOMALY: evaluateSpendAnomaly,
  PRICE_CHANGE: evaluatePriceChange,
  TERMS_CHANGE: evaluateTermsChange,
  RETIREMENT: evaluateRetirement,
  GPU_IDLE: evaluateGpuIdle,
  BREAKEVEN_CROSSED: evaluateBreakEvenCrossed,
  CONNECTION_FAILING: evaluateConnectionFailing,
  COST_PER_UNIT: evaluateCostPerUnit,
  CREDITS_RUNOUT: evaluateCreditsRunOut,
};

/** The events one rule raises on this data at `now` (params validated first; a bad one throws BAD_INPUT). */
export function evaluateRule(rule: RuleToEvaluate, data: OrgAlertData, now: Date): CandidateEvent[] {
  const params = parseRuleParams(rule.type, rule.params);
  return (EVALUATORS[rule.type] as Evaluator<AlertType>)(rule, params as never, data, now);
}
