"use client";
import { useMutation } from "@tanstack/react-query";
import { useRouter } from "next/navigation";
import { useState, type FormEvent } from "react";
import { api, ApiError } from "@/components/api";

// The value is typed as the field needs it: yes/no, a number of days, a comma-separated list or a URL.
function parseValue(field: string, raw: string): unknown {
  if (["trainsOnInputsByDefault", "optOutAvailable", "zeroDataRetention"].includes(field)) return raw === "yes" ? true : raw === "no" ? false : raw;
  if (field === "retentionDays") return raw.trim() === "" ? raw : Number(raw);
  if (field === "regions" || field === "certifications") return raw.split(",").map((s) => s.trim()).filter(Boolean);
  return raw.trim();
}

export function OverrideForm({ org, offerings, fields }: { org: string; offerings: { key: string; label: string }[]; fields: { field: string; label: string }[] }) {
  const router = useRouter();
  const [errors, setErrors] = useState<Record<string, string>>({});
  const save = useMutation({
    mutationFn: (body: unknown) => api(`/api/orgs/${org}/privacy-posture`, { method: "PUT", body }),
    onSuccess: () => router.refresh(),
    onError: (e) => setErrors(e instanceof ApiError ? { ...e.fieldErrors(), form: e.message } : { form: String(e) }),
  });
  function onSubmit(e: FormEvent<HTMLFormElement>) {
    e.preventDefault();
    const f = new FormData(e.currentTarget);
    const [vendor, offering] = String(f.get("offering")).split("/");
    const field = String(f.get("field"));
    setErrors({});
    save.mutate({ vendor, offering, field, value: parseValue(field, String(f.get("value") ?? "")), note: f.get("note") });
  }
  return (
    <form onSubmit={onSubmit} aria-label="Record your contract" className="bg-white rounded-lg shadow p-3 text-sm space-y-2">
      <h2 className="font-semibold">Record what your contract says</h2>
      <label className="block">Offering <select name="offering" className="border rounded px-1">{offerings.map((o) => <option key={o.key} value={o.key}>{o.label}</option>)}</select></label>
      <label className="block">Field <select name="field" className="border rounded px-1">{fields.map((x) => <option key={x.field} value={x.field}>{x.label}</option>)}</select></label>
      <label className="block">Value <input name="value" className="border rounded px-1" placeholder="yes / no, days, EU, US, or a URL" /></label>
      <label className="block">Where this comes from <input name="note" className="border rounded px-1 w-full" placeholder="Enterprise agreement 2026-03, section 4.2" /></label>
      {Object.entries(errors).map(([k, v]) => <p key={k} role="alert" className="text-red-600 text-xs">{v}</p>)}
      <button type="submit" className="bg-blue-700 text-white rounded px-3 py-1">Save</button>
    </form>
  );
}
