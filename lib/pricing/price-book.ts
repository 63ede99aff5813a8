import type { Decimal } from "@/lib/money";
import { parseModelName } from "@/lib/pricing/aliases";
import { priceInEffect } from "@/lib/pricing/catalog";
import { TOKEN_CLASS_PRICE_FIELDS, type ModelPrice, type PriceField, type TokenClassPriceField } from "@/lib/pricing/types";

// Choosing the price that applies to a usage row, from versions already loaded from ModelPriceVersion.
// Pure, so ingestion can load a window of versions once and price thousands of buckets without a query each.

/** A ModelPriceVersion row with its prices as Decimals (the ModelPrice field names). */
export interface StoredPriceVersion extends Pick<ModelPrice, PriceField | TokenClassPriceField | "priceUnits"> {
  id: string;
  provider: string;
  model: string;
  source: string;
  effectiveFrom: Date;
}

/**
 * Several sources may price one model (each has its own chain of versions). The first source in this order
 * that has a version in effect wins: an operator's manual entry, then the vendor-first LiteLLM catalog (which
 * the bundled snapshot also is), then OpenRouter, then the demo data. Unknown sources come last, by name.
 */
export const SOURCE_PRIORITY: readonly string[] = ["manual", "litellm", "openrouter", "demo"];

function sourceRank(source: string): number {
  const i = SOURCE_PRIORITY.indexOf(source);
  return i === -1 ? SOURCE_PRIORITY.length : i;
}

// How usage reports name the clouds that resell vendors' models → the catalog's host provider ids (litellm.ts).
const HOST_ALIASES: Readonly<Record<string, string>> = {
  bedrock: "bedrock", "aws-bedrock": "bedrock", aws_bedrock: "bedrock", "amazon-bedrock": "bedrock",
  azure: "azure", "azure-openai": "azure", azure_openai: "azure", azure_ai: "azure",
  vertex: "vertex", vertex_ai: "vertex", "vertex-ai": "vertex", "google-vertex": "vertex", "gcp-vertex": "vertex",
};

/** The catalog provider that prices a usage row's provider: usage on "aws-bedrock" is priced from Bedrock's entries. */
export function catalogProvider(usageProvider: string): string {
  const p = usageProvider.trim().toLowerCase();
  return HOST_ALIASES[p] ?? p;
}

/**
 * The catalog model that prices a usage model name, given the names the catalog has for that provider:
 * the exact id first (a dated snapshot with its own price, e.g. gpt-4o-2024-05-13), else the canonical
 * name (gpt-4o-2024-08-06 → gpt-4o, mistral-large-latest → mistral-large). null = the catalog has neither.
 */
export function resolveCatalogModel(catalogModels: ReadonlySet<string>, usageModel: string): string | null {
  const ref = parseModelName(usageModel);
  if (catalogModels.has(ref.id)) return ref.id;
  if (catalogModels.has(ref.canonical)) return ref.canonical;
  return null;
}

/** The two names a usage model can be priced under (what to load from the database). */
export function candidateModelNames(usageModel: string): string[] {
  const ref = parseModelName(usageModel);
  return [...new Set([ref.id, ref.canonical])];
}

/**
 * The version in effect on `day` for a provider's usage model: resolve the name, then per source (in
 * SOURCE_PRIORITY order) the latest version with effectiveFrom ≤ day. null = no price known for that day.
 */
export function versionForDay(versions: readonly StoredPriceVersion[], provider: string, usageModel: string, day: Date): StoredPriceVersion | null {
  const host = catalogProvider(provider);
  const ofProvider = versions.filter((v) => v.provider === host);
  const model = resolveCatalogModel(new Set(ofProvider.map((v) => v.model)), usageModel);
  if (!model) return null;
  const chains = new Map<string, StoredPriceVersion[]>();
  for (const v of ofProvider) if (v.model === model) chains.set(v.source, [...(chains.get(v.source) ?? []), v]);
  const sources = [...chains.keys()].sort((a, b) => sourceRank(a) - sourceRank(b) || a.localeCompare(b));
  for (const source of sources) {
    const v = priceInEffect(chains.get(source)!, day);
    if (v) return v;
  }
  return null;
}

/** Every (provider, model) with the version in effect at `at`, one per model (source priority applied). */
export function pricesInEffect(versions: readonly StoredPriceVersion[], at: Date): StoredPriceVersion[] {
  const keys = new Map<string, { provider: string; model: string }>();
  for (const v of versions) keys.set(`${v.provider}\u0000${v.model}`, { provider: v.provider, model: v.model });
  const out: StoredPriceVersion[] = [];
  for (const { provider, model } of keys.values()) {
    const v = versionForDay(versions.filter((x) => x.model === model), provider, model, at);
    if (v) out.push(v);
  }
  return out.sort((a, b) => a.provider.localeCompare(b.provider) || a.model.localeCompare(b.model));
}

/** A stored version as the ModelPrice shape the pure pricing functions take. */
export function asModelPrice(v: StoredPriceVersion): ModelPrice {
  return { ...pick(v), priceUnits: v.priceUnits ?? null, provider: v.provider, model: v.model, mode: "chat", deprecationDate: null, sourceIds: [v.model] };
}

function pick(v: StoredPriceVersion): Record<PriceField | TokenClassPriceField, Decimal | null> & { input: Decimal; output: Decimal } {
  return {
    input: v.input, output: v.output, cachedInput: v.cachedInput, cacheWrite: v.cacheWrite, perRequest: v.perRequest, perImage: v.perImage,
    ...(Object.fromEntries(TOKEN_CLASS_PRICE_FIELDS.map((f) => [f, v[f] ?? null])) as Record<TokenClassPriceField, Decimal | null>),
  };
}
