import { z } from "zod";
import { db } from "@/lib/db";
import { AppError } from "@/lib/errors";
import type { OrgContext } from "@/lib/auth/tenancy";

// The project setting the Batch API kind reads: "its traffic tolerates delay" (up to a day).
// Set by those who act on opportunities; every change is audited in the same transaction.

export const toleratesDelaySchema = z.strictObject({
  provider: z.string().trim().min(1, "is required").max(100),
  projectId: z.string().trim().min(1, "is required").max(200),
  toleratesDelay: z.boolean({ message: "must be true or false" }),
});

export async function projectsForBatch(ctx: Pick<OrgContext, "orgId">) {
  return db().project.findMany({ where: { orgId: ctx.orgId }, select: { provider: true, externalId: true, name: true, toleratesDelay: true }, orderBy: [{ name: "asc" }, { provider: "asc" }] });
}

export async function setToleratesDelay(ctx: OrgContext, body: z.output<typeof toleratesDelaySchema>) {
  return db().$transaction(async (tx) => {
    const p = await tx.project.findUnique({ where: { orgId_provider_externalId: { orgId: ctx.orgId, provider: body.provider, externalId: body.projectId } } });
    if (!p) throw new AppError("NOT_FOUND", `No project "${body.projectId}" of ${body.provider} in this organisation.`);
    await tx.project.update({ where: { id: p.id }, data: { toleratesDelay: body.toleratesDelay } });
    await tx.auditLog.create({ data: { orgId: ctx.orgId, actorUserId: ctx.userId, ip: ctx.clientIp ?? null, action: "project.toleratesDelay", targetType: "Project", targetId: p.id, data: { provider: body.provider, projectId: body.projectId, toleratesDelay: body.toleratesDelay } } });
    return { provider: body.provider, projectId: body.projectId, toleratesDelay: body.toleratesDelay };
  });
}
