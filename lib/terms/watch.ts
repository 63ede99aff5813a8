import { db, Prisma, type PrismaClient } from "@/lib/db";
import { env } from "@/lib/env";
import { AppError, isAppError } from "@/lib/errors";
import { logger } from "@/lib/log";
import { DEFAULT_MAX_BYTES, safeFetch } from "@/lib/net/safe-fetch";
import type { AllowListInput, Resolver } from "@/lib/net/ssrf";
import { describeDocumentChange, fingerprintDocument } from "@/lib/terms/change";
import { regionalScope, sameScope } from "@/lib/terms/regions";
import { DEFAULT_WATCHLIST } from "@/lib/terms/watchlist";

// The vendor-document watch job's I/O: fetch one watched page through the SSRF-guarded fetcher (honest
// User-Agent, ETag/Last-Modified, time-out, 5 MB cap, every redirect re-checked), fingerprint it, and store a
// new version only when the normalised text changed — with a DocumentChange (diff, severity, rules) against
// the previous version. A failure is recorded on the document (lastError), never thrown past it, so one broken
// page does not stop the others.

export type CheckOutcome = "not-modified" | "unchanged" | "first-version" | "changed" | "error";

export interface CheckResult {
  documentId: string;
  outcome: CheckOutcome;
  versionId?: string;
  changeId?: string;
  error?: string;
}

export interface CheckOptions {
  now?: Date;
  allowList?: AllowListInput;
  /** injected in tests; the default asks the OS resolver */
  resolver?: Resolver;
  timeoutMs?: number;
  maxBytes?: number;
}

export function watcherUserAgent(): string {
  return `Breakeven vendor-terms watcher (+${env().APP_URL}; checks terms and pricing pages a few times a day)`;
}

/** Insert the default watch list (orgId null) rows that are missing. Safe to run from several workers at once. */
export async function ensureDefaultWatchlist(client: PrismaClient = db()): Promise<number> {
  return client.$transaction(async (tx) => {
    // (orgId, url) is unique, but Postgres treats the NULL orgId of default rows as distinct: serialise instead.
    await tx.$executeRaw`SELECT pg_advisory_xact_lock(hashtext('default-watchlist'))`;
    const existing = new Set((await tx.vendorDocument.findMany({ where: { orgId: null }, select: { url: true } })).map((d) => d.url));
    const missing = DEFAULT_WATCHLIST.filter((d) => !existing.has(d.url));
    if (missing.length) await tx.vendorDocument.createMany({ data: missing.map((d) => ({ orgId: null, vendor: d.vendor, kind: d.kind, title: d.title, url: d.url, cssSelector: d.cssSelector })) });
    return missing.length;
  });
}

/** Fetch one document and record what it found. */
export async function checkDocument(documentId: string, options: CheckOptions = {}): Promise<CheckResult> {
  const now = options.now ?? new Date();
  const doc = await db().vendorDocument.findUnique({ where: { id: documentId } });
  if (!doc) throw new AppError("NOT_FOUND", `vendor document ${documentId} does not exist`);
  try {
    const res = await safeFetch(doc.url, {
      userAgent: watcherUserAgent(),
      allowList: options.allowList,
      resolver: options.resolver,
      timeoutMs: options.timeoutMs ?? 20_000,
      maxBytes: options.maxBytes ?? DEFAULT_MAX_BYTES,
      etag: doc.etag,
      lastModified: doc.lastModified,
    });
    if (res.notModified) {
      await db().vendorDocument.update({ where: { id: doc.id }, data: { lastFetchedAt: now, lastError: null, lastErrorAt: null } });
      return { documentId: doc.id, outcome: "not-modified" };
    }
    if (res.status < 200 || res.status >= 300) throw new AppError("UPSTREAM_UNAVAILABLE", `${res.finalUrl} answered HTTP ${res.status}`);
    const fp = fingerprintDocument(res.body, { contentType: res.contentType, selector: doc.cssSelector });
    if (!fp.text) throw new AppError("UPSTREAM_BAD_RESPONSE", `${res.finalUrl} has no text${doc.cssSelector ? ` under "${doc.cssSelector}"` : ""}`);
    const fetched = { lastFetchedAt: now, lastError: null, lastErrorAt: null, etag: res.etag, lastModified: res.lastModified };
    return await db().$transaction(async (tx) => {
      // One writer per document: a manual "check now" racing the schedule must not store the version twice.
      await tx.$executeRaw`SELECT pg_advisory_xact_lock(hashtext(${`vendor-document:${doc.id}`}))`;
      const recent = await tx.vendorDocumentVersion.findMany({ where: { documentId: doc.id }, orderBy: { fetchedAt: "desc" }, take: COMPARISON_DEPTH });
      const latest = recent[0];
      await tx.vendorDocument.update({ where: { id: doc.id }, data: fetched });
      if (latest?.contentHash === fp.hash) return { documentId: doc.id, outcome: "unchanged" as const };
      const version = await tx.vendorDocumentVersion.create({ data: { documentId: doc.id, contentHash: fp.hash, text: fp.text, fetchedAt: now } });
      if (!latest) return { documentId: doc.id, outcome: "first-version" as const, versionId: version.id };
      // A page serving another regional variant is compared with that variant's own last version, when we have one.
      const { previous, history } = comparisonBase(recent, fp.text);
      const change = describeDocumentChange(previous.text, fp.text, undefined, { history: history.map((v) => v.text) });
      const row = await tx.documentChange.create({
        data: {
          documentId: doc.id,
          fromVersionId: previous.id,
          toVersionId: version.id,
          severity: change.severity,
          diff: change.diff as unknown as Prisma.InputJsonValue,
          matchedRules: change.matchedRules as unknown as Prisma.InputJsonValue,
          summary: change.summary,
          detectedAt: now,
        },
      });
      return { documentId: doc.id, outcome: "changed" as const, versionId: version.id, changeId: row.id };
    });
  } catch (e) {
    const message = isAppError(e) || e instanceof Error ? e.message : String(e);
    await db().vendorDocument.update({ where: { id: doc.id }, data: { lastError: message, lastErrorAt: now } });
    logger.warn("vendor document check failed", { documentId: doc.id, url: doc.url, error: message });
    return { documentId: doc.id, outcome: "error", error: message };
  }
}

/** How many recent versions a new one is compared against (its variant's last version, restored sentences). */
const COMPARISON_DEPTH = 12;

/**
 * The version to diff a new text against: the newest one of the same regional variant (regions.ts), else simply
 * the newest (the change then says the variant changed). The older ones, oldest first, are the history a
 * restored sentence is recognised by.
 */
export function comparisonBase<V extends { text: string }>(recentNewestFirst: readonly V[], nextText: string): { previous: V; history: V[] } {
  const scope = regionalScope(nextText);
  const index = Math.max(0, recentNewestFirst.findIndex((v) => sameScope(regionalScope(v.text), scope)));
  return { previous: recentNewestFirst[index]!, history: recentNewestFirst.slice(index + 1).reverse() };
}

/** Every enabled document (default list and org-added), one after the other. */
export async function checkAllDocuments(options: CheckOptions = {}): Promise<CheckResult[]> {
  const docs = await db().vendorDocument.findMany({ where: { enabled: true }, select: { id: true }, orderBy: { createdAt: "asc" } });
  const results: CheckResult[] = [];
  for (const d of docs) results.push(await checkDocument(d.id, options));
  return results;
}
