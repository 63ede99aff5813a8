import { z } from "zod";
import { AppError } from "@/lib/errors";
import { dec } from "@/lib/money";
import { countToBigInt, parseProviderBody, unixSecondsToUtcDay } from "@/lib/providers/response";
import type { CostBucketRow, ParsedPage, UsageBucketRow, UsageKind } from "@/lib/providers/types";

// Pure parsing of the OpenAI Administration API (Costs and Usage), shapes as in
// tests/fixtures/providers/README.md §1. Keys added over time (cache-write, uncached, quantity,
// quantity_unit, …) are optional so older payloads still parse.

const count = z.number().int().nonnegative();
const optionalCount = count.nullish();
const groupKey = z.string().nullish();

function pageSchema<R extends z.ZodType>(result: R) {
  const bucket = z.object({
    object: z.literal("bucket").optional(),
    start_time: z.number().int(),
    end_time: z.number().int().optional(),
    results: z.array(result),
  });
  return z.object({
    object: z.literal("page").optional(),
    data: z.array(bucket),
    has_more: z.boolean(),
    next_page: z.string().nullish(),
  });
}

// ---- Costs ---------------------------------------------------------------------------------

// Only `object` is required by the spec, so every other key may be absent.
const costsResult = z.object({
  object: z.literal("organization.costs.result"),
  amount: z.object({ value: z.number().nullish(), currency: z.string().nullish() }).nullish(),
  line_item: groupKey,
  project_id: groupKey,
  api_key_id: groupKey,
  quantity: z.number().nonnegative().nullish(),
  quantity_unit: z.string().nullish(),
});
const costsPage = pageSchema(costsResult);

/** One page of `GET /v1/organization/costs` → cost rows in dollars (one per result, not yet merged). */
export function parseOpenAiCostsPage(json: unknown): ParsedPage<CostBucketRow> {
  const page = parseProviderBody(costsPage, json, "OpenAI costs");
  const rows: CostBucketRow[] = [];
  for (const bucket of page.data) {
    const day = unixSecondsToUtcDay(bucket.start_time);
    for (const r of bucket.results) {
      // A result without an amount carries no money; recording 0 would claim we know it was free.
      if (r.amount?.value == null) continue;
      rows.push({
        provider: "openai",
        day,
        projectId: r.project_id ?? "",
        model: "",
        lineItem: r.line_item ?? "",
        // OpenAI bills in USD; the currency key is documented but not required.
        currency: (r.amount.currency ?? "usd").toLowerCase(),
        // amount.value is dollars as a JSON float: String() keeps the printed digits, no float math.
        amount: dec(String(r.amount.value)),
        quantity: r.quantity == null ? null : dec(String(r.quantity)),
        quantityUnit: r.quantity_unit ?? null,
      });
    }
  }
  return { rows, has_more: page.has_more, next_page: page.next_page ?? null };
}

// ---- Usage ---------------------------------------------------------------------------------

const modelGroups = { project_id: groupKey, user_id: groupKey, api_key_id: groupKey, model: groupKey };

const completionsResult = z.object({
  object: z.literal("organization.usage.completions.result"),
  input_tokens: count,
  output_tokens: count,
  num_model_requests: count,
  input_cached_tokens: optionalCount,
  input_cache_write_tokens: optionalCount,
  input_uncached_tokens: optionalCount,
  // Modalities (2025+): parts of the totals above, kept as a breakdown.
  input_audio_tokens: optionalCount,
  input_cached_audio_tokens: optionalCount,
  output_audio_tokens: optionalCount,
  input_image_tokens: optionalCount,
  input_cached_image_tokens: optionalCount,
  output_image_tokens: optionalCount,
  // Present when grouped by batch: whether these tokens came from Batch API requests (billed at the batch rate).
  batch: z.boolean().nullish(),
  ...modelGroups,
});
const tokensOnly = (object: string) => z.object({ object: z.literal(object), input_tokens: count, num_model_requests: count, ...modelGroups });

type RowCounts = Omit<UsageBucketRow, "provider" | "day" | "projectId" | "model" | "usageKind">;
const zero: RowCounts = { inputTokens: 0n, outputTokens: 0n, cachedInputTokens: 0n, cacheWriteTokens: 0n, requests: 0n, units: null, unit: null };

interface UsageEndpoint<R extends z.ZodType> {
  path: string;
  /**
   * Dimensions that map onto our natural key, plus `batch` where it changes the price (a result per batch
   * flag, summed into one bucket with the batch part kept as a breakdown); others stay ungrouped.
   */
  groupBy: readonly ("project_id" | "model" | "batch")[];
  result: R;
  counts: (r: z.output<R>, where: string) => RowCounts;
}

function endpoint<R extends z.ZodType>(e: UsageEndpoint<R>): UsageEndpoint<R> {
  return e;
}

export const OPENAI_USAGE_ENDPOINTS = {
  completions: endpoint({
    path: "/v1/organization/usage/completions",
    groupBy: ["project_id", "model", "batch"],
    result: completionsResult,
    counts: (r, where) => {
      const tokens = completionTokens(r, where);
      const common = { ...zero, ...tokens, outputTokens: BigInt(r.output_tokens), requests: BigInt(r.num_model_requests) };
      // A Batch API result is priced at the batch rates as a whole (the catalog has no batch rate per
      // modality), so its audio/image split is not kept: the breakdowns never overlap.
      if (r.batch === true) return { ...common, batchInputTokens: tokens.inputTokens, batchOutputTokens: common.outputTokens };
      return {
        ...common,
        // Audio and image tokens are inside input/output (cached ones inside cached): a breakdown.
        audioInputTokens: countToBigInt(r.input_audio_tokens) + countToBigInt(r.input_cached_audio_tokens),
        cachedAudioInputTokens: countToBigInt(r.input_cached_audio_tokens),
        audioOutputTokens: countToBigInt(r.output_audio_tokens),
        imageInputTokens: countToBigInt(r.input_image_tokens) + countToBigInt(r.input_cached_image_tokens),
        cachedImageInputTokens: countToBigInt(r.input_cached_image_tokens),
        imageOutputTokens: countToBigInt(r.output_image_tokens),
      };
    },
  }),
  embeddings: endpoint({
    path: "/v1/organization/usage/embeddings",
    groupBy: ["project_id", "model"],
    result: tokensOnly("organization.usage.embeddings.result"),
    counts: (r) => ({ ...zero, inputTokens: BigInt(r.input_tokens), requests: BigInt(r.num_model_requests) }),
  }),
  moderations: endpoint({
    path: "/v1/organization/usage/moderations",
    groupBy: ["project_id", "model"],
    result: tokensOnly("organization.usage.moderations.result"),
    counts: (r) => ({ ...zero, inputTokens: BigInt(r.input_tokens), requests: BigInt(r.num_model_requests) }),
  }),
  images: endpoint({
    path: "/v1/organization/usage/images",
    groupBy: ["project_id", "model"],
    result: z.object({ object: z.literal("organization.usage.images.result"), images: count, num_model_requests: count, ...modelGroups }),
    counts: (r) => ({ ...zero, requests: BigInt(r.num_model_requests), units: dec(r.images), unit: "images" }),
  }),
  audio_speeches: endpoint({
    path: "/v1/organization/usage/audio_speeches",
    groupBy: ["project_id", "model"],
    result: z.object({ object: z.literal("organization.usage.audio_speeches.result"), characters: count, num_model_requests: count, ...modelGroups }),
    counts: (r) => ({ ...zero, requests: BigInt(r.num_model_requests), units: dec(r.characters), unit: "characters" }),
  }),
  audio_transcriptions: endpoint({
    path: "/v1/organization/usage/audio_transcriptions",
    groupBy: ["project_id", "model"],
    result: z.object({ object: z.literal("organization.usage.audio_transcriptions.result"), seconds: count, num_model_requests: count, ...modelGroups }),
    counts: (r) => ({ ...zero, requests: BigInt(r.num_model_requests), units: dec(r.seconds), unit: "seconds" }),
  }),
  vector_stores: endpoint({
    path: "/v1/organization/usage/vector_stores",
    groupBy: ["project_id"],
    result: z.object({ object: z.literal("organization.usage.vector_stores.result"), usage_bytes: count, project_id: groupKey }),
    // Bytes stored during the bucket (a level, billed per GB-day), one bucket per day.
    counts: (r) => ({ ...zero, units: dec(r.usage_bytes), unit: "bytes" }),
  }),
  code_interpreter_sessions: endpoint({
    path: "/v1/organization/usage/code_interpreter_sessions",
    groupBy: ["project_id"],
    result: z.object({ object: z.literal("organization.usage.code_interpreter_sessions.result"), num_sessions: count, project_id: groupKey }),
    counts: (r) => ({ ...zero, units: dec(r.num_sessions), unit: "sessions" }),
  }),
  file_search_calls: endpoint({
    path: "/v1/organization/usage/file_search_calls",
    groupBy: ["project_id"],
    result: z.object({ object: z.literal("organization.usage.file_searches.result"), num_requests: count, project_id: groupKey }),
    counts: (r) => ({ ...zero, requests: BigInt(r.num_requests), units: dec(r.num_requests), unit: "calls" }),
  }),
  web_search_calls: endpoint({
    path: "/v1/organization/usage/web_search_calls",
    groupBy: ["project_id", "model"],
    result: z.object({ object: z.literal("organization.usage.web_searches.result"), num_requests: count, num_model_requests: count, ...modelGroups }),
    // Billed per search call (num_requests); requests counts the model requests that made them.
    counts: (r) => ({ ...zero, requests: BigInt(r.num_model_requests), units: dec(r.num_requests), unit: "calls" }),
  }),
} as const;

export type OpenAiUsageKind = keyof typeof OPENAI_USAGE_ENDPOINTS;
export const OPENAI_USAGE_KINDS = Object.keys(OPENAI_USAGE_ENDPOINTS) as OpenAiUsageKind[];

export function isOpenAiUsageKind(kind: UsageKind | string): kind is OpenAiUsageKind {
  return Object.hasOwn(OPENAI_USAGE_ENDPOINTS, kind);
}

/**
 * OpenAI's `input_tokens` includes cached reads and cache writes; ours counts only uncached input
 * (see UsageBucketRow). Prefer `input_uncached_tokens`; older payloads lack it, so derive it.
 */
function completionTokens(r: z.output<typeof completionsResult>, where: string): Pick<RowCounts, "inputTokens" | "cachedInputTokens" | "cacheWriteTokens"> {
  const cached = countToBigInt(r.input_cached_tokens);
  const written = countToBigInt(r.input_cache_write_tokens);
  const uncached = r.input_uncached_tokens != null ? BigInt(r.input_uncached_tokens) : BigInt(r.input_tokens) - cached - written;
  if (uncached < 0n) {
    throw new AppError("UPSTREAM_BAD_RESPONSE", `OpenAI usage completions: ${where}.input_tokens: smaller than input_cached_tokens + input_cache_write_tokens`);
  }
  return { inputTokens: uncached, cachedInputTokens: cached, cacheWriteTokens: written };
}

interface UsagePageShape {
  has_more: boolean;
  next_page?: string | null;
  data: Array<{ start_time: number; results: Array<{ project_id?: string | null; model?: string | null }> }>;
}

/** One page of `GET /v1/organization/usage/<kind>` → usage rows (one per result, not yet merged). */
export function parseOpenAiUsagePage(kind: OpenAiUsageKind, json: unknown): ParsedPage<UsageBucketRow> {
  const spec = OPENAI_USAGE_ENDPOINTS[kind] as UsageEndpoint<z.ZodType>;
  // The result type differs per kind; after validation only the shared keys are read here.
  const page = parseProviderBody(pageSchema(spec.result), json, `OpenAI usage ${kind}`) as UsagePageShape;
  const rows: UsageBucketRow[] = [];
  page.data.forEach((bucket, b) => {
    const day = unixSecondsToUtcDay(bucket.start_time);
    bucket.results.forEach((r, i) => {
      rows.push({
        provider: "openai",
        day,
        projectId: r.project_id ?? "",
        model: r.model ?? "",
        usageKind: kind,
        ...spec.counts(r, `data[${b}].results[${i}]`),
      });
    });
  });
  return { rows, has_more: page.has_more, next_page: page.next_page ?? null };
}
