"use client";
import { useRouter } from "next/navigation";
import { useDeferredValue, useMemo, useRef, useState } from "react";
import { api, ApiError } from "@/components/api";
import { formatUsd } from "@/lib/money";
import type { ScenarioInput } from "@/lib/scenarios";
import type { BuilderDefaults } from "@/lib/scenarios/defaults";
import { newPoolOption, poolSelfHostOption } from "@/lib/breakeven/pool-option";
import { catalogPrice } from "@/lib/scenarios/catalogModels";
import { spendPageHref } from "@/lib/scenarios/spendLink";
import { getAt, recalculate, setAt, type Json } from "./builder-state";
import { Field, inputClass, modelKey, modelLabel, Section, type Setter } from "./builder-fields";
import { ScenarioResults } from "./results";

// The scenario builder: every change re-runs the pure engine here in the browser (no round trip),
// so the figures on the right follow each keystroke. Only a change of measured workload asks the
// server (the same query a saved scenario is built from); Save posts the inputs as they are.

interface Props {
  org: string;
  defaults: BuilderDefaults;
  initial: ScenarioInput;
  scenario?: { id: string; name: string; note: string };
}

export function ScenarioBuilder({ org, defaults, initial, scenario }: Props) {
  const router = useRouter();
  const [input, setInput] = useState<Json>(initial as unknown as Json);
  const [name, setName] = useState(scenario?.name ?? "");
  const [note, setNote] = useState(scenario?.note ?? "");
  const [measuring, setMeasuring] = useState(false);
  const [saveError, setSaveError] = useState<string | null>(null);
  const [saveIssues, setSaveIssues] = useState<Record<string, string>>({});
  const [saving, setSaving] = useState(false);
  const measureSeq = useRef(0);
  // The other target's plan is kept while switching kinds, so going back restores it.
  const plans = useRef<{ selfHost: unknown; api: unknown }>({ selfHost: getAt(initial, "target.selfHost"), api: getAt(initial, "target.api") });

  const deferred = useDeferredValue(input);
  const outcome = useMemo(() => recalculate(deferred as unknown as ScenarioInput), [deferred]);
  const lastGood = useRef(outcome.analysis);
  if (outcome.analysis) lastGood.current = outcome.analysis;
  const errors = { ...outcome.errors, ...saveIssues };

  const set: Setter = (path, value) => {
    setSaveIssues({});
    setInput((prev) => setAt(prev, path, value));
  };
  const workload = input.workload as Json;
  const target = input.target as Json;
  const filter = (workload.filter ?? {}) as { provider?: string; model?: string; projectId?: string };

  async function measure(next: { provider?: string; model?: string; projectId?: string }) {
    const seq = ++measureSeq.current;
    setMeasuring(true);
    const q = new URLSearchParams({ month: defaults.month });
    if (next.provider) q.set("provider", next.provider);
    if (next.model) q.set("model", next.model);
    if (next.projectId !== undefined) q.set("projectId", next.projectId);
    try {
      const r = await api<{ workload: Json; growthPctPerMonth: string | null }>(`/api/orgs/${org}/scenarios/measured?${q.toString()}`);
      if (seq !== measureSeq.current) return; // a later choice won
      setInput((prev) => ({ ...setAt(prev, "workload", r.workload), ...(r.growthPctPerMonth !== null ? { growthPctPerMonth: r.growthPctPerMonth } : {}) }));
    } catch (e) {
      setSaveError(e instanceof Error ? e.message : String(e));
    } finally {
      if (seq === measureSeq.current) setMeasuring(false);
    }
  }

  function chooseFilter(next: { provider?: string; model?: string; projectId?: string }) {
    const clean = Object.fromEntries(Object.entries(next).filter(([, v]) => v !== undefined)) as typeof next;
    setInput((prev) => setAt(prev, "workload.filter", clean));
    void measure(clean);
  }

  function chooseSource(source: "measured" | "manual") {
    if (source === workload.source) return;
    if (source === "measured") return chooseFilter(filter);
    const found = defaults.catalog.find((m) => m.model === filter.model && (!filter.provider || m.provider === filter.provider));
    const tokens = (workload.monthlyTokens ?? { input: "0", output: "0" }) as Json;
    set("workload", { source: "manual", label: "", provider: found?.provider ?? filter.provider ?? "", model: found?.model ?? filter.model ?? "", monthlyTokens: tokens, price: found ? catalogPrice(found) : { inputPerMTok: "0", outputPerMTok: "0" } });
  }

  function chooseKind(kind: "selfHost" | "api" | "hybrid") {
    if (target.kind !== "api") plans.current.selfHost = target.selfHost;
    if (target.kind !== "selfHost") plans.current.api = target.api;
    const selfHost = plans.current.selfHost ?? { pool: { source: "new", gpuType: defaults.gpuTypes[2]!.name }, replacementModel: "", option: newPoolOption(defaults.gpuTypes[2]!, "cloud") };
    const fallback = defaults.catalog.find((m) => m.mode === "chat" && m.openWeight) ?? defaults.catalog[0];
    const apiPlan = plans.current.api ?? (fallback ? { provider: fallback.provider, model: fallback.model, price: catalogPrice(fallback) } : { provider: "", model: "", price: { inputPerMTok: "0", outputPerMTok: "0" } });
    set("target", kind === "selfHost" ? { kind, selfHost } : kind === "api" ? { kind, api: apiPlan } : { kind, selfHostSharePct: (target.selfHostSharePct as string) ?? "50", selfHost, api: apiPlan });
  }

  /** The pool's option for the chosen pool, sizing and replacement model: the same function as the Break-even page. */
  function planFor(value: string, replacement: string, costKind: "cloud" | "owned") {
    const [source, id] = [value.slice(0, value.indexOf(":")), value.slice(value.indexOf(":") + 1)];
    if (source === "existing" || source === "right-size") {
      const pool = defaults.pools.find((p) => p.id === id)!;
      const sizing = source === "existing" ? "as-measured" : "right-size";
      const { option } = poolSelfHostOption(pool.settings, pool.measurement, replacement || null, sizing);
      return { pool: { source: "existing", poolId: pool.id, name: pool.name, sizing }, replacementModel: replacement, option };
    }
    const type = defaults.gpuTypes.find((g) => g.name === id) ?? defaults.gpuTypes[2]!;
    return { pool: { source: "new", gpuType: type.name }, replacementModel: replacement, option: newPoolOption(type, costKind, replacement || null) };
  }
  const poolValue = (pool: { source: string; poolId?: string; gpuType?: string; sizing?: string }) =>
    pool.source === "existing" ? `${pool.sizing === "right-size" ? "right-size" : "existing"}:${pool.poolId}` : `new:${pool.gpuType}`;
  const costKindAt = (prefix: string) => (getAt(input, `${prefix}.option.cost.kind`) === "owned" ? "owned" : "cloud");

  function choosePool(value: string, prefix: string) {
    set(prefix, planFor(value, String(getAt(input, `${prefix}.replacementModel`) ?? ""), costKindAt(prefix)));
  }

  function chooseReplacement(prefix: string, model: string) {
    const pool = getAt(input, `${prefix}.pool`) as { source: string; poolId?: string; gpuType?: string; sizing?: string };
    set(prefix, planFor(poolValue(pool), model, costKindAt(prefix)));
  }

  function chooseCostKind(prefix: string, kind: "cloud" | "owned") {
    const typeName = getAt(input, `${prefix}.pool.gpuType`) as string | undefined;
    const type = defaults.gpuTypes.find((g) => g.name === typeName) ?? defaults.gpuTypes[2]!;
    const fresh = newPoolOption(type, kind);
    setInput((prev) => setAt(setAt(prev, `${prefix}.option.cost`, fresh.cost), `${prefix}.option.power`, fresh.power));
  }

  function chooseApiModel(prefix: string, key: string) {
    const m = defaults.catalog.find((c) => modelKey(c) === key);
    if (m) set(prefix, { provider: m.provider, model: m.model, price: catalogPrice(m) });
  }

  async function save() {
    setSaving(true);
    setSaveError(null);
    try {
      const body = { name, note, inputs: input };
      const saved = scenario
        ? await api<{ id: string }>(`/api/orgs/${org}/scenarios/${scenario.id}`, { method: "PATCH", body })
        : await api<{ id: string }>(`/api/orgs/${org}/scenarios`, { method: "POST", body });
      router.push(`/${org}/scenarios/${saved.id}`);
      router.refresh();
    } catch (e) {
      if (e instanceof ApiError) {
        setSaveIssues(Object.fromEntries(e.issues.map((i) => [i.field.replace(/^inputs\./, ""), i.message])));
        setSaveError(e.message);
      } else setSaveError(String(e));
      setSaving(false);
    }
  }

  const providers = [...new Set(defaults.workloads.map((w) => w.provider))];
  const models = [...new Set(defaults.workloads.filter((w) => !filter.provider || w.provider === filter.provider).map((w) => w.model))];
  const projects = [...new Map(defaults.workloads.filter((w) => (!filter.provider || w.provider === filter.provider) && (!filter.model || w.model === filter.model)).map((w) => [w.projectId, w.projectName])).entries()];
  const f = { input, errors, set };

  const poolFields = (prefix: string) => {
    const option = `${prefix}.option`;
    const pool = getAt(input, `${prefix}.pool`) as { source: string; poolId?: string; gpuType?: string };
    const costKind = getAt(input, `${option}.cost.kind`);
    const powerKind = getAt(input, `${option}.power.kind`);
    const source = getAt(input, `${option}.throughput.source`);
    return (
      <div>
        <label className="block text-sm mb-2">
          <span className="block text-gray-700">Pool</span>
          <select aria-label="Pool" className={inputClass(false)} value={poolValue(pool)} onChange={(e) => choosePool(e.target.value, prefix)}>
            {defaults.pools.map((p) => <option key={p.id} value={`existing:${p.id}`}>Existing: {p.name} as it is ({p.gpuCount} × {p.gpuModel})</option>)}
            {defaults.pools.map((p) => <option key={`r${p.id}`} value={`right-size:${p.id}`}>What-if: {p.name} right-sized to what the volume needs</option>)}
            {defaults.gpuTypes.map((g) => <option key={g.name} value={`new:${g.name}`}>New pool of {g.name}</option>)}
          </select>
        </label>
        <label className="block text-sm mb-2">
          <span className="block text-gray-700">Open-weight model it would serve</span>
          <select aria-label="Open-weight model it would serve" className={inputClass(false)} value={String(getAt(input, `${prefix}.replacementModel`) ?? "")} onChange={(e) => chooseReplacement(prefix, e.target.value)}>
            <option value="">Not named (not like for like)</option>
            {defaults.candidates.map((c) => <option key={c.model} value={c.model}>{c.model} · {c.label}{c.served ? " · served by a pool" : ""}</option>)}
          </select>
        </label>
        {pool.source === "new" ? (
          <label className="block text-sm mb-2">
            <span className="block text-gray-700">Cost model</span>
            <select aria-label="Cost model" className={inputClass(false)} value={String(costKind)} onChange={(e) => chooseCostKind(prefix, e.target.value as "cloud" | "owned")}>
              <option value="cloud">Cloud: rented by the hour</option>
              <option value="owned">Owned: bought, amortised</option>
            </select>
          </label>
        ) : null}
        {costKind === "cloud" ? <Field {...f} label="GPU hourly rate" suffix="USD per GPU-hour" path={`${option}.cost.hourlyRatePerGpu`} /> : (
          <>
            <Field {...f} label="Purchase price per GPU" suffix="USD" path={`${option}.cost.purchasePricePerGpu`} />
            <Field {...f} label="Machine price" suffix="USD, without GPUs" path={`${option}.cost.machinePrice`} />
            <Field {...f} label="GPUs per machine" integer path={`${option}.cost.gpusPerMachine`} />
            <Field {...f} label="Other capex" suffix="USD once" path={`${option}.cost.otherCapex`} />
            <Field {...f} label="Amortisation" suffix="months" integer path={`${option}.cost.amortisationMonths`} />
          </>
        )}
        <Field {...f} label="Throughput per GPU" suffix="tokens/s" path={`${option}.throughput.tokensPerSecondPerGpu`} help={source === "measured" ? "measured on the pool serving this model over the last 30 days" : "estimated for this GPU type and model size: edit it"} />
        <Field {...f} label="Target utilisation" suffix="0–1" path={`${option}.targetUtilisation`} />
        {powerKind === "watts" ? (
          <>
            <Field {...f} label="Power per GPU" suffix="W" path={`${option}.power.wattsPerGpu`} />
            <Field {...f} label="Electricity price" suffix="USD per kWh" path={`${option}.power.pricePerKwh`} />
            <Field {...f} label="PUE" path={`${option}.power.pue`} />
          </>
        ) : <Field {...f} label="Power per GPU per month" suffix="USD" path={`${option}.power.perGpuPerMonth`} />}
        <Field {...f} label="Staff share" suffix="FTE" path={`${option}.staff.fteShare`} />
        <Field {...f} label="Staff annual cost" suffix="USD per FTE-year" path={`${option}.staff.annualCost`} />
        <Field {...f} label="Fixed monthly cost" suffix="USD" path={`${option}.fixedMonthly`} />
        <Field {...f} label="Minimum GPUs" integer path={`${option}.minGpus`} />
      </div>
    );
  };

  const apiFields = (prefix: string) => {
    const current = `${getAt(input, `${prefix}.provider`)}/${getAt(input, `${prefix}.model`)}`;
    return (
      <div>
        <label className="block text-sm mb-2">
          <span className="block text-gray-700">API model</span>
          <select aria-label="API model" className={inputClass(false)} value={current} onChange={(e) => chooseApiModel(prefix, e.target.value)}>
            {defaults.catalog.some((m) => modelKey(m) === current) ? null : <option value={current}>{current}</option>}
            {defaults.catalog.map((m) => <option key={modelKey(m)} value={modelKey(m)}>{modelLabel(m)}</option>)}
          </select>
        </label>
        <Field {...f} label="Input price" suffix="USD per 1M tokens" path={`${prefix}.price.inputPerMTok`} />
        <Field {...f} label="Output price" suffix="USD per 1M tokens" path={`${prefix}.price.outputPerMTok`} />
      </div>
    );
  };

  const shown = outcome.analysis ?? lastGood.current;
  return (
    <div className="grid grid-cols-1 xl:grid-cols-[24rem_1fr] gap-6">
      <form onSubmit={(e) => { e.preventDefault(); void save(); }} noValidate>
        <Section title="1. Workload to move">
          <div className="flex gap-4 text-sm mb-3" role="radiogroup" aria-label="Workload source">
            <label><input type="radio" name="source" checked={workload.source === "measured"} onChange={() => chooseSource("measured")} /> Measured usage</label>
            <label><input type="radio" name="source" checked={workload.source === "manual"} onChange={() => chooseSource("manual")} /> Manual volume</label>
          </div>
          {workload.source === "measured" ? (
            <>
              <label className="block text-sm mb-2"><span className="block text-gray-700">Provider</span>
                <select aria-label="Provider" className={inputClass(false)} value={filter.provider ?? ""} onChange={(e) => chooseFilter({ provider: e.target.value || undefined })}>
                  <option value="">Any provider</option>{providers.map((p) => <option key={p}>{p}</option>)}
                </select></label>
              <label className="block text-sm mb-2"><span className="block text-gray-700">Model</span>
                <select aria-label="Model" className={inputClass(false)} value={filter.model ?? ""} onChange={(e) => chooseFilter({ provider: filter.provider, model: e.target.value || undefined })}>
                  <option value="">Any model</option>{models.map((m) => <option key={m}>{m}</option>)}
                </select></label>
              <label className="block text-sm mb-2"><span className="block text-gray-700">Project</span>
                <select aria-label="Project" className={inputClass(false)} value={filter.projectId ?? "\u0000any"} onChange={(e) => chooseFilter({ provider: filter.provider, model: filter.model, projectId: e.target.value === "\u0000any" ? undefined : e.target.value })}>
                  <option value={"\u0000any"}>Any project</option>{projects.map(([id, n]) => <option key={id} value={id}>{n}</option>)}
                </select></label>
              <p className="text-xs text-gray-600" data-testid="measured-volume" aria-busy={measuring}>
                {measuring ? "Measuring…" : <>Measured in {String(workload.month)}: {Number(getAt(workload, "monthlyTokens.input")).toLocaleString("en-US")} input, {Number(getAt(workload, "monthlyTokens.output")).toLocaleString("en-US")} output, {Number(getAt(workload, "monthlyTokens.cachedInput")).toLocaleString("en-US")} cached tokens; <span data-testid="measured-cost">{formatUsd(String(workload.monthlyCost))}</span>.{" "}
                  <a className="underline" href={spendPageHref(org, filter, String(workload.month))}>Same filter on the Spend page</a></>}
              </p>
            </>
          ) : (
            <>
              <label className="block text-sm mb-2"><span className="block text-gray-700">Label</span>
                <input aria-label="Label" className={inputClass(false)} value={String(workload.label ?? "")} onChange={(e) => set("workload.label", e.target.value)} /></label>
              <Field {...f} label="Input tokens a month" path="workload.monthlyTokens.input" />
              <Field {...f} label="Output tokens a month" path="workload.monthlyTokens.output" />
              <Field {...f} label="Cached input tokens a month" path="workload.monthlyTokens.cachedInput" />
              <label className="block text-sm mb-2"><span className="block text-gray-700">Today&apos;s model</span>
                <select aria-label="Today's model" className={inputClass(false)} value={`${String(workload.provider)}/${String(workload.model)}`} onChange={(e) => { const m = defaults.catalog.find((c) => modelKey(c) === e.target.value); if (m) set("workload", { ...workload, provider: m.provider, model: m.model, price: catalogPrice(m) }); }}>
                  <option value={`${String(workload.provider)}/${String(workload.model)}`}>{`${String(workload.provider)}/${String(workload.model)}`}</option>
                  {defaults.catalog.map((m) => <option key={modelKey(m)} value={modelKey(m)}>{modelLabel(m)}</option>)}
                </select></label>
              <Field {...f} label="Today's input price" suffix="USD per 1M tokens" path="workload.price.inputPerMTok" />
              <Field {...f} label="Today's output price" suffix="USD per 1M tokens" path="workload.price.outputPerMTok" />
            </>
          )}
        </Section>

        <Section title="2. Where it goes">
          <div className="flex gap-4 text-sm mb-3" role="radiogroup" aria-label="Target">
            <label><input type="radio" name="kind" checked={target.kind === "selfHost"} onChange={() => chooseKind("selfHost")} /> Self-hosted</label>
            <label><input type="radio" name="kind" checked={target.kind === "api"} onChange={() => chooseKind("api")} /> Another API</label>
            <label><input type="radio" name="kind" checked={target.kind === "hybrid"} onChange={() => chooseKind("hybrid")} /> Hybrid</label>
          </div>
          {target.kind === "hybrid" ? <Field {...f} label="Share on the self-hosted pool" suffix="%" path="target.selfHostSharePct" help="the rest of the moved traffic goes to the API model" /> : null}
          {target.kind !== "api" ? poolFields("target.selfHost") : null}
          {target.kind !== "selfHost" ? apiFields("target.api") : null}
        </Section>

        <Section title="3. Assumptions">
          <label className="block text-sm mb-2"><span className="block text-gray-700">Horizon</span>
            <select aria-label="Horizon" className={inputClass(Boolean(errors.horizonMonths))} value={String(input.horizonMonths)} onChange={(e) => set("horizonMonths", Number(e.target.value))}>
              {[12, 24, 36].map((m) => <option key={m} value={m}>{m} months</option>)}
            </select></label>
          <Field {...f} label="Monthly growth" suffix="% a month" path="growthPctPerMonth" help={workload.source === "measured" ? "default: the workload's growth over the last 3 months" : undefined} />
          <Field {...f} label="Today's vendor price change" suffix="%" path="baselinePriceChangePct" help="+100 = prices double from month 1" />
          <Field {...f} label="Engineering weeks" path="migration.engineeringWeeks" />
          <Field {...f} label="Weekly engineering rate" suffix="USD" path="migration.weeklyRate" />
          <Field {...f} label="Ramp: months running both" integer path="rampMonths" />
          <Field {...f} label="Share that must stay on today's vendor" suffix="%" path="stayOnOriginalPct" help="quality or risk: this traffic never moves" />
          <Field {...f} label="Discount rate" suffix="% a year" path="discountRatePctPerYear" />
        </Section>

        <Section title="4. Save">
          <label className="block text-sm mb-2"><span className="block text-gray-700">Name</span>
            <input aria-label="Name" className={inputClass(Boolean(saveIssues.name))} value={name} onChange={(e) => setName(e.target.value)} /></label>
          {saveIssues.name ? <p role="alert" className="text-xs text-red-600">{saveIssues.name}</p> : null}
          <label className="block text-sm mb-2"><span className="block text-gray-700">Note</span>
            <textarea aria-label="Note" className={inputClass(false)} rows={3} value={note} onChange={(e) => setNote(e.target.value)} /></label>
          <button type="submit" disabled={saving || measuring} className="w-full rounded-md bg-blue-700 text-white py-2 font-medium disabled:opacity-60">{saving ? "Saving…" : scenario ? "Save changes" : "Save scenario"}</button>
          {saveError ? <p role="alert" className="text-xs text-red-600 mt-2">{saveError}</p> : null}
        </Section>
      </form>

      <div>
        <h2 className="text-lg font-semibold mb-2">Result <span className="text-sm font-normal text-gray-500">(recalculated as you type)</span></h2>
        {outcome.message ? <p role="alert" data-testid="engine-error" className="text-sm text-red-700 bg-red-50 rounded p-2 mb-3">{outcome.message}</p> : null}
        {shown ? (
          <div className={outcome.analysis ? "" : "opacity-50"}>
            <p className="text-sm text-gray-600 mb-3" data-testid="scenario-summary">Move <b>{shown.workloadLabel}</b> to <b>{shown.targetLabel}</b>.</p>
            <ScenarioResults a={shown} horizon={Number(input.horizonMonths) || shown.totals.months} />
          </div>
        ) : null}
      </div>
    </div>
  );
}
