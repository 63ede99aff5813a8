import { db, Prisma } from "@/lib/db";
import { env } from "@/lib/env";
import { dec, type Decimal } from "@/lib/money";
import { cachedAttribution, type AttributionConfig } from "@/lib/otlp/attribution";
import type { OtlpSpan } from "@/lib/otlp/decode";
import { classifySpan, type GenAiSpanEvent } from "@/lib/otlp/genai";
import { retentionCutoffDay } from "@/lib/otlp/partitions";
import { priceSpans, versionsForSpans, type PricedSpan } from "@/lib/otlp/price";
import { spanStore, type SpanTotals } from "@/lib/otlp/span-store";

// POST /api/v1/otlp/v1/traces behind the route: classify every span (GenAI usage, ignored, or
// rejected with a reason), price the GenAI ones, then in ONE transaction store those not seen before
// and add exactly them to the day's "all" roll-up (per provider and model). Counts of what happened
// go to OtelIngestDay. Span events are attribution: they never touch CostBucket (billed spend).

export interface OtlpOutcome {
  received: number;
  accepted: number;
  duplicates: number;
  ignored: number;
  rejected: number;
  /** the first few rejection reasons, for the OTLP partial-success message */
  reasons: string[];
}

const MAX_REASONS = 5;

export interface ClassifiedBatch {
  events: GenAiSpanEvent[];
  /** the same span more than once in this request: stored once, the copies counted as duplicates */
  duplicates: number;
  ignored: number;
  rejected: number;
  reasons: string[];
}

/** Pure: sort spans into kept events, ignored and rejected (with the first reasons, naming the span). */
export function classifyBatch(spans: readonly OtlpSpan[], config: AttributionConfig, now: Date, retentionDays: number): ClassifiedBatch {
  const cutoff = retentionCutoffDay(now, retentionDays);
  const out: ClassifiedBatch = { events: [], duplicates: 0, ignored: 0, rejected: 0, reasons: [] };
  const seen = new Set<string>();
  const reject = (i: number, s: OtlpSpan, reason: string) => {
    out.rejected++;
    if (out.reasons.length < MAX_REASONS) out.reasons.push(`span ${i} (traceId ${s.traceId || "?"}, spanId ${s.spanId || "?"}): ${reason}`);
  };
  spans.forEach((s, i) => {
    const v = classifySpan(s, config, now);
    if (v.kind === "ignored") out.ignored++;
    else if (v.kind === "rejected") reject(i, s, v.reason);
    else if (v.event.day < cutoff) reject(i, s, `started on ${v.event.day}, before the ${retentionDays}-day retention of span events (from ${cutoff})`);
    else if (seen.has(`${v.event.day}/${v.event.traceId}/${v.event.spanId}`)) out.duplicates++;
    else {
      seen.add(`${v.event.day}/${v.event.traceId}/${v.event.spanId}`);
      out.events.push(v.event);
    }
  });
  return out;
}

export interface AllRollupRow extends SpanTotals {
  day: string;
  provider: string;
  model: string;
}

/** Pure: newly stored spans summed per day, provider and model, in key order (the row-lock order). */
export function rollupAll(spans: readonly PricedSpan[]): AllRollupRow[] {
  const rows = new Map<string, AllRollupRow>();
  for (const s of spans) {
    const key = `${s.day}\u0000${s.provider}\u0000${s.model}`;
    let r = rows.get(key);
    if (!r) {
      r = { day: s.day, provider: s.provider, model: s.model, requests: 0n, inputTokens: 0n, outputTokens: 0n, cachedInputTokens: 0n, cacheWriteTokens: 0n, reasoningTokens: 0n, cost: dec(0), estimatedCost: dec(0), unpricedRequests: 0n };
      rows.set(key, r);
    }
    r.requests += 1n;
    r.inputTokens += s.inputTokens;
    r.outputTokens += s.outputTokens;
    r.cachedInputTokens += s.cachedInputTokens;
    r.cacheWriteTokens += s.cacheWriteTokens;
    r.reasoningTokens += s.reasoningTokens;
    if (s.cost) {
      r.cost = r.cost.plus(s.cost);
      if (s.costEstimated) r.estimatedCost = r.estimatedCost.plus(s.cost);
    } else r.unpricedRequests += 1n;
  }
  return [...rows.entries()].sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0)).map(([, r]) => r);
}

async function addAllRollups(tx: Prisma.TransactionClient, orgId: string, rows: readonly AllRollupRow[]): Promise<void> {
  if (rows.length === 0) return;
  const col = <T>(f: (r: AllRollupRow) => T) => rows.map(f);
  const big = (f: (r: AllRollupRow) => bigint) => rows.map((r) => f(r).toString());
  await tx.$executeRaw`
    INSERT INTO "OtelDailyRollup" AS r ("orgId", "day", "dimension", "value", "provider", "model", "requests", "inputTokens", "outputTokens",
      "cachedInputTokens", "cacheWriteTokens", "reasoningTokens", "cost", "estimatedCost", "unpricedRequests")
    SELECT ${orgId}, e.day, 'all', '', e.provider, e.model, e.requests, e.input, e.output, e.cached, e.cache_write, e.reasoning, e.cost, e.estimated, e.unpriced
    FROM unnest(${col((r) => r.day)}::date[], ${col((r) => r.provider)}::text[], ${col((r) => r.model)}::text[], ${big((r) => r.requests)}::bigint[],
      ${big((r) => r.inputTokens)}::bigint[], ${big((r) => r.outputTokens)}::bigint[], ${big((r) => r.cachedInputTokens)}::bigint[],
      ${big((r) => r.cacheWriteTokens)}::bigint[], ${big((r) => r.reasoningTokens)}::bigint[], ${col((r) => r.cost.toFixed())}::numeric[],
      ${col((r) => r.estimatedCost.toFixed())}::numeric[], ${big((r) => r.unpricedRequests)}::bigint[])
      AS e(day, provider, model, requests, input, output, cached, cache_write, reasoning, cost, estimated, unpriced)
    ON CONFLICT ("orgId", "day", "dimension", "value", "provider", "model") DO UPDATE SET
      "requests" = r."requests" + EXCLUDED."requests", "inputTokens" = r."inputTokens" + EXCLUDED."inputTokens",
      "outputTokens" = r."outputTokens" + EXCLUDED."outputTokens", "cachedInputTokens" = r."cachedInputTokens" + EXCLUDED."cachedInputTokens",
      "cacheWriteTokens" = r."cacheWriteTokens" + EXCLUDED."cacheWriteTokens", "reasoningTokens" = r."reasoningTokens" + EXCLUDED."reasoningTokens",
      "cost" = r."cost" + EXCLUDED."cost", "estimatedCost" = r."estimatedCost" + EXCLUDED."estimatedCost",
      "unpricedRequests" = r."unpricedRequests" + EXCLUDED."unpricedRequests"`;
}

async function countIngest(orgId: string, now: Date, o: OtlpOutcome): Promise<void> {
  const day = now.toISOString().slice(0, 10);
  await db().$executeRaw`
    INSERT INTO "OtelIngestDay" AS d ("orgId", "day", "received", "accepted", "duplicates", "ignored", "rejected")
    VALUES (${orgId}, ${day}::date, ${o.received}, ${o.accepted}, ${o.duplicates}, ${o.ignored}, ${o.rejected})
    ON CONFLICT ("orgId", "day") DO UPDATE SET "received" = d."received" + EXCLUDED."received", "accepted" = d."accepted" + EXCLUDED."accepted",
      "duplicates" = d."duplicates" + EXCLUDED."duplicates", "ignored" = d."ignored" + EXCLUDED."ignored", "rejected" = d."rejected" + EXCLUDED."rejected"`;
}

export async function ingestOtlpSpans(orgId: string, spans: readonly OtlpSpan[], now = new Date()): Promise<OtlpOutcome> {
  const retentionDays = env().OTLP_SPAN_RETENTION_DAYS;
  const batch = classifyBatch(spans, await cachedAttribution(orgId), now, retentionDays);
  const priced = priceSpans(batch.events, await versionsForSpans(batch.events));
  // Sorted by key so concurrent batches take the primary key's locks in one order.
  priced.sort((a, b) => (a.day !== b.day ? (a.day < b.day ? -1 : 1) : a.traceId !== b.traceId ? (a.traceId < b.traceId ? -1 : 1) : a.spanId < b.spanId ? -1 : a.spanId > b.spanId ? 1 : 0));
  const fresh = priced.length === 0 ? [] : await db().$transaction(async (tx) => {
    const stored = await spanStore().insertNew(tx, orgId, priced);
    await addAllRollups(tx, orgId, rollupAll(stored));
    return stored;
  }, { timeout: 60_000, maxWait: 10_000 });
  const outcome: OtlpOutcome = {
    received: spans.length,
    accepted: fresh.length,
    duplicates: priced.length - fresh.length + batch.duplicates,
    ignored: batch.ignored,
    rejected: batch.rejected,
    reasons: batch.reasons,
  };
  await countIngest(orgId, now, outcome);
  return outcome;
}
