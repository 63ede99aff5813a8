import { db, dbPool, Prisma } from "@/lib/db";
import { dec, type Decimal } from "@/lib/money";
import type { Dimension } from "@/lib/otlp/attribution";
import { ensureSpanPartitions, maintainSpanPartitions, monthOfDay } from "@/lib/otlp/partitions";
import type { PricedSpan } from "@/lib/otlp/price";

// ── THE SCALE SEAM (docs/otlp.md) ───────────────────────────────────────────────────────────────
// Everything that reads or writes RAW span events goes through `SpanEventStore`. Today one
// implementation, `postgresSpanStore`: a monthly-partitioned Postgres table. Past one Postgres, a
// ClickHouse (MergeTree partitioned by toYYYYMM(day), ReplacingMergeTree on the same key for
// idempotency, TTL for retention) or Citus (the same table distributed by "orgId") implementation of
// this interface replaces it; the roll-ups (OtelDailyRollup / OtelDailyStats, small, in Postgres),
// the settle job and every page above them do not change. Nothing outside this file may query
// "OtelSpanEvent".

/** The totals every span roll-up carries, per day × provider × model or per dimension value. */
export interface SpanTotals {
  requests: bigint;
  inputTokens: bigint;
  outputTokens: bigint;
  cachedInputTokens: bigint;
  cacheWriteTokens: bigint;
  reasoningTokens: bigint;
  cost: Decimal;
  estimatedCost: Decimal;
  unpricedRequests: bigint;
}

export interface DimensionTotal extends SpanTotals {
  value: string;
}

export type StatsUnit = "request" | "conversation" | "user" | "customer";
export interface UnitStats {
  unit: StatsUnit;
  count: bigint;
  total: Decimal;
  /** percentile_disc: an actual unit's cost, the smallest with at least 50% / 95% of units at or below it */
  p50: Decimal;
  p95: Decimal;
}

/** What one OTLP request brought, for the org's daily ingest counters (OtelIngestDay). */
export interface BatchCounts {
  received: number;
  /** duplicates inside the request itself (the store adds the spans it had already) */
  duplicates: number;
  ignored: number;
  rejected: number;
}

export interface SpanEventStore {
  /**
   * Store the spans not seen before and, in the same atomic write, add exactly those to the day's
   * "all" roll-up (per provider and model) and the batch to the org's ingest counters for `day`.
   * Returns how many were newly stored (a re-sent span is not). `spans` come sorted by their key.
   */
  storeBatch(orgId: string, spans: readonly PricedSpan[], counts: BatchCounts, day: string): Promise<number>;
  /** Per value of one dimension on one day, summed over the raw spans (for the settle job). */
  dimensionTotals(orgId: string, day: string, dimension: Dimension): Promise<DimensionTotal[]>;
  /** Count, total and percentiles of priced units on one day (for the settle job). */
  unitStats(orgId: string, day: string): Promise<UnitStats[]>;
  /** Retention: drop what is past it, prepare what comes next. */
  maintain(now: Date, retentionDays: number): Promise<{ created: string[]; dropped: string[] }>;
}

const COLUMN: Record<Dimension, string> = { project: "project", user: "user", feature: "feature", customer: "customer" };

// ONE statement, so no interactive transaction (BEGIN … COMMIT round trips) is needed and the raw
// spans, the roll-up and the counters cannot disagree: `ins` keeps exactly the spans not stored
// before (ON CONFLICT DO NOTHING), `roll` adds only those to the day's "all" roll-up, `counted`
// records the batch. Span rows are inserted in key order (the caller sorts) and roll-up rows in
// (day, provider, model) order, so concurrent batches take their row locks in one order; Postgres runs
// the data-modifying CTEs the main query does not read after it, so the roll-up and counter rows,
// which every batch of the org touches, are locked last and held only until the commit.
// $1 orgId, $2 today (UTC, for the counters), $3 received, $4 GenAI spans in the request (the ones
// given + duplicates inside the request), $5 ignored, $6 rejected; $7… one array per span column.
const STORE_BATCH_SQL = `
  WITH ins AS (
    INSERT INTO "OtelSpanEvent" ("orgId", "day", "traceId", "spanId", "conversationId", "occurredAt", "provider", "model",
      "inputTokens", "outputTokens", "cachedInputTokens", "cacheWriteTokens", "reasoningTokens", "cost", "costEstimated", "priceVersionId",
      "project", "user", "feature", "customer")
    SELECT $1, e.day, e.trace, e.span, e.conv, e.at, e.provider, e.model, e.input, e.output, e.cached, e.cache_write, e.reasoning,
      e.cost, e.estimated, e.version, e.project, e.usr, e.feature, e.customer
    FROM unnest($7::date[], $8::text[], $9::text[], $10::text[], $11::timestamptz[], $12::text[], $13::text[], $14::bigint[], $15::bigint[],
      $16::bigint[], $17::bigint[], $18::bigint[], $19::numeric[], $20::boolean[], $21::text[], $22::text[], $23::text[], $24::text[], $25::text[])
      AS e(day, trace, span, conv, at, provider, model, input, output, cached, cache_write, reasoning, cost, estimated, version, project, usr, feature, customer)
    ON CONFLICT ("orgId", "day", "traceId", "spanId") DO NOTHING
    RETURNING "day", "provider", "model", "inputTokens", "outputTokens", "cachedInputTokens", "cacheWriteTokens", "reasoningTokens", "cost", "costEstimated"
  ), roll AS (
    INSERT INTO "OtelDailyRollup" AS r ("orgId", "day", "dimension", "value", "provider", "model", "requests", "inputTokens", "outputTokens",
      "cachedInputTokens", "cacheWriteTokens", "reasoningTokens", "cost", "estimatedCost", "unpricedRequests")
    SELECT $1, "day", 'all', '', "provider", "model", COUNT(*), SUM("inputTokens"), SUM("outputTokens"), SUM("cachedInputTokens"),
      SUM("cacheWriteTokens"), SUM("reasoningTokens"), COALESCE(SUM("cost"), 0), COALESCE(SUM("cost") FILTER (WHERE "costEstimated"), 0),
      COUNT(*) FILTER (WHERE "cost" IS NULL)
    FROM ins GROUP BY "day", "provider", "model" ORDER BY "day", "provider", "model"
    ON CONFLICT ("orgId", "day", "dimension", "value", "provider", "model") DO UPDATE SET
      "requests" = r."requests" + EXCLUDED."requests", "inputTokens" = r."inputTokens" + EXCLUDED."inputTokens",
      "outputTokens" = r."outputTokens" + EXCLUDED."outputTokens", "cachedInputTokens" = r."cachedInputTokens" + EXCLUDED."cachedInputTokens",
      "cacheWriteTokens" = r."cacheWriteTokens" + EXCLUDED."cacheWriteTokens", "reasoningTokens" = r."reasoningTokens" + EXCLUDED."reasoningTokens",
      "cost" = r."cost" + EXCLUDED."cost", "estimatedCost" = r."estimatedCost" + EXCLUDED."estimatedCost",
      "unpricedRequests" = r."unpricedRequests" + EXCLUDED."unpricedRequests"
  ), n AS (SELECT COUNT(*)::int AS accepted FROM ins),
  counted AS (
    INSERT INTO "OtelIngestDay" AS d ("orgId", "day", "received", "accepted", "duplicates", "ignored", "rejected")
    SELECT $1, $2::date, $3::bigint, n.accepted, $4::bigint - n.accepted, $5::bigint, $6::bigint FROM n
    ON CONFLICT ("orgId", "day") DO UPDATE SET "received" = d."received" + EXCLUDED."received", "accepted" = d."accepted" + EXCLUDED."accepted",
      "duplicates" = d."duplicates" + EXCLUDED."duplicates", "ignored" = d."ignored" + EXCLUDED."ignored", "rejected" = d."rejected" + EXCLUDED."rejected"
  )
  SELECT accepted FROM n`;

export const postgresSpanStore: SpanEventStore = {
  async storeBatch(orgId, spans, counts, day) {
    if (spans.length > 0) await ensureSpanPartitions(new Set(spans.map((s) => monthOfDay(s.day))));
    const col = <T>(f: (s: PricedSpan) => T) => spans.map(f);
    const big = (f: (s: PricedSpan) => bigint) => spans.map((s) => f(s).toString());
    const { rows } = await dbPool().query<{ accepted: number }>({
      name: "otel-store-batch",
      text: STORE_BATCH_SQL,
      values: [
        orgId, day, counts.received, spans.length + counts.duplicates, counts.ignored, counts.rejected,
        col((s) => s.day), col((s) => s.traceId), col((s) => s.spanId), col((s) => s.conversationId), col((s) => s.occurredAt.toISOString()),
        col((s) => s.provider), col((s) => s.model), big((s) => s.inputTokens), big((s) => s.outputTokens), big((s) => s.cachedInputTokens),
        big((s) => s.cacheWriteTokens), big((s) => s.reasoningTokens), col((s) => s.cost?.toFixed() ?? null), col((s) => s.costEstimated),
        col((s) => s.priceVersionId), col((s) => s.project), col((s) => s.user), col((s) => s.feature), col((s) => s.customer),
      ],
    });
    return rows[0]!.accepted;
  },

  async dimensionTotals(orgId, day, dimension) {
    const column = Prisma.raw(`"${COLUMN[dimension]}"`);
    const rows = await db().$queryRaw<{ value: string; requests: bigint; input: bigint; output: bigint; cached: bigint; cache_write: bigint; reasoning: bigint; cost: unknown; estimated: unknown; unpriced: bigint }[]>`
      SELECT ${column} AS value, COUNT(*)::bigint AS requests, SUM("inputTokens")::bigint AS input, SUM("outputTokens")::bigint AS output,
        SUM("cachedInputTokens")::bigint AS cached, SUM("cacheWriteTokens")::bigint AS cache_write, SUM("reasoningTokens")::bigint AS reasoning,
        COALESCE(SUM("cost"), 0) AS cost, COALESCE(SUM("cost") FILTER (WHERE "costEstimated"), 0) AS estimated, COUNT(*) FILTER (WHERE "cost" IS NULL)::bigint AS unpriced
      FROM "OtelSpanEvent" WHERE "orgId" = ${orgId} AND "day" = ${day}::date GROUP BY 1`;
    return rows.map((r) => ({
      value: r.value, requests: r.requests, inputTokens: r.input, outputTokens: r.output, cachedInputTokens: r.cached, cacheWriteTokens: r.cache_write,
      reasoningTokens: r.reasoning, cost: dec(String(r.cost)), estimatedCost: dec(String(r.estimated)), unpricedRequests: r.unpriced,
    }));
  },

  async unitStats(orgId, day) {
    // Units are priced spans grouped by conversation, user or customer (unset values left out).
    const rows = await db().$queryRaw<{ unit: StatsUnit; n: bigint; total: unknown; p50: unknown; p95: unknown }[]>`
      WITH s AS (SELECT "conversationId", "user", "customer", "cost" FROM "OtelSpanEvent" WHERE "orgId" = ${orgId} AND "day" = ${day}::date AND "cost" IS NOT NULL),
      units AS (
        SELECT 'request' AS unit, "cost" AS cost FROM s
        UNION ALL SELECT 'conversation', SUM("cost") FROM s GROUP BY "conversationId"
        UNION ALL SELECT 'user', SUM("cost") FROM s WHERE "user" <> '' GROUP BY "user"
        UNION ALL SELECT 'customer', SUM("cost") FROM s WHERE "customer" <> '' GROUP BY "customer")
      SELECT unit, COUNT(*)::bigint AS n, SUM(cost) AS total,
        percentile_disc(0.5) WITHIN GROUP (ORDER BY cost) AS p50, percentile_disc(0.95) WITHIN GROUP (ORDER BY cost) AS p95
      FROM units GROUP BY unit`;
    return rows.map((r) => ({ unit: r.unit, count: r.n, total: dec(String(r.total)), p50: dec(String(r.p50)), p95: dec(String(r.p95)) }));
  },

  maintain: maintainSpanPartitions,
};

/** The span store this process uses. The one switch point for another engine. */
export function spanStore(): SpanEventStore {
  return postgresSpanStore;
}
