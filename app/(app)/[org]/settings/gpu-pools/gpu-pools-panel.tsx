"use client";
import { useMutation, useQuery, useQueryClient } from "@tanstack/react-query";
import Link from "next/link";
import { useState } from "react";
import { api } from "@/components/api";
import type { GpuPoolSettingsDto } from "@/lib/gpu/pools";
import { PoolForm } from "./pool-form";
import { SourcesEditor } from "./sources-editor";

export function GpuPoolsPanel({ org, initial }: { org: string; initial: GpuPoolSettingsDto[] }) {
  const qc = useQueryClient();
  const key = ["gpu-pools", org];
  const { data: pools } = useQuery({ queryKey: key, queryFn: async () => (await api<{ pools: GpuPoolSettingsDto[] }>(`/api/orgs/${org}/gpu-pools`)).pools, initialData: initial });
  const [editing, setEditing] = useState<string | null>(initial.length ? null : "new");
  const refresh = () => qc.invalidateQueries({ queryKey: key });
  const remove = useMutation({ mutationFn: (id: string) => api(`/api/orgs/${org}/gpu-pools/${id}`, { method: "DELETE" }), onSettled: refresh });

  return (
    <div className="space-y-6">
      {pools.map((p) => (
        <section key={p.id} className="bg-white rounded-lg shadow p-4 space-y-3" data-testid={`pool-settings-${p.name}`}>
          <div className="flex justify-between items-baseline">
            <h2 className="text-lg font-semibold">{p.name}</h2>
            <div className="flex gap-3 text-sm">
              <Link href={`/${org}/gpu-pools/${p.id}`} className="text-blue-700">View costs</Link>
              <button type="button" className="text-blue-700" onClick={() => setEditing(editing === p.id ? null : p.id)}>{editing === p.id ? "Close" : "Edit"}</button>
              <button type="button" className="text-red-700" onClick={() => window.confirm(`Delete ${p.name} and all its metrics?`) && remove.mutate(p.id)}>Delete</button>
            </div>
          </div>
          <p className="text-sm text-gray-600">
            {p.gpuCount} × {p.gpuModel} · {p.costModel === "CLOUD" ? `cloud, $${p.hourlyRatePerGpu}/GPU-hour ${p.pricingTerm === "RESERVED" ? "reserved" : "on-demand"}` : `owned, $${p.purchasePrice} over ${p.amortisationMonths} months`} · scraped every {p.scrapeIntervalSeconds} s
          </p>
          {editing === p.id ? <PoolForm org={org} pool={p} onSaved={() => { setEditing(null); void refresh(); }} /> : null}
          <SourcesEditor org={org} pool={p} onChanged={refresh} />
        </section>
      ))}
      {editing === "new" ? (
        <section className="bg-white rounded-lg shadow p-4">
          <h2 className="text-lg font-semibold mb-2">New GPU pool</h2>
          <PoolForm org={org} onSaved={() => { setEditing(null); void refresh(); }} />
        </section>
      ) : (
        <button type="button" className="bg-blue-700 text-white rounded px-3 py-1" onClick={() => setEditing("new")}>Add a GPU pool</button>
      )}
    </div>
  );
}
