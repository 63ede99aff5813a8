import { db, Prisma, type PrismaClient } from "@/lib/db";
import { env } from "@/lib/env";
import { AppError } from "@/lib/errors";
import { logger } from "@/lib/log";
import { safeFetch } from "@/lib/net/safe-fetch";
import type { AllowListInput, Resolver } from "@/lib/net/ssrf";
import { diffCatalogs } from "@/lib/pricing/diff";
import { parseLiteLlmCatalog } from "@/lib/pricing/litellm";
import { parseOpenRouterModels } from "@/lib/pricing/openrouter";
import { asModelPrice, type StoredPriceVersion } from "@/lib/pricing/price-book";
import { mergeRetirements } from "@/lib/pricing/retirements";
import { bundledPriceCatalog } from "@/lib/pricing/snapshot";
import { toStoredVersion } from "@/lib/pricing/store";
import type { CatalogVersion, ModelPrice, SkippedEntry } from "@/lib/pricing/types";

// Writing the price catalog: a polled (or bundled) catalog version is diffed against the versions in effect
// for that source, and only what moved is written — new ModelPriceVersion rows for new and changed models,
// one PriceChange per moved price — in one transaction, so a half-written catalog is never visible.

export interface CatalogSyncResult {
  source: string;
  effectiveFrom: Date;
  models: number;
  addedModels: number;
  changedModels: number;
  priceChanges: number;
  retirements: number;
}

const D = (v: ModelPrice["cachedInput"]) => (v === null ? null : new Prisma.Decimal(v.toFixed()));

/** Latest version per (provider, model) of one source with effectiveFrom ≤ at. */
async function versionsInEffect(tx: Prisma.TransactionClient, source: string, at: Date): Promise<StoredPriceVersion[]> {
  const rows = await tx.$queryRaw<Parameters<typeof toStoredVersion>[0][]>`
    SELECT DISTINCT ON (provider, model) id, provider, model, source, "effectiveFrom", "inputPerMTok", "outputPerMTok",
           "cachedInputPerMTok", "cacheWritePerMTok", "perRequest", "perImage"
    FROM "ModelPriceVersion" WHERE source = ${source} AND "effectiveFrom" <= ${at}
    ORDER BY provider, model, "effectiveFrom" DESC`;
  return rows.map(toStoredVersion);
}

/**
 * Record one catalog version. The first version of a source writes every model; later ones write only models
 * that are new or whose normalised prices moved (diffCatalogs), with a PriceChange per moved field. A model
 * that disappeared keeps its last version (it is still billed at that price until we learn otherwise).
 * Serialised per source with an advisory lock, so two workers polling at once cannot both write a change.
 */
export async function recordCatalogVersion(version: CatalogVersion, client: PrismaClient = db()): Promise<CatalogSyncResult> {
  const result = await client.$transaction(
    async (tx) => {
      await tx.$executeRaw`SELECT pg_advisory_xact_lock(hashtext(${`price-catalog:${version.source}`}))`;
      const previous = await versionsInEffect(tx, version.source, version.effectiveFrom);
      const byKey = new Map(previous.map((v) => [`${v.provider}\u0000${v.model}`, v]));
      const diff = diffCatalogs(previous.map(asModelPrice), version.models, version.effectiveFrom);
      const changedKeys = new Set(diff.changes.map((c) => `${c.provider}\u0000${c.model}`));
      const toWrite = version.models.filter((m) => !byKey.has(`${m.provider}\u0000${m.model}`) || changedKeys.has(`${m.provider}\u0000${m.model}`));

      const created = new Map<string, string>();
      if (toWrite.length) {
        const rows = await tx.modelPriceVersion.createManyAndReturn({
          data: toWrite.map((m) => ({
            provider: m.provider,
            model: m.model,
            source: version.source,
            effectiveFrom: version.effectiveFrom,
            inputPerMTok: new Prisma.Decimal(m.input.toFixed()),
            outputPerMTok: new Prisma.Decimal(m.output.toFixed()),
            cachedInputPerMTok: D(m.cachedInput),
            cacheWritePerMTok: D(m.cacheWrite),
            perRequest: D(m.perRequest),
            perImage: D(m.perImage),
          })),
          select: { id: true, provider: true, model: true },
        });
        for (const r of rows) created.set(`${r.provider}\u0000${r.model}`, r.id);
      }
      if (diff.changes.length) {
        await tx.priceChange.createMany({
          data: diff.changes.map((c) => ({
            provider: c.provider,
            model: c.model,
            field: c.field,
            oldValue: D(c.oldValue),
            newValue: D(c.newValue),
            effectiveFrom: c.effectiveFrom,
            fromVersionId: byKey.get(`${c.provider}\u0000${c.model}`)?.id ?? null,
            toVersionId: created.get(`${c.provider}\u0000${c.model}`)!,
          })),
        });
      }
      const retirements = await upsertRetirements(tx, version.models, version.source);
      return {
        source: version.source,
        effectiveFrom: version.effectiveFrom,
        models: version.models.length,
        addedModels: diff.added.length,
        changedModels: changedKeys.size,
        priceChanges: diff.changes.length,
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

/** Fetch and parse one source through the SSRF-guarded fetcher; the version is observed at `now`. */
export async function fetchCatalog(source: CatalogSource, options: FetchOptions): Promise<CatalogVersion & { skipped: SkippedEntry[] }> {
  const res = await safeFetch(source.url, {
    userAgent: catalogUserAgent(),
    allowList: options.allowList,
    resolver: options.resolver,
    timeoutMs: options.timeoutMs ?? 30_000,
    maxBytes: CATALOG_MAX_BYTES,
    accept: "application/json",
  });
  if (res.notModified || res.status !== 200) {
    throw new AppError("UPSTREAM_UNAVAILABLE", `Price catalog ${source.url} answered HTTP ${res.status}`, { url: source.url });
  }
  const parsed = source.format === "litellm" ? parseLiteLlmCatalog(res.body) : parseOpenRouterModels(res.body);
  if (parsed.models.length === 0) {
    // An empty catalog is a broken source, not "every model was withdrawn".
    throw new AppError("UPSTREAM_BAD_RESPONSE", `Price catalog ${source.url} held no usable model prices`, { url: source.url });
  }
  return { source: source.format, effectiveFrom: options.now, revision: res.etag, models: parsed.models, skipped: parsed.skipped };
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
      const version = await fetchCatalog(source, options);
      if (version.skipped.length) logger.info("price catalog entries skipped", { source: source.format, count: version.skipped.length, first: version.skipped.slice(0, 5) });
      results.push(await recordCatalogVersion(version));
    } catch (e) {
      const message = e instanceof Error ? e.message : String(e);
      logger.warn("price catalog poll failed", { source: source.format, url: source.url, error: message });
      failures.push(`${source.format}: ${message}`);
    }
  }
  if (failures.length) throw new AppError("UPSTREAM_UNAVAILABLE", `Price catalog poll failed for ${failures.join("; ")}`);
  return results;
}
