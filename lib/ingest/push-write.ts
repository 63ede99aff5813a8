import { db, Prisma } from "@/lib/db";
import { AppError } from "@/lib/errors";
import { upsertCostBuckets, upsertUsageBuckets, type BucketSource } from "@/lib/ingest/write";
import { rollupEventsToBuckets, validatePushBatch, type NormalisedEvent, type PushItemError } from "@/lib/ingest/push";
import { mergeUsageRows } from "@/lib/providers/merge";
import { billedCostRows, loadPriceVersions, priceUsageRows, toEstimatedCostRow, type PriceVersion } from "@/lib/spend/estimate";
import { billingCurrencyOf } from "./currency";

// POST /api/v1/usage behind the route: validate the whole batch, then in ONE transaction store the
// events (the (orgId, idempotencyKey) unique key drops ids already seen) and add exactly the newly
// stored events to the daily buckets. Adding increments (rather than re-summing the day from all
// its events) keeps a batch O(batch) on a day with millions of events, and stays right when two
// batches for the same day commit concurrently: each adds its own events under the row lock.

export type PushOutcome = { ok: true; accepted: number; duplicates: number; errors: [] } | { ok: false; accepted: 0; duplicates: 0; errors: PushItemError[] };

export const pushSource = (orgId: string): BucketSource => ({ orgId, sourceKey: "push", origin: "PUSH", connectionId: null });

export async function ingestPushBatch(orgId: string, body: unknown): Promise<PushOutcome> {
  const { valid, errors } = validatePushBatch(body, { billingCurrency: await billingCurrencyOf(orgId) });
  // All or nothing: one bad item and the sender fixes the batch and sends it again whole.
  if (errors.length > 0) return { ok: false, accepted: 0, duplicates: 0, errors };
  if (valid.length === 0) return { ok: true, accepted: 0, duplicates: 0, errors: [] };
  const versions = await loadPriceVersions(valid);
  // Sorted by id so concurrent batches take the unique index's locks in one order.
  const events = [...valid].sort((a, b) => (a.id < b.id ? -1 : a.id > b.id ? 1 : 0));
  let accepted: number;
  try {
    accepted = await db().$transaction((tx) => storeEvents(tx, orgId, events, versions), { timeout: 60_000, maxWait: 10_000 });
  } catch (e) {
    // The batch's own sums were checked; a day already holding near the limit can still overflow.
    if (isOverflow(e)) throw new AppError("BAD_INPUT", "Adding this batch would take a stored day's total past what it can hold; nothing was stored. Check the token counts and costs.", { issues: [{ field: "records", message: "a day's total would overflow" }] });
    throw e;
  }
  return { ok: true, accepted, duplicates: valid.length - accepted, errors: [] };
}

/** Postgres "numeric field overflow" / "bigint out of range" (SQLSTATE 22003), however the driver wraps it. */
function isOverflow(e: unknown): boolean {
  const text = `${String((e as { message?: unknown })?.message ?? "")} ${JSON.stringify((e as { meta?: unknown })?.meta ?? {})} ${String((e as { cause?: { message?: unknown } })?.cause?.message ?? "")}`;
  return /22003|out of range|numeric field overflow/i.test(text);
}

async function storeEvents(tx: Prisma.TransactionClient, orgId: string, events: NormalisedEvent[], versions: PriceVersion[]): Promise<number> {
  const col = <T>(f: (e: NormalisedEvent) => T) => events.map(f);
  const big = (f: (e: NormalisedEvent) => bigint) => events.map((e) => f(e).toString());
  const inserted = await tx.$queryRaw<{ idempotencyKey: string }[]>`
    INSERT INTO "UsageEvent" ("orgId", "idempotencyKey", "provider", "model", "projectId", "usageKind", "occurredAt",
      "inputTokens", "outputTokens", "cachedInputTokens", "cacheWriteTokens", "requests", "cost", "currency", "tags")
    SELECT ${orgId}, e.id, e.provider, e.model, e.project, e.usage_kind, e.occurred_at, e.input, e.output, e.cached, e.cache_write, e.requests, e.cost, e.currency, e.tags
    FROM unnest(
      ${col((e) => e.id)}::text[], ${col((e) => e.provider)}::text[], ${col((e) => e.model)}::text[], ${col((e) => e.projectId)}::text[], ${col((e) => e.usageKind)}::text[],
      ${col((e) => e.occurredAt.toISOString())}::timestamptz[], ${big((e) => e.inputTokens)}::bigint[], ${big((e) => e.outputTokens)}::bigint[],
      ${big((e) => e.cachedInputTokens)}::bigint[], ${big((e) => e.cacheWriteTokens)}::bigint[], ${big((e) => e.requests)}::bigint[],
      ${col((e) => e.cost?.toFixed() ?? null)}::numeric[], ${col((e) => e.currency)}::text[],
      ${col((e) => (Object.keys(e.tags).length ? JSON.stringify(e.tags) : null))}::jsonb[]
    ) AS e(id, provider, model, project, usage_kind, occurred_at, input, output, cached, cache_write, requests, cost, currency, tags)
    ON CONFLICT ("orgId", "idempotencyKey") DO NOTHING
    RETURNING "idempotencyKey"`;
  if (inserted.length === 0) return 0;
  const stored = new Set(inserted.map((r) => r.idempotencyKey));
  const fresh = events.filter((e) => stored.has(e.id));

  // Roll up events sent with a cost and without apart (one pass over the batch): billed dollars
  // where the sender knew them, catalog prices for the rest; usage of both, with its catalog price
  // (for reconciliation), is their per-bucket sum.
  const billed = rollupEventsToBuckets(fresh.filter((e) => e.cost !== null));
  const unbilled = priceUsageRows(rollupEventsToBuckets(fresh.filter((e) => e.cost === null)).usage, versions);
  const priced = priceUsageRows(mergeUsageRows([...billed.usage, ...unbilled]), versions);
  const costRows = [...billedCostRows(billed.costs), ...unbilled.flatMap((u) => toEstimatedCostRow(u) ?? [])];

  await upsertUsageBuckets(tx, pushSource(orgId), priced, "add");
  await upsertCostBuckets(tx, pushSource(orgId), costRows, "add");
  return fresh.length;
}
