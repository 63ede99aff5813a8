"use client";
import { useMutation } from "@tanstack/react-query";
import { useState, type FormEvent } from "react";
import { api, ApiError } from "@/components/api";
import { Field } from "@/components/field";
import type { GpuPoolSettingsDto } from "@/lib/gpu/pools";

// Create or edit a pool. The server validates (lib/gpu/pool-input) and names each bad field;
// its messages are shown under the field.
export function PoolForm({ org, pool, onSaved }: { org: string; pool?: GpuPoolSettingsDto; onSaved: () => void }) {
  const [costModel, setCostModel] = useState<"CLOUD" | "OWNED">(pool?.costModel ?? "CLOUD");
  const [errors, setErrors] = useState<Record<string, string>>({});
  const save = useMutation({
    mutationFn: (body: Record<string, unknown>) => (pool ? api(`/api/orgs/${org}/gpu-pools/${pool.id}`, { method: "PATCH", body }) : api(`/api/orgs/${org}/gpu-pools`, { body })),
    onSuccess: () => {
      setErrors({});
      onSaved();
    },
    onError: (e) => setErrors(e instanceof ApiError ? { ...e.fieldErrors(), form: e.message } : { form: String(e) }),
  });
  const id = (name: string) => `${pool?.id ?? "new"}-${name}`;

  function onSubmit(e: FormEvent<HTMLFormElement>) {
    e.preventDefault();
    const body: Record<string, unknown> = Object.fromEntries(new FormData(e.currentTarget).entries());
    body.costModel = costModel;
    save.mutate(body);
  }

  const field = (name: keyof GpuPoolSettingsDto, label: string, extra: { placeholder?: string; defaultValue?: string } = {}) => (
    <Field id={id(name)} name={name} label={label} error={errors[name]} defaultValue={extra.defaultValue ?? String(pool?.[name] ?? "")} placeholder={extra.placeholder} />
  );

  return (
    <form onSubmit={onSubmit} noValidate className="grid grid-cols-1 md:grid-cols-3 gap-x-4" aria-label={pool ? `Edit ${pool.name}` : "New GPU pool"}>
      {field("name", "Pool name", { placeholder: "On-prem H100" })}
      {field("gpuModel", "GPU model", { placeholder: "NVIDIA H100 80GB" })}
      {field("gpuCount", "Number of GPUs")}
      <fieldset className="md:col-span-3 mb-3 text-sm">
        <legend className="text-gray-700 mb-1">Cost model</legend>
        <label className="mr-4"><input type="radio" name="costModelChoice" checked={costModel === "CLOUD"} onChange={() => setCostModel("CLOUD")} /> Cloud (paid per GPU-hour)</label>
        <label><input type="radio" name="costModelChoice" checked={costModel === "OWNED"} onChange={() => setCostModel("OWNED")} /> Owned (bought, amortised)</label>
      </fieldset>
      {costModel === "CLOUD" ? (
        <>
          {field("hourlyRatePerGpu", "Hourly rate per GPU ($)", { placeholder: "2.50" })}
          <label htmlFor={id("pricingTerm")} className="block mb-3 text-sm">
            <span className="block mb-1 text-gray-700">Pricing</span>
            <select id={id("pricingTerm")} name="pricingTerm" defaultValue={pool?.pricingTerm ?? "ON_DEMAND"} className="w-full rounded-md border border-gray-300 px-3 py-2">
              <option value="ON_DEMAND">On-demand</option>
              <option value="RESERVED">Reserved</option>
            </select>
          </label>
        </>
      ) : (
        <>
          {field("purchasePrice", "Purchase price, whole pool ($)")}
          {field("amortisationMonths", "Amortisation (months)", { placeholder: "36" })}
          {field("residualValue", "Residual value ($)", { defaultValue: pool?.residualValue ?? "0" })}
        </>
      )}
      {field("powerPricePerKwh", "Power price ($/kWh)", { placeholder: "0.14" })}
      {field("pue", "PUE", { defaultValue: pool?.pue ?? "1.2" })}
      {field("staffFteShare", "Staff: share of one FTE (0–1)", { defaultValue: pool?.staffFteShare ?? "0" })}
      {field("staffAnnualCost", "Staff: annual cost of one FTE ($)", { defaultValue: pool?.staffAnnualCost ?? "0" })}
      {field("comparableProvider", "Comparable API provider", { placeholder: "openai" })}
      {field("comparableModel", "Comparable API model", { placeholder: "gpt-4o-mini" })}
      {field("idleUtilisationPct", "Idle below (% utilisation)", { defaultValue: pool?.idleUtilisationPct ?? "10" })}
      {field("scrapeIntervalSeconds", "Scrape every (seconds)", { defaultValue: String(pool?.scrapeIntervalSeconds ?? 60) })}
      <div className="md:col-span-3 flex items-center gap-3">
        <button type="submit" disabled={save.isPending} className="rounded-md bg-blue-700 text-white px-4 py-2 disabled:opacity-60">{save.isPending ? "Saving…" : pool ? "Save pool" : "Create pool"}</button>
        {errors.form ? <p role="alert" className="text-red-600 text-sm">{errors.form}</p> : null}
      </div>
    </form>
  );
}
