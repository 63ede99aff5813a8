"use client";
import { usePathname, useRouter } from "next/navigation";
import { useTransition } from "react";
import { GROUP_BYS, GROUP_BY_LABEL, addDays, monthEndOf, monthStartOf, spendSearchParams, type SpendQuery } from "@/lib/spend/filters";
import type { FilterOptions } from "@/lib/spend/queries";

// Filters live in the URL: every change pushes a new query string and the server page renders
// it, so any view can be bookmarked or shared as a link. Several values of one filter are
// allowed (chips); a select adds one.

type ListKey = "provider" | "model" | "project" | "tag";
/** The placeholder option's value; "" is a real value (spend without a project). */
const ADD = "__add__";

export function FilterBar({ query, options, today }: { query: SpendQuery; options: FilterOptions; today: string }) {
  const router = useRouter();
  const pathname = usePathname();
  const [pending, startTransition] = useTransition();
  const go = (next: SpendQuery) => startTransition(() => router.push(`${pathname}?${spendSearchParams(next)}`));
  const projectName = (id: string) => options.projects.find((p) => p.id === id)?.name ?? (id === "" ? "(no project)" : id);
  const lists: { key: ListKey; label: string; values: { value: string; label: string }[] }[] = [
    { key: "provider", label: "provider", values: options.providers.map((v) => ({ value: v, label: v })) },
    { key: "model", label: "model", values: options.models.map((v) => ({ value: v, label: v })) },
    { key: "project", label: "project", values: options.projects.map((p) => ({ value: p.id, label: p.name })) },
    { key: "tag", label: "tag", values: options.tags.map((v) => ({ value: v, label: v })) },
  ];
  const presets: { label: string; from: string; to: string }[] = [
    { label: "This month", from: monthStartOf(today), to: today },
    { label: "Last month", from: monthStartOf(today, -1), to: monthEndOf(monthStartOf(today, -1)) },
    { label: "Last 90 days", from: addDays(today, -89), to: today },
    { label: "Last 13 months", from: monthStartOf(today, -12), to: today },
  ];

  return (
    <section className="bg-white rounded-lg shadow p-4 space-y-3 no-print" aria-busy={pending}>
      <div className="flex flex-wrap items-end gap-3 text-sm">
        <label className="flex flex-col">
          <span className="text-gray-500">From</span>
          <input type="date" aria-label="From" value={query.from} max={query.to} onChange={(e) => e.target.value && go({ ...query, from: e.target.value })} className="border rounded px-2 py-1" />
        </label>
        <label className="flex flex-col">
          <span className="text-gray-500">To</span>
          <input type="date" aria-label="To" value={query.to} min={query.from} onChange={(e) => e.target.value && go({ ...query, to: e.target.value })} className="border rounded px-2 py-1" />
        </label>
        <div className="flex gap-1">
          {presets.map((p) => (
            <button key={p.label} type="button" onClick={() => go({ ...query, from: p.from, to: p.to })} className={`rounded border px-2 py-1 ${p.from === query.from && p.to === query.to ? "bg-blue-50 border-blue-400" : "hover:bg-gray-50"}`}>
              {p.label}
            </button>
          ))}
        </div>
        <label className="flex flex-col ml-auto">
          <span className="text-gray-500">Group by</span>
          <select aria-label="Group by" value={query.groupBy} onChange={(e) => go({ ...query, groupBy: e.target.value as SpendQuery["groupBy"] })} className="border rounded px-2 py-1">
            {GROUP_BYS.map((g) => <option key={g} value={g}>{GROUP_BY_LABEL[g]}</option>)}
          </select>
        </label>
      </div>
      <div className="flex flex-wrap items-center gap-2 text-sm">
        {lists.map((l) => (
          <select
            key={l.key}
            aria-label={`Filter by ${l.label}`}
            value={ADD}
            onChange={(e) => e.target.value !== ADD && go({ ...query, [l.key]: [...query[l.key], e.target.value] })}
            className="border rounded px-2 py-1"
            disabled={l.values.length === 0}
          >
            <option value={ADD}>{`+ ${l.label}`}</option>
            {l.values.filter((v) => !query[l.key].includes(v.value)).map((v) => <option key={v.value} value={v.value}>{v.label || "(none)"}</option>)}
          </select>
        ))}
        {lists.flatMap((l) =>
          query[l.key].map((v) => (
            <span key={`${l.key}:${v}`} className="inline-flex items-center gap-1 rounded-full bg-blue-50 border border-blue-200 px-2 py-0.5" data-testid="filter-chip">
              {l.label}: {l.key === "project" ? projectName(v) : v}
              <button type="button" aria-label={`Remove ${l.label} ${v}`} onClick={() => go({ ...query, [l.key]: query[l.key].filter((x) => x !== v) })} className="text-gray-500 hover:text-gray-900">×</button>
            </span>
          )),
        )}
        {pending ? <span className="text-gray-500">Loading…</span> : null}
      </div>
    </section>
  );
}
