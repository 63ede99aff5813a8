import { z } from "zod";
import { db } from "@/lib/db";
import { AppError } from "@/lib/errors";
import type { OrgContext } from "@/lib/auth/tenancy";
import { orgOpportunities } from "./load";

// Dismissing an opportunity: kept with the reason and the saving it claimed that day (reported on
// the page), written to the audit log in the same transaction; restoring deletes it, audited too.

export const dismissBodySchema = z.strictObject({
  key: z.string().trim().min(1, "must name the opportunity").max(500),
  reason: z.string().trim().min(3, "must say why (at least 3 characters)").max(1000, "must be at most 1000 characters"),
});
export type DismissBody = z.output<typeof dismissBodySchema>;

export async function dismissOpportunity(ctx: OrgContext, body: DismissBody, now: Date) {
  // The saving recorded is the one the server computes now, never a figure sent by the browser.
  const report = await orgOpportunities(ctx, now);
  const o = report.opportunities.find((x) => x.key === body.key);
  if (!o) throw new AppError("NOT_FOUND", `No open opportunity "${body.key}": it may be dismissed already or no longer apply this month.`);
  return db().$transaction(async (tx) => {
    const row = await tx.opportunityDismissal.create({
      data: { orgId: ctx.orgId, key: o.key, kind: o.kind, title: o.title, reason: body.reason, savingLow: o.saving.low, savingHigh: o.saving.high, dismissedById: ctx.userId },
    });
    await tx.auditLog.create({ data: { orgId: ctx.orgId, actorUserId: ctx.userId, ip: ctx.clientIp ?? null, action: "opportunity.dismissed", targetType: "OpportunityDismissal", targetId: row.id, data: { key: o.key, kind: o.kind, reason: body.reason, savingLow: o.saving.low.toString(), savingHigh: o.saving.high.toString() } } });
    return { id: row.id, key: row.key };
  });
}

export async function restoreOpportunity(ctx: OrgContext, key: string) {
  return db().$transaction(async (tx) => {
    const row = await tx.opportunityDismissal.findUnique({ where: { orgId_key: { orgId: ctx.orgId, key } } });
    if (!row) throw new AppError("NOT_FOUND", `No dismissed opportunity "${key}".`);
    await tx.opportunityDismissal.delete({ where: { id: row.id } });
    await tx.auditLog.create({ data: { orgId: ctx.orgId, actorUserId: ctx.userId, ip: ctx.clientIp ?? null, action: "opportunity.restored", targetType: "OpportunityDismissal", targetId: row.id, data: { key, reason: row.reason } } });
    return { key };
  });
}
