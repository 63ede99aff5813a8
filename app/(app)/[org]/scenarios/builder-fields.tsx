"use client";
import type { ReactNode } from "react";
import type { CatalogModel } from "@/lib/scenarios/catalogModels";
import { getAt, type Json } from "./builder-state";

// The builder's inputs: a text field bound to a dotted path of the scenario input (decimal strings,
// never floats), showing the engine's message for that path, and a titled section.

export type Setter = (path: string, value: unknown) => void;
export const inputClass = (bad: boolean) => `w-full rounded border px-2 py-1 text-sm ${bad ? "border-red-500" : "border-gray-300"}`;

export function Field({ label, path, input, errors, set, integer, suffix, help }: { label: string; path: string; input: Json; errors: Record<string, string>; set: Setter; integer?: boolean; suffix?: string; help?: ReactNode }) {
  const raw = getAt(input, path);
  const error = errors[path];
  return (
    <label className="block text-sm mb-2">
      <span className="block text-gray-700">{label}{suffix ? <span className="text-gray-500"> ({suffix})</span> : null}</span>
      <input
        name={path}
        aria-label={label}
        inputMode="decimal"
        value={raw === undefined || raw === null ? "" : String(raw)}
        onChange={(e) => set(path, integer ? (e.target.value.trim() === "" ? "" : Number(e.target.value)) : e.target.value)}
        aria-invalid={Boolean(error)}
        className={inputClass(Boolean(error))}
      />
      {help ? <span className="block text-xs text-gray-500">{help}</span> : null}
      {error ? <span role="alert" data-field-error={path} className="block text-xs text-red-600">{error}</span> : null}
    </label>
  );
}

export function Section({ title, children }: { title: string; children: ReactNode }) {
  return (
    <fieldset className="bg-white rounded-lg shadow p-4 mb-4">
      <legend className="text-sm font-semibold px-1">{title}</legend>
      {children}
    </fieldset>
  );
}

export const modelKey = (m: Pick<CatalogModel, "provider" | "model">) => `${m.provider}/${m.model}`;
export const modelLabel = (m: CatalogModel) => `${m.provider} / ${m.model}${m.openWeight ? " (open weights)" : ""} — $${m.input} in / $${m.output} out per 1M`;
