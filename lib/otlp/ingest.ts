import { env } from "@/lib/env";
import { cachedAttribution, type AttributionConfig } from "@/lib/otlp/attribution";
import type { OtlpSpan } from "@/lib/otlp/decode";
import { classifySpan, type GenAiSpanEvent } from "@/lib/otlp/genai";
import { retentionCutoffDay } from "@/lib/otlp/partitions";
import { priceSpans, versionsForSpans } from "@/lib/otlp/price";
import { spanStore } from "@/lib/otlp/span-store";

// POST /api/v1/otlp/v1/traces behind the route: classify every span (GenAI usage, ignored, or
// rejected with a reason), price the GenAI ones, then in ONE write (the span store's storeBatch)
// store those not seen before, add exactly them to the day's "all" roll-up (per provider and model)
// and count what happened in OtelIngestDay. Span events are attribution: they never touch
// CostBucket (billed spend).

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

export async function ingestOtlpSpans(orgId: string, spans: readonly OtlpSpan[], now = new Date()): Promise<OtlpOutcome> {
  const retentionDays = env().OTLP_SPAN_RETENTION_DAYS;
  const batch = classifyBatch(spans, await cachedAttribution(orgId), now, retentionDays);
  const priced = priceSpans(batch.events, await versionsForSpans(batch.events));
  // Sorted by key so concurrent batches take the primary key's locks in one order.
  priced.sort((a, b) => (a.day !== b.day ? (a.day < b.day ? -1 : 1) : a.traceId !== b.traceId ? (a.traceId < b.traceId ? -1 : 1) : a.spanId < b.spanId ? -1 : a.spanId > b.spanId ? 1 : 0));
  const accepted = await spanStore().storeBatch(orgId, priced, { received: spans.length, duplicates: batch.duplicates, ignored: batch.ignored, rejected: batch.rejected }, now.toISOString().slice(0, 10));
  const outcome: OtlpOutcome = {
    received: spans.length,
    accepted,
    duplicates: priced.length - accepted + batch.duplicates,
    ignored: batch.ignored,
    rejected: batch.rejected,
    reasons: batch.reasons,
  };
  return outcome;
}
