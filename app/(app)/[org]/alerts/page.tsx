import Link from "next/link";
import { EmptyState } from "@/components/empty-state";
import { SeverityBadge } from "@/components/diff-view";
import { listAlertEvents, parseAlertFilter } from "@/lib/alerts/inbox";
import { ALERT_TYPES, ALERT_TYPE_LABELS } from "@/lib/alerts/rules";
import { pageOrgContext } from "@/lib/auth/page";
import { can } from "@/lib/auth/permissions";
import { SEVERITIES } from "@/lib/terms/severity";
import { AckButton } from "./ack-button";

export const dynamic = "force-dynamic";

// The alert inbox: newest first, filtered by type, severity and whether someone has acknowledged it.
export default async function AlertsPage({ params, searchParams }: { params: Promise<{ org: string }>; searchParams: Promise<Record<string, string | string[] | undefined>> }) {
  const { org } = await params;
  const ctx = await pageOrgContext(org, "alerts.read");
  let filter;
  try {
    filter = parseAlertFilter(await searchParams);
  } catch {
    filter = parseAlertFilter({});
  }
  const { events, openCount } = await listAlertEvents(ctx, filter);
  const canAck = can(ctx.role, "alerts.acknowledge");
  return (
    <div className="space-y-4">
      <div className="flex items-baseline justify-between">
        <h1 className="text-2xl font-semibold">Alerts</h1>
        <p className="text-sm text-gray-600">{openCount} open · <Link className="text-blue-700 underline" href={`/${ctx.orgSlug}/alert-rules`}>alert rules</Link> · <Link className="text-blue-700 underline" href={`/${ctx.orgSlug}/alert-channels`}>alert channels</Link></p>
      </div>
      <form method="get" className="flex flex-wrap gap-2 items-end text-sm bg-white rounded-lg shadow p-3">
        <label className="flex flex-col">Type
          <select name="type" defaultValue={filter.type ?? ""} className="border rounded px-2 py-1">
            <option value="">All types</option>
            {ALERT_TYPES.map((t) => <option key={t} value={t}>{ALERT_TYPE_LABELS[t]}</option>)}
          </select>
        </label>
        <label className="flex flex-col">Severity
          <select name="severity" defaultValue={filter.severity ?? ""} className="border rounded px-2 py-1">
            <option value="">Any</option>
            {SEVERITIES.map((s) => <option key={s} value={s}>{s}</option>)}
          </select>
        </label>
        <label className="flex flex-col">Status
          <select name="status" defaultValue={filter.status} className="border rounded px-2 py-1">
            <option value="open">Open</option>
            <option value="acknowledged">Acknowledged</option>
            <option value="all">All</option>
          </select>
        </label>
        <button className="bg-blue-700 text-white rounded px-3 py-1">Filter</button>
      </form>
      {events.length === 0 ? (
        <EmptyState testId="alerts-empty" links={[{ label: "Alert rules", href: `/${ctx.orgSlug}/alert-rules` }]}>
          No alerts match. Alerts are raised by the org&apos;s alert rules (budgets, anomalies, price, terms and retirement changes, idle GPUs) when what they watch happens.
        </EmptyState>
      ) : null}
      <ul className="bg-white rounded-lg shadow divide-y" data-testid="alert-list">
        {events.map((e) => (
          <li key={e.id} className="p-3 flex gap-3 items-start">
            <SeverityBadge severity={e.severity} />
            <div className="flex-1 min-w-0">
              <Link href={`/${ctx.orgSlug}/alerts/${e.id}`} className="font-medium text-blue-800 hover:underline">{e.title}</Link>
              <p className="text-xs text-gray-500">
                {ALERT_TYPE_LABELS[e.type as keyof typeof ALERT_TYPE_LABELS] ?? e.type} · {e.occurredAt.slice(0, 16).replace("T", " ")} UTC{e.ruleName ? ` · rule "${e.ruleName}"` : ""}
                {e.acknowledgedAt ? ` · acknowledged by ${e.acknowledgedBy ?? "someone"} ${e.acknowledgedAt.slice(0, 10)}` : ""}
              </p>
            </div>
            {!e.acknowledgedAt && canAck ? <AckButton org={ctx.orgSlug} eventId={e.id} /> : null}
          </li>
        ))}
      </ul>
    </div>
  );
}
