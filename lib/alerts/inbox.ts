import { z } from "zod";
import { ALERT_TYPES } from "@/lib/alerts/rules";
import { inOrg, type OrgContext } from "@/lib/auth/tenancy";
import { db } from "@/lib/db";
import { AppError, parseOrThrow } from "@/lib/errors";
import type { DiffEntry } from "@/lib/terms/diff";
import { SEVERITIES, type RuleMatch } from "@/lib/terms/severity";

// The alert inbox: an org's events, filtered, newest first; one event with what it points at (the document
// change and its diff for a terms change); acknowledging. Every query is scoped to the caller's org.

export const alertFilterSchema = z.object({
  type: z.enum(ALERT_TYPES).optional(),
  severity: z.enum(SEVERITIES).optional(),
  status: z.enum(["open", "acknowledged", "all"]).default("open"),
});
export type AlertFilter = z.output<typeof alertFilterSchema>;

/** Filters from a URL's query string ("" = not set), BAD_INPUT naming a bad one. */
export function parseAlertFilter(params: URLSearchParams | Record<string, string | string[] | undefined>): AlertFilter {
  const get = (k: string) => {
    const v = params instanceof URLSearchParams ? params.get(k) : params[k];
    const s = Array.isArray(v) ? v[0] : v;
    return s ? s : undefined;
  };
  return parseOrThrow(alertFilterSchema, { type: get("type"), severity: get("severity"), status: get("status") }, "alert filter");
}

export interface AlertEventListItem {
  id: string;
  type: string;
  severity: string;
  title: string;
  occurredAt: string;
  acknowledgedAt: string | null;
  acknowledgedBy: string | null;
  ruleName: string | null;
}

export async function listAlertEvents(ctx: Pick<OrgContext, "orgId">, filter: AlertFilter, limit = 200): Promise<{ events: AlertEventListItem[]; openCount: number }> {
  const where = inOrg(ctx, {
    ...(filter.type ? { type: filter.type } : {}),
    ...(filter.severity ? { severity: filter.severity } : {}),
    ...(filter.status === "open" ? { acknowledgedAt: null } : filter.status === "acknowledged" ? { acknowledgedAt: { not: null } } : {}),
  });
  const [rows, openCount] = await Promise.all([
    db().alertEvent.findMany({ where, orderBy: { occurredAt: "desc" }, take: limit, include: { rule: { select: { name: true } } } }),
    db().alertEvent.count({ where: inOrg(ctx, { acknowledgedAt: null }) }),
  ]);
  const ackers = await emailsOf(rows.map((r) => r.acknowledgedById));
  return {
    openCount,
    events: rows.map((e) => toListItem(e, ackers)),
  };
}

/** The list fields of an event row; `ackers` maps user ids to emails. */
function toListItem(
  e: { id: string; type: AlertEventListItem["type"]; severity: AlertEventListItem["severity"]; title: string; occurredAt: Date; acknowledgedAt: Date | null; acknowledgedById: string | null; rule: { name: string } | null },
  ackers: Map<string, string>,
): AlertEventListItem {
  return {
    id: e.id,
    type: e.type,
    severity: e.severity,
    title: e.title,
    occurredAt: e.occurredAt.toISOString(),
    acknowledgedAt: e.acknowledgedAt?.toISOString() ?? null,
    acknowledgedBy: e.acknowledgedById ? (ackers.get(e.acknowledgedById) ?? null) : null,
    ruleName: e.rule?.name ?? null,
  };
}

export interface AlertEventDetail extends AlertEventListItem {
  body: string;
  link: string | null;
  data: Record<string, unknown>;
  deliveries: { recipient: string; status: string; attempts: number; lastError: string | null; sentAt: string | null }[];
  documentChange: { id: string; documentId: string; documentTitle: string; url: string; severity: string; summary: string; matchedRules: RuleMatch[]; diff: DiffEntry[] } | null;
}

export async function getAlertEvent(ctx: Pick<OrgContext, "orgId">, eventId: string): Promise<AlertEventDetail> {
  const e = await db().alertEvent.findFirst({ where: inOrg(ctx, { id: eventId }), include: { rule: { select: { name: true } }, deliveries: { orderBy: { recipient: "asc" } } } });
  if (!e) throw new AppError("NOT_FOUND", "Not found");
  const data = (e.data ?? {}) as Record<string, unknown>;
  let documentChange: AlertEventDetail["documentChange"] = null;
  if (e.type === "TERMS_CHANGE" && typeof data.changeId === "string") {
    // The change belongs to a document this org watches (its own or the default list), never another org's.
    const c = await db().documentChange.findFirst({ where: { id: data.changeId, document: { OR: [{ orgId: null }, { orgId: ctx.orgId }] } }, include: { document: { select: { title: true, url: true } } } });
    if (c) documentChange = { id: c.id, documentId: c.documentId, documentTitle: c.document.title, url: c.document.url, severity: c.severity, summary: c.summary, matchedRules: c.matchedRules as unknown as RuleMatch[], diff: c.diff as unknown as DiffEntry[] };
  }
  const ackers = await emailsOf([e.acknowledgedById]);
  return {
    ...toListItem(e, ackers),
    body: e.body,
    link: e.link,
    data,
    deliveries: e.deliveries.map((d) => ({ recipient: d.recipient, status: d.status, attempts: d.attemptCount, lastError: d.lastError, sentAt: d.sentAt?.toISOString() ?? null })),
    documentChange,
  };
}

/** Mark an event as seen and handled; acknowledging twice keeps the first acknowledgement. */
export async function acknowledgeAlertEvent(ctx: Pick<OrgContext, "orgId" | "userId" | "clientIp">, eventId: string, now = new Date()): Promise<{ acknowledgedAt: string }> {
  const e = await db().alertEvent.findFirst({ where: inOrg(ctx, { id: eventId }), select: { id: true, acknowledgedAt: true } });
  if (!e) throw new AppError("NOT_FOUND", "Not found");
  if (e.acknowledgedAt) return { acknowledgedAt: e.acknowledgedAt.toISOString() };
  await db().alertEvent.updateMany({ where: { id: e.id, acknowledgedAt: null }, data: { acknowledgedAt: now, acknowledgedById: ctx.userId } });
  await db().auditLog.create({ data: { orgId: ctx.orgId, actorUserId: ctx.userId, ip: ctx.clientIp ?? null, action: "alert.acknowledged", targetType: "AlertEvent", targetId: e.id } });
  const after = await db().alertEvent.findUniqueOrThrow({ where: { id: e.id }, select: { acknowledgedAt: true } });
  return { acknowledgedAt: after.acknowledgedAt!.toISOString() };
}

async function emailsOf(userIds: (string | null)[]): Promise<Map<string, string>> {
  const ids = [...new Set(userIds.filter((x): x is string => !!x))];
  if (ids.length === 0) return new Map();
  const users = await db().user.findMany({ where: { id: { in: ids } }, select: { id: true, email: true } });
  return new Map(users.map((u) => [u.id, u.email]));
}
