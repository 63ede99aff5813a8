import type { AllowListInput } from "@/lib/net/ssrf";
import type { Decimal } from "@/lib/money";

// Normalised shapes every billing source (provider API, push API, CSV import) is turned into before
// it reaches the database. One row per natural key: see mergeCostRows / mergeUsageRows.

export type ProviderId = "openai" | "anthropic" | (string & {});

/** A day of spend: provider amount in MAJOR units (dollars for "usd"), exact Decimal. */
export interface CostBucketRow {
  provider: ProviderId;
  /** UTC day of the bucket's start, "YYYY-MM-DD". */
  day: string;
  /** OpenAI project id / Anthropic workspace id; "" when none (Anthropic: also the default workspace). */
  projectId: string;
  /** "" when the source does not say (OpenAI costs never do). */
  model: string;
  /** OpenAI `line_item`, Anthropic `description`: opaque display strings; "" when ungrouped. */
  lineItem: string;
  /** Lowercase ISO 4217 ("usd"). */
  currency: string;
  amount: Decimal;
  quantity?: Decimal | null;
  quantityUnit?: string | null;
}

/** The breakdown fields of UsageBucketRow (subsets of the token totals), in one list for every copy and sum. */
export const TOKEN_CLASS_FIELDS = [
  "audioInputTokens", "audioOutputTokens", "imageInputTokens", "imageOutputTokens", "cachedAudioInputTokens", "cacheWrite1hTokens",
  "cachedImageInputTokens", "batchInputTokens", "batchOutputTokens",
] as const;
export type TokenClassField = (typeof TOKEN_CLASS_FIELDS)[number];

export const USAGE_KINDS = [
  "completions",
  "embeddings",
  "images",
  "audio_speeches",
  "audio_transcriptions",
  "moderations",
  "vector_stores",
  "code_interpreter_sessions",
  "file_search_calls",
  "web_search_calls",
  "messages", // Anthropic Messages API
] as const;
export type UsageKind = (typeof USAGE_KINDS)[number];

/**
 * A day of usage. Token fields are DISJOINT so that Σ tokens × price is right for every provider:
 * - inputTokens       = input billed at the normal input price (uncached input only).
 *                       OpenAI completions: `input_uncached_tokens` when present, else
 *                       `input_tokens − input_cached_tokens − input_cache_write_tokens` (OpenAI's
 *                       `input_tokens` INCLUDES cached ones). Anthropic: `uncached_input_tokens`.
 *                       Embeddings/moderations: `input_tokens` (nothing is cached there).
 * - cachedInputTokens = input read from the prompt cache (OpenAI `input_cached_tokens`,
 *                       Anthropic `cache_read_input_tokens`).
 * - cacheWriteTokens  = input written to the cache (OpenAI `input_cache_write_tokens`, Anthropic
 *                       `cache_creation.ephemeral_5m_input_tokens + ephemeral_1h_input_tokens`).
 * So total input = inputTokens + cachedInputTokens + cacheWriteTokens.
 * - audio/image fields = of the tokens above, those reported as audio or image input/output
 *                       (OpenAI completions `input_audio_tokens` + `input_cached_audio_tokens`, …):
 *                       a breakdown shown in Spend, never added to the totals again. Absent = 0.
 * - cachedAudioInputTokens = of audioInputTokens, those read from the cache (OpenAI
 *                       `input_cached_audio_tokens`): priced with the cached tokens, the rest at the audio rate.
 * - cacheWrite1hTokens = of cacheWriteTokens, those written to the 1-hour cache (Anthropic
 *                       `ephemeral_1h_input_tokens`): priced at the catalog's 1-hour rate when it lists one.
 * - cachedImageInputTokens = of imageInputTokens, those read from the cache (OpenAI
 *                       `input_cached_image_tokens`): priced with the cached tokens, the rest at the image rate.
 * - batchInputTokens / batchOutputTokens = of inputTokens / outputTokens, those of Batch API requests
 *                       (OpenAI results grouped by `batch`, Anthropic `service_tier` "batch"): priced at the
 *                       catalog's batch rates. A batch result's audio/image split is not recorded (the catalog
 *                       has no batch rate per modality), so the classes never overlap.
 * - requests          = model requests as reported; 0 when the source does not count them
 *                       (Anthropic's usage report has no request count).
 * - units/unit        = the non-token quantity a kind is billed by: images, characters, seconds,
 *                       bytes, sessions, calls; null for token kinds.
 */
export interface UsageBucketRow {
  provider: ProviderId;
  day: string;
  projectId: string;
  model: string;
  usageKind: UsageKind | (string & {});
  inputTokens: bigint;
  outputTokens: bigint;
  cachedInputTokens: bigint;
  cacheWriteTokens: bigint;
  audioInputTokens?: bigint;
  audioOutputTokens?: bigint;
  imageInputTokens?: bigint;
  imageOutputTokens?: bigint;
  cachedAudioInputTokens?: bigint;
  cacheWrite1hTokens?: bigint;
  cachedImageInputTokens?: bigint;
  batchInputTokens?: bigint;
  batchOutputTokens?: bigint;
  requests: bigint;
  units?: Decimal | null;
  unit?: string | null;
}

/** One parsed page of a provider report: rows not yet merged, plus its paging fields. */
export interface ParsedPage<Row> {
  rows: Row[];
  has_more: boolean;
  next_page: string | null;
}

/** Half-open interval [start, end). */
export interface FetchWindow {
  start: Date;
  end: Date;
}

export type ConnectionTestResult = { ok: true; message: string } | { ok: false; message: string; detail: string };

export interface ClientStats {
  /** HTTP requests sent, retries included. */
  requests: number;
  /** Of those, how many were retries after a 429, 5xx or time-out. */
  retries: number;
}

/** One report of a provider API, as the connection page names it. */
export interface ProviderEndpoint {
  /** Stable id stored with the connection's status: "costs", "usage/completions", "cost_report". */
  id: string;
  /** In words: "costs", "usage (completions)", "cost report". */
  label: string;
  /** Billed dollars, or usage of these kinds. */
  produces: "costs" | "usage";
  usageKinds: readonly string[];
}

/** What one endpoint did for one window. */
export interface EndpointOutcome extends ProviderEndpoint {
  available: boolean;
  /** HTTP status when unavailable (403, 404). */
  status: number | null;
  /** The provider's own words when unavailable. */
  message: string | null;
}

/** Buckets an endpoint returned for days outside the requested window (ignored, never stored). */
export interface OutOfWindowNote {
  endpoint: string;
  label: string;
  days: string[];
  rows: number;
}

/** Everything one window of a connection gave: rows inside the window, and what each endpoint did. */
export interface WindowFetch {
  costs: CostBucketRow[];
  usage: UsageBucketRow[];
  endpoints: EndpointOutcome[];
  outOfWindow: OutOfWindowNote[];
  /** Buckets served twice identically across pages (dropped). */
  repeats: number;
}

export interface BillingProviderClient {
  readonly provider: ProviderId;
  /**
   * Every endpoint for one window. An endpoint this key cannot use (403/404) is reported, not
   * fatal, unless none answered; buckets outside the window are ignored and reported.
   */
  fetchWindow(window: FetchWindow): Promise<WindowFetch>;
  /** Costs only, every endpoint required (tests, benchmarks). */
  fetchCosts(window: FetchWindow): Promise<CostBucketRow[]>;
  fetchUsage(window: FetchWindow): Promise<UsageBucketRow[]>;
  testConnection(): Promise<ConnectionTestResult>;
  readonly stats: Readonly<ClientStats>;
}

export interface RetryPolicy {
  /** Total tries per HTTP request, first one included. */
  maxAttempts: number;
  /** Back-off before retry n (1-based) is random in [0, min(maxDelayMs, baseDelayMs·2^(n−1))). */
  baseDelayMs: number;
  maxDelayMs: number;
  /** Per attempt, headers and body together. */
  timeoutMs: number;
  /** Cap on a Retry-After (429, 503); without one, the back-off above applies. */
  maxRetryAfterMs?: number;
}

export interface ProviderClientOptions {
  provider: ProviderId;
  apiKey: string;
  /** Corporate proxy or regional endpoint; tests point it at a local server. */
  baseUrl?: string;
  /** Private addresses the client may reach (default FETCH_ALLOW_LIST); tests allow their 127.0.0.1 server. */
  allowList?: AllowListInput;
  retry?: Partial<RetryPolicy>;
  sleep?: (ms: number) => Promise<void>;
  /** In [0, 1); jitter source, injectable so back-off is testable. */
  random?: () => number;
  /** Clock for testConnection's window and for Retry-After given as an HTTP date. */
  now?: () => Date;
  /** OpenAI only: which usage endpoints fetchUsage reads (default: all of them). */
  usageKinds?: readonly UsageKind[];
}
