import { z } from "zod";
import { db, Prisma } from "@/lib/db";
import { AppError, parseOrThrow } from "@/lib/errors";
import type { OrgContext } from "@/lib/auth/tenancy";
import { savedWorkloadFilterSchema } from "./workload-usage";

// Saved workload groups for the break-even page: a name and a provider/model/project filter over
// measured usage. Writes are org-scoped; another org's id is NOT_FOUND, as if it did not exist.

export const savedWorkloadInputSchema = z.strictObject({
  name: z.string().trim().min(1, "required").max(100, "at most 100 characters"),
  filter: savedWorkloadFilterSchema.refine((f) => f.provider.length + f.model.length + f.project.length > 0, "pick at least one provider, model or project"),
});

export async function createSavedWorkload(ctx: Pick<OrgContext, "orgId" | "userId" | "clientIp">, input: unknown) {
  const v = parseOrThrow(savedWorkloadInputSchema, input, "workload group");
  try {
    const w = await db().savedWorkload.create({ data: { orgId: ctx.orgId, name: v.name, filter: v.filter } });
    await db().auditLog.create({ data: { orgId: ctx.orgId, actorUserId: ctx.userId, ip: ctx.clientIp ?? null, action: "workload.saved", targetType: "SavedWorkload", targetId: w.id, data: { name: v.name } } });
    return { id: w.id, name: w.name, filter: v.filter };
  } catch (e) {
    if (e instanceof Prisma.PrismaClientKnownRequestError && e.code === "P2002") {
      throw new AppError("CONFLICT", `A workload group named "${v.name}" already exists`, { issues: [{ field: "name", message: "is already used by another group" }] });
    }
    throw e;
  }
}

export async function deleteSavedWorkload(ctx: Pick<OrgContext, "orgId" | "userId" | "clientIp">, id: string): Promise<void> {
  const { count } = await db().savedWorkload.deleteMany({ where: { id, orgId: ctx.orgId } });
  if (count === 0) throw new AppError("NOT_FOUND", "Not found");
  await db().auditLog.create({ data: { orgId: ctx.orgId, actorUserId: ctx.userId, ip: ctx.clientIp ?? null, action: "workload.deleted", targetType: "SavedWorkload", targetId: id } });
}
