import { openSecret } from "@/lib/crypto/secrets";
import { db } from "@/lib/db";
import { writeWindow, type BucketSource, type Tx } from "@/lib/ingest/write";
import { isoDay } from "@/lib/ingest/windows";
import { createProviderClient } from "@/lib/providers/client";
import type { BillingProviderClient, CostBucketRow, EndpointOutcome, FetchWindow, OutOfWindowNote, ProviderClientOptions, UsageBucketRow } from "@/lib/providers/types";
import { windowDays } from "@/lib/providers/window-fetch";
import { dec } from "@/lib/money";
import { logger } from "@/lib/log";
import { AppError } from "@/lib/errors";
import { rowExists } from "@/lib/db/row-exists";
import { billedCostRows, estimatedCostRows, loadPriceVersions, priceUsageRows } from "@/lib/spend/estimate";
import { classifySyncFailure, type SyncFailure } from "@/lib/connections/outcome";
import { billingCurrencyOf, notBillingCurrency } from "@/lib/ingest/currency";

// Pull a connection's windows from its provider and write each in one transaction, advancing the
// connection's cursor in that same transaction. HTTP happens before the transaction opens, so a
// worker killed mid-window has written nothing of that window, and the window is simply re-read.

/** Test and benchmark seams for the HTTP client (time-outs, back-off); production passes nothing. */
export type ClientOverrides = Partial<Pick<ProviderClientOptions, "retry" | "sleep" | "random" | "usageKinds" | "now">>;

export interface SyncOptions {
  client?: ClientOverrides;
  now?: () => Date;
  /** Called after each window is committed (backfill progress). */
  onWindow?: (done: number, total: number, window: FetchWindow) => Promise<void>;
}

export interface SyncReport {
  status: "done" | "paused" | "gone";
  windows: number;
  costRows: number;
  usageRows: number;
  requests: number;
  retries: number;
}

type SyncConnection = { id: string; orgId: string; provider: "OPENAI" | "ANTHROPIC"; encryptedCredentials: string; credentialsKeyId: string; baseUrl: string | null; status: string };

export function connectionClient(c: SyncConnection, overrides: ClientOverrides = {}): BillingProviderClient {
  // The key lives only in this client's closure for the duration of the job: never logged, never returned.
  const apiKey = openSecret({ ciphertext: c.encryptedCredentials, keyId: c.credentialsKeyId });
  return createProviderClient({ provider: c.provider.toLowerCase(), apiKey, baseUrl: c.baseUrl ?? undefined, ...overrides });
}

export function connectionSource(c: Pick<SyncConnection, "id" | "orgId">): BucketSource {
  return { orgId: c.orgId, sourceKey: c.id, origin: "PROVIDER_API", connectionId: c.id };
}

async function loadConnection(connectionId: string): Promise<SyncConnection | null> {
  return db().providerConnection.findUnique({
    where: { id: connectionId },
    select: { id: true, orgId: true, provider: true, encryptedCredentials: true, credentialsKeyId: true, baseUrl: true, status: true },
  });
}

/**
 * Rows this connection stored earlier for the window from endpoints that are unavailable now (a
 * key that lost cost access, a usage kind switched off): kept as they were, so losing an endpoint
 * never erases what it reported before, and billed dollars keep covering their usage.
 */
async function storedRowsOfUnavailable(c: SyncConnection, window: FetchWindow, endpoints: readonly EndpointOutcome[]): Promise<{ costs: CostBucketRow[]; usage: UsageBucketRow[] }> {
  const gone = endpoints.filter((e) => !e.available);
  if (gone.length === 0) return { costs: [], usage: [] };
  const where = { orgId: c.orgId, sourceKey: c.id, day: { gte: window.start, lt: window.end } };
  const kinds = gone.flatMap((e) => e.usageKinds);
  const [costs, usage] = await Promise.all([
    gone.some((e) => e.produces === "costs") ? db().costBucket.findMany({ where: { ...where, estimated: false } }) : [],
    kinds.length > 0 ? db().usageBucket.findMany({ where: { ...where, usageKind: { in: kinds } } }) : [],
  ]);
  return {
    costs: costs.map((r) => ({
      provider: r.provider, day: isoDay(r.day), projectId: r.projectId, model: r.model, lineItem: r.lineItem, currency: r.currency,
      amount: dec(r.amount.toString()), quantity: r.quantity == null ? null : dec(r.quantity.toString()), quantityUnit: r.quantityUnit,
    })),
    usage: usage.map((r) => ({
      provider: r.provider, day: isoDay(r.day), projectId: r.projectId, model: r.model, usageKind: r.usageKind,
      inputTokens: r.inputTokens, outputTokens: r.outputTokens, cachedInputTokens: r.cachedInputTokens, cacheWriteTokens: r.cacheWriteTokens,
      audioInputTokens: r.audioInputTokens, audioOutputTokens: r.audioOutputTokens, imageInputTokens: r.imageInputTokens, imageOutputTokens: r.imageOutputTokens,
      cachedAudioInputTokens: r.cachedAudioInputTokens, cacheWrite1hTokens: r.cacheWrite1hTokens,
      cachedImageInputTokens: r.cachedImageInputTokens, batchInputTokens: r.batchInputTokens, batchOutputTokens: r.batchOutputTokens,
      requests: r.requests, units: r.units == null ? null : dec(r.units.toString()), unit: r.unit,
    })),
  };
}

/** Buckets outside the window, in words for the connection page and the log. */
export function outOfWindowWarning(providerName: string, window: FetchWindow, notes: readonly OutOfWindowNote[]): string | null {
  if (notes.length === 0) return null;
  const { first, last } = windowDays(window);
  const parts = notes.map((n) => `${n.label} returned ${n.rows} ${n.rows === 1 ? "bucket" : "buckets"} for ${n.days.join(", ")}`);
  return `${providerName} ${parts.join("; ")}, outside the requested days ${first} to ${last}: ignored, not stored.`;
}

/** Fetch one window (every endpoint, one after another: they share one rate limit), price it, write it. */
export async function syncWindow(c: SyncConnection, client: BillingProviderClient, window: FetchWindow, now: Date) {
  const fetched = await client.fetchWindow(window);
  const providerName = c.provider === "OPENAI" ? "OpenAI" : "Anthropic";
  refuseForeignCurrency(providerName, fetched.costs, await billingCurrencyOf(c.orgId));
  const kept = await storedRowsOfUnavailable(c, window, fetched.endpoints);
  const costs = [...fetched.costs, ...kept.costs];
  const usage = [...fetched.usage, ...kept.usage];
  const priced = priceUsageRows(usage, await loadPriceVersions(usage));
  const costRows = [...billedCostRows(costs), ...estimatedCostRows(priced, costs)];
  const warning = outOfWindowWarning(providerName, window, fetched.outOfWindow);
  if (warning) logger.warn("provider returned buckets outside the window", { connectionId: c.id, warning });
  if (fetched.repeats > 0) logger.info("provider repeated buckets across pages; duplicates dropped", { connectionId: c.id, repeats: fetched.repeats });
  // The cursor says "synced up to here"; today's bucket is partial, so never past `now`.
  const through = new Date(Math.min(window.end.getTime(), now.getTime()));
  const result = await writeWindow(
    { source: connectionSource(c), fromDay: isoDay(window.start), toDay: isoDay(window.end), costs: costRows, usage: priced },
    (tx) => recordWindowSuccess(tx, c.id, { through, now, endpoints: fetched.endpoints, warning }),
  );
  return { ...result, costRowCount: costRows.length, usageRowCount: priced.length };
}

/**
 * A provider billing in another currency than the organisation's is refused, the window unwritten:
 * its amounts would otherwise be added to the totals, the monthly roll-up and the alerts as if they
 * were the same money. The error names both currencies; the connection shows it.
 */
export function refuseForeignCurrency(providerName: string, costs: readonly { currency: string }[], billingCurrency: string): void {
  const foreign = costs.find((r) => r.currency.toLowerCase() !== billingCurrency);
  if (!foreign) return;
  throw new AppError("UPSTREAM_BAD_RESPONSE", `${providerName} billed in ${foreign.currency.toUpperCase()}, but this organisation's billing currency is ${billingCurrency.toUpperCase()}: nothing of this window was stored. Set the organisation's currency to ${foreign.currency.toUpperCase()} if that is what you are billed in.`, {
    issues: [{ field: "currency", message: notBillingCurrency(foreign.currency, billingCurrency) }],
  });
}

async function recordWindowSuccess(tx: Tx, connectionId: string, w: { through: Date; now: Date; endpoints: readonly EndpointOutcome[]; warning: string | null }) {
  const { through, now } = w;
  const endpoints = JSON.stringify(w.endpoints);
  // A pause clicked while the job ran wins over the job's success. A warning stays until a newer one.
  await tx.$executeRaw`
    UPDATE "ProviderConnection" SET
      "syncedThrough" = GREATEST(COALESCE("syncedThrough", ${through}), ${through}),
      "status" = CASE WHEN "status" = 'PAUSED' THEN "status" ELSE 'ACTIVE'::"ConnectionStatus" END,
      "endpointStatus" = ${endpoints}::jsonb,
      "lastWarning" = COALESCE(${w.warning}, "lastWarning"),
      "lastWarningAt" = CASE WHEN ${w.warning}::text IS NULL THEN "lastWarningAt" ELSE ${now} END,
      "lastSuccessAt" = ${now}, "lastSyncAt" = ${now}, "failingSince" = NULL, "updatedAt" = ${now}
    WHERE "id" = ${connectionId}`;
}

/**
 * A connection read as missing: true when a second read confirms it is gone. When it still exists
 * the first read was wrong, and the job fails (and is retried) rather than stopping quietly.
 */
export async function confirmConnectionGone(connectionId: string): Promise<void> {
  if (!(await rowExists("providerConnection", connectionId))) return;
  throw new AppError("INTERNAL", `Connection ${connectionId}: the database answered that it does not exist, but it does; the sync is retried.`, { connectionId });
}

async function gone(connectionId: string): Promise<"gone"> {
  await confirmConnectionGone(connectionId);
  return "gone";
}

/** Sync `windows` in order. Stops quietly if the connection is paused or deleted (confirmed) in the meantime. */
export async function syncWindows(connectionId: string, windows: readonly FetchWindow[], opts: SyncOptions = {}): Promise<SyncReport> {
  const now = opts.now ?? (() => new Date());
  const report: SyncReport = { status: "done", windows: 0, costRows: 0, usageRows: 0, requests: 0, retries: 0 };
  let c = await loadConnection(connectionId);
  if (!c) return { ...report, status: await gone(connectionId) };
  const client = connectionClient(c, opts.client);
  for (const [i, window] of windows.entries()) {
    if (i > 0) c = await loadConnection(connectionId);
    if (!c) return { ...report, status: await gone(connectionId) };
    if (c.status === "PAUSED") return { ...report, status: "paused" };
    const r = await syncWindow(c, client, window, now());
    report.windows++;
    report.costRows += r.costRowCount;
    report.usageRows += r.usageRowCount;
    Object.assign(report, { requests: client.stats.requests, retries: client.stats.retries });
    await opts.onWindow?.(i + 1, windows.length, window);
  }
  return { ...report, requests: client.stats.requests, retries: client.stats.retries };
}

/**
 * Store a failed attempt on the connection: always the error and its time; FAILING at once for
 * errors a retry cannot fix (401/403, malformed body, repeated cursor), or when this was the last attempt.
 */
export async function recordSyncFailure(connectionId: string, e: unknown, opts: { finalAttempt: boolean; now?: Date }): Promise<SyncFailure> {
  const c = await db().providerConnection.findUnique({ where: { id: connectionId }, select: { provider: true } });
  const failure = classifySyncFailure(e, c?.provider === "ANTHROPIC" ? "Anthropic" : "OpenAI");
  const now = opts.now ?? new Date();
  const failing = failure.failingNow || opts.finalAttempt;
  await db().$executeRaw`
    UPDATE "ProviderConnection" SET
      "lastError" = ${failure.message}, "lastErrorDetail" = ${failure.detail}, "lastErrorAt" = ${now}, "lastSyncAt" = ${now}, "updatedAt" = ${now},
      "status" = CASE WHEN ${failing} AND "status" <> 'PAUSED' THEN 'FAILING'::"ConnectionStatus" ELSE "status" END,
      "failingSince" = CASE WHEN ${failing} AND "status" <> 'PAUSED' THEN COALESCE("failingSince", ${now}) ELSE "failingSince" END
    WHERE "id" = ${connectionId}`;
  return failure;
}
