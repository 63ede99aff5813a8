"use client";
import { useMutation, useQuery, useQueryClient } from "@tanstack/react-query";
import { useEffect, useState, type FormEvent } from "react";
import { api, ApiError } from "@/components/api";
import type { ConnectionDto } from "@/lib/connections/connections";
import type { BackfillStatus, SyncNowAnswer } from "@/lib/connections/jobs";
import { backfillMonthChoices, DEFAULT_BACKFILL_MONTHS, MAX_BACKFILL_MONTHS } from "@/lib/ingest/windows";
import { resolvedRequestUrl } from "@/lib/providers/base-url";

const STATUS_STYLE: Record<ConnectionDto["status"], string> = {
  PENDING: "bg-gray-100 text-gray-700",
  ACTIVE: "bg-green-100 text-green-800",
  PAUSED: "bg-yellow-100 text-yellow-800",
  FAILING: "bg-red-100 text-red-800",
};
const when = (iso: string | null) => (iso ? new Date(iso).toISOString().replace("T", " ").slice(0, 16) + " UTC" : "never");
const monthLabel = (month: string) => new Date(`${month}-01T00:00:00Z`).toLocaleString("en-US", { month: "long", year: "numeric", timeZone: "UTC" });

export function ConnectionsPanel({ org, initial, canManage }: { org: string; initial: ConnectionDto[]; canManage: boolean }) {
  const key = ["connections", org];
  const { data } = useQuery({
    queryKey: key,
    queryFn: async () => (await api<{ connections: ConnectionDto[] }>(`/api/orgs/${org}/connections`)).connections,
    initialData: initial,
    refetchInterval: 30_000,
  });
  return (
    <div className="space-y-4">
      {data.length === 0 ? <p className="text-sm text-gray-600">No connections yet: {canManage ? "add" : "an owner or admin adds"} an OpenAI or Anthropic admin key{canManage ? " below" : " here"}, and its billing and usage history is backfilled.</p> : null}
      {data.map((c) => <ConnectionCard key={c.id} org={org} c={c} canManage={canManage} />)}
      {canManage ? <AddConnectionForm org={org} /> : null}
    </div>
  );
}

function ConnectionCard({ org, c, canManage }: { org: string; c: ConnectionDto; canManage: boolean }) {
  const qc = useQueryClient();
  const refresh = () => qc.invalidateQueries({ queryKey: ["connections", org] });
  const base = `/api/orgs/${org}/connections/${c.id}`;
  const [testResult, setTestResult] = useState<{ ok: boolean; message: string; detail?: string } | null>(null);
  const [error, setError] = useState<string | null>(null);
  const onError = (e: Error) => setError(e.message);
  const test = useMutation({ mutationFn: () => api<{ ok: boolean; message: string; detail?: string }>(`${base}/test`, { method: "POST" }), onSuccess: setTestResult, onError });
  const pause = useMutation({ mutationFn: (paused: boolean) => api(base, { method: "PATCH", body: { paused } }), onSuccess: refresh, onError });
  const remove = useMutation({ mutationFn: () => api(base, { method: "DELETE" }), onSuccess: refresh, onError });
  const [replacing, setReplacing] = useState(false);
  const replaceKey = useMutation({
    mutationFn: (apiKey: string) => api(base, { method: "PATCH", body: { apiKey } }),
    onSuccess: () => {
      setReplacing(false);
      setError(null);
      void refresh();
    },
    onError,
  });
  const [note, setNote] = useState<string | null>(null);
  const months = backfillMonthChoices(new Date());
  const [startMonth, setStartMonth] = useState(months[DEFAULT_BACKFILL_MONTHS - 1]!);
  const backfill = useMutation({
    mutationFn: () => api<BackfillStatus & { message: string }>(`${base}/backfill`, { method: "POST", body: { startMonth } }),
    onSuccess: (s) => {
      qc.setQueryData(["backfill", c.id], s);
      setNote(s.message);
    },
    onError,
  });
  const syncNow = useMutation({ mutationFn: () => api<SyncNowAnswer>(`${base}/sync`, { method: "POST" }), onSuccess: (a) => setNote(a.message), onError });

  return (
    <section className="bg-white rounded-lg shadow p-4 space-y-2" data-testid={`connection-${c.name}`}>
      <div className="flex items-center gap-3">
        <h2 className="font-semibold">{c.name}</h2>
        <span className="text-xs text-gray-500">{c.provider === "openai" ? "OpenAI" : "Anthropic"} · key ••••{c.keyLast4}{c.baseUrl ? ` · via ${c.resolvedBaseUrl}` : ""}</span>
        <span className={`ml-auto text-xs rounded px-2 py-0.5 ${STATUS_STYLE[c.status]}`} data-testid="connection-status">{c.status.toLowerCase()}</span>
      </div>
      <p className="text-sm" data-testid="connection-status-text">{c.statusText}</p>
      <dl className="grid grid-cols-2 md:grid-cols-4 gap-2 text-sm">
        <div><dt className="text-gray-500">Last success</dt><dd>{when(c.lastSuccessAt)}</dd></div>
        <div><dt className="text-gray-500">Synced through</dt><dd>{when(c.syncedThrough)}</dd></div>
        <div><dt className="text-gray-500">Rows</dt><dd data-testid="connection-rows">{c.rows.cost.toLocaleString("en-US")} cost · {c.rows.usage.toLocaleString("en-US")} usage</dd></div>
        <div><dt className="text-gray-500">Failing since</dt><dd>{c.failingSince ? when(c.failingSince) : "—"}</dd></div>
      </dl>
      {c.lastError ? (
        <div className={`text-sm ${c.status === "FAILING" ? "text-red-700" : "text-gray-500"}`} data-testid="connection-last-error">
          <p>Last error ({when(c.lastErrorAt)}): {c.lastError}</p>
          {c.lastErrorDetail ? <RawDetail text={c.lastErrorDetail} /> : null}
        </div>
      ) : null}
      {c.lastWarning ? (
        <p className="text-sm text-amber-700" data-testid="connection-last-warning">Warning ({when(c.lastWarningAt)}): {c.lastWarning}</p>
      ) : null}
      <BackfillBar org={org} connectionId={c.id} initial={c.backfill} onDone={refresh} />
      {canManage ? (
        <div className="flex flex-wrap gap-2 text-sm">
          <button type="button" className="border rounded px-3 py-1" disabled={test.isPending} onClick={() => test.mutate()}>{test.isPending ? "Testing…" : "Test"}</button>
          <button type="button" className="border rounded px-3 py-1" disabled={syncNow.isPending || c.status === "PAUSED"} onClick={() => syncNow.mutate()}>Sync now</button>
          <label className="flex items-center gap-1">
            <span className="text-gray-600">Backfill from</span>
            <select aria-label="Backfill start month" className="border rounded px-1 py-1" value={startMonth} onChange={(e) => setStartMonth(e.target.value)}>
              {months.map((m) => <option key={m} value={m}>{monthLabel(m)}</option>)}
            </select>
          </label>
          <button type="button" className="border rounded px-3 py-1" disabled={backfill.isPending || c.status === "PAUSED"} onClick={() => backfill.mutate()}>Start backfill</button>
          <button type="button" className="border rounded px-3 py-1" onClick={() => pause.mutate(c.status !== "PAUSED")}>{c.status === "PAUSED" ? "Resume" : "Pause"}</button>
          <button type="button" className="border rounded px-3 py-1" onClick={() => setReplacing(!replacing)}>Replace key</button>
          <button
            type="button"
            className="border border-red-300 text-red-700 rounded px-3 py-1"
            onClick={() => {
              if (window.confirm(`Delete "${c.name}"? The spend it synced is removed too.`)) remove.mutate();
            }}
          >
            Delete
          </button>
        </div>
      ) : null}
      {replacing ? (
        <form
          className="flex gap-2 text-sm"
          autoComplete="off"
          onSubmit={(e) => {
            e.preventDefault();
            replaceKey.mutate(String(new FormData(e.currentTarget).get("apiKey")));
          }}
        >
          <input name="apiKey" type="password" autoComplete="new-password" aria-label={`New admin key for ${c.name}`} placeholder="new admin key" className="flex-1 border rounded px-2 py-1" />
          <button className="bg-blue-700 text-white rounded px-3 py-1" disabled={replaceKey.isPending}>Save key</button>
        </form>
      ) : null}
      {canManage ? <p className="text-xs text-gray-500">OpenAI and Anthropic keep {MAX_BACKFILL_MONTHS} months of usage and cost history: the earliest backfill starts in {monthLabel(months.at(-1)!)}.</p> : null}
      {note ? <p role="status" data-testid="connection-note" className="text-sm text-gray-700">{note}</p> : null}
      {testResult ? <p role="status" data-testid="test-result" className={`text-sm ${testResult.ok ? "text-green-700" : "text-red-700"}`}>{testResult.message}</p> : null}
      {testResult?.detail ? <RawDetail text={testResult.detail} /> : null}
      {error ? <p role="alert" className="text-sm text-red-700">{error}</p> : null}
    </section>
  );
}

/** The raw exchange behind an error (status, body; secrets already redacted), folded away. */
function RawDetail({ text }: { text: string }) {
  return (
    <details className="mt-1 text-sm">
      <summary className="cursor-pointer text-gray-600">Details</summary>
      <pre className="mt-1 whitespace-pre-wrap break-all bg-gray-50 border rounded p-2 text-xs text-gray-700">{text}</pre>
    </details>
  );
}

/** Polls the backfill route every second while a backfill waits or runs. */
function BackfillBar({ org, connectionId, initial, onDone }: { org: string; connectionId: string; initial: BackfillStatus; onDone: () => void }) {
  const { data } = useQuery({
    queryKey: ["backfill", connectionId],
    queryFn: () => api<BackfillStatus>(`/api/orgs/${org}/connections/${connectionId}/backfill`),
    initialData: initial,
    refetchInterval: (q) => (q.state.data?.state === "waiting" || q.state.data?.state === "active" ? 1000 : false),
  });
  const running = data.state === "waiting" || data.state === "active";
  const [wasRunning, setWasRunning] = useState(running);
  useEffect(() => {
    if (running) setWasRunning(true);
    else if (wasRunning) {
      setWasRunning(false);
      onDone(); // refresh status, row counts and cursor once it finishes
    }
  }, [running, wasRunning, onDone]);
  if (data.state === "none") return null;
  const label =
    data.state === "completed" ? (data.percent === 100 ? "Backfill complete" : `Backfill stopped at ${data.percent}%`)
    : data.state === "failed" ? `Backfill failed: ${data.error}`
    : data.state === "waiting" ? "Backfill queued…"
    : `Backfill: ${data.windowsDone} of ${data.windowsTotal} windows`;
  return (
    <div className="text-sm">
      <div role="progressbar" aria-label="Backfill progress" aria-valuemin={0} aria-valuemax={100} aria-valuenow={data.percent} className="h-2 w-full bg-gray-200 rounded">
        <div className={`h-2 rounded ${data.state === "failed" ? "bg-red-500" : "bg-blue-600"}`} style={{ width: `${data.percent}%` }} />
      </div>
      <p className="mt-1 text-gray-600" data-testid="backfill-label">{label} ({data.percent}%)</p>
    </div>
  );
}

function AddConnectionForm({ org }: { org: string }) {
  const qc = useQueryClient();
  const [errors, setErrors] = useState<Record<string, string>>({});
  const [provider, setProvider] = useState<"openai" | "anthropic">("openai");
  const [baseUrl, setBaseUrl] = useState("");
  const add = useMutation({
    mutationFn: (body: Record<string, string>) => api<ConnectionDto>(`/api/orgs/${org}/connections`, { body }),
    onError: (e) => setErrors(e instanceof ApiError ? { ...e.fieldErrors(), form: e.message } : { form: String(e) }),
  });

  async function onSubmit(e: FormEvent<HTMLFormElement>) {
    e.preventDefault();
    const form = e.currentTarget;
    const f = new FormData(form);
    setErrors({});
    await add.mutateAsync({ provider: String(f.get("provider")), name: String(f.get("name")), apiKey: String(f.get("apiKey")), baseUrl: String(f.get("baseUrl") ?? "") }).then(
      () => {
        form.reset(); // the key leaves the page as soon as it is saved
        setBaseUrl("");
        void qc.invalidateQueries({ queryKey: ["connections", org] });
      },
      () => {},
    );
  }

  const field = (name: string, label: string, input: React.ReactNode) => (
    <label className="block text-sm">
      <span className="block mb-1 text-gray-700">{label}</span>
      {input}
      {errors[name] ? <span role="alert" className="block mt-1 text-red-600">{errors[name]}</span> : null}
    </label>
  );
  return (
    <form onSubmit={onSubmit} noValidate className="bg-white rounded-lg shadow p-4 grid grid-cols-1 md:grid-cols-2 gap-3" autoComplete="off">
      <h2 className="md:col-span-2 font-semibold">Add a connection</h2>
      {field("provider", "Provider", (
        <select name="provider" aria-label="Provider" className="w-full border rounded px-2 py-1" value={provider} onChange={(e) => setProvider(e.target.value as "openai" | "anthropic")}>
          <option value="openai">OpenAI (admin key)</option>
          <option value="anthropic">Anthropic (admin key)</option>
        </select>
      ))}
      {field("name", "Name", <input name="name" aria-label="Name" placeholder="Production OpenAI" className="w-full border rounded px-2 py-1" />)}
      {field("apiKey", "Admin key", <input name="apiKey" aria-label="Admin key" type="password" autoComplete="new-password" placeholder="sk-admin-… / sk-ant-admin01-…" className="w-full border rounded px-2 py-1" />)}
      {field("baseUrl", "Base URL (optional: proxy or regional endpoint; with or without /v1)", (
        <>
          <input name="baseUrl" aria-label="Base URL" placeholder="https://api.openai.com" className="w-full border rounded px-2 py-1" value={baseUrl} onChange={(e) => setBaseUrl(e.target.value)} />
          <span className="block mt-1 text-xs text-gray-500" data-testid="resolved-url">Requests go to {resolvedRequestUrl(provider, baseUrl)}</span>
        </>
      ))}
      <div className="md:col-span-2 flex items-center gap-3">
        <button className="bg-blue-700 text-white rounded px-3 py-1" disabled={add.isPending}>{add.isPending ? "Saving…" : "Add connection"}</button>
        {errors.form ? <p role="alert" className="text-red-600 text-sm">{errors.form}</p> : null}
      </div>
    </form>
  );
}
