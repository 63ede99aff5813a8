"use client";
import { useMutation } from "@tanstack/react-query";
import { useRouter } from "next/navigation";
import { useState, type FormEvent } from "react";
import { api, ApiError } from "@/components/api";
import type { AlertChannelDto, ChannelAttemptDto, RuleRoutingDto } from "@/lib/channels/store";

interface Props {
  org: string;
  channels: AlertChannelDto[];
  rules: RuleRoutingDto[];
  quiet: { start: string | null; end: string | null; timeZone: string };
  canManage: boolean;
  canRoute: boolean;
}

const SEVERITY_WORDS: Record<string, string> = { INFO: "Information", LOW: "Low", MEDIUM: "Medium", HIGH: "High", CRITICAL: "Critical" };
const KIND_WORDS: Record<string, string> = { SLACK: "Slack", WEBHOOK: "Signed webhook" };
const MESSAGE_WORDS: Record<string, string> = { ALERT: "Alert", DIGEST: "Daily digest", TEST: "Test message" };
const STATUS_WORDS: Record<string, string> = { PENDING: "Waiting or retrying", SENT: "Delivered", FAILED: "Failed", NOT_SENT: "Not sent" };

function attemptText(a: ChannelAttemptDto): string {
  const when = a.attemptedAt.slice(0, 19).replace("T", " ");
  const what = a.ok ? `delivered (${a.statusCode})` : a.statusCode ? `answered ${a.statusCode}${a.retryAfterSeconds !== null ? `, asked to wait ${a.retryAfterSeconds} s` : ""}` : "no answer";
  return `${when} UTC${a.replay ? " (replay)" : ""}: ${what}${!a.ok && a.error ? ` — ${a.error}` : ""}`;
}

export function ChannelsPanel({ org, channels, rules, quiet, canManage, canRoute }: Props) {
  const router = useRouter();
  const [error, setError] = useState<string | null>(null);
  const [notice, setNotice] = useState<string | null>(null);
  const act = useMutation({
    mutationFn: ({ url, method, body }: { url: string; method?: string; body?: unknown }) => api<{ result?: string; error?: string | null }>(url, { method: method ?? "POST", body }),
    onSuccess: (r) => {
      setError(r?.error ?? null);
      router.refresh();
    },
    onError: (e) => setError(e.message),
  });
  const base = `/api/orgs/${org}`;
  return (
    <div className="space-y-6">
      {error ? <p role="alert" className="text-sm text-red-600">{error}</p> : null}
      {notice ? <p role="status" className="text-sm bg-yellow-50 border border-yellow-300 rounded p-2 break-all">{notice}</p> : null}
      {channels.length === 0 ? <p className="text-sm text-gray-600">No channel yet: alerts go by email only.</p> : null}
      <ul className="space-y-3" data-testid="channels">
        {channels.map((c) => (
          <li key={c.id} className="bg-white rounded-lg shadow p-3 text-sm space-y-2">
            <div className="flex gap-3 items-start">
              <div className="flex-1">
                <p className="font-medium">{c.name} <span className="text-xs text-gray-500">{KIND_WORDS[c.kind]} · {c.urlHint}</span></p>
                {c.enabled ? null : <p className="text-xs text-red-700">Disabled{c.disabledReason ? `: ${c.disabledReason}` : ""}</p>}
              </div>
              {canManage ? (
                <span className="flex gap-2 text-xs">
                  {c.enabled ? <button type="button" className="underline text-blue-700" onClick={() => act.mutate({ url: `${base}/alert-channels/${c.id}/test` })}>Send test message</button> : null}
                  <button type="button" className="underline text-blue-700" onClick={() => act.mutate({ url: `${base}/alert-channels/${c.id}`, method: "PATCH", body: { enabled: !c.enabled } })}>{c.enabled ? "Disable" : "Enable"}</button>
                  <button type="button" className="underline text-red-700" onClick={() => act.mutate({ url: `${base}/alert-channels/${c.id}`, method: "DELETE" })}>Delete</button>
                </span>
              ) : null}
            </div>
            {c.deliveries.length ? (
              <table className="w-full text-xs">
                <thead><tr className="text-left text-gray-500"><th>Message</th><th>Queued</th><th>Status</th><th>Attempts</th><th /></tr></thead>
                <tbody>
                  {c.deliveries.map((d) => (
                    <tr key={d.id} className="border-t align-top">
                      <td className="py-1">{MESSAGE_WORDS[d.kind]}{d.alertEventId ? <> (<a className="underline text-blue-700" href={`/${org}/alerts/${d.alertEventId}`}>alert</a>)</> : null}</td>
                      <td>{d.createdAt.slice(0, 16).replace("T", " ")}</td>
                      <td>{STATUS_WORDS[d.status]}</td>
                      <td><ul>{d.attempts.map((a) => <li key={a.id}>{attemptText(a)}</li>)}</ul></td>
                      <td>{canManage && c.enabled ? <button type="button" className="underline text-blue-700" onClick={() => act.mutate({ url: `${base}/channel-deliveries/${d.id}/replay` })}>Replay</button> : null}</td>
                    </tr>
                  ))}
                </tbody>
              </table>
            ) : <p className="text-xs text-gray-500">Nothing sent yet.</p>}
          </li>
        ))}
      </ul>
      {canManage ? <NewChannelForm base={base} onCreated={(secret) => { setNotice(secret ? `Signing secret (shown this once; your receiver verifies webhook-signature with it): ${secret}` : null); router.refresh(); }} /> : null}
      {canRoute && channels.length ? <Routing base={base} rules={rules} channels={channels} onDone={() => router.refresh()} /> : null}
      {canManage ? <QuietHoursForm base={base} quiet={quiet} onDone={() => router.refresh()} /> : null}
    </div>
  );
}

function NewChannelForm({ base, onCreated }: { base: string; onCreated: (secret: string | null) => void }) {
  const [errors, setErrors] = useState<Record<string, string>>({});
  const create = useMutation({
    mutationFn: (body: unknown) => api<{ id: string; signingSecret: string | null }>(`${base}/alert-channels`, { body }),
    onSuccess: (r) => onCreated(r.signingSecret),
    onError: (e) => setErrors(e instanceof ApiError ? { ...e.fieldErrors(), form: e.message } : { form: String(e) }),
  });
  function onSubmit(e: FormEvent<HTMLFormElement>) {
    e.preventDefault();
    const f = new FormData(e.currentTarget);
    setErrors({});
    create.mutate({ kind: f.get("kind"), name: f.get("name"), url: f.get("url") });
  }
  return (
    <form onSubmit={onSubmit} className="bg-white rounded-lg shadow p-3 text-sm space-y-2" aria-label="New channel">
      <h2 className="font-semibold">Add a channel</h2>
      <label className="block">Kind <select name="kind" className="border rounded px-2 py-1"><option value="SLACK">Slack (incoming webhook)</option><option value="WEBHOOK">Signed webhook</option></select></label>
      <label className="block">Name <input name="name" className="border rounded px-2 py-1" placeholder="#ai-spend" />{errors.name ? <span className="text-red-600 text-xs"> {errors.name}</span> : null}</label>
      <label className="block">URL <input name="url" className="border rounded px-2 py-1 w-full" placeholder="https://hooks.slack.com/services/…" autoComplete="off" />{errors.url ? <span className="text-red-600 text-xs"> {errors.url}</span> : null}</label>
      {errors.form ? <p role="alert" className="text-red-600 text-xs">{errors.form}</p> : null}
      <button type="submit" className="bg-blue-700 text-white rounded px-3 py-1">Add channel</button>
    </form>
  );
}

function Routing({ base, rules, channels, onDone }: { base: string; rules: RuleRoutingDto[]; channels: AlertChannelDto[]; onDone: () => void }) {
  const [error, setError] = useState<string | null>(null);
  const save = useMutation({
    mutationFn: ({ ruleId, body }: { ruleId: string; body: unknown }) => api(`${base}/alert-rules/${ruleId}/routing`, { method: "PUT", body }),
    onSuccess: onDone,
    onError: (e) => setError(e.message),
  });
  function onSubmit(rule: RuleRoutingDto, e: FormEvent<HTMLFormElement>) {
    e.preventDefault();
    const f = new FormData(e.currentTarget);
    const routed = channels.flatMap((c) => {
      const v = String(f.get(`route.${c.id}`) ?? "off");
      if (v === "off") return [];
      const [delivery, minSeverity] = v.split(":");
      return [{ channelId: c.id, delivery, minSeverity }];
    });
    save.mutate({ ruleId: rule.id, body: { emailMinSeverity: f.get("emailMinSeverity"), channels: routed } });
  }
  const options = ["INFO", "LOW", "MEDIUM", "HIGH", "CRITICAL"].flatMap((s) => [
    { value: `IMMEDIATE:${s}`, label: `At once, ${SEVERITY_WORDS[s]!.toLowerCase()} and above` },
    { value: `DAILY_DIGEST:${s}`, label: `Daily digest, ${SEVERITY_WORDS[s]!.toLowerCase()} and above` },
  ]);
  return (
    <section className="bg-white rounded-lg shadow p-3 text-sm space-y-3" aria-label="Routing">
      <h2 className="font-semibold">Which rules post where</h2>
      {error ? <p role="alert" className="text-red-600 text-xs">{error}</p> : null}
      {rules.map((r) => (
        <form key={r.id} onSubmit={(e) => onSubmit(r, e)} className="border-t pt-2 space-y-1">
          <p className="font-medium">{r.name}</p>
          <label className="block">Email from <select name="emailMinSeverity" defaultValue={r.emailMinSeverity} className="border rounded px-1">{Object.entries(SEVERITY_WORDS).map(([v, l]) => <option key={v} value={v}>{l}</option>)}</select></label>
          {channels.map((c) => {
            const link = r.channels.find((x) => x.channelId === c.id);
            return (
              <label key={c.id} className="block">{c.name}{" "}
                <select name={`route.${c.id}`} defaultValue={link ? `${link.delivery}:${link.minSeverity}` : "off"} className="border rounded px-1">
                  <option value="off">Not sent</option>
                  {options.map((o) => <option key={o.value} value={o.value}>{o.label}</option>)}
                </select>
              </label>
            );
          })}
          <button type="submit" className="bg-blue-700 text-white rounded px-2 py-0.5 text-xs">Save routing</button>
        </form>
      ))}
    </section>
  );
}

function QuietHoursForm({ base, quiet, onDone }: { base: string; quiet: Props["quiet"]; onDone: () => void }) {
  const [errors, setErrors] = useState<Record<string, string>>({});
  const save = useMutation({
    mutationFn: (body: unknown) => api(`${base}/quiet-hours`, { method: "PUT", body }),
    onSuccess: onDone,
    onError: (e) => setErrors(e instanceof ApiError ? { ...e.fieldErrors(), form: e.message } : { form: String(e) }),
  });
  function onSubmit(e: FormEvent<HTMLFormElement>) {
    e.preventDefault();
    const f = new FormData(e.currentTarget);
    const start = String(f.get("start") ?? "");
    const end = String(f.get("end") ?? "");
    setErrors({});
    save.mutate(start || end ? { start, end, timeZone: f.get("timeZone") } : { start: null, end: null });
  }
  return (
    <form onSubmit={onSubmit} className="bg-white rounded-lg shadow p-3 text-sm space-y-2" aria-label="Quiet hours">
      <h2 className="font-semibold">Quiet hours</h2>
      <p className="text-xs text-gray-600">Alerts below critical raised in this window wait until it ends (email, Slack and webhooks). Leave both empty for none.</p>
      <label>From <input name="start" type="time" defaultValue={quiet.start ?? ""} className="border rounded px-1" /></label>{" "}
      <label>to <input name="end" type="time" defaultValue={quiet.end ?? ""} className="border rounded px-1" /></label>{" "}
      <label>time zone <input name="timeZone" defaultValue={quiet.timeZone} className="border rounded px-1" /></label>
      {Object.entries(errors).map(([k, v]) => <p key={k} role="alert" className="text-red-600 text-xs">{v}</p>)}
      <button type="submit" className="bg-blue-700 text-white rounded px-3 py-1">Save quiet hours</button>
    </form>
  );
}
