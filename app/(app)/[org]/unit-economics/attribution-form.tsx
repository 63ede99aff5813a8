"use client";
import { useMutation } from "@tanstack/react-query";
import { useState, type FormEvent } from "react";
import { api, ApiError } from "@/components/api";
import type { AttributionConfig } from "@/lib/otlp/attribution";

// The org's attribute → dimension mapping; owners and admins change it (PUT /api/orgs/<org>/otel-attribution).
// New values apply to spans received from then on; spans already stored keep their values.
export function AttributionForm({ org, initial, canEdit }: { org: string; initial: AttributionConfig; canEdit: boolean }) {
  const [saved, setSaved] = useState<AttributionConfig>(initial);
  const [errors, setErrors] = useState<Record<string, string>>({});
  const save = useMutation({
    mutationFn: (body: AttributionConfig) => api<AttributionConfig>(`/api/orgs/${org}/otel-attribution`, { method: "PUT", body }),
    onSuccess: (c) => {
      setErrors({});
      setSaved(c);
    },
    onError: (e) => setErrors(e instanceof ApiError ? { ...e.fieldErrors(), form: e.message } : { form: String(e) }),
  });
  function onSubmit(e: FormEvent<HTMLFormElement>) {
    e.preventDefault();
    const f = new FormData(e.currentTarget);
    const text = (k: string) => String(f.get(k) ?? "").trim();
    save.mutate({
      projectAttribute: text("projectAttribute"),
      userAttributes: text("userAttributes").split(",").map((s) => s.trim()).filter(Boolean),
      featureAttribute: text("featureAttribute"),
      customerAttribute: text("customerAttribute"),
      topN: Number(text("topN")),
    });
  }
  const fields: { name: keyof AttributionConfig; label: string; value: string }[] = [
    { name: "projectAttribute", label: "Project", value: saved.projectAttribute },
    { name: "userAttributes", label: "User (first present, comma-separated)", value: saved.userAttributes.join(", ") },
    { name: "featureAttribute", label: "Feature", value: saved.featureAttribute },
    { name: "customerAttribute", label: "Customer", value: saved.customerAttribute },
    { name: "topN", label: "Values kept per day and dimension", value: String(saved.topN) },
  ];
  return (
    <form onSubmit={onSubmit} noValidate className="grid md:grid-cols-5 gap-2 items-end" data-testid="attribution-form">
      {fields.map((f) => (
        <label key={f.name} className="text-xs text-gray-600 flex flex-col gap-1">
          {f.label}
          <input name={f.name} defaultValue={f.value} disabled={!canEdit} className="border rounded px-2 py-1 text-sm text-gray-900" />
          {errors[f.name] ? <span role="alert" className="text-red-600">{errors[f.name]}</span> : null}
        </label>
      ))}
      {canEdit ? <button className="bg-blue-700 text-white rounded px-3 py-1 md:col-span-5 justify-self-start" disabled={save.isPending}>Save attribution</button> : null}
      {errors.form ? <p role="alert" className="text-red-600 text-sm md:col-span-5">{errors.form}</p> : null}
    </form>
  );
}
