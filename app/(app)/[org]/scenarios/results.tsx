import type { ReactNode } from "react";
import { formatUsd } from "@/lib/money";
import { inputLabel } from "@/lib/breakeven/input-labels";
import type { AnalysisDto } from "@/lib/scenarios/dto";
import { CumulativeChart, MonthlyCostChart, TornadoChart } from "./charts";

// A scenario's outputs, from the analysis DTO (cent strings). Used by the builder (recomputed in
// the browser on every change), the saved page and the printable page, so all three show the
// same figures from the same engine.

export function paybackText(month: number | null, horizon: number): string {
  return month === null ? `not within ${horizon} months` : `month ${month}`;
}

export function Kpi({ label, value, testId, sub }: { label: string; value: string; testId?: string; sub?: ReactNode }) {
  return (
    <div className="bg-white rounded-lg shadow p-3 print:shadow-none print:border">
      <p className="text-xs text-gray-500">{label}</p>
      <p className="text-lg font-semibold break-words" data-testid={testId}>{value}</p>
      {sub ? <p className="text-xs text-gray-500">{sub}</p> : null}
    </div>
  );
}

const OUTPUT_LABEL: Record<string, string> = {
  baseline: "Baseline",
  scenario: "Scenario cost",
  cumulativeSavings: "Cumulative savings",
  paybackMonth: "Payback month",
  npv: "NPV",
  tco3y: "3-year TCO",
  sensitivity: "Sensitivity",
};

export function ScenarioResults({ a, horizon, showMonths = false }: { a: AnalysisDto; horizon: number; showMonths?: boolean }) {
  const base = Number(a.totals.npv);
  const monthly = a.months.map((m) => ({ month: `M${m.month}`, Baseline: Number(m.baseline), Scenario: Number(m.scenario) }));
  const cumulative = a.months.map((m) => ({ month: `M${m.month}`, "Cumulative savings": Number(m.cumulativeSavings) }));
  const tornado = a.sensitivity.slice(0, 10).map((r) => ({ input: r.label, "−20%": Number(r.npvAtLow) - base, "+20%": Number(r.npvAtHigh) - base }));
  return (
    <div className="space-y-4" data-testid="scenario-results">
      <p data-testid="like-for-like" className={a.likeForLike.comparable ? "text-sm text-gray-700" : "text-sm font-semibold text-amber-800 bg-amber-50 rounded p-2"}>{a.likeForLike.sentence}</p>
      <div className="grid grid-cols-2 2xl:grid-cols-4 print:grid-cols-4 gap-3">
        <Kpi label={`NPV (${horizon} months)`} value={formatUsd(a.totals.npv)} testId="npv" />
        <Kpi label="Payback" value={paybackText(a.totals.paybackMonth, horizon)} testId="payback" />
        <Kpi label={a.likeForLike.comparable ? `Savings over ${horizon} months` : `Cost difference over ${horizon} months (not like for like)`} value={formatUsd(a.totals.savings)} testId="savings" sub={`${formatUsd(a.totals.baseline)} → ${formatUsd(a.totals.scenario)}`} />
        <Kpi label="3-year TCO, scenario vs staying put" value={formatUsd(a.tco3y.scenario)} testId="tco-scenario" sub={<>staying put <span data-testid="tco-baseline">{formatUsd(a.tco3y.baseline)}</span></>} />
      </div>
      <section className="bg-white rounded-lg shadow p-4 print:shadow-none break-inside-avoid">
        <h3 className="text-sm text-gray-500 mb-2">Monthly cost: staying put vs the scenario</h3>
        <MonthlyCostChart rows={monthly} />
      </section>
      <section className="bg-white rounded-lg shadow p-4 print:shadow-none break-inside-avoid">
        <h3 className="text-sm text-gray-500 mb-2">Cumulative savings</h3>
        <CumulativeChart rows={cumulative} series={["Cumulative savings"]} />
      </section>
      <section className="bg-white rounded-lg shadow p-4 print:shadow-none break-inside-avoid">
        <h3 className="text-sm text-gray-500 mb-2">How each figure is made</h3>
        <dl className="text-sm space-y-2" data-testid="explanations">
          {a.explanations.map((e) => (
            <div key={e.output}>
              <dt className="font-medium">{OUTPUT_LABEL[e.output] ?? e.output}</dt>
              <dd>{e.text} <span className="text-xs text-gray-500">From: {e.inputs.map(inputLabel).join(", ")}.</span></dd>
            </div>
          ))}
        </dl>
      </section>
      {a.risks.length ? (
        <section className="bg-white rounded-lg shadow p-4 print:shadow-none break-inside-avoid">
          <h3 className="text-sm text-gray-500 mb-2">Risks</h3>
          <ul className="list-disc pl-5 text-sm" data-testid="risks">{a.risks.map((r) => <li key={r}>{r}</li>)}</ul>
        </section>
      ) : null}
      {a.sensitivity.length ? (
        <section className="bg-white rounded-lg shadow p-4 print:shadow-none break-inside-avoid">
          <h3 className="text-sm text-gray-500 mb-2">Sensitivity of the NPV: each input alone at −20% and +20% (change from {formatUsd(a.totals.npv)})</h3>
          <TornadoChart rows={tornado} />
          <table className="w-full text-sm mt-2" data-testid="sensitivity">
            <thead><tr className="text-left text-gray-500"><th className="p-1">Input</th><th className="p-1">Value: −20% / base / +20%</th><th className="p-1 text-right">NPV at −20%</th><th className="p-1 text-right">NPV at +20%</th></tr></thead>
            <tbody>
              {a.sensitivity.map((r) => (
                <tr key={r.label} className="border-t">
                  <td className="p-1">{r.label}</td>
                  <td className="p-1">{r.base === null ? "all parts ×0.8 / ×1.2" : `${r.low} / ${r.base} / ${r.high}`}</td>
                  <td className="p-1 text-right">{formatUsd(r.npvAtLow)}</td>
                  <td className="p-1 text-right">{formatUsd(r.npvAtHigh)}</td>
                </tr>
              ))}
            </tbody>
          </table>
        </section>
      ) : null}
      <MonthTable a={a} open={showMonths} />
    </div>
  );
}

export function MonthTable({ a, open }: { a: AnalysisDto; open: boolean }) {
  const table = (
    <table className="w-full text-xs" data-testid="month-table">
      <thead>
        <tr className="text-left text-gray-500">
          {["Month", "Baseline", "Original vendor", "Target API", "Pool running", "Hardware", "Migration", "GPUs", "Scenario", "Savings", "Cumulative"].map((h) => <th key={h} className="p-1">{h}</th>)}
        </tr>
      </thead>
      <tbody>
        {a.months.map((m) => (
          <tr key={m.month} className="border-t">
            <td className="p-1">{m.month}</td>
            {[m.baseline, m.original, m.targetApi, m.selfHostRunning, m.selfHostCapex, m.migration].map((v, i) => <td key={i} className="p-1">{formatUsd(v)}</td>)}
            <td className="p-1">{m.gpus}</td>
            {[m.scenario, m.savings, m.cumulativeSavings].map((v, i) => <td key={i} className="p-1">{formatUsd(v)}</td>)}
          </tr>
        ))}
      </tbody>
    </table>
  );
  return (
    <section className="bg-white rounded-lg shadow p-4 print:shadow-none">
      {open ? (<><h3 className="text-sm text-gray-500 mb-2">Month by month (USD)</h3>{table}</>) : (<details><summary className="text-sm text-gray-500 cursor-pointer">Month by month (USD)</summary>{table}</details>)}
    </section>
  );
}
