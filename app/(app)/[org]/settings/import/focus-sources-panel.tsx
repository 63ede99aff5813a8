"use client";
import { useMutation, useQuery, useQueryClient } from "@tanstack/react-query";
import { useState, type FormEvent } from "react";
import { api, ApiError } from "@/components/api";
import type { FocusSourceView } from "@/lib/focus/sources";

// Scheduled FOCUS drops: a URL (with an optional credential header, write-only) or a server folder, run
// hourly or daily by the worker, with the last run's outcome and an "Import now" button.

const when = (iso: string | null) => (iso ? `${iso.slice(0, 16).replace("T", " ")} UTC` : "never");
const STATUS_TEXT = { IMPORTED: "Imported", UNCHANGED: "No change", FAILED: "Failed" } as const;

type Errors = Record<string, string>;
const errorsOf = (e: unknown): Errors => (e instanceof ApiError ? { ...e.fieldErrors(), form: e.message } : { form: String(e) });

function FieldError({ errors, name }: { errors: Errors; name: string }) {
  return errors[name] ? <p role="alert" className="text-red-600 text-sm">{errors[name]}</p> : null;
}

export function FocusSourcesPanel({ org, initial, canManage }: { org: string; initial: FocusSourceView[]; canManage: boolean }) {
  const qc = useQueryClient();
  const key = ["focus-sources", org];
  const { data } = useQuery({ queryKey: key, queryFn: async () => (await api<{ sources: FocusSourceView[] }>(`/api/orgs/${org}/focus/sources`)).sources, initialData: initial, refetchInterval: 15_000 });
  const [kind, setKind] = useState<"URL" | "FOLDER">("URL");
  const [errors, setErrors] = useState<Errors>({});
  const [editing, setEditing] = useState<string | null>(null);
  const [notice, setNotice] = useState<Record<string, string>>({});
  const refresh = () => qc.invalidateQueries({ queryKey: key });

  const add = useMutation({
    mutationFn: (body: Record<string, unknown>) => api<FocusSourceView>(`/api/orgs/${org}/focus/sources`, { body }),
    onSuccess: () => {
      setErrors({});
      void refresh();
    },
    onError: (e) => setErrors(errorsOf(e)),
  });
  const remove = useMutation({ mutationFn: (id: string) => api(`/api/orgs/${org}/focus/sources/${id}`, { method: "DELETE" }), onSettled: refresh });
  const runNow = useMutation({
    mutationFn: (id: string) => api<{ queued: boolean; message: string }>(`/api/orgs/${org}/focus/sources/${id}/run`, { method: "POST" }),
    onSuccess: (a, id) => setNotice((n) => ({ ...n, [id]: a.message })),
    onError: (e, id) => setNotice((n) => ({ ...n, [id]: e instanceof Error ? e.message : String(e) })),
    onSettled: refresh,
  });

  function onAdd(e: FormEvent<HTMLFormElement>) {
    e.preventDefault();
    const form = e.currentTarget;
    const f = new FormData(form);
    const text = (name: string) => String(f.get(name) ?? "").trim() || undefined;
    const body: Record<string, unknown> = { name: text("name") ?? "", kind, schedule: text("schedule") };
    if (kind === "URL") Object.assign(body, { url: text("url") ?? "", headerName: text("headerName"), headerValue: text("headerValue") });
    else body.folder = text("folder") ?? "";
    add.mutate(body, { onSuccess: () => form.reset() });
  }

  return (
    <div className="bg-white rounded-lg shadow p-4 space-y-3" data-testid="focus-sources">
      <div className="overflow-x-auto">
      <table className="w-full text-sm">
        <thead>
          <tr className="text-left text-gray-500">
            <th className="p-2">Name</th>
            <th className="p-2">From</th>
            <th className="p-2">Schedule</th>
            <th className="p-2">Last run</th>
            <th className="p-2" />
          </tr>
        </thead>
        <tbody>
          {data.map((s) => (
            <SourceRow
              key={s.id}
              org={org}
              source={s}
              canManage={canManage}
              editing={editing === s.id}
              notice={notice[s.id]}
              onEdit={() => setEditing(editing === s.id ? null : s.id)}
              onSaved={() => {
                setEditing(null);
                void refresh();
              }}
              onRun={() => runNow.mutate(s.id)}
              onDelete={() => window.confirm(`Delete the scheduled drop "${s.name}"? What it imported stays.`) && remove.mutate(s.id)}
            />
          ))}
          {data.length === 0 ? (
            <tr>
              <td className="p-2 text-gray-500" colSpan={5}>No scheduled drops: add the URL your cloud publishes its FOCUS export at, or a folder on this server it lands in.</td>
            </tr>
          ) : null}
        </tbody>
      </table>
      </div>
      {canManage ? (
        <form onSubmit={onAdd} noValidate className="border-t pt-3 space-y-2" aria-label="Add a scheduled FOCUS drop">
          <h3 className="font-medium">Add a scheduled drop</h3>
          <div className="flex flex-wrap gap-3 items-start">
            <label className="text-sm">
              <span className="block text-gray-700">Name</span>
              <input name="name" aria-label="Drop name" className="border rounded px-2 py-1" placeholder="AWS FOCUS export" />
              <FieldError errors={errors} name="name" />
            </label>
            <label className="text-sm">
              <span className="block text-gray-700">Kind</span>
              <select aria-label="Drop kind" value={kind} onChange={(e) => setKind(e.target.value as "URL" | "FOLDER")} className="border rounded px-2 py-1">
                <option value="URL">URL</option>
                <option value="FOLDER">Folder on the server</option>
              </select>
            </label>
            {kind === "URL" ? (
              <label className="text-sm flex-1 min-w-64">
                <span className="block text-gray-700">URL (https)</span>
                <input name="url" aria-label="Drop URL" className="w-full border rounded px-2 py-1" placeholder="https://exports.example.com/focus/2026-11.csv.gz" />
                <FieldError errors={errors} name="url" />
              </label>
            ) : (
              <label className="text-sm flex-1 min-w-64">
                <span className="block text-gray-700">Folder (inside the server&apos;s <code>FOCUS_DROP_ROOT</code>)</span>
                <input name="folder" aria-label="Drop folder" className="w-full border rounded px-2 py-1" placeholder="/srv/focus-drops/acme" />
                <FieldError errors={errors} name="folder" />
              </label>
            )}
            <label className="text-sm">
              <span className="block text-gray-700">Schedule</span>
              <select name="schedule" aria-label="Drop schedule" defaultValue="DAILY" className="border rounded px-2 py-1">
                <option value="DAILY">Daily</option>
                <option value="HOURLY">Hourly</option>
              </select>
            </label>
          </div>
          {kind === "URL" ? (
            <div className="flex flex-wrap gap-3 items-start">
              <label className="text-sm">
                <span className="block text-gray-700">Secret header (optional)</span>
                <input name="headerName" aria-label="Secret header name" className="border rounded px-2 py-1" placeholder="Authorization" />
                <FieldError errors={errors} name="headerName" />
              </label>
              <label className="text-sm flex-1 min-w-64">
                <span className="block text-gray-700">Header value (stored encrypted, never shown again)</span>
                <input name="headerValue" type="password" autoComplete="off" aria-label="Secret header value" className="w-full border rounded px-2 py-1" placeholder="Bearer …" />
                <FieldError errors={errors} name="headerValue" />
              </label>
            </div>
          ) : null}
          <button className="bg-blue-700 text-white rounded px-3 py-1" disabled={add.isPending}>Add drop</button>
          {errors.form ? <p role="alert" className="text-red-600 text-sm">{errors.form}</p> : null}
        </form>
      ) : (
        <p className="text-sm text-gray-500">Owners and admins add and change scheduled drops.</p>
      )}
    </div>
  );
}

function SourceRow(props: { org: string; source: FocusSourceView; canManage: boolean; editing: boolean; notice?: string; onEdit: () => void; onSaved: () => void; onRun: () => void; onDelete: () => void }) {
  const { source: s } = props;
  return (
    <>
      <tr className={`border-t align-top ${s.enabled ? "" : "text-gray-500"}`} data-testid={`focus-source-${s.id}`}>
        <td className="p-2">
          {s.name}
          {s.enabled ? null : <span className="ml-1 text-xs">(paused)</span>}
        </td>
        <td className="p-2 break-all w-1/3">
          <span className="font-mono text-xs">{s.kind === "URL" ? s.url : s.folder}</span>
          {s.header ? <span className="block text-xs text-gray-600 whitespace-nowrap">{s.header.name}: set</span> : null}
        </td>
        <td className="p-2">{s.schedule === "HOURLY" ? "Hourly" : "Daily"}</td>
        <td className="p-2">
          <span className="block">{when(s.lastRunAt)}</span>
          {s.lastStatus ? <span className={`block font-medium ${s.lastStatus === "FAILED" ? "text-red-700" : "text-green-800"}`}>{STATUS_TEXT[s.lastStatus]}</span> : null}
          {s.lastError ? <span role="alert" className="block text-red-700 text-xs">{s.lastError}</span> : null}
          {s.lastMessage ? <span className="block text-gray-600 text-xs">{s.lastMessage}</span> : null}
          {props.notice ? <span role="status" className="block text-xs text-blue-800">{props.notice}</span> : null}
        </td>
        <td className="p-2 text-right whitespace-nowrap space-x-2">
          {props.canManage ? (
            <>
              <button type="button" className="text-blue-700 hover:underline" onClick={props.onRun}>Import now</button>{" "}
              <button type="button" className="text-blue-700 hover:underline" onClick={props.onEdit}>{props.editing ? "Close" : "Edit"}</button>{" "}
              <button type="button" className="text-red-700 hover:underline" onClick={props.onDelete}>Delete</button>
            </>
          ) : null}
        </td>
      </tr>
      {props.editing ? (
        <tr>
          <td colSpan={5} className="p-2 bg-gray-50">
            <EditSource org={props.org} source={s} onSaved={props.onSaved} />
          </td>
        </tr>
      ) : null}
    </>
  );
}

function EditSource({ org, source: s, onSaved }: { org: string; source: FocusSourceView; onSaved: () => void }) {
  const [errors, setErrors] = useState<Errors>({});
  const save = useMutation({
    mutationFn: (body: Record<string, unknown>) => api<FocusSourceView>(`/api/orgs/${org}/focus/sources/${s.id}`, { method: "PATCH", body }),
    onSuccess: onSaved,
    onError: (e) => setErrors(errorsOf(e)),
  });
  function onSubmit(e: FormEvent<HTMLFormElement>) {
    e.preventDefault();
    const f = new FormData(e.currentTarget);
    const text = (name: string) => String(f.get(name) ?? "").trim();
    const body: Record<string, unknown> = { name: text("name"), schedule: text("schedule"), enabled: f.get("enabled") === "on" };
    if (s.kind === "URL") {
      body.url = text("url");
      if (f.get("removeHeader") === "on") body.headerValue = null;
      else if (text("headerValue")) Object.assign(body, { headerName: text("headerName") || undefined, headerValue: text("headerValue") });
      else if (text("headerName") && s.header && text("headerName") !== s.header.name) body.headerName = text("headerName");
    } else body.folder = text("folder");
    save.mutate(body);
  }
  return (
    <form onSubmit={onSubmit} noValidate className="space-y-2 text-sm" aria-label={`Edit ${s.name}`}>
      <div className="flex flex-wrap gap-3 items-start">
        <label>
          <span className="block text-gray-700">Name</span>
          <input name="name" defaultValue={s.name} className="border rounded px-2 py-1" />
          <FieldError errors={errors} name="name" />
        </label>
        <label className="flex-1 min-w-64">
          <span className="block text-gray-700">{s.kind === "URL" ? "URL" : "Folder"}</span>
          <input name={s.kind === "URL" ? "url" : "folder"} defaultValue={(s.kind === "URL" ? s.url : s.folder) ?? ""} className="w-full border rounded px-2 py-1" />
          <FieldError errors={errors} name={s.kind === "URL" ? "url" : "folder"} />
        </label>
        <label>
          <span className="block text-gray-700">Schedule</span>
          <select name="schedule" defaultValue={s.schedule} className="border rounded px-2 py-1">
            <option value="DAILY">Daily</option>
            <option value="HOURLY">Hourly</option>
          </select>
        </label>
        <label className="self-end">
          <input type="checkbox" name="enabled" defaultChecked={s.enabled} /> Enabled
        </label>
      </div>
      {s.kind === "URL" ? (
        <div className="flex flex-wrap gap-3 items-start">
          <label>
            <span className="block text-gray-700">Secret header</span>
            <input name="headerName" defaultValue={s.header?.name ?? ""} placeholder="Authorization" className="border rounded px-2 py-1" />
            <FieldError errors={errors} name="headerName" />
          </label>
          <label className="flex-1 min-w-64">
            <span className="block text-gray-700">{s.header ? "New value (blank keeps the one set)" : "Value"}</span>
            <input name="headerValue" type="password" autoComplete="off" className="w-full border rounded px-2 py-1" />
            <FieldError errors={errors} name="headerValue" />
          </label>
          {s.header ? (
            <label className="self-end">
              <input type="checkbox" name="removeHeader" /> Remove the header
            </label>
          ) : null}
        </div>
      ) : null}
      <button className="bg-blue-700 text-white rounded px-3 py-1" disabled={save.isPending}>Save</button>
      {errors.form ? <p role="alert" className="text-red-600">{errors.form}</p> : null}
    </form>
  );
}
