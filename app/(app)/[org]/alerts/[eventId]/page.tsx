import Link from "next/link";
import { notFound } from "next/navigation";
import { DiffView, MatchedRules, SeverityBadge } from "@/components/diff-view";
import { getAlertEvent } from "@/lib/alerts/inbox";
import { ALERT_TYPE_LABELS } from "@/lib/alerts/rules";
import { pageOrgContext } from "@/lib/auth/page";
import { can } from "@/lib/auth/permissions";
import { isAppError } from "@/lib/errors";
import { AckButton } from "../ack-button";

export const dynamic = "force-dynamic";

// One alert: what happened and what it costs, then what it points at — the diff of a terms change, the
// price history of a model — and who was emailed.
export default async function AlertPage({ params }: { params: Promise<{ org: string; eventId: string }> }) {
  const { org, eventId } = await params;
  const ctx = await pageOrgContext(org, "alerts.read");
  let e;
  try {
    e = await getAlertEvent(ctx, eventId);
  } catch (err) {
    if (isAppError(err) && err.code === "NOT_FOUND") notFound();
    throw err;
  }
  return (
    <div className="space-y-5">
      <p className="text-sm"><Link className="text-blue-700 underline" href={`/${ctx.orgSlug}/alerts`}>← Alerts</Link></p>
      <div className="space-y-1">
        <p className="text-xs text-gray-500">{ALERT_TYPE_LABELS[e.type as keyof typeof ALERT_TYPE_LABELS] ?? e.type} · {e.occurredAt.slice(0, 16).replace("T", " ")} UTC{e.ruleName ? ` · rule "${e.ruleName}"` : ""}</p>
        <h1 className="text-xl font-semibold" data-testid="alert-title"><SeverityBadge severity={e.severity} /> {e.title}</h1>
      </div>
      <section className="bg-white rounded-lg shadow p-4 space-y-2 text-sm" data-testid="alert-body">
        {e.body.split("\n").filter(Boolean).map((line, i) => <p key={i}>{line}</p>)}
      </section>
      <div className="flex gap-3 items-center text-sm">
        {e.acknowledgedAt ? <span className="text-gray-600" data-testid="acknowledged">Acknowledged by {e.acknowledgedBy ?? "someone"} on {e.acknowledgedAt.slice(0, 16).replace("T", " ")} UTC</span> : can(ctx.role, "alerts.acknowledge") ? <AckButton org={ctx.orgSlug} eventId={e.id} /> : null}
        {e.link && e.type !== "TERMS_CHANGE" ? <Link className="text-blue-700 underline" href={e.link}>{e.type === "PRICE_CHANGE" || e.type === "RETIREMENT" ? "Price history" : "Open"}</Link> : null}
      </div>
      {e.documentChange ? (
        <section className="space-y-3">
          <h2 className="text-lg font-semibold">
            What changed in <Link className="text-blue-700 underline" href={`/${ctx.orgSlug}/documents/${e.documentChange.documentId}/changes/${e.documentChange.id}`}>{e.documentChange.documentTitle}</Link>
          </h2>
          <p className="text-sm text-gray-600">{e.documentChange.summary} <a className="underline" href={e.documentChange.url} rel="noreferrer noopener" target="_blank">Vendor page</a></p>
          <MatchedRules rules={e.documentChange.matchedRules} />
          <DiffView diff={e.documentChange.diff} />
        </section>
      ) : null}
      {e.deliveries.length ? (
        <section className="text-sm">
          <h2 className="font-semibold mb-1">Emailed to</h2>
          <ul className="text-gray-700">
            {e.deliveries.map((d) => <li key={d.recipient}>{d.recipient}: {d.status.toLowerCase()}{d.attempts > 1 ? ` after ${d.attempts} attempts` : ""}{d.status !== "SENT" && d.lastError ? ` (${d.lastError})` : ""}</li>)}
          </ul>
        </section>
      ) : null}
    </div>
  );
}
