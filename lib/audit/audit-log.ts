import { z } from "zod";
import { inOrg, type OrgContext } from "@/lib/auth/tenancy";
import { db } from "@/lib/db";
import { parseOrThrow } from "@/lib/errors";
import { toCsv } from "@/lib/spend/csv";

// The audit page (owners and admins, permission audit.read): who did what, when, from where, in
// one org, filtered by action, person and date range, newest first, and the same rows as CSV.

/** Every action written to the log, in words. */
export const ACTION_LABELS: Record<string, string> = {
  "org.created": "Organisation created",
  "demo.seeded": "Demo data loaded",
  "member.invited": "Member invited",
  "member.joined": "Invitation accepted",
  "member.role_changed": "Member's role changed",
  "member.removed": "Member removed",
  "auth.rate_limited": "Too many sign-in attempts (blocked)",
  "apiToken.created": "API token created",
  "apiToken.revoked": "API token revoked",
  "connection.created": "Billing connection added",
  "connection.deleted": "Billing connection deleted",
  "connection.keyReplaced": "Billing connection key replaced",
  "connection.backfill": "Backfill started",
  "csv.imported": "CSV file imported",
  "focus.imported": "FOCUS file imported",
  "focusSource.added": "Scheduled FOCUS drop added",
  "focusSource.updated": "Scheduled FOCUS drop changed",
  "focusSource.removed": "Scheduled FOCUS drop removed",
  "focusSource.runRequested": "Scheduled FOCUS drop: import requested",
  "budget.set": "Budget set",
  "workload.saved": "Workload group saved",
  "workload.deleted": "Workload group deleted",
  "scenario.created": "Scenario created",
  "scenario.updated": "Scenario updated",
  "scenario.deleted": "Scenario deleted",
  "document.added": "Watched document added",
  "document.updated": "Watched document changed",
  "document.removed": "Watched document removed",
  "alert.acknowledged": "Alert acknowledged",
  "opportunity.dismissed": "Savings opportunity dismissed",
  "opportunity.restored": "Savings opportunity restored",
  "project.toleratesDelay": "Project's traffic marked as able to wait (batch)",
  "posture.overridden": "Vendor privacy posture recorded from the org's contract",
  "posture.overrideCleared": "Vendor privacy posture back to the published terms",
  "project.sensitivity": "Project's sensitive data marked",
  "org.retentionLimit": "Retention limit for vendors changed",
};

/** "gpuPool.created" → "Gpu pool created" for an action not in the table yet. */
export function actionLabel(action: string): string {
  if (ACTION_LABELS[action]) return ACTION_LABELS[action]!;
  const words = action.replace(/[._]/g, " ").replace(/([a-z])([A-Z])/g, "$1 $2").toLowerCase();
  return words.charAt(0).toUpperCase() + words.slice(1);
}

const day = z.string().regex(/^\d{4}-\d{2}-\d{2}$/, "a date as YYYY-MM-DD");
export const auditFilterSchema = z.object({
  action: z.string().max(100).optional(),
  actor: z.string().max(100).optional(),
  from: day.optional(),
  to: day.optional(),
  limit: z.coerce.number().int().min(1).max(10_000).default(200),
});
export type AuditFilter = z.infer<typeof auditFilterSchema>;

/** Filters from a page's or route's query string ("" means not set). */
export function parseAuditFilter(params: URLSearchParams | Record<string, string | undefined>): AuditFilter {
  const get = (k: string) => (params instanceof URLSearchParams ? params.get(k) : params[k]) || undefined;
  return parseOrThrow(auditFilterSchema, { action: get("action"), actor: get("actor"), from: get("from"), to: get("to"), limit: get("limit") }, "audit filter");
}

export interface AuditRow {
  id: string;
  at: string;
  actor: string;
  action: string;
  actionLabel: string;
  target: string;
  ip: string;
  details: string;
}

export async function listAuditLog(ctx: Pick<OrgContext, "orgId">, filter: AuditFilter): Promise<AuditRow[]> {
  const rows = await db().auditLog.findMany({
    where: inOrg(ctx, {
      ...(filter.action ? { action: filter.action } : {}),
      ...(filter.actor ? { actorUserId: filter.actor } : {}),
      ...(filter.from || filter.to
        ? { createdAt: { ...(filter.from ? { gte: new Date(`${filter.from}T00:00:00Z`) } : {}), ...(filter.to ? { lt: new Date(Date.parse(`${filter.to}T00:00:00Z`) + 86_400_000) } : {}) } }
        : {}),
    }),
    orderBy: [{ createdAt: "desc" }, { id: "desc" }],
    take: filter.limit,
  });
  const actorIds = [...new Set(rows.map((r) => r.actorUserId).filter((id): id is string => id !== null))];
  const users = new Map((await db().user.findMany({ where: { id: { in: actorIds } }, select: { id: true, email: true, name: true } })).map((u) => [u.id, u]));
  return rows.map((r) => {
    const u = r.actorUserId ? users.get(r.actorUserId) : undefined;
    return {
      id: r.id.toString(),
      at: r.createdAt.toISOString(),
      actor: u ? (u.name ? `${u.name} <${u.email}>` : u.email) : r.actorUserId ? "a former member" : "the system",
      action: r.action,
      actionLabel: actionLabel(r.action),
      target: r.targetType ? `${r.targetType}${r.targetId ? ` ${r.targetId}` : ""}` : "",
      ip: r.ip ?? "",
      details: r.data === null ? "" : JSON.stringify(r.data),
    };
  });
}

/** The people who appear in this org's log, for the filter's choices. */
export async function auditActors(ctx: Pick<OrgContext, "orgId">): Promise<{ id: string; label: string }[]> {
  const ids = (await db().auditLog.findMany({ where: inOrg(ctx, { actorUserId: { not: null } }), distinct: ["actorUserId"], select: { actorUserId: true } })).map((r) => r.actorUserId!);
  const users = await db().user.findMany({ where: { id: { in: ids } }, select: { id: true, email: true }, orderBy: { email: "asc" } });
  return users.map((u) => ({ id: u.id, label: u.email }));
}

export function auditCsv(rows: AuditRow[]): string {
  return toCsv(
    ["When (UTC)", "Who", "What", "Action", "On", "From address", "Details"],
    rows.map((r) => [{ text: r.at }, { text: r.actor }, { text: r.actionLabel }, { text: r.action }, { text: r.target }, { text: r.ip }, { text: r.details }]),
  );
}
