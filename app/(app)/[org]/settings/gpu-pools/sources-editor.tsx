"use client";
import { useMutation } from "@tanstack/react-query";
import { useState, type FormEvent } from "react";
import { api, ApiError } from "@/components/api";
import type { GpuPoolSettingsDto } from "@/lib/gpu/pools";

// A pool's metric sources with their last scrape and last error; add, pause, remove.
export function SourcesEditor({ org, pool, onChanged }: { org: string; pool: GpuPoolSettingsDto; onChanged: () => void }) {
  const [error, setError] = useState<string | null>(null);
  const base = `/api/orgs/${org}/gpu-pools/${pool.id}/sources`;
  const onError = (e: Error) => setError(e instanceof ApiError ? (e.issues[0] ? `${e.issues[0].field}: ${e.issues[0].message}` : e.message) : String(e));
  const add = useMutation({ mutationFn: (body: { kind: string; url: string }) => api(base, { body }), onSuccess: () => { setError(null); onChanged(); }, onError });
  const change = useMutation({ mutationFn: ({ id, enabled }: { id: string; enabled: boolean }) => api(`${base}/${id}`, { method: "PATCH", body: { enabled } }), onSettled: onChanged, onError });
  const remove = useMutation({ mutationFn: (id: string) => api(`${base}/${id}`, { method: "DELETE" }), onSettled: onChanged, onError });

  function onAdd(e: FormEvent<HTMLFormElement>) {
    e.preventDefault();
    const f = new FormData(e.currentTarget);
    add.mutate({ kind: String(f.get("kind")), url: String(f.get("url")) });
  }

  return (
    <div className="text-sm">
      <h3 className="font-medium mb-1">Metric sources</h3>
      {pool.sources.length === 0 ? <p className="text-gray-500">None yet: add a dcgm-exporter or vLLM /metrics URL, or a Prometheus server.</p> : null}
      <ul className="space-y-1">
        {pool.sources.map((s) => (
          <li key={s.id} className="flex flex-wrap gap-x-3 items-baseline border-t pt-1">
            <span className="text-gray-500">{s.kind === "PROMETHEUS_TEXT" ? "/metrics" : "Prometheus API"}</span>
            <code className="break-all">{s.url}</code>
            <span className="text-gray-500">{s.enabled ? (s.lastScrapeAt ? `last scrape ${s.lastScrapeAt.slice(0, 19).replace("T", " ")} UTC` : "not scraped yet") : "paused"}</span>
            {s.lastError ? <span role="alert" className="text-red-700 w-full">{s.lastError}</span> : null}
            <button type="button" className="text-blue-700" onClick={() => change.mutate({ id: s.id, enabled: !s.enabled })}>{s.enabled ? "Pause" : "Resume"}</button>
            <button type="button" className="text-red-700" onClick={() => remove.mutate(s.id)}>Remove</button>
          </li>
        ))}
      </ul>
      <form onSubmit={onAdd} noValidate className="flex gap-2 mt-2" aria-label={`Add a metric source to ${pool.name}`}>
        <select name="kind" aria-label="Source kind" className="border rounded px-2 py-1">
          <option value="PROMETHEUS_TEXT">/metrics page (dcgm-exporter, vLLM)</option>
          <option value="PROMETHEUS_API">Prometheus server (base URL)</option>
        </select>
        <input name="url" aria-label="Source URL" placeholder="http://gpu-node-1:9400/metrics" className="flex-1 border rounded px-2 py-1" />
        <button className="bg-blue-700 text-white rounded px-3 py-1" disabled={add.isPending}>Add source</button>
      </form>
      {error ? <p role="alert" className="text-red-600 mt-1">{error}</p> : null}
    </div>
  );
}
