"use client";
import type { Dispatch, SetStateAction } from "react";
import type { FormState } from "./form-state";

// Every input of the break-even model, grouped as a person thinks of them. Typing updates the
// form state; the panel recomputes on each change.

type Key = keyof FormState;

export function InputsForm({ form, setForm, errors }: { form: FormState; setForm: Dispatch<SetStateAction<FormState>>; errors: Record<string, string> }) {
  const set = (k: Key) => (value: string) => setForm((f) => ({ ...f, [k]: value }));
  const field = (k: Key, label: string, hint?: string) => (
    <label key={k} className="flex flex-col text-sm">
      <span className="text-gray-600">{label}</span>
      <input aria-label={label} value={form[k]} onChange={(e) => set(k)(e.target.value)} inputMode="decimal" className={`border rounded px-2 py-1 tabular-nums ${errors[k] ? "border-red-500" : ""}`} />
      {errors[k] ? <span role="alert" className="text-xs text-red-600">{errors[k]}</span> : hint ? <span className="text-xs text-gray-500">{hint}</span> : null}
    </label>
  );
  return (
    <form className="bg-white rounded-lg shadow p-4 space-y-4" onSubmit={(e) => e.preventDefault()} aria-label="Break-even inputs">
      <fieldset className="space-y-2">
        <legend className="font-semibold text-sm">Workload, tokens per month</legend>
        {field("input", "Input tokens per month")}
        {field("output", "Output tokens per month")}
        {field("cachedInput", "Cached input tokens per month")}
      </fieldset>
      <fieldset className="space-y-2">
        <legend className="font-semibold text-sm">API price, USD per 1M tokens</legend>
        {field("inputPerMTok", "Input price (USD per 1M)")}
        {field("outputPerMTok", "Output price (USD per 1M)")}
        {field("cachedInputPerMTok", "Cached input price (USD per 1M)", "empty = priced as input")}
      </fieldset>
      <fieldset className="space-y-2">
        <legend className="font-semibold text-sm">GPUs</legend>
        <label className="flex flex-col text-sm">
          <span className="text-gray-600">Paid as</span>
          <select aria-label="GPU cost model" value={form.costKind} onChange={(e) => set("costKind")(e.target.value)} className="border rounded px-2 py-1">
            <option value="cloud">rented per hour</option>
            <option value="owned">bought</option>
          </select>
        </label>
        {form.costKind === "cloud"
          ? field("hourlyRatePerGpu", "GPU price (USD per GPU-hour)")
          : [field("purchasePricePerGpu", "GPU price (USD per GPU)"), field("amortisationMonths", "Amortised over (months)"), field("residualShare", "Resale value (share of price, 0–1)")]}
        {field("tokensPerSecondPerGpu", "Throughput (tokens/s per GPU)", form.throughputSource === "measured" ? "measured on the pool serving this model" : "estimated for this GPU type and model size: override it")}
        {field("targetUtilisation", "Target utilisation (0–1)")}
        {field("minGpus", "Minimum GPUs")}
      </fieldset>
      <fieldset className="space-y-2">
        <legend className="font-semibold text-sm">Power and people</legend>
        <label className="flex flex-col text-sm">
          <span className="text-gray-600">Electricity as</span>
          <select aria-label="Power model" value={form.powerKind} onChange={(e) => set("powerKind")(e.target.value)} className="border rounded px-2 py-1">
            <option value="watts">watts × price per kWh</option>
            <option value="monthlyAmount">a monthly amount per GPU</option>
          </select>
        </label>
        {form.powerKind === "watts"
          ? [field("wattsPerGpu", "Average watts per GPU"), field("pricePerKwh", "Electricity (USD per kWh)"), field("pue", "PUE (facility ÷ IT power)")]
          : field("perGpuPerMonth", "Electricity (USD per GPU per month)")}
        {field("fteShare", "Operations staff (share of one FTE)")}
        {field("annualCost", "Cost of one FTE (USD per year)")}
      </fieldset>
    </form>
  );
}
