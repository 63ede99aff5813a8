"use client";
import { useMutation } from "@tanstack/react-query";
import { useRouter } from "next/navigation";
import { useState, type FormEvent } from "react";
import { api, ApiError } from "@/components/api";
import { formatUsd } from "@/lib/money";
import type { BudgetLineDto } from "@/lib/spend/view";

// Budgets with this month's spend and month-end forecast (and its range). Roles allowed
// budgets.manage edit in place; the server page is refreshed after a change so every figure
// comes from the query layer again.

const STATE_STYLE: Record<BudgetLineDto["state"], string> = {
  over: "bg-red-100 text-red-800",
  "forecast-over": "bg-red-50 text-red-700",
  "at-risk": "bg-amber-100 text-amber-800",
  "on-track": "bg-green-100 text-green-800",
  "no-budget": "bg-gray-100 text-gray-600",
};

export function BudgetsPanel({ org, lines, projects, currency, canManage, csvHref }: { org: string; lines: BudgetLineDto[]; projects: { id: string; name: string }[]; currency: string; canManage: boolean; csvHref: string }) {
  const router = useRouter();
  const [error, setError] = useState<string | null>(null);
  const save = useMutation({
    mutationFn: (body: { projectId: string; amount: string | null }) => api(`/api/orgs/${org}/budgets`, { method: "PUT", body }),
    onSuccess: () => {
      setError(null);
      router.refresh();
    },
    onError: (e) => setError(e instanceof ApiError ? (e.issues[0]?.message ?? e.message) : String(e)),
  });
  const onSubmit = (e: FormEvent<HTMLFormElement>, projectId?: string) => {
    e.preventDefault();
    const f = new FormData(e.currentTarget);
    const amount = String(f.get("amount") ?? "").trim().replace(/[$,]/g, "");
    save.mutate({ projectId: projectId ?? String(f.get("projectId")), amount: amount === "" ? null : amount });
  };
  const unbudgeted = projects.filter((p) => !lines.some((l) => l.projectId === p.id));

  return (
    <div className="space-y-3">
      <table className="w-full text-sm" data-testid="budgets-table">
        <thead>
          <tr className="text-left text-gray-500">
            <th className="p-2">Budget for</th>
            <th className="p-2 text-right">Monthly budget</th>
            <th className="p-2 text-right">Spent so far</th>
            <th className="p-2 text-right">Month-end forecast</th>
            <th className="p-2">Status</th>
          </tr>
        </thead>
        <tbody>
          {lines.map((l) => (
            <tr key={l.projectId} className="border-t align-top">
              <td className="p-2">{l.label}</td>
              <td className="p-2 text-right">
                {canManage ? (
                  <form onSubmit={(e) => onSubmit(e, l.projectId)} className="flex justify-end gap-1">
                    <input name="amount" defaultValue={l.budget ?? ""} placeholder="none" aria-label={`Budget for ${l.label}`} className="w-28 border rounded px-1 text-right" inputMode="decimal" />
                    <button className="text-blue-700 text-xs" disabled={save.isPending}>Save</button>
                  </form>
                ) : l.budget === null ? "—" : formatUsd(l.budget, currency)}
              </td>
              <td className="p-2 text-right tabular-nums">{formatUsd(l.spent, currency)}</td>
              <td className="p-2 text-right tabular-nums" title={`method: ${l.method}`}>
                {formatUsd(l.forecast, currency)}
                <div className="text-xs text-gray-500">range {formatUsd(l.low, currency)} – {formatUsd(l.high, currency)}</div>
              </td>
              <td className="p-2">
                <span className={`rounded px-1 text-xs ${STATE_STYLE[l.state]}`}>{l.state.replace("-", " ")}</span>
                <div className="text-xs text-gray-500">{l.sentence}</div>
              </td>
            </tr>
          ))}
        </tbody>
      </table>
      {canManage && unbudgeted.length > 0 ? (
        <form onSubmit={(e) => onSubmit(e)} className="flex gap-2 items-center text-sm no-print">
          <span className="text-gray-500">Add a project budget:</span>
          <select name="projectId" aria-label="Project to budget" className="border rounded px-2 py-1">
            {unbudgeted.map((p) => <option key={p.id} value={p.id}>{p.name}</option>)}
          </select>
          <input name="amount" placeholder="e.g. 25000" aria-label="Monthly budget amount" className="w-32 border rounded px-2 py-1" inputMode="decimal" />
          <button className="bg-blue-700 text-white rounded px-3 py-1" disabled={save.isPending}>Add</button>
        </form>
      ) : null}
      {error ? <p role="alert" className="text-red-600 text-sm">{error}</p> : null}
      <div className="text-right text-xs no-print"><a href={csvHref} download className="text-blue-700 hover:underline">Export CSV</a></div>
    </div>
  );
}
