import { z } from "zod";
import { inOrg, type OrgContext } from "@/lib/auth/tenancy";
import { db, Prisma } from "@/lib/db";
import { AppError, parseOrThrow } from "@/lib/errors";
import { effectivePosture, POSTURE_FIELDS, reviewsForChange, seedOfferings, type EffectiveField, type PostureField, type PostureOverride } from "@/lib/privacy/posture";

// An org's view of each vendor offering's privacy posture (seed + its overrides), and the overrides themselves.
// Each value is checked against its field's type; the note (where the org's value comes from) is required.

const VALUE_SCHEMAS: Record<PostureField, z.ZodType> = {
  trainsOnInputsByDefault: z.boolean({ error: "true or false" }),
  optOutAvailable: z.boolean({ error: "true or false" }),
  zeroDataRetention: z.boolean({ error: "true or false" }),
  retentionDays: z.number({ error: "a whole number of days" }).int("a whole number of days").min(0, "0 or more days").max(3650, "at most 3650 days"),
  regions: z.array(z.string().trim().min(1).max(50)).min(1, "at least one region").max(30),
  subprocessorsUrl: z.url({ protocol: /^https$/, error: "an https:// URL" }),
  certifications: z.array(z.string().trim().min(1).max(50)).max(20),
};

export const overrideSchema = z
  .object({
    vendor: z.string().min(1, "required"),
    offering: z.string().min(1, "required"),
    field: z.enum(POSTURE_FIELDS, { error: "not a posture field" }),
    value: z.unknown(),
    note: z.string().trim().min(1, "say where this comes from (contract, clause, date)").max(500, "at most 500 characters"),
  })
  .superRefine((o, ctx) => {
    if (!seedOfferings().some((s) => s.vendor === o.vendor && s.offering === o.offering)) ctx.addIssue({ code: "custom", path: ["offering"], message: `no offering "${o.offering}" of vendor "${o.vendor}"` });
    const r = VALUE_SCHEMAS[o.field].safeParse(o.value);
    if (!r.success) ctx.addIssue({ code: "custom", path: ["value"], message: r.error.issues[0]?.message ?? "invalid" });
  });

export interface OfferingPostureDto { vendor: string; offering: string; label: string; fields: EffectiveField[] }

/** How far back a watched document's change can still ask for a review. */
export const REVIEW_WINDOW_DAYS = 90;

export async function listPosture(ctx: Pick<OrgContext, "orgId">, now = new Date()): Promise<OfferingPostureDto[]> {
  const rows = await db().postureOverride.findMany({ where: inOrg(ctx) });
  const overrides: PostureOverride[] = rows.map((r) => ({ vendor: r.vendor, offering: r.offering, field: r.field as PostureField, value: r.value as PostureOverride["value"], note: r.note }));
  // Changes of the documents this org watches (the default list and its own) whose training or retention rule fired.
  const changes = await db().documentChange.findMany({
    where: { detectedAt: { gte: new Date(now.getTime() - REVIEW_WINDOW_DAYS * 86_400_000), lte: now }, document: { OR: [{ orgId: null }, { orgId: ctx.orgId }] } },
    include: { document: { select: { vendor: true } } },
    orderBy: { detectedAt: "desc" },
  });
  const reviews = changes
    .flatMap((c) =>
      reviewsForChange(
        {
          id: c.id,
          documentId: c.documentId,
          detectedAt: c.detectedAt,
          vendor: c.document.vendor,
          matchedRules: (c.matchedRules as { rule: string }[]).map((m) => m.rule),
          diff: (c.diff as { op: string; text: string }[]).slice(0, 5).map((d) => `${d.op === "added" ? "Added" : "Removed"}: "${d.text}"`),
        },
        seedOfferings(),
      ),
    )
    // Reviewed = the org recorded (or re-confirmed) that field after the change was seen.
    .filter((r) => !rows.some((o) => o.vendor === r.vendor && o.offering === r.offering && o.field === r.field && o.updatedAt >= r.detectedAt!));
  return seedOfferings().map((o) => ({ vendor: o.vendor, offering: o.offering, label: o.label, fields: effectivePosture(o, overrides, reviews) }));
}

export async function setPostureOverride(ctx: OrgContext, body: unknown): Promise<void> {
  const o = parseOrThrow(overrideSchema, body, "posture override");
  const key = { orgId_vendor_offering_field: { orgId: ctx.orgId, vendor: o.vendor, offering: o.offering, field: o.field } };
  const value = VALUE_SCHEMAS[o.field].parse(o.value) as Prisma.InputJsonValue;
  await db().postureOverride.upsert({ where: key, create: { orgId: ctx.orgId, vendor: o.vendor, offering: o.offering, field: o.field, value, note: o.note, createdById: ctx.userId }, update: { value, note: o.note, createdById: ctx.userId } });
  await db().auditLog.create({ data: { orgId: ctx.orgId, actorUserId: ctx.userId, action: "posture.overridden", targetType: "PostureOverride", targetId: `${o.vendor}/${o.offering}/${o.field}`, data: { value, note: o.note } } });
}

export async function clearPostureOverride(ctx: OrgContext, body: unknown): Promise<void> {
  const o = parseOrThrow(z.object({ vendor: z.string().min(1), offering: z.string().min(1), field: z.enum(POSTURE_FIELDS, { error: "not a posture field" }) }), body, "posture override");
  const { count } = await db().postureOverride.deleteMany({ where: inOrg(ctx, { vendor: o.vendor, offering: o.offering, field: o.field }) });
  if (count === 0) throw new AppError("NOT_FOUND", "Not found");
  await db().auditLog.create({ data: { orgId: ctx.orgId, actorUserId: ctx.userId, action: "posture.overrideCleared", targetType: "PostureOverride", targetId: `${o.vendor}/${o.offering}/${o.field}`, data: {} } });
}
