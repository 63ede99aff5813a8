import { Decimal, toCents } from "@/lib/money";
import type { ScenarioAnalysis } from "./engine";
import { scenarioInputToJson, type ScenarioInput } from "./schema";
import type { SavedScenario } from "./store";

// What leaves the server as JSON: money as cent strings (rounded once, here), tokens and rates as
// exact decimal strings, the inputs as the exact JSON the engine parses.

const s = (d: Decimal) => d.toString();
/** An input's value for display: cents for large amounts, four decimals for rates and prices. */
const shown = (d: Decimal) => d.toDecimalPlaces(d.abs().gte(100) ? 2 : 4, Decimal.ROUND_HALF_UP).toString();

export function analysisDto(a: ScenarioAnalysis) {
  return {
    workloadLabel: a.workloadLabel,
    targetLabel: a.targetLabel,
    totals: { months: a.totals.months, baseline: toCents(a.totals.baseline), scenario: toCents(a.totals.scenario), savings: toCents(a.totals.savings), npv: toCents(a.totals.npv), paybackMonth: a.totals.paybackMonth },
    tco3y: { months: a.tco3y.months, baseline: toCents(a.tco3y.baseline), scenario: toCents(a.tco3y.scenario), savings: toCents(a.tco3y.savings) },
    months: a.months.map((m) => ({
      month: m.month,
      volumeTokens: s(m.volumeTokens.toDecimalPlaces(0)),
      baseline: toCents(m.baseline),
      original: toCents(m.original),
      targetApi: toCents(m.targetApi),
      selfHostRunning: toCents(m.selfHostRunning),
      selfHostCapex: toCents(m.selfHostCapex),
      migration: toCents(m.migration),
      gpus: m.gpus,
      scenario: toCents(m.scenario),
      savings: toCents(m.savings),
      cumulativeSavings: toCents(m.cumulativeSavings),
      presentValue: toCents(m.presentValue),
    })),
    sensitivity: a.sensitivity.map((r) => ({ label: r.label, inputs: r.inputs, base: r.base && shown(r.base), low: r.low && shown(r.low), high: r.high && shown(r.high), npvAtLow: toCents(r.npvAtLow), npvAtHigh: toCents(r.npvAtHigh), swing: toCents(r.swing) })),
    explanations: a.explanations,
    risks: a.risks,
    likeForLike: { comparable: a.likeForLike.comparable, sentence: a.likeForLike.sentence },
  };
}
export type AnalysisDto = ReturnType<typeof analysisDto>;

export interface SavedScenarioDto {
  id: string;
  name: string;
  note: string;
  author: { name: string | null; email: string } | null;
  createdAt: string;
  updatedAt: string;
  inputs: ScenarioInput | null;
  inputError: string | null;
}

export function savedScenarioDto(sc: SavedScenario): SavedScenarioDto {
  return {
    id: sc.id,
    name: sc.name,
    note: sc.note,
    author: sc.author ? { name: sc.author.name, email: sc.author.email } : null,
    createdAt: sc.createdAt,
    updatedAt: sc.updatedAt,
    inputs: sc.inputs ? scenarioInputToJson(sc.inputs) : null,
    inputError: sc.inputError,
  };
}

export function authorName(sc: Pick<SavedScenario, "author">): string {
  return sc.author ? (sc.author.name ? `${sc.author.name} (${sc.author.email})` : sc.author.email) : "a former member";
}
