import { z } from "zod";
import type { OrgContext } from "@/lib/auth/tenancy";
import { db } from "@/lib/db";
import { AppError, parseOrThrow } from "@/lib/errors";
import { assertFetchable } from "@/lib/net/safe-fetch";
import { enqueue } from "@/lib/queues";
import { queueManualCheck, type ManualCheckAnswer } from "@/lib/terms/check-now";
import type { DiffEntry } from "@/lib/terms/diff";
import type { RuleMatch } from "@/lib/terms/severity";

// The documents an org watches: the default watch list (orgId null, read-only to orgs) plus its own URLs.
// Reads and writes are scoped: another org's document is NOT_FOUND, a default one cannot be changed.

const visible = (ctx: Pick<OrgContext, "orgId">) => ({ OR: [{ orgId: null }, { orgId: ctx.orgId }] });

const KINDS = ["TERMS", "USAGE_POLICY", "PRIVACY", "DATA_PROCESSING", "PRICING", "DEPRECATIONS", "OTHER"] as const;

const httpUrl = z
  .string()
  .trim()
  .max(2000)
  .refine((v) => {
    try {
      return ["http:", "https:"].includes(new URL(v).protocol);
    } catch {
      return false;
    }
  }, "must be an http(s) URL");
// Checked here only for the obvious (a syntactically broken selector); the job reports one that matches nothing.
const selector = z.string().trim().max(500).nullish().transform((v) => v || null);

export const documentInputSchema = z.strictObject({
  title: z.string().trim().min(1, "is required").max(200),
  url: httpUrl,
  vendor: z.string().trim().min(1, "is required").max(100),
  kind: z.enum(KINDS).default("OTHER"),
  cssSelector: selector,
});
export const documentPatchSchema = z.strictObject({
  title: z.string().trim().min(1).max(200).optional(),
  cssSelector: selector.optional(),
  enabled: z.boolean().optional(),
});

export interface DocumentListItem {
  id: string;
  vendor: string;
  kind: string;
  title: string;
  url: string;
  cssSelector: string | null;
  enabled: boolean;
  isDefault: boolean;
  lastFetchedAt: string | null;
  lastError: string | null;
  lastErrorAt: string | null;
  versions: number;
  lastChange: { id: string; severity: string; detectedAt: string; summary: string } | null;
}

export async function listDocuments(ctx: Pick<OrgContext, "orgId">): Promise<DocumentListItem[]> {
  const docs = await db().vendorDocument.findMany({
    where: visible(ctx),
    orderBy: [{ vendor: "asc" }, { title: "asc" }],
    include: { _count: { select: { versions: true } }, changes: { orderBy: { detectedAt: "desc" }, take: 1, select: { id: true, severity: true, detectedAt: true, summary: true } } },
  });
  return docs.map((d) => ({
    id: d.id,
    vendor: d.vendor,
    kind: d.kind,
    title: d.title,
    url: d.url,
    cssSelector: d.cssSelector,
    enabled: d.enabled,
    isDefault: d.orgId === null,
    lastFetchedAt: d.lastFetchedAt?.toISOString() ?? null,
    lastError: d.lastError,
    lastErrorAt: d.lastErrorAt?.toISOString() ?? null,
    versions: d._count.versions,
    lastChange: d.changes[0] ? { ...d.changes[0], detectedAt: d.changes[0].detectedAt.toISOString() } : null,
  }));
}

export async function getDocument(ctx: Pick<OrgContext, "orgId">, documentId: string) {
  const d = await db().vendorDocument.findFirst({
    where: { id: documentId, ...visible(ctx) },
    include: {
      versions: { orderBy: { fetchedAt: "desc" }, take: 50, select: { id: true, contentHash: true, fetchedAt: true } },
      changes: { orderBy: { detectedAt: "desc" }, take: 50, select: { id: true, severity: true, summary: true, detectedAt: true, toVersionId: true } },
    },
  });
  if (!d) throw new AppError("NOT_FOUND", "Not found");
  const latest = await db().vendorDocumentVersion.findFirst({ where: { documentId: d.id }, orderBy: { fetchedAt: "desc" }, select: { text: true } });
  return { ...d, isDefault: d.orgId === null, latestText: latest?.text ?? null };
}

export interface DocumentChangeView {
  id: string;
  document: { id: string; title: string; url: string; vendor: string };
  severity: string;
  summary: string;
  detectedAt: string;
  fromFetchedAt: string | null;
  toFetchedAt: string;
  diff: DiffEntry[];
  matchedRules: RuleMatch[];
}

export async function getDocumentChange(ctx: Pick<OrgContext, "orgId">, documentId: string, changeId: string): Promise<DocumentChangeView> {
  const c = await db().documentChange.findFirst({ where: { id: changeId, documentId, document: visible(ctx) }, include: { document: { select: { id: true, title: true, url: true, vendor: true } } } });
  if (!c) throw new AppError("NOT_FOUND", "Not found");
  const versions = await db().vendorDocumentVersion.findMany({ where: { id: { in: [c.toVersionId, ...(c.fromVersionId ? [c.fromVersionId] : [])] } }, select: { id: true, fetchedAt: true } });
  const at = (id: string | null) => versions.find((v) => v.id === id)?.fetchedAt.toISOString() ?? null;
  return {
    id: c.id,
    document: c.document,
    severity: c.severity,
    summary: c.summary,
    detectedAt: c.detectedAt.toISOString(),
    fromFetchedAt: at(c.fromVersionId),
    toFetchedAt: at(c.toVersionId)!,
    diff: c.diff as unknown as DiffEntry[],
    matchedRules: c.matchedRules as unknown as RuleMatch[],
  };
}

export async function addDocument(ctx: OrgContext, body: unknown): Promise<{ id: string }> {
  const input = parseOrThrow(documentInputSchema, body, "document");
  await assertFetchable(input.url, "url");
  if (await db().vendorDocument.findFirst({ where: { ...visible(ctx), url: input.url }, select: { id: true } })) {
    throw new AppError("CONFLICT", "This URL is already watched.", { issues: [{ field: "url", message: "already watched" }] });
  }
  const doc = await db().vendorDocument.create({ data: { ...input, orgId: ctx.orgId } });
  await db().auditLog.create({ data: { orgId: ctx.orgId, actorUserId: ctx.userId, ip: ctx.clientIp ?? null, action: "document.added", targetType: "VendorDocument", targetId: doc.id, data: { url: input.url } } });
  await enqueue("documentsCheck", { documentId: doc.id }, { jobId: `documents-check-${doc.id}-first` });
  return { id: doc.id };
}

async function ownDocument(ctx: Pick<OrgContext, "orgId">, documentId: string) {
  const d = await db().vendorDocument.findFirst({ where: { id: documentId, ...visible(ctx) } });
  if (!d) throw new AppError("NOT_FOUND", "Not found");
  if (d.orgId === null) throw new AppError("FORBIDDEN", "Documents of the default watch list are shared by every org and cannot be changed here.");
  return d;
}

export async function updateDocument(ctx: OrgContext, documentId: string, body: unknown): Promise<void> {
  const patch = parseOrThrow(documentPatchSchema, body, "document");
  const d = await ownDocument(ctx, documentId);
  await db().vendorDocument.update({ where: { id: d.id }, data: patch });
  await db().auditLog.create({ data: { orgId: ctx.orgId, actorUserId: ctx.userId, ip: ctx.clientIp ?? null, action: "document.updated", targetType: "VendorDocument", targetId: d.id, data: { fields: Object.keys(patch) } } });
}

export async function deleteDocument(ctx: OrgContext, documentId: string): Promise<void> {
  const d = await ownDocument(ctx, documentId);
  await db().vendorDocument.delete({ where: { id: d.id } });
  await db().auditLog.create({ data: { orgId: ctx.orgId, actorUserId: ctx.userId, ip: ctx.clientIp ?? null, action: "document.removed", targetType: "VendorDocument", targetId: d.id, data: { url: d.url } } });
}

/** "Check now" for one visible document: queued only when a job was really added (lib/terms/check-now.ts). */
export async function requestDocumentCheck(ctx: Pick<OrgContext, "orgId">, documentId: string, now: Date = new Date()): Promise<ManualCheckAnswer> {
  const d = await db().vendorDocument.findFirst({ where: { id: documentId, ...visible(ctx) }, select: { id: true, lastFetchedAt: true, lastErrorAt: true } });
  if (!d) throw new AppError("NOT_FOUND", "Not found");
  const attempts = [d.lastFetchedAt, d.lastErrorAt].filter((t): t is Date => t !== null);
  const lastAttemptAt = attempts.length ? new Date(Math.max(...attempts.map((t) => t.getTime()))) : null;
  return queueManualCheck(d.id, lastAttemptAt, now);
}
