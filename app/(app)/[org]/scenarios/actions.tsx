"use client";
import { useRouter } from "next/navigation";
import { useState } from "react";
import { api } from "@/components/api";

// Small client pieces of the scenario pages: delete, print, and picking scenarios to compare.

export function DeleteScenarioButton({ org, id, name }: { org: string; id: string; name: string }) {
  const router = useRouter();
  const [error, setError] = useState<string | null>(null);
  return (
    <>
      <button
        type="button"
        className="rounded border border-red-300 text-red-700 px-3 py-1 text-sm"
        onClick={async () => {
          if (!window.confirm(`Delete "${name}"? Everyone in the org loses it.`)) return;
          try {
            await api(`/api/orgs/${org}/scenarios/${id}`, { method: "DELETE" });
            router.push(`/${org}/scenarios`);
            router.refresh();
          } catch (e) {
            setError(e instanceof Error ? e.message : String(e));
          }
        }}
      >
        Delete
      </button>
      {error ? <span role="alert" className="text-xs text-red-600">{error}</span> : null}
    </>
  );
}

export function PrintButton() {
  return <button type="button" onClick={() => window.print()} className="no-print rounded bg-blue-700 text-white px-3 py-1 text-sm">Print / Save as PDF</button>;
}

export function ComparePicker({ org, scenarios }: { org: string; scenarios: { id: string; name: string }[] }) {
  const router = useRouter();
  const [picked, setPicked] = useState<string[]>([]);
  const toggle = (id: string) => setPicked((p) => (p.includes(id) ? p.filter((x) => x !== id) : [...p, id]));
  const ok = picked.length >= 2 && picked.length <= 4;
  return (
    <div className="flex flex-wrap items-center gap-3 text-sm">
      {scenarios.map((s) => (
        <label key={s.id} className="flex items-center gap-1 bg-white rounded border px-2 py-1">
          <input type="checkbox" aria-label={`Compare ${s.name}`} checked={picked.includes(s.id)} onChange={() => toggle(s.id)} /> {s.name}
        </label>
      ))}
      <button type="button" disabled={!ok} onClick={() => router.push(`/${org}/scenarios/compare?ids=${picked.join(",")}`)} className="rounded bg-blue-700 text-white px-3 py-1 disabled:opacity-50">
        Compare selected ({picked.length})
      </button>
      <span className="text-xs text-gray-500">pick 2 to 4</span>
    </div>
  );
}
