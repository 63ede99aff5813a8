"use client";
import { AreaChart } from "@tremor/react";
import { useMutation } from "@tanstack/react-query";
import { useRouter } from "next/navigation";
import { useState, type FormEvent } from "react";
import { api, ApiError } from "@/components/api";
import { formatUsd } from "@/lib/money";
import type { CommitmentDto } from "@/lib/commitments/store";

// Chart values are numbers for drawing only; every figure shown as text is the DTO's exact cent string.
const usd = (n: number) => `$${n.toLocaleString("en-US", { maximumFractionDigits: 0 })}`;

export function CommitmentsPanel({ org, commitments, canManage }: { org: string; commitments: CommitmentDto[]; canManage: boolean }) {
  const router = useRouter();
  const [errors, setErrors] = useState<Record<string, string>>({});
  const [message, setMessage] = useState<string | null>(null);
  const done = () => {
    setErrors({});
    setMessage(null);
    router.refresh();
  };
  const fail = (e: unknown) => {
    if (e instanceof ApiError) {
      setErrors(e.fieldErrors());
      setMessage(e.message);
    } else setMessage(String(e));
  };
  const create = useMutation({ mutationFn: (body: Record<string, unknown>) => api(`/api/orgs/${org}/commitments`, { method: "POST", body }), onSuccess: done, onError: fail });
  const remove = useMutation({ mutationFn: (id: string) => api(`/api/orgs/${org}/commitments/${id}`, { method: "DELETE" }), onSuccess: done, onError: fail });
  const onSubmit = (e: FormEvent<HTMLFormElement>) => {
    e.preventDefault();
    const f = new FormData(e.currentTarget);
    const s = (k: string) => String(f.get(k) ?? "").trim();
    create.mutate({ provider: s("provider"), kind: s("kind"), name: s("name"), amount: s("amount").replace(/[$,]/g, ""), startsOn: s("startsOn"), endsOn: s("endsOn") || null, note: s("note") });
  };
  const err = (k: string) => (errors[k] ? <span role="alert" className="block text-xs text-red-600">{errors[k]}</span> : null);

  return (
    <div className="space-y-4">
      {commitments.length === 0 ? <p className="text-sm text-gray-600">No credits or commitments recorded.</p> : null}
      {commitments.map((c) => (
        <section key={c.id} className="bg-white rounded-lg shadow p-4 space-y-2" data-testid={`commitment-${c.id}`}>
          <div className="flex justify-between gap-4">
            <div>
              <h2 className="font-semibold">{c.provider} · {c.kindLabel} · {c.name}</h2>
              <p className="text-xs text-gray-500">{c.startsOn} to {c.endsOn ?? "open-ended"} · id {c.id}{c.note ? ` · ${c.note}` : ""}</p>
            </div>
            {canManage ? <button className="text-xs text-red-700" onClick={() => remove.mutate(c.id)} disabled={remove.isPending}>Delete</button> : null}
          </div>
          <dl className="grid grid-cols-2 md:grid-cols-5 gap-2 text-sm tabular-nums">
            <div><dt className="text-gray-500">Amount</dt><dd>{formatUsd(c.amount)}</dd></div>
            <div><dt className="text-gray-500">Used</dt><dd>{formatUsd(c.consumed)}</dd></div>
            <div><dt className="text-gray-500">Left</dt><dd>{formatUsd(c.remaining)}</dd></div>
            <div><dt className="text-gray-500">Rate</dt><dd>{c.dailyRate ? `${formatUsd(c.dailyRate)}/day` : "—"}</dd></div>
            <div><dt className="text-gray-500">Runs out</dt><dd>{c.runOutDate ?? (c.exhaustedOn ? `ran out ${c.exhaustedOn}` : "—")}</dd></div>
          </dl>
          <p className="text-sm" data-testid="burn-down-sentence">{c.sentence}</p>
          {c.chart.length > 1 ? <AreaChart data={c.chart} index="date" categories={["remaining"]} colors={["blue"]} valueFormatter={usd} yAxisWidth={72} className="h-48" showLegend={false} /> : null}
        </section>
      ))}
      {canManage ? (
        <form onSubmit={onSubmit} className="bg-white rounded-lg shadow p-4 grid grid-cols-2 md:grid-cols-4 gap-2 text-sm no-print">
          <h2 className="col-span-full font-semibold">Record a credit or commitment</h2>
          <label className="flex flex-col">Provider<input name="provider" placeholder="openai" className="border rounded px-2 py-1" />{err("provider")}</label>
          <label className="flex flex-col">Kind<select name="kind" className="border rounded px-2 py-1"><option value="PREPAID_CREDIT">Prepaid credit</option><option value="COMMITTED_SPEND">Committed spend</option></select>{err("kind")}</label>
          <label className="flex flex-col">Name<input name="name" placeholder="2026 prepaid credits" className="border rounded px-2 py-1" />{err("name")}</label>
          <label className="flex flex-col">Amount (USD)<input name="amount" inputMode="decimal" placeholder="50000" className="border rounded px-2 py-1" />{err("amount")}</label>
          <label className="flex flex-col">Starts on<input name="startsOn" type="date" className="border rounded px-2 py-1" />{err("startsOn")}</label>
          <label className="flex flex-col">Ends on (optional)<input name="endsOn" type="date" className="border rounded px-2 py-1" />{err("endsOn")}</label>
          <label className="flex flex-col col-span-2">Note<input name="note" className="border rounded px-2 py-1" />{err("note")}</label>
          <div className="col-span-full flex gap-2 items-center">
            <button className="bg-blue-700 text-white rounded px-3 py-1" disabled={create.isPending}>Save</button>
            {message ? <span role="alert" className="text-red-700">{message}</span> : null}
          </div>
        </form>
      ) : null}
    </div>
  );
}
