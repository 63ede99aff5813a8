"use client";
import { useMutation } from "@tanstack/react-query";
import { useRouter } from "next/navigation";
import { useState, type FormEvent } from "react";
import { api, ApiError } from "@/components/api";
import type { AlertRuleDto } from "@/lib/alerts/rule-store";
import { PARAM_FIELDS, paramsFromForm, type ParamField } from "@/lib/alerts/rule-fields";
import { inputLabel } from "@/lib/breakeven/input-labels";
import { ALERT_TYPES, ALERT_TYPE_LABELS, type AlertType } from "@/lib/alerts/rules";

interface Props { org: string; rules: AlertRuleDto[]; canManage: boolean; roles: string[]; pools: { id: string; name: string }[] }

export function RulesPanel({ org, rules, canManage, roles, pools }: Props) {
  const router = useRouter();
  const [editing, setEditing] = useState<AlertRuleDto | "new" | null>(null);
  const [error, setError] = useState<string | null>(null);
  const change = useMutation({
    mutationFn: ({ id, body }: { id: string; body?: unknown }) => (body === undefined ? api(`/api/orgs/${org}/alert-rules/${id}`, { method: "DELETE" }) : api(`/api/orgs/${org}/alert-rules/${id}`, { method: "PATCH", body })),
    onSuccess: () => router.refresh(),
    onError: (e) => setError(e.message),
  });
  return (
    <div className="space-y-4">
      {rules.length === 0 ? <p className="text-sm text-gray-600">No rule yet: nobody is emailed about anything.</p> : null}
      <ul className="bg-white rounded-lg shadow divide-y text-sm" data-testid="rules">
        {rules.map((r) => (
          <li key={r.id} className={`p-3 flex gap-3 items-start ${r.enabled ? "" : "text-gray-500"}`}>
            <div className="flex-1">
              <p className="font-medium">{r.name} {r.enabled ? null : <span className="text-xs">(disabled)</span>}</p>
              <p className="text-xs text-gray-500">
                {ALERT_TYPE_LABELS[r.type]} · {describeParams(r.type, r.params, pools)} · to {[...r.recipientRoles.map((x) => x.toLowerCase()), ...r.recipientEmails].join(", ")} · {r.delivery === "IMMEDIATE" ? "at once" : "daily digest"} · {r.eventCount} event{r.eventCount === 1 ? "" : "s"}{r.lastEventAt ? `, last ${r.lastEventAt.slice(0, 10)}` : ""}
              </p>
            </div>
            {canManage ? (
              <span className="flex gap-2 text-xs">
                <button type="button" className="underline text-blue-700" onClick={() => setEditing(r)}>Edit</button>
                <button type="button" className="underline text-blue-700" onClick={() => change.mutate({ id: r.id, body: { enabled: !r.enabled } })}>{r.enabled ? "Disable" : "Enable"}</button>
                <button type="button" className="underline text-red-700" onClick={() => change.mutate({ id: r.id })}>Delete</button>
              </span>
            ) : null}
          </li>
        ))}
      </ul>
      {error ? <p role="alert" className="text-sm text-red-600">{error}</p> : null}
      {canManage && editing === null ? <button type="button" className="bg-blue-700 text-white rounded px-3 py-1 text-sm" onClick={() => setEditing("new")}>New rule</button> : null}
      {canManage && editing !== null ? <RuleForm key={editing === "new" ? "new" : editing.id} org={org} rule={editing === "new" ? null : editing} roles={roles} pools={pools} onDone={() => { setEditing(null); router.refresh(); }} /> : null}
    </div>
  );
}

/** A rule's settings in words: each field's label from the form ("Ignore differences under ($) 5"), pools by name. */
function describeParams(type: AlertType, p: Record<string, unknown>, pools: { id: string; name: string }[]): string {
  const fields = PARAM_FIELDS[type];
  return Object.entries(p)
    .filter(([, v]) => v !== "" && v !== null && v !== undefined && !(Array.isArray(v) && v.length === 0))
    .map(([k, v]) => {
      const field = fields.find((f) => f.name === k);
      const value = field?.kind === "pool" ? (pools.find((x) => x.id === v)?.name ?? "a deleted pool") : typeof v === "boolean" ? (v ? "yes" : "no") : Array.isArray(v) ? v.join(", ") : String(v);
      return `${field?.label ?? inputLabel(k)}: ${value}`;
    })
    .join(" · ") || "default settings";
}

function RuleForm({ org, rule, roles, pools, onDone }: { org: string; rule: AlertRuleDto | null; roles: string[]; pools: { id: string; name: string }[]; onDone: () => void }) {
  const [type, setType] = useState<AlertType>(rule?.type ?? "BUDGET_THRESHOLD");
  const [errors, setErrors] = useState<Record<string, string>>({});
  const save = useMutation({
    mutationFn: (body: Record<string, unknown>) => (rule ? api(`/api/orgs/${org}/alert-rules/${rule.id}`, { method: "PATCH", body }) : api(`/api/orgs/${org}/alert-rules`, { body })),
    onSuccess: onDone,
    onError: (e) => setErrors(e instanceof ApiError ? { ...e.fieldErrors(), form: e.message } : { form: String(e) }),
  });
  function onSubmit(e: FormEvent<HTMLFormElement>) {
    e.preventDefault();
    const f = new FormData(e.currentTarget);
    const read = (name: string) => {
      const field = PARAM_FIELDS[type].find((x) => x.name === name);
      if (field?.kind === "checkbox") return f.get(`param.${name}`) === "on";
      const v = f.get(`param.${name}`);
      return v === null ? null : String(v);
    };
    const body = {
      ...(rule ? {} : { type }),
      name: String(f.get("name") ?? ""),
      params: paramsFromForm(type, read),
      recipientRoles: f.getAll("recipientRoles").map(String),
      recipientEmails: String(f.get("recipientEmails") ?? "").split(",").map((s) => s.trim()).filter(Boolean),
      delivery: String(f.get("delivery")),
    };
    save.mutate(body);
  }
  const err = (k: string) => (errors[k] ? <span role="alert" className="block text-xs text-red-600">{errors[k]}</span> : null);
  return (
    <form onSubmit={onSubmit} noValidate className="bg-white rounded-lg shadow p-4 space-y-3 text-sm" aria-label={rule ? "Edit rule" : "New rule"}>
      <div className="grid grid-cols-1 md:grid-cols-2 gap-3">
        <label className="flex flex-col">Type
          <select value={type} disabled={!!rule} onChange={(e) => setType(e.target.value as AlertType)} className="border rounded px-2 py-1">
            {ALERT_TYPES.map((t) => <option key={t} value={t}>{ALERT_TYPE_LABELS[t]}</option>)}
          </select>
        </label>
        <label className="flex flex-col">Name<input name="name" defaultValue={rule?.name ?? ALERT_TYPE_LABELS[type]} className="border rounded px-2 py-1" />{err("name")}</label>
        {PARAM_FIELDS[type].map((field) => <ParamInput key={`${type}.${field.name}`} field={field} value={rule?.params[field.name]} pools={pools} error={errors[`params.${field.name}`]} />)}
      </div>
      <fieldset>
        <legend className="text-gray-700">Recipients: roles</legend>
        <div className="flex flex-wrap gap-3">{roles.map((r) => <label key={r} className="flex gap-1 items-center"><input type="checkbox" name="recipientRoles" value={r} defaultChecked={rule ? rule.recipientRoles.includes(r) : r === "OWNER" || r === "ADMIN"} />{r.toLowerCase()}</label>)}</div>
        {err("recipientRoles")}
      </fieldset>
      <label className="flex flex-col">…and addresses (comma-separated)<input name="recipientEmails" defaultValue={rule?.recipientEmails.join(", ") ?? ""} className="border rounded px-2 py-1" />{Object.entries(errors).filter(([k]) => k.startsWith("recipientEmails")).map(([k, m]) => <span key={k} role="alert" className="block text-xs text-red-600">{m}</span>)}</label>
      <label className="flex flex-col w-56">Delivery
        <select name="delivery" defaultValue={rule?.delivery ?? "IMMEDIATE"} className="border rounded px-2 py-1"><option value="IMMEDIATE">Email at once</option><option value="DAILY_DIGEST">Daily digest</option></select>
      </label>
      <div className="flex gap-3 items-center">
        <button className="bg-blue-700 text-white rounded px-3 py-1" disabled={save.isPending}>{rule ? "Save rule" : "Create rule"}</button>
        <button type="button" className="underline" onClick={onDone}>Cancel</button>
        {errors.form ? <span role="alert" className="text-red-600">{errors.form}</span> : null}
      </div>
    </form>
  );
}

function ParamInput({ field, value, pools, error }: { field: ParamField; value: unknown; pools: { id: string; name: string }[]; error?: string }) {
  const name = `param.${field.name}`;
  const message = error ? <span role="alert" className="block text-xs text-red-600">{error}</span> : null;
  if (field.kind === "checkbox") return <label className="flex gap-2 items-center"><input type="checkbox" name={name} defaultChecked={value === true} />{field.label}</label>;
  if (field.kind === "select" || field.kind === "pool") {
    const options = field.kind === "pool" ? [...(field.optional ? [{ value: "", label: "All pools" }] : []), ...pools.map((p) => ({ value: p.id, label: p.name }))] : field.options;
    return <label className="flex flex-col">{field.label}<select name={name} defaultValue={typeof value === "string" ? value : field.kind === "select" ? "MEDIUM" : ""} className="border rounded px-2 py-1">{options.map((o) => <option key={o.value} value={o.value}>{o.label}</option>)}</select>{message}</label>;
  }
  const text = Array.isArray(value) ? value.join(", ") : value === undefined || value === null ? "" : String(value);
  return (
    <label className="flex flex-col">{field.label}
      <input name={name} type={field.kind === "number" ? "number" : "text"} step={field.kind === "number" ? (field.step ?? "1") : undefined} placeholder={"placeholder" in field ? field.placeholder : undefined} defaultValue={text} className="border rounded px-2 py-1" />
      {message}
    </label>
  );
}
