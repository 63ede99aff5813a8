import { z } from "zod";
import { inOrg, type OrgContext } from "@/lib/auth/tenancy";
import { db } from "@/lib/db";
import { parseOrThrow } from "@/lib/errors";
import { catalogProvider } from "@/lib/pricing/price-book";
import { orgModelUsage } from "@/lib/pricing/usage";
import { exposureView, type ExposureRow, type ProjectSensitivity, type ProjectTokens } from "@/lib/privacy/exposure";
import { SENSITIVE_KINDS, seedOfferings, type SensitiveKind } from "@/lib/privacy/posture";
import { listPosture } from "@/lib/privacy/store";

// The data-exposure view (per project: which offering receives its data, its posture, flags) and the two settings
// it reads: each project's sensitive data and the org's retention limit. Edits are owners' and admins' (privacy.manage).

export const EXPOSURE_WINDOW_DAYS = 30;

export const projectSensitivitySchema = z.object({
  provider: z.string().trim().min(1, "required").max(50, "at most 50 characters"),
  projectId: z.string().max(200, "at most 200 characters"),
  sensitiveData: z.array(z.enum(SENSITIVE_KINDS, { error: `each one of ${SENSITIVE_KINDS.join(", ")}` })).max(SENSITIVE_KINDS.length, "each kind once"),
});

export const retentionLimitSchema = z.object({
  maxRetentionDays: z.number({ error: "a whole number of days, or null for no limit" }).int("a whole number of days").min(0, "0 or more days").max(3650, "at most 3650 days").nullable(),
});

export interface ExposureDto { windowDays: number; maxRetentionDays: number | null; rows: ExposureRow[] }

/** Usage rows (last 30 days, as the alerts read them) in the shape the pure model takes. */
export async function projectTokens(orgId: string, now: Date): Promise<ProjectTokens[]> {
  return (await orgModelUsage(orgId, now, EXPOSURE_WINDOW_DAYS)).map((u) => ({ provider: u.provider, projectId: u.projectId, projectName: u.projectName, ...u.usage }));
}

export async function loadExposure(ctx: Pick<OrgContext, "orgId" | "orgSlug">, now = new Date()): Promise<ExposureDto> {
  const [org, projects, usage, postures] = await Promise.all([
    db().organization.findUniqueOrThrow({ where: { id: ctx.orgId }, select: { maxRetentionDays: true } }),
    db().project.findMany({ where: inOrg(ctx), select: { provider: true, externalId: true, name: true, sensitiveData: true } }),
    projectTokens(ctx.orgId, now),
    listPosture(ctx, now),
  ]);
  const marked: ProjectSensitivity[] = projects.map((p) => ({ provider: catalogProvider(p.provider), projectId: p.externalId, name: p.name, sensitiveData: p.sensitiveData.filter((k): k is SensitiveKind => (SENSITIVE_KINDS as readonly string[]).includes(k)) }));
  const rows = exposureView({ orgSlug: ctx.orgSlug, usage, projects: marked, postures, offerings: seedOfferings(), orgMaxRetentionDays: org.maxRetentionDays });
  return { windowDays: EXPOSURE_WINDOW_DAYS, maxRetentionDays: org.maxRetentionDays, rows };
}

/** Marks what a project sends (none = not sensitive). A project known only from its usage gets its row here. */
export async function setProjectSensitivity(ctx: OrgContext, body: unknown): Promise<void> {
  const p = parseOrThrow(projectSensitivitySchema, body, "project sensitivity");
  const sensitiveData = SENSITIVE_KINDS.filter((k) => p.sensitiveData.includes(k));
  const provider = p.provider.toLowerCase();
  await db().$transaction([
    db().project.upsert({
      where: { orgId_provider_externalId: { orgId: ctx.orgId, provider, externalId: p.projectId } },
      create: { orgId: ctx.orgId, provider, externalId: p.projectId, name: p.projectId || "(no project)", sensitiveData },
      update: { sensitiveData },
    }),
    db().auditLog.create({ data: { orgId: ctx.orgId, actorUserId: ctx.userId, ip: ctx.clientIp ?? null, action: "project.sensitivity", targetType: "Project", targetId: `${provider}/${p.projectId}`, data: { sensitiveData } } }),
  ]);
}

export async function setRetentionLimit(ctx: OrgContext, body: unknown): Promise<void> {
  const r = parseOrThrow(retentionLimitSchema, body, "retention limit");
  await db().$transaction([
    db().organization.update({ where: { id: ctx.orgId }, data: { maxRetentionDays: r.maxRetentionDays } }),
    db().auditLog.create({ data: { orgId: ctx.orgId, actorUserId: ctx.userId, ip: ctx.clientIp ?? null, action: "org.retentionLimit", targetType: "Organization", targetId: ctx.orgId, data: { maxRetentionDays: r.maxRetentionDays } } }),
  ]);
}
