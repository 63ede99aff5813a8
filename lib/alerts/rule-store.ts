import { parseAlertRuleInput, parseRuleParams, alertRulePatchSchema, type AlertType } from "@/lib/alerts/rules";
import { inOrg, type OrgContext } from "@/lib/auth/tenancy";
import { db, Prisma } from "@/lib/db";
import { AppError, parseOrThrow } from "@/lib/errors";

// An org's alert rules: list, create, change, disable, delete. Params are validated with their type's schema;
// every change is audited. Events already raised keep pointing at a deleted rule's title and body (ruleId → null).

export interface AlertRuleDto {
  id: string;
  type: AlertType;
  name: string;
  params: Record<string, unknown>;
  recipientRoles: string[];
  recipientEmails: string[];
  delivery: "IMMEDIATE" | "DAILY_DIGEST";
  enabled: boolean;
  createdAt: string;
  eventCount: number;
  lastEventAt: string | null;
}

export async function listAlertRules(ctx: Pick<OrgContext, "orgId">): Promise<AlertRuleDto[]> {
  const rules = await db().alertRule.findMany({ where: inOrg(ctx), orderBy: { createdAt: "asc" } });
  const stats = await db().alertEvent.groupBy({ by: ["ruleId"], where: inOrg(ctx, { ruleId: { in: rules.map((r) => r.id) } }), _count: { _all: true }, _max: { occurredAt: true } });
  const byRule = new Map(stats.map((s) => [s.ruleId, s]));
  return rules.map((r) => ({
    id: r.id,
    type: r.type,
    name: r.name,
    params: shownParams(r.type, r.params),
    recipientRoles: r.recipientRoles,
    recipientEmails: r.recipientEmails,
    delivery: r.delivery,
    enabled: r.enabled,
    createdAt: r.createdAt.toISOString(),
    eventCount: byRule.get(r.id)?._count._all ?? 0,
    lastEventAt: byRule.get(r.id)?._max.occurredAt?.toISOString() ?? null,
  }));
}

export async function createAlertRule(ctx: OrgContext, body: unknown): Promise<{ id: string }> {
  const input = parseAlertRuleInput(body);
  const rule = await db().alertRule.create({
    data: { ...input, params: input.params as Prisma.InputJsonValue, orgId: ctx.orgId, createdById: ctx.userId },
  });
  await audit(ctx, "alertRule.created", rule.id, { type: input.type, name: input.name });
  return { id: rule.id };
}

export async function updateAlertRule(ctx: OrgContext, ruleId: string, body: unknown): Promise<void> {
  const patch = parseOrThrow(alertRulePatchSchema, body, "alert rule");
  const rule = await db().alertRule.findFirst({ where: inOrg(ctx, { id: ruleId }) });
  if (!rule) throw new AppError("NOT_FOUND", "Not found");
  const params = patch.params === undefined ? undefined : (parseRuleParams(rule.type, patch.params) as Prisma.InputJsonValue);
  const roles = patch.recipientRoles ?? rule.recipientRoles;
  const emails = patch.recipientEmails ?? rule.recipientEmails;
  if (roles.length + emails.length === 0) throw new AppError("BAD_INPUT", "alert rule: recipientRoles: choose at least one role or email address", { issues: [{ field: "recipientRoles", message: "choose at least one role or email address" }] });
  await db().alertRule.update({ where: { id: rule.id }, data: { ...patch, params } });
  await audit(ctx, "alertRule.updated", rule.id, { fields: Object.keys(patch) });
}

export async function deleteAlertRule(ctx: OrgContext, ruleId: string): Promise<void> {
  const rule = await db().alertRule.findFirst({ where: inOrg(ctx, { id: ruleId }), select: { id: true, name: true } });
  if (!rule) throw new AppError("NOT_FOUND", "Not found");
  await db().alertRule.delete({ where: { id: rule.id } });
  await audit(ctx, "alertRule.deleted", rule.id, { name: rule.name });
}

async function audit(ctx: OrgContext, action: string, targetId: string, data: Record<string, unknown>) {
  await db().auditLog.create({ data: { orgId: ctx.orgId, actorUserId: ctx.userId, ip: ctx.clientIp ?? null, action, targetType: "AlertRule", targetId, data: data as Prisma.InputJsonValue } });
}

/** Params as the form edits them: parsed (an older shape, e.g. one budget `percent`, shown as today's), or as stored when they no longer parse. */
function shownParams(type: AlertType, params: unknown): Record<string, unknown> {
  try {
    return parseRuleParams(type, params) as Record<string, unknown>;
  } catch {
    return params as Record<string, unknown>;
  }
}
