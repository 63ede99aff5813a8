"use client";
import { useMutation } from "@tanstack/react-query";
import { useRouter } from "next/navigation";
import { useState, type FormEvent } from "react";
import { api, ApiError } from "@/components/api";

const KINDS: [string, string][] = [["TERMS", "Terms"], ["USAGE_POLICY", "Usage policy"], ["PRIVACY", "Privacy"], ["DATA_PROCESSING", "Data processing (DPA)"], ["PRICING", "Pricing"], ["DEPRECATIONS", "Deprecations"], ["OTHER", "Other"]];

// Watch another vendor page (an org's own URL), optionally narrowed to the document's part with a CSS selector.
export function AddDocumentForm({ org }: { org: string }) {
  const router = useRouter();
  const [errors, setErrors] = useState<Record<string, string>>({});
  const add = useMutation({
    mutationFn: (body: Record<string, string>) => api<{ id: string }>(`/api/orgs/${org}/documents`, { body }),
    onSuccess: () => {
      setErrors({});
      router.refresh();
    },
    onError: (e) => setErrors(e instanceof ApiError ? { ...e.fieldErrors(), form: e.message } : { form: String(e) }),
  });
  function onSubmit(e: FormEvent<HTMLFormElement>) {
    e.preventDefault();
    const f = new FormData(e.currentTarget);
    add.mutate(Object.fromEntries(["title", "url", "vendor", "kind", "cssSelector"].map((k) => [k, String(f.get(k) ?? "")])));
  }
  const err = (k: string) => (errors[k] ? <span role="alert" className="text-xs text-red-600">{errors[k]}</span> : null);
  return (
    <form onSubmit={onSubmit} noValidate className="bg-white rounded-lg shadow p-4 grid grid-cols-1 md:grid-cols-6 gap-2 text-sm items-start">
      <label className="md:col-span-2 flex flex-col">URL<input name="url" placeholder="https://vendor.example/terms" className="border rounded px-2 py-1" />{err("url")}</label>
      <label className="flex flex-col">Title<input name="title" className="border rounded px-2 py-1" />{err("title")}</label>
      <label className="flex flex-col">Vendor<input name="vendor" className="border rounded px-2 py-1" />{err("vendor")}</label>
      <label className="flex flex-col">Kind<select name="kind" className="border rounded px-2 py-1">{KINDS.map(([value, label]) => <option key={value} value={value}>{label}</option>)}</select></label>
      <label className="flex flex-col">CSS selector (optional)<input name="cssSelector" placeholder="#terms" className="border rounded px-2 py-1" />{err("cssSelector")}</label>
      <div className="md:col-span-6 flex gap-3 items-center">
        <button className="bg-blue-700 text-white rounded px-3 py-1" disabled={add.isPending}>Watch this page</button>
        {errors.form && !errors.url && !errors.title && !errors.vendor ? <span role="alert" className="text-red-600">{errors.form}</span> : null}
      </div>
    </form>
  );
}

// Check now / pause / stop watching an org's own document.
export function DocumentActions({ org, documentId, enabled, own }: { org: string; documentId: string; enabled: boolean; own: boolean }) {
  const router = useRouter();
  const [note, setNote] = useState<string | null>(null);
  const act = useMutation({
    mutationFn: (a: "check" | "toggle" | "delete") =>
      a === "check" ? api(`/api/orgs/${org}/documents/${documentId}/check`, { method: "POST" }) : a === "toggle" ? api(`/api/orgs/${org}/documents/${documentId}`, { method: "PATCH", body: { enabled: !enabled } }) : api(`/api/orgs/${org}/documents/${documentId}`, { method: "DELETE" }),
    onSuccess: (r, a) => {
      // the server says whether a check was really queued, and if not why; show its words
      setNote(a === "check" ? ((r as { message?: string } | null)?.message ?? null) : null);
      router.refresh();
    },
    onError: (e) => setNote(e.message),
  });
  return (
    <span className="flex gap-2 text-xs">
      <button type="button" className="underline text-blue-700" onClick={() => act.mutate("check")}>Check now</button>
      {own ? <button type="button" className="underline text-blue-700" onClick={() => act.mutate("toggle")}>{enabled ? "Pause" : "Resume"}</button> : null}
      {own ? <button type="button" className="underline text-red-700" onClick={() => act.mutate("delete")}>Stop watching</button> : null}
      {note ? <span role="status" className="text-gray-600">{note}</span> : null}
    </span>
  );
}
