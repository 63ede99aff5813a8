import { z } from "zod";
import { AppError, zodIssuesToFields } from "@/lib/errors";
import { dec, type Decimal } from "@/lib/money";
import { mergeCostRows, mergeUsageRows } from "@/lib/providers/merge";
import { amountProblem, BUCKET_AMOUNT_MESSAGE, BUCKET_COUNT_MESSAGE, BucketSums, hasNul, MAX_COUNT, timeProblem } from "@/lib/ingest/bounds";
import type { CostBucketRow, UsageBucketRow } from "@/lib/providers/types";
import { notBillingCurrency } from "./currency";

// POST /api/v1/usage: a batch of usage records or per-request events. Both share one shape: a
// per-request event is a record with requests = 1 (the default); a pre-aggregated record says how
// many requests it covers. Items are validated one by one so one bad item does not hide the rest.

export const MAX_BATCH_RECORDS = 5000;
export const MAX_BATCH_BYTES = 5 * 1024 * 1024;
export const MAX_TAGS = 50;

export interface NormalisedEvent {
  /** The sender's idempotency id: the same id sent twice is stored once. */
  id: string;
  provider: string;
  model: string;
  occurredAt: Date;
  /** UTC day of occurredAt, "YYYY-MM-DD". */
  day: string;
  projectId: string;
  usageKind: string;
  inputTokens: bigint;
  outputTokens: bigint;
  cachedInputTokens: bigint;
  cacheWriteTokens: bigint;
  requests: bigint;
  /** Major units (dollars); null when the sender does not know it. */
  cost: Decimal | null;
  currency: string;
  tags: Record<string, string>;
}

export interface PushItemError {
  index: number;
  id?: string;
  field: string;
  message: string;
}

// Counts: a JSON integer or a digit string, 0 to MAX_COUNT (lib/ingest/bounds.ts). Normalised to bigint.
const COUNT_MESSAGE = `must be a whole number from 0 to ${MAX_COUNT.toLocaleString("en-US")}`;
const tokenCount = z.union([z.number(), z.string()], { error: COUNT_MESSAGE }).transform((v, ctx) => {
  const ok = typeof v === "number" ? Number.isSafeInteger(v) && v >= 0 : /^\d{1,13}$/.test(v);
  if (ok && BigInt(v) <= MAX_COUNT) return BigInt(v);
  ctx.addIssue({ code: "custom", message: COUNT_MESSAGE });
  return z.NEVER;
});

// Cost in major units: "0.0123" or 0.0123, never negative. Strings must be plain decimals (no
// exponent, no thousands separators); a JSON number goes through String() so 0.1 stays 0.1.
const cost = z.union([z.number(), z.string()], { error: "must be a decimal ≥ 0" }).transform((v, ctx) => {
  const ok = typeof v === "number" ? Number.isFinite(v) && v >= 0 : /^\d{1,30}(\.\d{1,30})?$/.test(v);
  if (!ok) {
    ctx.addIssue({ code: "custom", message: 'must be a plain decimal ≥ 0, like "0.0123"' });
    return z.NEVER;
  }
  const amount = dec(String(v));
  const problem = amountProblem(amount);
  if (problem) {
    ctx.addIssue({ code: "custom", message: problem });
    return z.NEVER;
  }
  return amount;
});

// Every string is stored as Postgres text, which cannot hold NUL.
const text = (max: number) => z.string().max(max, `at most ${max} characters`).refine((s) => !hasNul(s), "must not contain NUL (\\u0000) characters");
const lowerName = text(100).trim().min(1, "required").transform((s) => s.toLowerCase());

export const pushRecordSchema = z.object({
  id: text(200).min(1, "required"),
  provider: lowerName,
  model: text(200).trim().min(1, "required"),
  timestamp: z.iso.datetime({ offset: true, message: "must be ISO 8601 with a time zone, e.g. 2026-01-01T12:00:00Z" }),
  projectId: text(200).optional(),
  usageKind: z.string().regex(/^[a-z_]{1,64}$/, "lowercase letters and _ only").optional(),
  inputTokens: tokenCount.optional(),
  outputTokens: tokenCount.optional(),
  cachedInputTokens: tokenCount.optional(),
  cacheWriteTokens: tokenCount.optional(),
  requests: tokenCount.optional(),
  cost: cost.optional(),
  currency: z.string().regex(/^[A-Za-z]{3}$/, "a 3-letter ISO 4217 code").optional(),
  tags: z
    .record(text(100).min(1), text(500))
    .refine((t) => Object.keys(t).length <= MAX_TAGS, `at most ${MAX_TAGS} tags`)
    .optional(),
});
export type PushRecordInput = z.input<typeof pushRecordSchema>;

const envelopeSchema = z.object({ records: z.array(z.unknown()) });

/** Refuse an oversized body before parsing it (the route knows its byte length). */
export function assertPushBodySize(byteLength: number): void {
  if (byteLength > MAX_BATCH_BYTES) {
    throw new AppError("PAYLOAD_TOO_LARGE", `The body is ${byteLength} bytes; the limit is ${MAX_BATCH_BYTES} (send smaller batches)`);
  }
}

/**
 * Validate a batch. The envelope must be `{ records: [...] }` with at most 5,000 items (else an
 * AppError); each item is then checked on its own and either normalised or reported with its index
 * and field. An id repeated inside the batch is an error on the later copy.
 */
export function validatePushBatch(body: unknown, options: { billingCurrency?: string; now?: Date } = {}): { valid: NormalisedEvent[]; errors: PushItemError[] } {
  const now = options.now ?? new Date();
  const envelope = envelopeSchema.safeParse(body);
  if (!envelope.success) {
    const issues = zodIssuesToFields(envelope.error.issues).map((i) => ({ ...i, message: plainMessage(i.message) }));
    throw new AppError("BAD_INPUT", `The body must be { "records": [...] }: ${issues[0]?.field || "(body)"}: ${issues[0]?.message ?? "invalid"}`, { issues });
  }
  const records = envelope.data.records;
  if (records.length > MAX_BATCH_RECORDS) {
    throw new AppError("PAYLOAD_TOO_LARGE", `${records.length} records in one batch; the limit is ${MAX_BATCH_RECORDS}`, {
      issues: [{ field: "records", message: `at most ${MAX_BATCH_RECORDS} items` }],
    });
  }

  const valid: NormalisedEvent[] = [];
  const errors: PushItemError[] = [];
  const firstIndexOfId = new Map<string, number>();
  const sums = new BucketSums();
  records.forEach((raw, index) => {
    const rawId = typeof (raw as { id?: unknown } | null)?.id === "string" ? ((raw as { id: string }).id) : undefined;
    const parsed = pushRecordSchema.safeParse(raw);
    if (!parsed.success) {
      for (const issue of zodIssuesToFields(parsed.error.issues)) {
        errors.push({ index, ...(rawId !== undefined && { id: rawId }), field: issue.field || "(record)", message: plainMessage(issue.message) });
      }
      return;
    }
    const r = parsed.data;
    const currency = (r.currency ?? "usd").toLowerCase();
    if (r.cost !== undefined && r.cost !== null && options.billingCurrency && currency !== options.billingCurrency) {
      errors.push({ index, id: r.id, field: "currency", message: notBillingCurrency(currency, options.billingCurrency) });
      return;
    }
    const earlier = firstIndexOfId.get(r.id);
    if (earlier !== undefined) {
      errors.push({ index, id: r.id, field: "id", message: `duplicate of records[${earlier}] in this batch` });
      return;
    }
    firstIndexOfId.set(r.id, index);
    const occurredAt = new Date(r.timestamp);
    const when = timeProblem(occurredAt, now);
    if (when) {
      errors.push({ index, id: r.id, field: "timestamp", message: when });
      return;
    }
    const day = occurredAt.toISOString().slice(0, 10);
    // Sums per bucket, as the write will add them: a bucket must still fit its columns.
    const bucket = [r.provider, day, r.projectId ?? "", r.model, r.usageKind ?? "completions"].join("\u0001");
    const overflowing = sums.addCounts(bucket, {
      inputTokens: r.inputTokens ?? 0n,
      outputTokens: r.outputTokens ?? 0n,
      cachedInputTokens: r.cachedInputTokens ?? 0n,
      cacheWriteTokens: r.cacheWriteTokens ?? 0n,
      requests: r.requests ?? 1n,
    });
    if (overflowing) {
      errors.push({ index, id: r.id, field: overflowing, message: BUCKET_COUNT_MESSAGE });
      return;
    }
    if (r.cost && !sums.addAmount([r.provider, day, r.projectId ?? "", r.model, currency].join("\u0001"), r.cost)) {
      errors.push({ index, id: r.id, field: "cost", message: BUCKET_AMOUNT_MESSAGE });
      return;
    }
    valid.push({
      id: r.id,
      provider: r.provider,
      model: r.model,
      occurredAt,
      day,
      projectId: r.projectId ?? "",
      usageKind: r.usageKind ?? "completions",
      inputTokens: r.inputTokens ?? 0n,
      outputTokens: r.outputTokens ?? 0n,
      cachedInputTokens: r.cachedInputTokens ?? 0n,
      cacheWriteTokens: r.cacheWriteTokens ?? 0n,
      requests: r.requests ?? 1n,
      cost: r.cost ?? null,
      currency,
      tags: r.tags ?? {},
    });
  });
  return { valid, errors };
}

function plainMessage(zodMessage: string): string {
  const m = zodMessage.replace(/^Invalid input: /, "");
  return /received undefined$/.test(m) ? "required" : m;
}

/**
 * Roll events up into daily buckets (usage always, cost only for events that carry one), merged
 * by natural key. Buckets are upserted whole, so pass ALL stored events of the affected days, not
 * just the new batch, or the upsert would replace a day's total with the batch's share of it.
 */
export function rollupEventsToBuckets(events: Iterable<NormalisedEvent>): { usage: UsageBucketRow[]; costs: CostBucketRow[] } {
  const usage: UsageBucketRow[] = [];
  const costs: CostBucketRow[] = [];
  for (const e of events) {
    // Fields written out, not spread from a shared key object: V8 clones spread literals on a slow
    // path here (~5 µs each), which was a third of a 5,000-event push batch.
    usage.push({
      provider: e.provider,
      day: e.day,
      projectId: e.projectId,
      model: e.model,
      usageKind: e.usageKind,
      inputTokens: e.inputTokens,
      outputTokens: e.outputTokens,
      cachedInputTokens: e.cachedInputTokens,
      cacheWriteTokens: e.cacheWriteTokens,
      requests: e.requests,
      units: null,
      unit: null,
    });
    if (e.cost !== null) {
      costs.push({ provider: e.provider, day: e.day, projectId: e.projectId, model: e.model, lineItem: "", currency: e.currency, amount: e.cost, quantity: null, quantityUnit: null });
    }
  }
  return { usage: mergeUsageRows(usage), costs: mergeCostRows(costs) };
}
