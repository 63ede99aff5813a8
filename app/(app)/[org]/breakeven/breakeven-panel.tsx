"use client";
import { useMemo, useState } from "react";
import { analyseBreakEven, type BreakEvenAnalysis } from "@/lib/breakeven";
import { cheaperHistory, monthName, type CheaperHistory } from "@/lib/breakeven/history";
import { breakEvenHeadlineSentence, likeForLike, type LikeForLike } from "@/lib/breakeven/capability-match";
import { choiceOption } from "@/lib/breakeven/self-host-choices";
import { inputLabel } from "@/lib/breakeven/input-labels";
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
  const [replacement, setReplacement] = useState(workload?.replacement ?? "");
  const choice = data.choices.find((c) => c.id === choiceId);
  const planned = choice ? choiceOption(choice, replacement || null) : null;
  const [form, setForm] = useState<FormState>(() => ({ ...workloadFields(workload), ...choiceFields(planned?.option) }));
  const result = useMemo(() => run(form, workload?.months ?? []), [form, workload]);
  const match = likeForLike(workload?.apiModels ?? [], replacement || null);
  const cur = data.currency;

  // A new workload, self-host choice or replacement model re-derives the self-host inputs from the one pool → option function.
  const replan = (choiceAt: string, model: string) => {
    const c = data.choices.find((x) => x.id === choiceAt);
    setForm((f) => ({ ...f, ...choiceFields(c ? choiceOption(c, model || null).option : undefined) }));
  };
  const pickWorkload = (id: string) => {
    const w = data.workloads.find((x) => x.id === id);
    setWorkloadId(id);
    setReplacement(w?.replacement ?? "");
    setForm((f) => ({ ...f, ...workloadFields(w) }));
    replan(choiceId, w?.replacement ?? "");
  };
  const pickChoice = (id: string) => {
    setChoiceId(id);
    replan(id, replacement);
  };
  const pickReplacement = (model: string) => {
    setReplacement(model);
    replan(choiceId, model);
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
        <label className="flex flex-col">
          <span className="text-gray-500">Replaced by (open-weight)</span>
          <select aria-label="Replacement model" value={replacement} onChange={(e) => pickReplacement(e.target.value)} className="border rounded px-2 py-1 max-w-md">
            <option value="">Not named</option>
            {data.candidates.map((c) => <option key={c.model} value={c.model}>{c.model} · {c.label}{c.served ? " · served by a pool" : ""}</option>)}
          </select>
        </label>
        <p className="text-xs text-gray-500 self-end max-w-md">
          {workload?.volume ? `Volume: ${monthName(workload.volume.month)} as measured. ` : "No measured volume: enter one. "}
          {workload?.priceNote ? `API price: ${workload.priceNote}. ` : ""}
          {planned?.note}
        </p>
        <p className="text-xs text-gray-500 w-full" data-testid="capability-sources">{capabilitySources(match)}</p>
      </div>

      <div className="grid grid-cols-1 xl:grid-cols-3 gap-4">
        <div className="xl:col-span-2 space-y-4">
          {"issues" in result ? (
            <section role="alert" className="bg-white rounded-lg shadow p-4 text-sm text-red-700">
              <p className="font-semibold">Cannot compute with these inputs:</p>
              <ul className="list-disc ml-5">{result.issues.map((i) => <li key={`${i.field}:${i.message}`}>{i.field ? `${i.field}: ` : ""}{i.message}</li>)}</ul>
            </section>
          ) : (
            <Results analysis={result.analysis} history={result.history} currency={cur} match={match} fits={planned?.fits ?? true} fitNote={planned?.note ?? ""} />
          )}
        </div>
        <InputsForm form={form} setForm={setForm} errors={errors} />
      </div>
    </div>
  );
}

/** Where both capability figures come from, with their dates. */
function capabilitySources(m: LikeForLike): string {
  const one = (c: NonNullable<LikeForLike["api"]>) => `${c.family}: ${c.score ? `${c.score.benchmark} ${c.score.value.toFixed(1)}` : c.basis}, ${c.source}, published ${c.published}`;
  return [m.api, m.replacement].filter((c): c is NonNullable<LikeForLike["api"]> => c !== null).map(one).join(" · ");
}

function Results({ analysis: a, history, currency, match, fits, fitNote }: { analysis: BreakEvenAnalysis; history: CheaperHistory | null; currency: string; match: LikeForLike; fits: boolean; fitNote: string }) {
  const be = a.breakEven.tokens;
  const headline = fits ? breakEvenHeadlineSentence(a.standing, match) : { percent: null, sentence: fitNote };
  const standing = headline.percent === null ? headline.sentence : headline.percent >= 100 ? `Self-hosting is cheaper at your volume: you are at ${headline.percent}% of break-even.` : `You are at ${headline.percent}% of break-even.`;
  const tco = a.tco;
  return (
    <>
      <section className="bg-white rounded-lg shadow p-4 space-y-1">
        <p className="text-xl font-semibold" data-testid="breakeven-standing">{standing}</p>
        {match.comparable ? <p className="text-sm text-gray-600" data-testid="breakeven-capability">{match.sentence}</p> : null}
        {history && headline.percent !== null ? <p className="text-gray-700" data-testid="breakeven-history">{history.sentence}</p> : null}
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
        <Figure label="Payback of the hardware" value={a.selfHost.capex.isZero() ? "nothing to pay back: no hardware bought" : a.paybackMonth === null ? "not within 3 years" : `month ${a.paybackMonth}`} testId="payback" />
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
                  <td className="p-1">{sentenceCase(inputLabel(s.input))}</td>
                  <td className="p-1 text-right tabular-nums">{s.breakEvenAtLow ? compactTokens(s.breakEvenAtLow.toNumber()) : "never"}</td>
                  <td className="p-1 text-center text-gray-500">↔</td>
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

const sentenceCase = (s: string) => s.charAt(0).toUpperCase() + s.slice(1);
