"use client";
import Link from "next/link";
import { useRouter } from "next/navigation";
import { useState, type FormEvent } from "react";
import { api, ApiError } from "@/components/api";
import { MAX_PINS, RANGE_LABEL, RANGE_PRESETS, matchingPreset, type ViewRange } from "@/lib/spend/saved-views";
import { WEEKDAYS } from "@/lib/spend/view-report";
import type { SpendQuery } from "@/lib/spend/filters";
import type { SavedViewDto } from "@/lib/spend/saved-view-store";

// Saved views on the Spend page: save what is on screen under a name (fixed dates or a range read
// on the day it is opened), share it with the org, pin up to six to one's Overview, and (finance,
// admins) email it every week with its CSV attached.

interface Member { userId: string; email: string; role: string }

export function SavedViewsPanel({ org, query, today, views, canSchedule, members }: { org: string; query: SpendQuery; today: string; views: SavedViewDto[]; canSchedule: boolean; members: Member[] }) {
  const router = useRouter();
  const [saving, setSaving] = useState(false);
  const [error, setError] = useState<string | null>(null);
  const [scheduling, setScheduling] = useState<string | null>(null);
  const pinned = views.filter((v) => v.pinned).length;

  async function call(url: string, init: { method: string; body?: unknown }) {
    setError(null);
    try {
      await api(url, init);
      router.refresh();
      return true;
    } catch (e) {
      setError(e instanceof ApiError ? e.message : String(e));
      return false;
    }
  }

  return (
    <section className="bg-white rounded-lg shadow p-4 space-y-3 no-print" aria-labelledby="saved-views-title">
      <div className="flex justify-between items-baseline">
        <h2 id="saved-views-title" className="text-sm text-gray-500">Saved views</h2>
        {saving ? null : (
          <button type="button" onClick={() => setSaving(true)} className="text-sm rounded border px-2 py-1 hover:bg-gray-50" data-testid="save-view-open">
            Save this view…
          </button>
        )}
      </div>
      {saving ? <SaveViewForm org={org} query={query} today={today} onDone={(ok) => { setSaving(false); if (ok) router.refresh(); }} /> : null}
      {error ? <p role="alert" className="text-sm text-red-700">{error}</p> : null}
      {views.length === 0 ? (
        <p className="text-sm text-gray-500">No saved views yet. Set the filters, grouping and dates above, then save them here to come back to them, share them or pin them to the Overview.</p>
      ) : (
        <ul className="divide-y text-sm" data-testid="saved-views">
          {views.map((v) => (
            <li key={v.id} className="py-2 flex flex-wrap items-center gap-2" data-testid="saved-view" data-view-name={v.name}>
              <Link href={v.href} className="font-medium text-blue-700 hover:underline">{v.name}</Link>
              <span className="text-gray-500">{v.rangeLabel} · by {v.groupByLabel.toLowerCase()}</span>
              <span className={`rounded px-1.5 text-xs ${v.shared ? "bg-blue-50 text-blue-800" : "bg-gray-100 text-gray-700"}`}>{v.shared ? (v.mine ? "shared with the org" : `shared by ${v.ownerEmail}`) : "private"}</span>
              {v.report ? <span className="rounded px-1.5 text-xs bg-green-50 text-green-800" data-testid="view-report-label">{v.report.label}</span> : null}
              <span className="ml-auto flex gap-2">
                <button type="button" aria-pressed={v.pinned} disabled={!v.pinned && pinned >= MAX_PINS} title={!v.pinned && pinned >= MAX_PINS ? `At most ${MAX_PINS} pinned views` : undefined} onClick={() => call(`/api/orgs/${org}/saved-views/${v.id}`, { method: "PATCH", body: { pinned: !v.pinned } })} className="rounded border px-2 py-0.5 hover:bg-gray-50 disabled:opacity-50">
                  {v.pinned ? "Unpin from Overview" : "Pin to Overview"}
                </button>
                {v.canEdit ? (
                  <button type="button" onClick={() => call(`/api/orgs/${org}/saved-views/${v.id}`, { method: "PATCH", body: { shared: !v.shared } })} className="rounded border px-2 py-0.5 hover:bg-gray-50">
                    {v.shared ? "Make private" : "Share with the org"}
                  </button>
                ) : null}
                {canSchedule ? (
                  <button type="button" aria-expanded={scheduling === v.id} onClick={() => setScheduling(scheduling === v.id ? null : v.id)} className="rounded border px-2 py-0.5 hover:bg-gray-50">
                    Weekly email…
                  </button>
                ) : null}
                {v.canDelete ? (
                  <button type="button" onClick={() => confirm(`Delete the view "${v.name}"?`) && call(`/api/orgs/${org}/saved-views/${v.id}`, { method: "DELETE" })} className="rounded border px-2 py-0.5 text-red-700 hover:bg-red-50">
                    Delete
                  </button>
                ) : null}
              </span>
              {scheduling === v.id ? <ReportForm org={org} view={v} members={members} onDone={(ok) => { setScheduling(null); if (ok) router.refresh(); }} /> : null}
            </li>
          ))}
        </ul>
      )}
    </section>
  );
}

function SaveViewForm({ org, query, today, onDone }: { org: string; query: SpendQuery; today: string; onDone: (ok: boolean) => void }) {
  const [errors, setErrors] = useState<Record<string, string>>({});
  const [busy, setBusy] = useState(false);
  const proposed: ViewRange = matchingPreset(query.from, query.to, today) ?? "fixed";

  async function submit(e: FormEvent<HTMLFormElement>) {
    e.preventDefault();
    const form = new FormData(e.currentTarget);
    setBusy(true);
    try {
      await api(`/api/orgs/${org}/saved-views`, { method: "POST", body: { name: String(form.get("name") ?? ""), query, range: String(form.get("range")), shared: form.get("shared") === "on" } });
      onDone(true);
    } catch (err) {
      setErrors(err instanceof ApiError ? { ...err.fieldErrors(), _: err.message } : { _: String(err) });
    } finally {
      setBusy(false);
    }
  }

  return (
    <form onSubmit={submit} className="rounded border p-3 space-y-2 text-sm" aria-label="Save this view">
      <label className="flex flex-col">
        <span className="text-gray-700">View name</span>
        <input name="name" required maxLength={80} autoFocus aria-invalid={Boolean(errors.name)} className="border rounded px-2 py-1" placeholder="e.g. Finance Monday report" />
      </label>
      <label className="flex flex-col">
        <span className="text-gray-700">Dates</span>
        <select name="range" defaultValue={proposed} className="border rounded px-2 py-1">
          <option value="fixed">Always {query.from} to {query.to}</option>
          {RANGE_PRESETS.map((r) => <option key={r} value={r}>{RANGE_LABEL[r]} (read on the day it is opened)</option>)}
        </select>
      </label>
      <label className="flex items-center gap-2">
        <input type="checkbox" name="shared" /> Share with the organisation (everyone can open it; only you change it)
      </label>
      {errors._ ? <p role="alert" className="text-red-700">{errors._}</p> : null}
      <div className="flex gap-2">
        <button type="submit" disabled={busy} className="rounded bg-blue-700 text-white px-3 py-1 disabled:opacity-60">{busy ? "Saving…" : "Save view"}</button>
        <button type="button" onClick={() => onDone(false)} className="rounded border px-3 py-1">Cancel</button>
      </div>
    </form>
  );
}

function ReportForm({ org, view, members, onDone }: { org: string; view: SavedViewDto; members: Member[]; onDone: (ok: boolean) => void }) {
  const [error, setError] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);
  const chosen = new Set(view.report?.memberIds ?? []);

  async function submit(e: FormEvent<HTMLFormElement>) {
    e.preventDefault();
    const form = new FormData(e.currentTarget);
    const addresses = String(form.get("addresses") ?? "").split(/[\s,;]+/).filter(Boolean);
    setBusy(true);
    setError(null);
    try {
      await api(`/api/orgs/${org}/saved-views/${view.id}/report`, { method: "PUT", body: { weekday: Number(form.get("weekday")), time: String(form.get("time")), memberIds: form.getAll("member").map(String), addresses } });
      onDone(true);
    } catch (err) {
      setError(err instanceof ApiError ? err.message : String(err));
    } finally {
      setBusy(false);
    }
  }
  async function remove() {
    setBusy(true);
    try {
      await api(`/api/orgs/${org}/saved-views/${view.id}/report`, { method: "DELETE" });
      onDone(true);
    } catch (err) {
      setError(err instanceof ApiError ? err.message : String(err));
    } finally {
      setBusy(false);
    }
  }

  return (
    <form onSubmit={submit} className="basis-full rounded border p-3 space-y-2" aria-label={`Weekly email of ${view.name}`}>
      <p className="text-gray-600">Emails this view (its table as CSV attached) every week, with the dates read on the day it is sent.</p>
      <div className="flex flex-wrap gap-3">
        <label className="flex flex-col">
          <span className="text-gray-700">Day</span>
          <select name="weekday" defaultValue={view.report?.weekday ?? 1} className="border rounded px-2 py-1">
            {WEEKDAYS.map((d, i) => <option key={d} value={i}>{d}</option>)}
          </select>
        </label>
        <label className="flex flex-col">
          <span className="text-gray-700">Time (UTC)</span>
          <input type="time" name="time" required defaultValue={view.report?.time ?? "07:00"} className="border rounded px-2 py-1" />
        </label>
      </div>
      <fieldset>
        <legend className="text-gray-700">Members</legend>
        <div className="flex flex-wrap gap-3">
          {members.map((m) => (
            <label key={m.userId} className="flex items-center gap-1">
              <input type="checkbox" name="member" value={m.userId} defaultChecked={chosen.has(m.userId)} /> {m.email} <span className="text-gray-500">({m.role.toLowerCase()})</span>
            </label>
          ))}
        </div>
      </fieldset>
      <label className="flex flex-col">
        <span className="text-gray-700">Other addresses (comma or one per line)</span>
        <textarea name="addresses" rows={2} defaultValue={view.report?.addresses.join("\n") ?? ""} className="border rounded px-2 py-1" />
      </label>
      {error ? <p role="alert" className="text-red-700">{error}</p> : null}
      <div className="flex gap-2">
        <button type="submit" disabled={busy} className="rounded bg-blue-700 text-white px-3 py-1 disabled:opacity-60">Save schedule</button>
        {view.report ? <button type="button" onClick={remove} disabled={busy} className="rounded border px-3 py-1 text-red-700">Stop the weekly email</button> : null}
        <button type="button" onClick={() => onDone(false)} className="rounded border px-3 py-1">Cancel</button>
      </div>
    </form>
  );
}
