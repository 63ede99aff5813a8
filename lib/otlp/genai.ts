import { amountProblem, hasNul, MAX_COUNT, timeProblem } from "@/lib/ingest/bounds";
import { dec, type Decimal } from "@/lib/money";
import type { Attributes, AttributeValue, OtlpSpan } from "@/lib/otlp/decode";
import type { AttributionConfig } from "@/lib/otlp/attribution";

// Which spans are GenAI usage, and what they say, per the OpenTelemetry GenAI semantic conventions:
// a span is kept when it names a provider (gen_ai.provider.name, or the older gen_ai.system) and
// carries token usage (gen_ai.usage.input_tokens / output_tokens, or the older prompt_tokens /
// completion_tokens). Everything else is ignored (and counted). Pure: no I/O.

export const GEN_AI = {
  provider: "gen_ai.provider.name",
  system: "gen_ai.system",
  requestModel: "gen_ai.request.model",
  responseModel: "gen_ai.response.model",
  conversationId: "gen_ai.conversation.id",
  inputTokens: "gen_ai.usage.input_tokens",
  outputTokens: "gen_ai.usage.output_tokens",
  promptTokens: "gen_ai.usage.prompt_tokens",
  completionTokens: "gen_ai.usage.completion_tokens",
  cacheReadTokens: "gen_ai.usage.cache_read.input_tokens",
  cacheCreationTokens: "gen_ai.usage.cache_creation.input_tokens",
  reasoningTokens: "gen_ai.usage.reasoning.output_tokens",
  /** Not in the conventions: the USD cost some instrumentations (OpenLIT) put on the span. */
  cost: "gen_ai.usage.cost",
} as const;

// gen_ai.provider.name values (the conventions' well-known list) → the provider ids of our catalog.
const PROVIDERS: Readonly<Record<string, string>> = {
  openai: "openai",
  anthropic: "anthropic",
  "aws.bedrock": "bedrock",
  "azure.ai.openai": "azure",
  "azure.ai.inference": "azure",
  az_ai_openai: "azure",
  az_ai_inference: "azure",
  "gcp.vertex_ai": "vertex",
  vertex_ai: "vertex",
  "gcp.gemini": "google",
  gemini: "google",
  "gcp.gen_ai": "google",
  mistral_ai: "mistral",
  x_ai: "xai",
  deepseek: "deepseek",
  groq: "groq",
  cohere: "cohere",
};

export function catalogProviderOf(genAiProvider: string): string {
  const p = genAiProvider.trim().toLowerCase();
  return PROVIDERS[p] ?? p;
}

export interface GenAiSpanEvent {
  traceId: string;
  spanId: string;
  conversationId: string;
  occurredAt: Date;
  /** UTC day of occurredAt, "YYYY-MM-DD" */
  day: string;
  provider: string;
  model: string;
  /** input tokens billed at the normal rate: gen_ai.usage.input_tokens less cache reads and writes */
  inputTokens: bigint;
  outputTokens: bigint;
  cachedInputTokens: bigint;
  cacheWriteTokens: bigint;
  /** of outputTokens, the reasoning ones (already in outputTokens; shown, not priced again) */
  reasoningTokens: bigint;
  /** USD the span itself carried; null = price it from the catalog */
  spanCost: Decimal | null;
  project: string;
  user: string;
  feature: string;
  customer: string;
}

export type SpanVerdict = { kind: "genai"; event: GenAiSpanEvent } | { kind: "ignored" } | { kind: "rejected"; reason: string };

const MAX_TEXT = 200;

function lookup(span: OtlpSpan, key: string): AttributeValue | undefined {
  return span.attributes.get(key) ?? span.resource.get(key);
}

function text(v: AttributeValue | undefined): string | undefined {
  if (v === undefined) return undefined;
  return typeof v === "string" ? v : String(v);
}

/** A token count: a whole number (or digit string) from 0 to MAX_COUNT; undefined when absent. */
function count(attrs: Attributes, key: string): bigint | undefined | string {
  const v = attrs.get(key);
  if (v === undefined) return undefined;
  const ok = typeof v === "number" ? Number.isSafeInteger(v) && v >= 0 : typeof v === "string" && /^\d{1,13}$/.test(v);
  if (ok && BigInt(v as number | string) <= MAX_COUNT) return BigInt(v as number | string);
  return `${key} must be a whole number from 0 to ${MAX_COUNT.toLocaleString("en-US")}`;
}

function attributionValue(span: OtlpSpan, keys: readonly string[]): string {
  for (const k of keys) {
    const v = text(lookup(span, k));
    if (v !== undefined && v !== "") return v.slice(0, MAX_TEXT);
  }
  return "";
}

/** Classify one span and, when it is GenAI usage, normalise it. `index` and ids name it in a rejection. */
export function classifySpan(span: OtlpSpan, config: AttributionConfig, now: Date): SpanVerdict {
  const a = span.attributes;
  const providerRaw = text(lookup(span, GEN_AI.provider)) ?? text(lookup(span, GEN_AI.system));
  const hasUsage = a.has(GEN_AI.inputTokens) || a.has(GEN_AI.outputTokens) || a.has(GEN_AI.promptTokens) || a.has(GEN_AI.completionTokens);
  if (!providerRaw || !hasUsage) return { kind: "ignored" };

  if (!/^[0-9a-f]{32}$/.test(span.traceId) || /^0+$/.test(span.traceId)) return { kind: "rejected", reason: "traceId must be 16 bytes, not all zero" };
  if (!/^[0-9a-f]{16}$/.test(span.spanId) || /^0+$/.test(span.spanId)) return { kind: "rejected", reason: "spanId must be 8 bytes, not all zero" };
  const occurredAt = new Date(span.startMs);
  const when = timeProblem(occurredAt, now);
  if (when) return { kind: "rejected", reason: `startTimeUnixNano ${when}` };

  const model = text(a.get(GEN_AI.responseModel)) || text(a.get(GEN_AI.requestModel)) || "";
  if (!model) return { kind: "rejected", reason: `${GEN_AI.responseModel} or ${GEN_AI.requestModel} is required on a span with GenAI usage` };
  const strings = [providerRaw, model];
  if (strings.some((s) => s.length > MAX_TEXT || hasNul(s))) return { kind: "rejected", reason: `${GEN_AI.provider} and the model must be at most ${MAX_TEXT} characters without NUL` };

  const counts: Record<string, bigint> = {};
  const fields = [
    ["input", GEN_AI.inputTokens, GEN_AI.promptTokens],
    ["output", GEN_AI.outputTokens, GEN_AI.completionTokens],
    ["cacheRead", GEN_AI.cacheReadTokens],
    ["cacheWrite", GEN_AI.cacheCreationTokens],
    ["reasoning", GEN_AI.reasoningTokens],
  ] as const;
  for (const [name, ...keys] of fields) {
    let value: bigint | undefined;
    for (const key of keys) {
      const c = count(a, key);
      if (typeof c === "string") return { kind: "rejected", reason: c };
      if (c !== undefined) {
        value = c;
        break;
      }
    }
    counts[name] = value ?? 0n;
  }

  let spanCost: Decimal | null = null;
  const costRaw = a.get(GEN_AI.cost);
  if (costRaw !== undefined) {
    const ok = typeof costRaw === "number" ? Number.isFinite(costRaw) && costRaw >= 0 : typeof costRaw === "string" && /^\d{1,30}(\.\d{1,30})?$/.test(costRaw);
    if (!ok) return { kind: "rejected", reason: `${GEN_AI.cost} must be a decimal number of USD ≥ 0` };
    // A double goes through String() so 0.1 stays 0.1; then at most 10 decimals, as stored.
    const amount = dec(String(costRaw)).toDecimalPlaces(10);
    const problem = amountProblem(amount);
    if (problem) return { kind: "rejected", reason: `${GEN_AI.cost} ${problem}` };
    spanCost = amount;
  }

  // The conventions count cache reads and writes inside input_tokens; the catalog prices them apart.
  // An instrumentation that reports input without them (input < reads + writes) is taken as it is.
  const cached = counts.cacheRead!;
  const written = counts.cacheWrite!;
  const input = counts.input! >= cached + written ? counts.input! - cached - written : counts.input!;
  const traceId = span.traceId;
  return {
    kind: "genai",
    event: {
      traceId,
      spanId: span.spanId,
      conversationId: attributionValue(span, [GEN_AI.conversationId]) || traceId,
      occurredAt,
      day: occurredAt.toISOString().slice(0, 10),
      provider: catalogProviderOf(providerRaw),
      model,
      inputTokens: input,
      outputTokens: counts.output!,
      cachedInputTokens: cached,
      cacheWriteTokens: written,
      reasoningTokens: counts.reasoning!,
      spanCost,
      project: attributionValue(span, [config.projectAttribute]),
      user: attributionValue(span, config.userAttributes),
      feature: attributionValue(span, [config.featureAttribute]),
      customer: attributionValue(span, [config.customerAttribute]),
    },
  };
}
