import { toCents } from "@/lib/money";
import type { ScenarioAnalysis } from "./engine";
import type { SavedScenario } from "./store";
import { authorName } from "./dto";

// CSV exports of one scenario and of a comparison. Money in USD rounded to cents per cell (each
// figure is computed exactly, then rounded once), so a column may differ from its total by a cent.

function cell(v: string | number | null): string {
  const text = v === null ? "" : String(v);
  // Quote when needed; a leading =, +, - or @ in text is prefixed so a spreadsheet never runs it.
  const safe = /^[=+@]/.test(text) || (/^-/.test(text) && !/^-\d/.test(text)) ? `'${text}` : text;
  return /[",\n\r]/.test(safe) ? `"${safe.replace(/"/g, '""')}"` : safe;
}
const line = (cells: (string | number | null)[]) => cells.map(cell).join(",");

function summaryRows(sc: SavedScenario, a: ScenarioAnalysis): (string | number | null)[][] {
  return [
    ["scenario", sc.name],
    ["author", authorName(sc)],
    ["note", sc.note],
    ["workload", a.workloadLabel],
    ["target", a.targetLabel],
    ["horizon_months", a.inputs.horizonMonths],
    ["baseline_usd", toCents(a.totals.baseline)],
    ["scenario_usd", toCents(a.totals.scenario)],
    ["savings_usd", toCents(a.totals.savings)],
    ["npv_usd", toCents(a.totals.npv)],
    ["payback_month", a.totals.paybackMonth],
    ["tco_3y_baseline_usd", toCents(a.tco3y.baseline)],
    ["tco_3y_scenario_usd", toCents(a.tco3y.scenario)],
  ];
}

export const MONTH_COLUMNS = ["month", "volume_tokens", "baseline_usd", "original_vendor_usd", "target_api_usd", "self_host_running_usd", "self_host_capex_usd", "migration_usd", "scenario_usd", "savings_usd", "cumulative_savings_usd", "gpus", "present_value_usd"];

export function scenarioCsv(sc: SavedScenario, a: ScenarioAnalysis): string {
  const rows = [
    ...summaryRows(sc, a).map(line),
    "",
    line(MONTH_COLUMNS),
    ...a.months.map((m) =>
      line([m.month, m.volumeTokens.toDecimalPlaces(0).toString(), toCents(m.baseline), toCents(m.original), toCents(m.targetApi), toCents(m.selfHostRunning), toCents(m.selfHostCapex), toCents(m.migration), toCents(m.scenario), toCents(m.savings), toCents(m.cumulativeSavings), m.gpus, toCents(m.presentValue)]),
    ),
  ];
  return rows.join("\r\n") + "\r\n";
}

export function comparisonCsv(items: { scenario: SavedScenario; analysis: ScenarioAnalysis }[]): string {
  const header = ["scenario", "author", "workload", "target", "horizon_months", "savings_usd", "npv_usd", "payback_month", "tco_3y_baseline_usd", "tco_3y_scenario_usd", "risks"];
  const maxMonths = Math.max(...items.map((i) => i.analysis.months.length));
  const rows = [
    line(header),
    ...items.map(({ scenario: sc, analysis: a }) =>
      line([sc.name, authorName(sc), a.workloadLabel, a.targetLabel, a.inputs.horizonMonths, toCents(a.totals.savings), toCents(a.totals.npv), a.totals.paybackMonth, toCents(a.tco3y.baseline), toCents(a.tco3y.scenario), a.risks.join(" | ")]),
    ),
    "",
    line(["month", ...items.map((i) => `${i.scenario.name}: cumulative_savings_usd`)]),
    ...Array.from({ length: maxMonths }, (_, k) => line([k + 1, ...items.map((i) => (i.analysis.months[k] ? toCents(i.analysis.months[k]!.cumulativeSavings) : null))])),
  ];
  return rows.join("\r\n") + "\r\n";
}

export function csvResponse(body: string, filename: string): Response {
  return new Response(body, { headers: { "content-type": "text/csv; charset=utf-8", "content-disposition": `attachment; filename="${filename.replace(/[^\w.-]+/g, "_")}"` } });
}
