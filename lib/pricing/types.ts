import type { Decimal } from "@/lib/money";

// The normalised shape every price source (LiteLLM catalog, OpenRouter, the bundled snapshot)
// is turned into. Token prices are USD per 1M tokens, as stored in ModelPriceVersion.

/** Which price of a model moved; the names are PriceChange.field values. */
export const PRICE_FIELDS = ["input", "output", "cachedInput", "cacheWrite", "perRequest", "perImage"] as const;
export type PriceField = (typeof PRICE_FIELDS)[number];

/**
 * Rates for token classes priced apart from text (USD per 1M): audio input/output, image input/output tokens,
 * writes to Anthropic's 1-hour cache, and Batch API input/output. Absent or null = the source lists none (priced
 * at the text / 5-minute rate). Stored as ModelPriceVersion.<field>PerMTok.
 * Not PRICE_FIELDS: a move in one of them is carried with the next version but not alerted on by itself.
 */
export const TOKEN_CLASS_PRICE_FIELDS = ["audioInput", "audioOutput", "cacheWrite1h", "imageInput", "imageOutput", "batchInput", "batchOutput"] as const;
export type TokenClassPriceField = (typeof TOKEN_CLASS_PRICE_FIELDS)[number];

export type ModelMode = "chat" | "completion" | "embedding" | "responses";

export interface ModelPrice {
  /** our provider id: openai, anthropic, mistral, google, deepseek, xai, groq, cohere, … */
  provider: string;
  /** canonical model name (see aliases.ts), or the dated id when it has its own price */
  model: string;
  mode: ModelMode;
  /** USD per 1M input tokens billed at the normal rate */
  input: Decimal;
  /** USD per 1M output tokens */
  output: Decimal;
  /** USD per 1M cache-read input tokens; null = the source lists no cache price */
  cachedInput: Decimal | null;
  /** USD per 1M cache-write (creation) tokens */
  cacheWrite: Decimal | null;
  /** USD per request */
  perRequest: Decimal | null;
  /** USD per generated image */
  perImage: Decimal | null;
  /** USD per 1M audio input tokens (LiteLLM input_cost_per_audio_token) */
  audioInput?: Decimal | null;
  /** USD per 1M audio output tokens (LiteLLM output_cost_per_audio_token) */
  audioOutput?: Decimal | null;
  /** USD per 1M tokens written to the 1-hour cache (LiteLLM cache_creation_input_token_cost_above_1hr) */
  cacheWrite1h?: Decimal | null;
  /** USD per 1M image input / output tokens (LiteLLM input_cost_per_image_token, output_cost_per_image_token) */
  imageInput?: Decimal | null;
  imageOutput?: Decimal | null;
  /** USD per 1M Batch API input / output tokens (LiteLLM input_cost_per_token_batches, output_cost_per_token_batches) */
  batchInput?: Decimal | null;
  batchOutput?: Decimal | null;
  /** the units the source entry states prices in, sorted and comma-joined ("token", "character,token"); undefined = not known */
  priceUnits?: string | null;
  /** YYYY-MM-DD from the source, if it announces one */
  deprecationDate: string | null;
  /** YYYY-MM-DD the source gives for this entry's prices (an `effective`/`updated` field), if any */
  effectiveDate?: string | null;
  /** the ids this entry was built from, provider prefix removed (e.g. ["claude-3-opus-20240229"]) */
  sourceIds: string[];
}

/** One dated version of a whole catalog: what ModelPriceVersion rows are cut from. */
export interface CatalogVersion {
  /** e.g. "litellm" or "openrouter" */
  source: string;
  /** the instant the version was observed; prices apply from here until the next version */
  effectiveFrom: Date;
  /** upstream revision (git commit) when known */
  revision?: string | null;
  models: ModelPrice[];
}

/** Entries a parser dropped, with why, so a worker can log them instead of failing the catalog. */
export interface SkippedEntry {
  key: string;
  reason: string;
}

export interface ParsedCatalog {
  models: ModelPrice[];
  skipped: SkippedEntry[];
}
