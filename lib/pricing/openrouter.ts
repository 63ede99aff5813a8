import { AppError } from "@/lib/errors";
import { Decimal } from "@/lib/money";
import { assignModelNames, type SourceEntry } from "@/lib/pricing/catalog";
import { parseModelName } from "@/lib/pricing/aliases";
import type { ModelMode, ParsedCatalog, SkippedEntry } from "@/lib/pricing/types";
import { exactPrice, perMillionTokens } from "@/lib/pricing/units";

// OpenRouter GET /api/v1/models: { data: [{ id: "openai/gpt-4o", pricing: { prompt, completion, … } }] }.
// pricing values are strings in USD per single unit (token, request, image). Mapping:
//   prompt → input, completion → output, input_cache_read → cachedInput, input_cache_write (the default
//   5-minute TTL) → cacheWrite, request → perRequest, image_output → perImage (per generated image).
// Not mapped: `image` (per *input* image — our usage counts input images as tokens), audio, web_search,
// internal_reasoning, input_cache_write_1h, and `overrides` (long-context / time-of-day tiers: like LiteLLM's
// *_above_128k_tokens we keep the base tier). `discount` (a fraction) is applied: price × (1 − discount).
// Model ids keep their variant suffix (":free", ":beta"): those are priced separately.
// `links` and `total_count` are not required: the documented /models example omits them.

// OpenRouter's author slugs that differ from our provider ids.
const OPENROUTER_AUTHORS: Readonly<Record<string, string>> = { mistralai: "mistral", "x-ai": "xai" };

/** Parse an OpenRouter models response (object or JSON text). Bad entries are skipped, not fatal. */
export function parseOpenRouterModels(json: unknown): ParsedCatalog {
  const root = typeof json === "string" ? parseJsonText(json) : json;
  const data = root && typeof root === "object" ? (root as { data?: unknown }).data : undefined;
  if (!Array.isArray(data)) throw new AppError("BAD_INPUT", "OpenRouter models: expected an object with a `data` array");

  const entries: SourceEntry[] = [];
  const skipped: SkippedEntry[] = [];
  data.forEach((raw, i) => {
    const r = parseModel(raw);
    if ("reason" in r) skipped.push({ key: typeof (raw as { id?: unknown })?.id === "string" ? (raw as { id: string }).id : `data[${i}]`, reason: r.reason });
    else entries.push(r);
  });
  const named = assignModelNames(entries);
  return { models: named.models, skipped: [...skipped, ...named.skipped] };
}

function parseModel(raw: unknown): SourceEntry | { reason: string } {
  if (!raw || typeof raw !== "object") return { reason: "entry is not an object" };
  const m = raw as { id?: unknown; pricing?: unknown; architecture?: { output_modalities?: unknown }; expiration_date?: unknown };
  if (typeof m.id !== "string" || !m.id.includes("/")) return { reason: "id is not \"<provider>/<model>\"" };
  if (!m.pricing || typeof m.pricing !== "object") return { reason: "no pricing object" };
  const p = m.pricing as Record<string, unknown>;

  const slash = m.id.indexOf("/");
  const author = m.id.slice(0, slash).toLowerCase();
  const provider = OPENROUTER_AUTHORS[author] ?? author;
  const id = parseModelName(m.id.slice(slash + 1)).id;

  const discount = typeof p.discount === "number" && p.discount > 0 && p.discount < 1 ? new Decimal(1).minus(String(p.discount)) : null;
  const problems: string[] = [];
  const field = (name: string, perToken: boolean): Decimal | null => {
    if (p[name] === undefined || p[name] === null) return null;
    const v = exactPrice(p[name]);
    if (typeof v === "string") {
      problems.push(`pricing.${name}: ${v}`);
      return null;
    }
    const listed = discount ? v.times(discount) : v;
    return perToken ? perMillionTokens(listed) : listed;
  };
  const input = field("prompt", true);
  const output = field("completion", true);
  const cachedInput = field("input_cache_read", true);
  const cacheWrite = field("input_cache_write", true);
  const perRequest = field("request", false);
  const perImage = field("image_output", false);
  if (problems.length) return { reason: problems.join("; ") };
  if (!input || !output) return { reason: "pricing.prompt and pricing.completion are required" };

  const outputs = Array.isArray(m.architecture?.output_modalities) ? m.architecture.output_modalities : ["text"];
  const mode: ModelMode = outputs.includes("embeddings") ? "embedding" : "chat";
  const expiration = typeof m.expiration_date === "string" && /^\d{4}-\d{2}-\d{2}$/.test(m.expiration_date) ? m.expiration_date : null;
  return {
    key: m.id,
    id,
    provider,
    mode,
    input,
    output,
    cachedInput,
    cacheWrite,
    perRequest,
    perImage,
    deprecationDate: expiration,
  };
}

function parseJsonText(text: string): unknown {
  try {
    return JSON.parse(text);
  } catch (e) {
    throw new AppError("BAD_INPUT", `OpenRouter models response is not valid JSON: ${(e as Error).message}`);
  }
}
