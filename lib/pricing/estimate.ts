import { Decimal, dec, type DecimalInput } from "@/lib/money";
import type { ModelPrice, PriceField, TokenClassPriceField } from "@/lib/pricing/types";
import { TOKENS_PER_MILLION } from "@/lib/pricing/units";

/**
 * Metered usage of one model. Token kinds are disjoint: `inputTokens` are the input tokens billed at the
 * normal rate, EXCLUDING cache reads and cache writes (Anthropic reports them so; for OpenAI pass
 * input_uncached_tokens, or input_tokens − input_cached_tokens − input_cache_write_tokens).
 */
export interface TokenUsage {
  inputTokens: DecimalInput;
  outputTokens: DecimalInput;
  cachedInputTokens?: DecimalInput;
  cacheWriteTokens?: DecimalInput;
  requests?: DecimalInput;
  images?: DecimalInput;
  /** Breakdowns, never added again: of inputTokens + cachedInputTokens, the audio ones (cached audio included) */
  audioInputTokens?: DecimalInput;
  /** of audioInputTokens, those read from the cache: they stay at the cached-input rate */
  cachedAudioInputTokens?: DecimalInput;
  /** of outputTokens, the audio ones */
  audioOutputTokens?: DecimalInput;
  /** of cacheWriteTokens, those written to the 1-hour cache */
  cacheWrite1hTokens?: DecimalInput;
  /** of inputTokens + cachedInputTokens, the image ones (cached image included) */
  imageInputTokens?: DecimalInput;
  /** of imageInputTokens, those read from the cache: they stay at the cached-input rate */
  cachedImageInputTokens?: DecimalInput;
  /** of outputTokens, the image ones */
  imageOutputTokens?: DecimalInput;
  /** of inputTokens / outputTokens, those of Batch API requests (never also counted as audio or image) */
  batchInputTokens?: DecimalInput;
  batchOutputTokens?: DecimalInput;
}

type PriceWithClasses = Pick<ModelPrice, PriceField | TokenClassPriceField>;

/** The usage quantity each price field is charged on, and whether the price is per 1M of it. */
export const FIELD_QUANTITY: Readonly<Record<PriceField, { usage: keyof TokenUsage; perMillion: boolean }>> = {
  input: { usage: "inputTokens", perMillion: true },
  output: { usage: "outputTokens", perMillion: true },
  cachedInput: { usage: "cachedInputTokens", perMillion: true },
  cacheWrite: { usage: "cacheWriteTokens", perMillion: true },
  perRequest: { usage: "requests", perMillion: false },
  perImage: { usage: "images", perMillion: false },
};

/** The rate each field is charged at: no cache price = the input price; no per-request or per-image price = none. */
function effectiveRates(price: PriceWithClasses): Record<PriceField, Decimal> {
  return {
    input: price.input,
    output: price.output,
    cachedInput: price.cachedInput ?? price.input,
    cacheWrite: price.cacheWrite ?? price.input,
    perRequest: price.perRequest ?? new Decimal(0),
    perImage: price.perImage ?? new Decimal(0),
  };
}

/**
 * Dollars for `usage` at `price`: Σ tokens × $/1M ÷ 10⁶ + requests × $/request + images × $/image.
 * A model without a cache price bills cached and cache-write tokens at its input price (as the vendors did
 * before caching existed); no per-request or per-image price means none is charged. Unrounded.
 */
export function estimateCost(usage: TokenUsage, price: PriceWithClasses): Decimal {
  const effective = effectiveRates(price);
  let total = new Decimal(0);
  for (const [field, { usage: kind, perMillion }] of Object.entries(FIELD_QUANTITY) as [PriceField, (typeof FIELD_QUANTITY)[PriceField]][]) {
    const quantity = dec(usage[kind] ?? 0);
    const cost = quantity.times(effective[field]);
    total = total.plus(perMillion ? cost.div(TOKENS_PER_MILLION) : cost);
  }
  // Token classes: the tokens above were charged at the text rate; re-price the class's share at its own.
  for (const c of tokenClasses(usage, price, effective)) total = total.plus(c.tokens.times(c.rate.minus(c.textRate)).div(TOKENS_PER_MILLION));
  return total;
}

interface TokenClassCharge {
  /** in words, for the "priced at the text rate" note */
  label: TokenClassLabel;
  tokens: Decimal;
  /** the class's own rate, or the text rate when the catalog lists none */
  rate: Decimal;
  textRate: Decimal;
  listed: boolean;
}

/**
 * The token classes in `usage` with their quantities and rates. Classes share the uncached input (and the
 * output) without overlapping: each is clamped to what the classes before it left, so a report that says
 * otherwise cannot re-price more tokens than were charged. Cached audio and image input stay at the cached
 * rate (the catalog prices we read have no cached-modality rate).
 */
function tokenClasses(usage: TokenUsage, price: PriceWithClasses, effective: Record<PriceField, Decimal>): TokenClassCharge[] {
  const zero = new Decimal(0);
  const clamp = (v: Decimal, max: Decimal) => Decimal.max(zero, Decimal.min(v, max));
  const n = (v: DecimalInput | undefined) => dec(v ?? 0);
  const input = n(usage.inputTokens);
  const output = n(usage.outputTokens);
  const audioIn = clamp(n(usage.audioInputTokens).minus(n(usage.cachedAudioInputTokens)), input);
  const imageIn = clamp(n(usage.imageInputTokens).minus(n(usage.cachedImageInputTokens)), input.minus(audioIn));
  const batchIn = clamp(n(usage.batchInputTokens), input.minus(audioIn).minus(imageIn));
  const audioOut = clamp(n(usage.audioOutputTokens), output);
  const imageOut = clamp(n(usage.imageOutputTokens), output.minus(audioOut));
  const batchOut = clamp(n(usage.batchOutputTokens), output.minus(audioOut).minus(imageOut));
  const oneHour = clamp(n(usage.cacheWrite1hTokens), n(usage.cacheWriteTokens));
  const charge = (label: TokenClassLabel, tokens: Decimal, own: Decimal | null | undefined, textRate: Decimal): TokenClassCharge =>
    ({ label, tokens, rate: own ?? textRate, textRate, listed: own != null });
  return [
    charge("audio input", audioIn, price.audioInput, effective.input),
    charge("audio output", audioOut, price.audioOutput, effective.output),
    charge("image input", imageIn, price.imageInput, effective.input),
    charge("image output", imageOut, price.imageOutput, effective.output),
    charge("batch input", batchIn, price.batchInput, effective.input),
    charge("batch output", batchOut, price.batchOutput, effective.output),
    charge("1-hour cache writes", oneHour, price.cacheWrite1h, effective.cacheWrite),
  ].filter((c) => c.tokens.gt(0));
}

type TokenClassLabel = "audio input" | "audio output" | "image input" | "image output" | "batch input" | "batch output" | "1-hour cache writes";

/** What a class falls back to when the catalog lists no rate for it. */
const FALLBACK_RATE: Readonly<Record<TokenClassLabel, string>> = {
  "audio input": "the text input rate",
  "audio output": "the text output rate",
  "image input": "the text input rate",
  "image output": "the text output rate",
  "batch input": "the standard input rate (no batch discount listed)",
  "batch output": "the standard output rate (no batch discount listed)",
  "1-hour cache writes": "the 5-minute cache-write rate",
};

/**
 * The token classes in `usage` the price lists no rate for, so estimateCost charged them at the text rate
 * (1-hour cache writes: at the 5-minute rate). Empty = every class was priced at its own rate.
 * e.g. ["audio input at the text input rate"].
 */
export function textRateFallbacks(usage: TokenUsage, price: PriceWithClasses): string[] {
  const effective = { input: price.input, output: price.output, cacheWrite: price.cacheWrite ?? price.input } as Record<PriceField, Decimal>;
  return tokenClasses(usage, price, effective).filter((c) => !c.listed).map((c) => `${c.label} at ${FALLBACK_RATE[c.label]}`);
}

/** Token classes the reconciliation compares with billed line items. */
export const COST_CLASSES = ["input", "output", "cacheRead", "cacheWrite", "audio", "image", "batch", "other"] as const;
export type CostClass = (typeof COST_CLASSES)[number];

/**
 * estimateCost split by class (USD, unrounded; the classes add up to estimateCost exactly): a class's tokens at
 * its own rate, taken out of the text class that first charged them (audio/image/batch input out of input, their
 * output out of output, 1-hour cache writes stay cache writes). `other` = per-request and per-image charges.
 */
export function estimateCostByClass(usage: TokenUsage, price: PriceWithClasses): Record<CostClass, Decimal> {
  const effective = effectiveRates(price);
  const perM = (tokens: DecimalInput | undefined, rate: Decimal) => dec(tokens ?? 0).times(rate).div(TOKENS_PER_MILLION);
  const out: Record<CostClass, Decimal> = {
    input: perM(usage.inputTokens, effective.input),
    output: perM(usage.outputTokens, effective.output),
    cacheRead: perM(usage.cachedInputTokens, effective.cachedInput),
    cacheWrite: perM(usage.cacheWriteTokens, effective.cacheWrite),
    audio: new Decimal(0),
    image: new Decimal(0),
    batch: new Decimal(0),
    other: dec(usage.requests ?? 0).times(effective.perRequest).plus(dec(usage.images ?? 0).times(effective.perImage)),
  };
  const from: Record<TokenClassLabel, { own: CostClass; text: CostClass }> = {
    "audio input": { own: "audio", text: "input" },
    "audio output": { own: "audio", text: "output" },
    "image input": { own: "image", text: "input" },
    "image output": { own: "image", text: "output" },
    "batch input": { own: "batch", text: "input" },
    "batch output": { own: "batch", text: "output" },
    "1-hour cache writes": { own: "cacheWrite", text: "cacheWrite" },
  };
  for (const c of tokenClasses(usage, price, effective)) {
    const { own, text } = from[c.label];
    out[text] = out[text].minus(c.tokens.times(c.textRate).div(TOKENS_PER_MILLION));
    out[own] = out[own].plus(c.tokens.times(c.rate).div(TOKENS_PER_MILLION));
  }
  return out;
}
