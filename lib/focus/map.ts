import { Decimal } from "@/lib/money";
import { parseModelName } from "@/lib/pricing/aliases";
import { CHARGE_CATEGORIES, type ChargeCategory } from "./columns";
import { parseFocusDateTime } from "./conformance";

// One FOCUS row → one AI charge in our terms (or a reason to skip it). Pure.
//
//  - AI only: ServiceCategory "AI and Machine Learning", or a known AI service name (a cloud that files
//    Bedrock under another category still counts). Everything else on the cloud bill is skipped.
//  - host: the cloud that billed it ("bedrock", "vertex", "azure": the pricing catalog's host ids, so a
//    Bedrock row is priced from Bedrock's prices), from ProviderName; "" for a provider's own API (our
//    own export of connection data read back).
//  - provider: the model's maker (anthropic for Claude on Bedrock), from the model id through the
//    pricing catalog's name rules (lib/pricing/aliases.ts) and the model family; PublisherName next;
//    the cloud's own company last (a service that is not a model: SageMaker, Document AI).
//  - model / token class: from our own x_ columns when present, else from what each cloud writes:
//    the Bedrock foundation-model ARN in ResourceId, the meter / SKU / usage type / description text.
//  - project: a "project" tag when the row has one, else SubAccountId (AWS account, GCP project,
//    Azure subscription).
//  - day: the UTC day of ChargePeriodStart; quantity: ConsumedQuantity in ConsumedUnit (PricingQuantity
//    in PricingUnit when absent), token units ("1K Tokens", "1M tokens") turned into tokens.

export type FocusHost = "bedrock" | "vertex" | "azure" | "";
export const TOKEN_CLASSES = ["input", "output", "cached_input", "cache_write"] as const;
export type TokenClass = (typeof TOKEN_CLASSES)[number] | "";

export interface FocusCharge {
  /** The cloud billing account and billing period the row belongs to: what a re-delivery replaces. */
  sourceKey: string;
  day: string;
  host: FocusHost;
  provider: string;
  model: string;
  projectId: string;
  tokenClass: TokenClass;
  chargeCategory: ChargeCategory;
  correction: boolean;
  currency: string;
  billed: Decimal;
  effective: Decimal;
  list: Decimal;
  quantity: Decimal | null;
  unit: string | null;
}

export type MappedRow = { kind: "charge"; charge: FocusCharge } | { kind: "skip"; sourceKey: string | null; reason: "not-ai" };

export type FocusRecord = Readonly<Record<string, string | null>>;

const AI_CATEGORY = "AI and Machine Learning";
/** Service names of hosted model APIs, whatever category a cloud files them under. */
const AI_SERVICE = /\b(bedrock|vertex ai|gemini api|generative language|azure openai|openai|foundry models?|ai foundry|cognitive services)\b/i;

export function isAiRow(r: FocusRecord): boolean {
  return r.ServiceCategory === AI_CATEGORY || AI_SERVICE.test(r.ServiceName ?? "");
}

export function hostOf(r: FocusRecord): FocusHost {
  if ("x_Host" in r) {
    const x = (r.x_Host ?? "").trim().toLowerCase();
    if (x === "bedrock" || x === "vertex" || x === "azure") return x;
    if (x === "api" || x === "") return "";
  }
  const name = `${r.ProviderName ?? r.ServiceProviderName ?? ""} ${r.HostProviderName ?? ""}`.toLowerCase();
  if (/amazon|\baws\b/.test(name)) return "bedrock";
  if (/google/.test(name)) return "vertex";
  if (/microsoft|azure/.test(name)) return "azure";
  return "";
}

const CLOUD_COMPANY: Record<Exclude<FocusHost, "">, string> = { bedrock: "amazon", vertex: "google", azure: "microsoft" };
const HOST_IDS = new Set(["bedrock", "vertex", "azure", "openrouter"]);

/** Model families → maker (our provider ids, as lib/pricing/aliases.ts spells them). */
const FAMILY_MAKER: readonly [RegExp, string][] = [
  [/^(gpt|o\d|chatgpt|text-embedding|dall-e|whisper|tts|davinci|babbage|sora)/, "openai"],
  [/^claude/, "anthropic"],
  [/^(gemini|gemma|imagen|veo|text-bison|chat-bison|palm|text-embedding-00|textembedding-gecko|chirp)/, "google"],
  [/^(llama|meta-llama)/, "meta-llama"],
  [/^(mistral|mixtral|codestral|ministral|pixtral|magistral|devstral)/, "mistral"],
  [/^(command|embed-|rerank)/, "cohere"],
  [/^(nova|titan)/, "amazon"],
  [/^phi-/, "microsoft"],
  [/^deepseek/, "deepseek"],
  [/^grok/, "xai"],
  [/^jamba|^j2-/, "ai21"],
];

export function makerOf(model: string, publisher: string | null, host: FocusHost): string {
  if (model) {
    const hint = parseModelName(model).providerHint;
    if (hint && !HOST_IDS.has(hint)) return hint;
    const id = parseModelName(model).id;
    for (const [re, maker] of FAMILY_MAKER) if (re.test(id)) return maker;
  }
  const pub = (publisher ?? "").trim().toLowerCase();
  const cloudish = /amazon|aws|google|microsoft|azure/.test(pub);
  if (pub && !cloudish) return pub.replace(/[^a-z0-9]+/g, "-").replace(/^-|-$/g, "");
  return host ? CLOUD_COMPANY[host] : pub.replace(/[^a-z0-9]+/g, "-").replace(/^-|-$/g, "") || "unknown";
}

// Model names as the clouds' meters and descriptions spell them ("Gemini 2.0 Flash Lite Input Tokens",
// "gpt-4o-mini-0718-Inp-glbl", "Claude 3.5 Sonnet"): normalised to the catalog's dashed lower case.
const MODEL_IN_TEXT: readonly RegExp[] = [
  /\bgemini[\s-]+\d+(?:\.\d+)?[\s-]+(?:pro|flash(?:[\s-]+lite)?|ultra|nano)\b/,
  /\bclaude[\s-]+(?:\d(?:[.-]\d)?[\s-]+(?:opus|sonnet|haiku)|(?:opus|sonnet|haiku)[\s-]+\d(?:[.-]\d)?)\b/,
  /\bgpt[\s-]?(?:4o|4\.1|4\.5|4|3\.5|5)(?:[\s-]+(?:mini|nano|turbo))?(?![\w.])/,
  /\bo[134](?:[\s-]+mini)?\b(?=[\s-]|$)/,
  /\btext-embedding-[\w-]+?(?=-(?:inp|outp|glbl|regnl)\b|\s|$)/,
  /\bllama[\s-]?\d+(?:\.\d+)?[\s-]+\d+b\b/,
  /\b(?:mistral|mixtral)[\s-]+(?:large|small|medium|8x7b|7b)\b/,
  /\bnova[\s-]+(?:micro|lite|pro|premier)\b/,
];

export function modelFromText(text: string): string {
  const t = text.toLowerCase();
  for (const re of MODEL_IN_TEXT) {
    const m = re.exec(t);
    if (m) return m[0].trim().replace(/\s+/g, "-").replace(/^(gpt)(?=\d)/, "$1-").replace(/^(claude-\d)\.(\d)/, "$1-$2");
  }
  return "";
}

const ARN_MODEL = /(?:foundation-model|inference-profile|provisioned-model|custom-model)\/([^\s/,;"]+)/;

export function modelOf(r: FocusRecord): string {
  // Our own export's columns are authoritative when the file has them, even empty (no model).
  if ("x_Model" in r) return r.x_Model ?? "";
  const arn = ARN_MODEL.exec(r.ResourceId ?? "");
  if (arn) return parseModelName(arn[1]!).id;
  const details = r.SkuPriceDetails ? skuDetailModel(r.SkuPriceDetails) : "";
  if (details) return parseModelName(details).id;
  for (const text of [r.x_SkuMeterName, r.SkuMeter, r.x_UsageType, r.ChargeDescription, r.ResourceName]) {
    const m = text ? modelFromText(text) : "";
    if (m) return parseModelName(m).id;
  }
  return "";
}

function skuDetailModel(json: string): string {
  try {
    const o = JSON.parse(json) as Record<string, unknown>;
    for (const k of ["ModelName", "Model", "model", "x_ModelName"]) if (typeof o[k] === "string") return o[k] as string;
  } catch {
    // not JSON: conformance reports it
  }
  return "";
}

export function tokenClassOf(r: FocusRecord): TokenClass {
  if ("x_TokenClass" in r) return ((TOKEN_CLASSES as readonly string[]).includes(r.x_TokenClass ?? "") ? r.x_TokenClass : "") as TokenClass;
  return tokenClassOfText([r.x_SkuMeterName, r.SkuMeter, r.x_UsageType, r.ChargeDescription, r.PricingUnit, r.ConsumedUnit].filter(Boolean).join(" "));
}

/** The token class a meter, usage type or provider line item names ("Inp", "output_tokens", "cache read"). */
export function tokenClassOfText(raw: string): TokenClass {
  const text = raw.toLowerCase();
  if (/cache[\s_-]*(write|creation)/.test(text)) return "cache_write";
  if (/cache[\s_-]*(read|hit)|cached/.test(text)) return "cached_input";
  if (/(^|[\s_-])(input|inp|prompt)([\s_-]|$)/.test(text)) return "input";
  if (/(^|[\s_-])(output|outp|completion|generation)([\s_-]|$)/.test(text)) return "output";
  return "";
}

const TOKEN_UNIT = /^(?:(\d+)\s*)?([km])?\s*tokens?$/i;

/** Quantity in tokens when the unit is tokens (per 1K / 1M turned into tokens), else as given. */
export function quantityOf(r: FocusRecord): { quantity: Decimal | null; unit: string | null } {
  const [q, u] = r.ConsumedQuantity ? [r.ConsumedQuantity, r.ConsumedUnit ?? null] : [r.PricingQuantity ?? null, r.PricingUnit ?? null];
  if (!q) return { quantity: null, unit: null };
  const m = u ? TOKEN_UNIT.exec(u.trim()) : null;
  if (!m) return { quantity: new Decimal(q), unit: u };
  const scale = new Decimal(m[1] ?? 1).mul(m[2]?.toLowerCase() === "k" ? 1_000 : m[2]?.toLowerCase() === "m" ? 1_000_000 : 1);
  return { quantity: new Decimal(q).mul(scale), unit: "tokens" };
}

function projectOf(r: FocusRecord): string {
  if (r.Tags) {
    try {
      const tags = JSON.parse(r.Tags) as Record<string, unknown>;
      for (const k of ["project", "Project", "breakeven-project"]) if (typeof tags[k] === "string" && tags[k]) return tags[k] as string;
    } catch {
      // reported by conformance
    }
  }
  return r.SubAccountId ?? "";
}

const isoDay = (ms: number) => new Date(ms).toISOString().slice(0, 10);

/** "focus:<host>:<billing account>:<YYYY-MM of the billing period>": a re-delivered period replaces exactly this. */
export function sourceKeyOf(r: FocusRecord, host: FocusHost = hostOf(r)): string | null {
  const period = r.BillingPeriodStart ? parseFocusDateTime(r.BillingPeriodStart) : null;
  if (period === null || !r.BillingAccountId) return null;
  return `focus:${host || "api"}:${r.BillingAccountId}:${isoDay(period).slice(0, 7)}`;
}

/** The columns host, model, maker and token class are read from: rows that agree on them map alike. */
const DESCRIPTIVE = ["ProviderName", "ServiceProviderName", "HostProviderName", "ResourceId", "SkuPriceDetails", "x_SkuMeterName", "SkuMeter", "x_UsageType", "ChargeDescription",
  "ResourceName", "PublisherName", "PricingUnit", "ConsumedUnit", "x_Model", "x_Provider", "x_Host", "x_TokenClass"] as const;

interface Described { host: FocusHost; model: string; provider: string; tokenClass: TokenClass }

/**
 * Host, model, maker and token class of a row, remembered per distinct description: a month of a cloud
 * bill repeats a few thousand descriptions millions of times, and the name rules are regex work.
 */
export class FocusDescriber {
  private readonly memo = new Map<string, Described>();
  describe(r: FocusRecord): Described {
    let key = "";
    for (const c of DESCRIPTIVE) key += (c in r ? (r[c] ?? "\u0002") : "\u0003") + "\u0001";
    let d = this.memo.get(key);
    if (!d) {
      const host = hostOf(r);
      const model = modelOf(r);
      d = { host, model, provider: r.x_Provider || makerOf(model, r.PublisherName ?? null, host), tokenClass: tokenClassOf(r) };
      if (this.memo.size > 200_000) this.memo.clear(); // bounded: a file of unique descriptions only loses the speed-up
      this.memo.set(key, d);
    }
    return d;
  }
}

/** Map a row that passed the import's conformance check (costs, dates and currency parse). */
export function mapFocusRow(r: FocusRecord, describer = new FocusDescriber()): MappedRow {
  if (!isAiRow(r)) return { kind: "skip", sourceKey: sourceKeyOf(r), reason: "not-ai" };
  const { host, model, provider, tokenClass } = describer.describe(r);
  const sourceKey = sourceKeyOf(r, host);
  if (sourceKey === null) return { kind: "skip", sourceKey, reason: "not-ai" };
  const category = r.ChargeCategory as ChargeCategory;
  const { quantity, unit } = quantityOf(r);
  return {
    kind: "charge",
    charge: {
      sourceKey,
      day: isoDay(parseFocusDateTime(r.ChargePeriodStart!)!),
      host,
      provider,
      model,
      projectId: projectOf(r),
      tokenClass,
      chargeCategory: CHARGE_CATEGORIES.includes(category) ? category : "Adjustment",
      correction: r.ChargeClass === "Correction",
      currency: r.BillingCurrency!.toLowerCase(),
      billed: new Decimal(r.BilledCost!),
      effective: new Decimal(r.EffectiveCost!),
      list: new Decimal(r.ListCost!),
      quantity,
      unit,
    },
  };
}
