"use client";
import { useMemo, useState } from "react";
import { analyseBreakEven, type BreakEvenAnalysis } from "@/lib/breakeven";
import { cheaperHistory, monthName, type CheaperHistory } from "@/lib/breakeven/history";
import { isAppError } from "@/lib/errors";
import { formatUsd } from "@/lib/money";
import type { BreakEvenPageDto } from "@/lib/spend/breakeven-view";
import { CostCurveChart, compactTokens } from "./cost-curve-chart";
import { choiceFields, formFieldOf, selfHostOf, toBreakEvenInput, workloadFields, type FormState } from "./form-state";
import { InputsForm } from "./inputs-form";

// The break-even model in the browser: the pure engine (lib/breakeven) runs on every keystroke,
// so a changed GPU price moves the break-even marker at once, with no round trip. Defaults come
// from what was measured (server); everything is editable.

type Result = { analysis: BreakEvenAnalysis; history: CheaperHistory | null } | { issues: { field: string; message: string }[] };

function run(form: FormState, months: BreakEvenPageDto["workloads"][number]["months"]): Result {
  try {
    const input = toBreakEvenInput(form);
    const analysis = analyseBreakEven(input);
    const history = months.length ? cheaperHistory({ months, apiPrice: input.apiPrice, selfHost: selfHostOf(form) }) : null;
    return { analysis, history };
  } catch (e) {
    if (isAppError(e)) return { issues: e.details.issues ?? [{ field: "", message: e.message }] };
    throw e;
  }
}

export function BreakEvenPanel({ data }: { data: BreakEvenPageDto }) {
  const [workloadId, setWorkloadId] = useState(data.workloads[0]?.id ?? "");
  const [choiceId, setChoiceId] = useState(data.choices[0]?.id ?? "");
  const workload = data.workloads.find((w) => w.id === workloadId);
  const choice = data.choices.find((c) => c.id === choiceId);
  const [form, setForm] = useState<FormState>(() => ({ ...workloadFields(workload), ...choiceFields(choice) }));
  const result = useMemo(() => run(form, workload?.months ?? []), [form, workload]);
  const cur = data.currency;

  const pickWorkload = (id: string) => {
    setWorkloadId(id);
    setForm((f) => ({ ...f, ...workloadFields(data.workloads.find((w) => w.id === id)) }));
  };
  const pickChoice = (id: string) => {
    setChoiceId(id);
    setForm((f) => ({ ...f, ...choiceFields(data.choices.find((c) => c.id === id)) }));
  };
  const errors = "issues" in result ? Object.fromEntries(result.issues.map((i) => [formFieldOf(i.field) ?? "", i.message])) : {};

  return (
    <div className="space-y-4">
      <div className="bg-white rounded-lg shadow p-4 flex flex-wrap gap-4 text-sm">
        <label className="flex flex-col">
          <span className="text-gray-500">Workload</span>
          <select aria-label="Workload" value={workloadId} onChange={(e) => pickWorkload(e.target.value)} className="border rounded px-2 py-1 max-w-md">
            {data.workloads.map((w) => <option key={w.id} value={w.id}>{w.label}</option>)}
          </select>
        </label>
        <label className="flex flex-col">
          <span className="text-gray-500">Self-host on</span>
          <select aria-label="Self-host option" value={choiceId} onChange={(e) => pickChoice(e.target.value)} className="border rounded px-2 py-1">
            {data.choices.map((c) => <option key={c.id} value={c.id}>{c.label}</option>)}
          </select>
        </label>
        <p className="text-xs text-gray-500 self-end max-w-md">
          {workload?.volume ? `Volume: ${monthName(workload.volume.month)} as measured. ` : "No measured volume: enter one. "}
          {workload?.priceNote ? `API price: ${workload.priceNote}. ` : ""}
          {choice?.note}
        </p>
      </div>

      <div className="grid grid-cols-1 xl:grid-cols-3 gap-4">
        <div className="xl:col-span-2 space-y-4">
          {"issues" in result ? (
            <section role="alert" className="bg-white rounded-lg shadow p-4 text-sm text-red-700">
              <p className="font-semibold">Cannot compute with these inputs:</p>
              <ul className="list-disc ml-5">{result.issues.map((i) => <li key={`${i.field}:${i.message}`}>{i.field ? `${i.field}: ` : ""}{i.message}</li>)}</ul>
            </section>
          ) : (
            <Results analysis={result.analysis} history={result.history} currency={cur} />
          )}
        </div>
        <InputsForm form={form} setForm={setForm} errors={errors} />
      </div>
    </div>
  );
}

function Results({ analysis: a, history, currency }: { analysis: BreakEvenAnalysis; history: CheaperHistory | null; currency: string }) {
  const be = a.breakEven.tokens;
  const standing = a.standing.percent === null ? a.standing.sentence : a.standing.percent >= 100 ? `Self-hosting is cheaper at your volume: you are at ${a.standing.percent}% of break-even.` : `You are at ${a.standing.percent}% of break-even.`;
  const tco = a.tco;
  return (
    <>
      <section className="bg-white rounded-lg shadow p-4 space-y-1">
        <p className="text-xl font-semibold" data-testid="breakeven-standing">{standing}</p>
        {history ? <p className="text-gray-700" data-testid="breakeven-history">{history.sentence}</p> : null}
      </section>
      <section className="bg-white rounded-lg shadow p-4">
        <CostCurveChart
          points={a.curve.map((p) => ({ tokens: p.tokens.toNumber(), api: p.apiCost.toNumber(), selfHost: p.selfHostCost.toNumber() }))}
          breakEven={be ? be.toNumber() : null}
          volume={a.totalMonthlyTokens.toNumber()}
        />
      </section>
      <section className="bg-white rounded-lg shadow p-4 grid grid-cols-2 md:grid-cols-3 gap-4 text-sm">
        <Figure label="API, per month" value={formatUsd(a.apiMonthlyCost, currency)} testId="api-monthly" />
        <Figure label={`Self-hosted, per month (${a.selfHost.gpus} GPU${a.selfHost.gpus === 1 ? "" : "s"})`} value={formatUsd(a.selfHost.total, currency)} testId="selfhost-monthly" />
        <Figure label="Break-even volume" value={be ? `${compactTokens(be.toNumber())} tokens/month` : "none"} testId="breakeven-volume" />
        <Figure label="Payback (owned hardware)" value={a.paybackMonth === null ? "not within 3 years" : `month ${a.paybackMonth}`} />
        <Figure label="3-year cost, API" value={formatUsd(tco.api, currency)} />
        <Figure label="3-year cost, self-hosted" value={formatUsd(tco.selfHost, currency)} />
      </section>
      {history && history.months.length ? (
        <section className="bg-white rounded-lg shadow p-4">
          <h2 className="text-sm text-gray-500 mb-2">Month by month at these inputs</h2>
          <table className="w-full text-sm">
            <thead><tr className="text-left text-gray-500"><th className="p-1">Month</th><th className="p-1 text-right">Tokens</th><th className="p-1 text-right">API</th><th className="p-1 text-right">Self-hosted</th><th className="p-1">Cheaper</th></tr></thead>
            <tbody>
              {history.months.map((m) => (
                <tr key={m.month} className="border-t">
                  <td className="p-1">{m.month}</td>
                  <td className="p-1 text-right tabular-nums">{compactTokens(m.totalTokens.toNumber())}</td>
                  <td className="p-1 text-right tabular-nums">{formatUsd(m.apiCost, currency)}</td>
                  <td className="p-1 text-right tabular-nums">{formatUsd(m.selfHostCost, currency)}</td>
                  <td className="p-1">{m.selfHostCheaper ? "self-hosted" : "API"}</td>
                </tr>
              ))}
            </tbody>
          </table>
        </section>
      ) : null}
      {a.sensitivity.length ? (
        <section className="bg-white rounded-lg shadow p-4">
          <h2 className="text-sm text-gray-500 mb-2">What moves the break-even most (each input ±20%)</h2>
          <table className="w-full text-sm">
            <tbody>
              {a.sensitivity.slice(0, 6).map((s) => (
                <tr key={s.input} className="border-t">
                  <td className="p-1">{s.input.replace(/^selfHost\./, "").replace(/^apiPrice\./, "API ")}</td>
                  <td className="p-1 text-right tabular-nums">{s.breakEvenAtLow ? compactTokens(s.breakEvenAtLow.toNumber()) : "never"}</td>
                  <td className="p-1 text-center text-gray-400">↔</td>
                  <td className="p-1 tabular-nums">{s.breakEvenAtHigh ? compactTokens(s.breakEvenAtHigh.toNumber()) : "never"}</td>
                </tr>
              ))}
            </tbody>
          </table>
        </section>
      ) : null}
    </>
  );
}

function Figure({ label, value, testId }: { label: string; value: string; testId?: string }) {
  return (
    <div>
      <p className="text-gray-500 text-xs">{label}</p>
      <p className="text-lg font-semibold tabular-nums" data-testid={testId}>{value}</p>
    </div>
  );
}
