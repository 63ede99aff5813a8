import { AppError } from "@/lib/errors";
import type { Decimal } from "@/lib/money";
import { assignModelNames, type SourceEntry } from "@/lib/pricing/catalog";
import { parseModelName } from "@/lib/pricing/aliases";
import type { ModelMode, ParsedCatalog, SkippedEntry } from "@/lib/pricing/types";
import { exactPrice, perMillionTokens } from "@/lib/pricing/units";

// LiteLLM's model_prices_and_context_window.json: { "<model key>": { input_cost_per_token, … } }.
// We keep the first-party API prices of the vendors our users call directly AND the three clouds that host
// their models (Azure OpenAI, AWS Bedrock, Google Vertex AI): the same model sold by a cloud has its own price,
// its own typos, and usage billed by that cloud is priced from its entries (provider "azure", "bedrock",
// "vertex"; see hostProvider). Resellers and routers (openrouter, together_ai, …) stay out.
// litellm_provider → our provider id:
export const LITELLM_PROVIDERS: Readonly<Record<string, string>> = {
  openai: "openai",
  "text-completion-openai": "openai",
  anthropic: "anthropic",
  mistral: "mistral",
  codestral: "mistral",
  gemini: "google",
  deepseek: "deepseek",
  xai: "xai",
  groq: "groq",
  cohere: "cohere",
  cohere_chat: "cohere",
};

// Text models only ("responses" = OpenAI's Responses-only models such as o1-pro). Image, audio, rerank and
// moderation entries are priced per unit we do not meter.
/** The cloud hosts, by litellm_provider prefix ("vertex_ai-language-models", "bedrock_converse", "azure_ai"). */
const HOST_PREFIXES: readonly (readonly [string, string])[] = [
  ["vertex_ai", "vertex"],
  ["bedrock", "bedrock"],
  ["azure", "azure"],
];

/** Our provider id for a litellm_provider value: a first-party vendor, a cloud host, or undefined (out of scope). */
export function litellmProvider(value: string): string | undefined {
  return LITELLM_PROVIDERS[value] ?? HOST_PREFIXES.find(([prefix]) => value === prefix || value.startsWith(`${prefix}-`) || value.startsWith(`${prefix}_`))?.[1];
}

// A region-qualified Bedrock key ("bedrock/us-east-1/anthropic.claude-3-sonnet-…") is that region's price: the
// region stays in the model id so it never merges with the global entry.
const BEDROCK_REGION_KEY = /^bedrock\/([a-z]{2}(?:-gov)?-[a-z]+-\d)\/(.+)$/;
// Likewise a cross-region inference profile ("eu.anthropic.claude-3-5-haiku-20241022-v1:0") keeps its geography.
const BEDROCK_GEO_KEY = /^(us|eu|apac|global)\.(?:anthropic|meta|mistral|cohere|amazon|ai21)\./;

// Fields a source may use to say when an entry's prices took effect (LiteLLM has none today; others do).
const ENTRY_DATE_FIELDS = ["effective_date", "price_effective_date", "pricing_updated_at", "updated_at", "last_updated"] as const;

const KEPT_MODES: ReadonlySet<string> = new Set(["chat", "completion", "embedding", "responses"]);

const DATE = /^\d{4}-\d{2}-\d{2}$/;

/** Parse a LiteLLM price catalog (the parsed JSON object or its text). Bad entries are skipped, not fatal. */
export function parseLiteLlmCatalog(json: unknown): ParsedCatalog {
  const root = typeof json === "string" ? parseJsonText(json) : json;
  if (!root || typeof root !== "object" || Array.isArray(root)) {
    throw new AppError("BAD_INPUT", "LiteLLM catalog: expected a JSON object keyed by model name");
  }
  const entries: SourceEntry[] = [];
  const skipped: SkippedEntry[] = [];
  for (const [key, raw] of Object.entries(root as Record<string, unknown>)) {
    if (key === "sample_spec") continue; // the file's documentation entry, not a model
    const result = parseEntry(key, raw);
    if ("reason" in result) {
      if (result.reason) skipped.push({ key, reason: result.reason });
    } else entries.push(result);
  }
  const named = assignModelNames(entries);
  return { models: named.models, skipped: [...skipped, ...named.skipped] };
}

/** An entry, or why it was skipped ("" = silently out of scope: other provider or mode). */
function parseEntry(key: string, raw: unknown): SourceEntry | { reason: string } {
  if (!raw || typeof raw !== "object") return { reason: "entry is not an object" };
  const e = raw as Record<string, unknown>;
  const provider = typeof e.litellm_provider === "string" ? litellmProvider(e.litellm_provider) : undefined;
  if (!provider) return { reason: "" };
  if (typeof e.mode !== "string" || !KEPT_MODES.has(e.mode)) return { reason: "" };
  const mode = e.mode as ModelMode;

  const problems: string[] = [];
  const field = (name: string, perToken: boolean): Decimal | null => {
    if (e[name] === undefined || e[name] === null) return null;
    const v = exactPrice(e[name]);
    if (typeof v === "string") {
      problems.push(`${name}: ${v}`);
      return null;
    }
    return perToken ? perMillionTokens(v) : v;
  };
  const input = field("input_cost_per_token", true);
  const output = field("output_cost_per_token", true);
  const cachedInput = field("cache_read_input_token_cost", true);
  const cacheWrite = field("cache_creation_input_token_cost", true);
  const perRequest = field("input_cost_per_request", false);
  const perImage = field("output_cost_per_image", false);
  const audioInput = field("input_cost_per_audio_token", true);
  const audioOutput = field("output_cost_per_audio_token", true);
  const cacheWrite1h = field("cache_creation_input_token_cost_above_1hr", true);
  const imageInput = field("input_cost_per_image_token", true);
  const imageOutput = field("output_cost_per_image_token", true);
  const batchInput = field("input_cost_per_token_batches", true);
  const batchOutput = field("output_cost_per_token_batches", true);
  if (problems.length) return { reason: problems.join("; ") };
  if (!input) return { reason: "no input_cost_per_token" };
  // Embeddings have no output tokens; a missing output price there means zero, elsewhere it is a gap.
  if (!output && mode !== "embedding") return { reason: "no output_cost_per_token" };

  const deprecation = typeof e.deprecation_date === "string" && DATE.test(e.deprecation_date) ? e.deprecation_date : null;
  const dated = ENTRY_DATE_FIELDS.map((f) => e[f]).find((v): v is string => typeof v === "string" && DATE.test(v.slice(0, 10)));
  const region = BEDROCK_REGION_KEY.exec(key);
  const geo = provider === "bedrock" ? BEDROCK_GEO_KEY.exec(key) : null;
  return {
    key,
    id: region ? `${parseModelName(region[2]!).id}@${region[1]}` : geo ? `${parseModelName(key).id}@${geo[1]}` : parseModelName(key).id,
    effectiveDate: dated ? dated.slice(0, 10) : null,
    provider,
    mode,
    input,
    output: output ?? input.times(0),
    cachedInput,
    cacheWrite,
    perRequest,
    perImage,
    audioInput,
    audioOutput,
    cacheWrite1h,
    imageInput,
    imageOutput,
    batchInput,
    batchOutput,
    priceUnits: priceUnitsOf(e),
    deprecationDate: deprecation,
  };
}

// Cost keys name their unit: input_cost_per_token, output_cost_per_character, input_cost_per_second, …
const COST_UNIT = /^(?:input|output)_cost_per_(token|character|second|audio_per_second|pixel|query)$/;

/**
 * The units an entry states its input/output prices in, sorted and comma-joined ("token", "character,token").
 * A catalog that moves an entry from per-token to per-character pricing changes this even when the number
 * moves less than the suspect ratio (a per-character price is about a quarter of the per-token one).
 */
export function priceUnitsOf(entry: Readonly<Record<string, unknown>>): string {
  const units = new Set<string>();
  for (const [k, v] of Object.entries(entry)) {
    const m = COST_UNIT.exec(k);
    if (m && v !== null && v !== undefined) units.add(m[1]!);
  }
  return [...units].sort().join(",");
}

function parseJsonText(text: string): unknown {
  try {
    return JSON.parse(text);
  } catch (e) {
    throw new AppError("BAD_INPUT", `LiteLLM catalog is not valid JSON: ${(e as Error).message}`);
  }
}
