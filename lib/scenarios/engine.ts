import type { Decimal } from "@/lib/money";
import { parseScenarioInput, type ScenarioInputs } from "./schema";
import { scenarioTimeline, totalsOf, TCO_MONTHS, type ScenarioMonth, type ScenarioTotals } from "./timeline";
import { npvSensitivity, type NpvSensitivityRow } from "./sensitivity";
import { explainScenario, scenarioRisks, targetLabel, workloadLabel, type Explanation } from "./explain";
import { scenarioLikeForLike, type LikeForLike } from "./like-for-like";

// The migration-scenario engine: pure and deterministic, no I/O, so the builder runs it in the
// browser on every keystroke and the server runs the same code for saved scenarios and exports.
// Formulas: docs/scenarios.md. It reuses the break-even engine's API and self-host cost functions.

export interface ScenarioAnalysis {
  inputs: ScenarioInputs;
  workloadLabel: string;
  targetLabel: string;
  /** Months 1..horizon. */
  months: ScenarioMonth[];
  /** Over the horizon: baseline, scenario, savings, NPV, payback month. */
  totals: ScenarioTotals;
  /** 3-year total cost of ownership of staying put and of the scenario (cash, 36 months). */
  tco3y: { months: number; baseline: Decimal; scenario: Decimal; savings: Decimal };
  sensitivity: NpvSensitivityRow[];
  explanations: Explanation[];
  risks: string[];
  /** Whether the target is of the same capability tier as today's model; savings are claimed only when it is. */
  likeForLike: LikeForLike;
}

export interface AnalyseScenarioOptions {
  /** The tornado runs the model ~40 more times; lists skip it. */
  includeSensitivity?: boolean;
}

/** Every output of a scenario; throws BAD_INPUT naming the field when an input makes no sense. */
export function analyseScenario(input: unknown, options: AnalyseScenarioOptions = {}): ScenarioAnalysis {
  return analyseParsedScenario(parseScenarioInput(input), options);
}

export function analyseParsedScenario(inputs: ScenarioInputs, options: AnalyseScenarioOptions = {}): ScenarioAnalysis {
  const all = scenarioTimeline(inputs);
  const months = all.slice(0, inputs.horizonMonths);
  const totals = totalsOf(months);
  const tco = totalsOf(all.slice(0, TCO_MONTHS));
  const tco3y = { months: TCO_MONTHS, baseline: tco.baseline, scenario: tco.scenario, savings: tco.savings };
  const sensitivity = options.includeSensitivity === false ? [] : npvSensitivity(inputs);
  return {
    inputs,
    workloadLabel: workloadLabel(inputs),
    targetLabel: targetLabel(inputs),
    months,
    totals,
    tco3y,
    sensitivity,
    explanations: explainScenario(inputs, months, totals, tco3y, sensitivity),
    risks: scenarioRisks(inputs, months, totals, sensitivity),
    likeForLike: scenarioLikeForLike(inputs),
  };
}

export type { ScenarioMonth, ScenarioTotals } from "./timeline";
export type { NpvSensitivityRow } from "./sensitivity";
export type { Explanation } from "./explain";
