import { createHash } from "node:crypto";
import { db, Prisma, type PrismaClient } from "@/lib/db";
import { env } from "@/lib/env";
import { AppError } from "@/lib/errors";
import { logger } from "@/lib/log";
import { safeFetch } from "@/lib/net/safe-fetch";
import type { AllowListInput, Resolver } from "@/lib/net/ssrf";
import { modelKey, planCatalogVersion } from "@/lib/pricing/change-plan";
import { parseLiteLlmCatalog } from "@/lib/pricing/litellm";
import { parseOpenRouterModels } from "@/lib/pricing/openrouter";
import { asModelPrice, type StoredPriceVersion } from "@/lib/pricing/price-book";
import { mergeRetirements } from "@/lib/pricing/retirements";
import { bundledPriceCatalog } from "@/lib/pricing/snapshot";
import { toStoredVersion } from "@/lib/pricing/store";
import type { CatalogVersion, ModelPrice, PriceField, SkippedEntry } from "@/lib/pricing/types";
import { dec } from "@/lib/money";

// Writing the price catalog: a polled (or bundled) catalog version is diffed against the versions in effect
// for that source, and only what moved is written — new ModelPriceVersion rows for new and changed models,
// one PriceChange per moved price — in one transaction, so a half-written catalog is never visible.

export interface CatalogSyncResult {
  source: string;
  effectiveFrom: Date;
  models: number;
  addedModels: number;
  changedModels: number;
  /** CONFIRMED or BASELINE changes written, plus earlier suspects confirmed now */
  priceChanges: number;
  heldSuspects: number;
  confirmedSuspects: number;
  revertedSuspects: number;
  retirements: number;
  /** the source answered 304 (or the same bytes): nothing was parsed or written */
  notModified?: boolean;
}

const D = (v: ModelPrice["cachedInput"]) => (v === null ? null : new Prisma.Decimal(v.toFixed()));

/** Latest version per (provider, model) of one source with effectiveFrom ≤ at. */
async function versionsInEffect(tx: Prisma.TransactionClient, source: string, at: Date): Promise<StoredPriceVersion[]> {
  const rows = await tx.$queryRaw<Parameters<typeof toStoredVersion>[0][]>`
    SELECT DISTINCT ON (provider, model) id, provider, model, source, "effectiveFrom", "inputPerMTok", "outputPerMTok",
           "cachedInputPerMTok", "cacheWritePerMTok", "perRequest", "perImage", "audioInputPerMTok", "audioOutputPerMTok", "cacheWrite1hPerMTok",
           "imageInputPerMTok", "imageOutputPerMTok", "batchInputPerMTok", "batchOutputPerMTok", "priceUnits"
    FROM "ModelPriceVersion" WHERE source = ${source} AND "effectiveFrom" <= ${at}
    ORDER BY provider, model, "effectiveFrom" DESC`;
  return rows.map(toStoredVersion);
}

export interface RecordOptions {
  /** first poll of this source after install: differences from the bundled snapshot are history (BASELINE) */
  baseline?: boolean;
  /** the catalog version is dated by the source (Last-Modified), not by the poll */
  datedBySource?: boolean;
  /** the poll's own time (detectedAt); defaults to version.effectiveFrom */
  polledAt?: Date;
}

/**
 * Record one catalog version (see change-plan.ts for the decisions). The first version of a source writes every
 * model; later ones write only models that are new or whose normalised prices moved, with a PriceChange per
 * moved field, suspects held UNCONFIRMED, and earlier suspects confirmed or reverted. A model that disappeared
 * keeps its last version (it is still billed at that price until we learn otherwise). Serialised per source
 * with an advisory lock, so two workers polling at once cannot both write a change.
 */
export async function recordCatalogVersion(version: CatalogVersion, client: PrismaClient = db(), options: RecordOptions = {}): Promise<CatalogSyncResult> {
  const polledAt = options.polledAt ?? version.effectiveFrom;
  const result = await client.$transaction(
    async (tx) => {
      await tx.$executeRaw`SELECT pg_advisory_xact_lock(hashtext(${`price-catalog:${version.source}`}))`;
      const previous = await versionsInEffect(tx, version.source, polledAt > version.effectiveFrom ? polledAt : version.effectiveFrom);
      const byKey = new Map(previous.map((v) => [modelKey(v), v]));
      const pendingRows = await tx.priceChange.findMany({ where: { source: version.source, status: "UNCONFIRMED" }, orderBy: { detectedAt: "asc" } });
      const plan = planCatalogVersion({
        previous: previous.map(asModelPrice),
        latestVersionAt: new Map(previous.map((v) => [modelKey(v), v.effectiveFrom])),
        pending: pendingRows.map((r) => ({ id: r.id, provider: r.provider, model: r.model, field: r.field as PriceField, oldValue: r.oldValue ? dec(r.oldValue) : null, newValue: r.newValue ? dec(r.newValue) : null, effectiveFrom: r.effectiveFrom, datedBy: r.datedBy })),
        next: version.models,
        versionDate: version.effectiveFrom,
        versionDatedBy: options.datedBySource ? "SOURCE_VERSION" : "FIRST_SEEN",
        pollDate: polledAt,
        baseline: options.baseline ?? false,
      });

      const created = new Map<string, string>();
      if (plan.versions.length) {
        const rows = await tx.modelPriceVersion.createManyAndReturn({
          data: plan.versions.map(({ price: m, effectiveFrom }) => ({
            provider: m.provider,
            model: m.model,
            source: version.source,
            effectiveFrom,
            inputPerMTok: new Prisma.Decimal(m.input.toFixed()),
            outputPerMTok: new Prisma.Decimal(m.output.toFixed()),
            cachedInputPerMTok: D(m.cachedInput),
            cacheWritePerMTok: D(m.cacheWrite),
            perRequest: D(m.perRequest),
            perImage: D(m.perImage),
            audioInputPerMTok: D(m.audioInput ?? null),
            audioOutputPerMTok: D(m.audioOutput ?? null),
            cacheWrite1hPerMTok: D(m.cacheWrite1h ?? null),
            imageInputPerMTok: D(m.imageInput ?? null),
            imageOutputPerMTok: D(m.imageOutput ?? null),
            batchInputPerMTok: D(m.batchInput ?? null),
            batchOutputPerMTok: D(m.batchOutput ?? null),
            priceUnits: m.priceUnits ?? null,
          })),
          select: { id: true, provider: true, model: true },
        });
        for (const r of rows) created.set(modelKey(r), r.id);
      }
      if (plan.changes.length) {
        await tx.priceChange.createMany({
          data: plan.changes.map((c) => ({
            provider: c.provider,
            model: c.model,
            field: c.field,
            oldValue: D(c.oldValue),
            newValue: D(c.newValue),
            effectiveFrom: c.effectiveFrom,
            fromVersionId: byKey.get(modelKey(c))?.id ?? null,
            toVersionId: c.status === "UNCONFIRMED" ? null : created.get(modelKey(c))!,
            detectedAt: polledAt,
            source: version.source,
            datedBy: c.datedBy,
            status: c.status,
            note: c.note,
          })),
        });
      }
      for (const r of plan.resolutions) {
        const toVersionId = r.status === "CONFIRMED" ? (created.get(modelKey(r.suspect)) ?? null) : null;
        await tx.priceChange.update({ where: { id: r.id }, data: { status: r.status, note: r.note, resolvedAt: polledAt, toVersionId, ...(r.status === "CONFIRMED" ? { detectedAt: polledAt } : {}) } });
      }
      const retirements = await upsertRetirements(tx, version.models, version.source);
      const changedKeys = new Set(plan.changes.filter((c) => c.status !== "UNCONFIRMED").map(modelKey));
      for (const r of plan.resolutions) if (r.status === "CONFIRMED") changedKeys.add(modelKey(r.suspect));
      return {
        source: version.source,
        effectiveFrom: version.effectiveFrom,
        models: version.models.length,
        addedModels: plan.addedModels,
        changedModels: changedKeys.size,
        priceChanges: plan.changes.filter((c) => c.status === "CONFIRMED" || c.status === "BASELINE").length + plan.resolutions.filter((r) => r.status === "CONFIRMED").length,
        heldSuspects: plan.changes.filter((c) => c.status === "UNCONFIRMED").length,
        confirmedSuspects: plan.resolutions.filter((r) => r.status === "CONFIRMED").length,
        revertedSuspects: plan.resolutions.filter((r) => r.status === "REVERTED").length,
        retirements,
      };
    },
    { timeout: 60_000 },
  );
  logger.info("price catalog recorded", { ...result, effectiveFrom: result.effectiveFrom.toISOString() });
  return result;
}

/** ModelRetirement rows from the catalog's deprecation dates merged with the maintained vendor table. */
async function upsertRetirements(tx: Prisma.TransactionClient, models: readonly ModelPrice[], source: string): Promise<number> {
  const rows = mergeRetirements(models, undefined, `${source} deprecation_date`);
  for (const r of rows) {
    const data = { deprecatedAt: r.deprecatedAt, retiresAt: r.retiresAt, replacement: r.replacement, source: r.source };
    await tx.modelRetirement.upsert({ where: { provider_model: { provider: r.provider, model: r.model } }, create: { provider: r.provider, model: r.model, ...data }, update: data });
  }
  return rows.length;
}

/** Load the bundled snapshot when the LiteLLM chain is empty (a fresh install). Returns null if already there. */
export async function ensureBundledCatalog(client: PrismaClient = db()): Promise<CatalogSyncResult | null> {
  const snapshot = bundledPriceCatalog();
  if (await client.modelPriceVersion.findFirst({ where: { source: snapshot.source }, select: { id: true } })) return null;
  return recordCatalogVersion(snapshot, client);
}

export interface CatalogSource {
  format: "litellm" | "openrouter";
  url: string;
}

export interface FetchOptions {
  now: Date;
  allowList?: AllowListInput;
  resolver?: Resolver;
  timeoutMs?: number;
}

// LiteLLM's file is ~1–2 MB today; leave room to grow without letting a hostile URL fill memory.
const CATALOG_MAX_BYTES = 25 * 1024 * 1024;

export function catalogUserAgent(): string {
  return `Breakeven price-catalog poller (+${env().APP_URL})`;
}

export interface FetchedCatalog extends CatalogVersion {
  skipped: SkippedEntry[];
  /** effectiveFrom is the file's Last-Modified (the source's date), not the poll */
  datedBySource: boolean;
  etag: string | null;
  lastModified: string | null;
  contentHash: string;
}

/**
 * Fetch and parse one source through the SSRF-guarded fetcher, conditionally: the validators of the last poll
 * are sent as If-None-Match / If-Modified-Since, and a 304 (or a 200 with the very same bytes, from a server
 * that ignores them) comes back as null — nothing to parse. The version is dated by the file's Last-Modified
 * when the server sends one no later than the poll, else it is "first seen" at `now`.
 */
export async function fetchCatalog(source: CatalogSource, options: FetchOptions, previous: { etag?: string | null; lastModified?: string | null; contentHash?: string | null } = {}): Promise<FetchedCatalog | null> {
  const res = await safeFetch(source.url, {
    userAgent: catalogUserAgent(),
    allowList: options.allowList,
    resolver: options.resolver,
    timeoutMs: options.timeoutMs ?? 30_000,
    maxBytes: CATALOG_MAX_BYTES,
    accept: "application/json",
    etag: previous.etag ?? null,
    lastModified: previous.lastModified ?? null,
  });
  if (res.notModified) return null;
  if (res.status !== 200) {
    throw new AppError("UPSTREAM_UNAVAILABLE", `Price catalog ${source.url} answered HTTP ${res.status}`, { url: source.url });
  }
  const contentHash = createHash("sha256").update(res.body).digest("hex");
  if (previous.contentHash === contentHash) return null;
  const parsed = source.format === "litellm" ? parseLiteLlmCatalog(res.body) : parseOpenRouterModels(res.body);
  if (parsed.models.length === 0) {
    // An empty catalog is a broken source, not "every model was withdrawn".
    throw new AppError("UPSTREAM_BAD_RESPONSE", `Price catalog ${source.url} held no usable model prices`, { url: source.url });
  }
  const modified = res.lastModified ? new Date(res.lastModified) : null;
  const datedBySource = !!modified && !Number.isNaN(modified.getTime()) && modified.getTime() <= options.now.getTime();
  return {
    source: source.format,
    effectiveFrom: datedBySource ? modified! : options.now,
    revision: res.etag,
    models: parsed.models,
    skipped: parsed.skipped,
    datedBySource,
    etag: res.etag,
    lastModified: res.lastModified,
    contentHash,
  };
}

/** Fetch one source conditionally and record what it found, keeping its validators and last outcome in PriceSource. */
export async function pollPriceSource(source: CatalogSource, options: FetchOptions): Promise<CatalogSyncResult> {
  const state = await db().priceSource.upsert({ where: { url: source.url }, create: { url: source.url, format: source.format }, update: {} });
  try {
    const version = await fetchCatalog(source, options, state);
    if (!version) {
      await db().priceSource.update({ where: { id: state.id }, data: { lastPolledAt: options.now, lastNotModified: true, lastError: null, lastErrorAt: null } });
      return { source: source.format, effectiveFrom: options.now, models: 0, addedModels: 0, changedModels: 0, priceChanges: 0, heldSuspects: 0, confirmedSuspects: 0, revertedSuspects: 0, retirements: 0, notModified: true };
    }
    if (version.skipped.length) logger.info("price catalog entries skipped", { source: source.format, count: version.skipped.length, first: version.skipped.slice(0, 5) });
    // Never polled before but the chain already has prices (the bundled snapshot): what differs is history.
    const baseline = !state.firstPolledAt && !!(await db().modelPriceVersion.findFirst({ where: { source: version.source }, select: { id: true } }));
    const result = await recordCatalogVersion(version, db(), { baseline, datedBySource: version.datedBySource, polledAt: options.now });
    await db().priceSource.update({
      where: { id: state.id },
      data: { etag: version.etag, lastModified: version.lastModified, contentHash: version.contentHash, firstPolledAt: state.firstPolledAt ?? options.now, lastPolledAt: options.now, lastChangedAt: options.now, lastNotModified: false, lastError: null, lastErrorAt: null },
    });
    return result;
  } catch (e) {
    const message = e instanceof Error ? e.message : String(e);
    await db().priceSource.update({ where: { id: state.id }, data: { lastError: message, lastErrorAt: options.now } });
    throw e;
  }
}

/**
 * One polling run: each configured source is fetched and recorded on its own, so one failing source does not
 * hold back the others; the run then fails (and is retried) if any source failed.
 */
export async function pollPriceCatalogs(options: FetchOptions & { sources?: readonly CatalogSource[] }): Promise<CatalogSyncResult[]> {
  const sources = options.sources ?? env().PRICE_CATALOG_URLS;
  const results: CatalogSyncResult[] = [];
  const failures: string[] = [];
  for (const source of sources) {
    try {
      results.push(await pollPriceSource(source, options));
    } catch (e) {
      const message = e instanceof Error ? e.message : String(e);
      logger.warn("price catalog poll failed", { source: source.format, url: source.url, error: message });
      failures.push(`${source.format}: ${message}`);
    }
  }
  if (failures.length) throw new AppError("UPSTREAM_UNAVAILABLE", `Price catalog poll failed for ${failures.join("; ")}`);
  return results;
}
