"use client";
import { useMutation } from "@tanstack/react-query";
import { useRouter } from "next/navigation";
import { useState, type FormEvent } from "react";
import { api, ApiError } from "@/components/api";
import type { FilterOptions } from "@/lib/spend/queries";

// Save a workload group (a provider / model / project filter over measured usage) so it appears in
// the workload list; the server page is refreshed to model it with the others.

export function SaveGroupForm({ org, options, groups }: { org: string; options: FilterOptions; groups: { id: string; label: string }[] }) {
  const router = useRouter();
  const [errors, setErrors] = useState<Record<string, string>>({});
  const onError = (e: Error) => setErrors(e instanceof ApiError ? { ...e.fieldErrors(), form: e.message } : { form: String(e) });
  const save = useMutation({
    mutationFn: (body: unknown) => api(`/api/orgs/${org}/workloads`, { body }),
    onSuccess: () => { setErrors({}); router.refresh(); },
    onError,
  });
  const remove = useMutation({ mutationFn: (id: string) => api(`/api/orgs/${org}/workloads/${id}`, { method: "DELETE" }), onSuccess: () => router.refresh(), onError });
  const onSubmit = (e: FormEvent<HTMLFormElement>) => {
    e.preventDefault();
    const f = new FormData(e.currentTarget);
    const one = (k: string) => (f.get(k) === "__all__" ? [] : [String(f.get(k))]);
    save.mutate({ name: String(f.get("name") ?? ""), filter: { provider: one("provider"), model: one("model"), project: one("project") } });
  };
  const select = (name: string, label: string, values: { value: string; label: string }[]) => (
    <select name={name} aria-label={label} className="border rounded px-2 py-1" defaultValue="__all__">
      <option value="__all__">{`any ${name}`}</option>
      {values.map((v) => <option key={v.value} value={v.value}>{v.label}</option>)}
    </select>
  );
  return (
    <section className="bg-white rounded-lg shadow p-4 space-y-2 text-sm">
      <h2 className="font-semibold">Workload groups</h2>
      <form onSubmit={onSubmit} className="flex flex-wrap gap-2 items-center" noValidate>
        <input name="name" placeholder="Group name" aria-label="Group name" className="border rounded px-2 py-1" />
        {select("provider", "Group provider", options.providers.map((p) => ({ value: p, label: p })))}
        {select("model", "Group model", options.models.map((m) => ({ value: m, label: m })))}
        {select("project", "Group project", options.projects.map((p) => ({ value: p.id, label: p.name })))}
        <button className="bg-blue-700 text-white rounded px-3 py-1" disabled={save.isPending}>Save group</button>
      </form>
      {Object.entries(errors).filter(([k]) => k !== "form" || Object.keys(errors).length === 1).map(([k, m]) => <p key={k} role="alert" className="text-red-600">{k === "form" ? m : `${k}: ${m}`}</p>)}
      <ul>
        {groups.map((g) => (
          <li key={g.id} className="flex gap-2 items-center">
            {g.label}
            <button type="button" className="text-xs text-red-700" onClick={() => remove.mutate(g.id)} aria-label={`Delete ${g.label}`}>delete</button>
          </li>
        ))}
      </ul>
    </section>
  );
}
