// Model-name normalisation. Usage reports, catalogs and routers spell one model many ways:
// "gpt-4o-2024-08-06", "openai/gpt-4o", "azure/gpt-4o", "claude-3-5-sonnet-latest",
// "anthropic/claude-sonnet-4.5", "us.anthropic.claude-3-5-sonnet-20241022-v2:0".
//
// Rules, applied in this order (documented in docs/pricing.md):
//  1. lower-case and trim;
//  2. strip router/cloud prefixes, repeatedly: "openrouter/", "openai/", "anthropic/", "azure/", "mistral/",
//     "gemini/", "vertex_ai/", "bedrock/", … (the first one gives the provider hint), and Bedrock's
//     "[region.]vendor." prefix with its "-vN:M" suffix;
//  3. drop a "-latest" suffix;
//  4. drop one snapshot suffix: "-YYYY-MM-DD" (OpenAI), "-YYYYMMDD" (Anthropic), "-MMDD" on OpenAI
//     families (gpt-4-0613), "-YYMM" on Mistral families (mistral-large-2407), "-00N" on Gemini;
//     four-digit suffixes elsewhere are left alone because they are not dates (llama3-70b-8192);
//  5. Anthropic names use dashes between version digits ("claude-sonnet-4.5" → "claude-sonnet-4-5").
// The result of 1–2 is the model's `id`; of 1–5 its `canonical` name. Whether a dated id is merged into its
// canonical model is the catalog's decision, not the name's (see catalog.ts: a snapshot with its own price stays).

/** Prefix → our provider id. null = a router/cloud that resells another vendor's model. */
const PREFIX_PROVIDER: Record<string, string | null> = {
  openai: "openai",
  "text-completion-openai": "openai",
  anthropic: "anthropic",
  mistral: "mistral",
  codestral: "mistral",
  gemini: "google",
  google: "google",
  deepseek: "deepseek",
  xai: "xai",
  groq: "groq",
  cohere: "cohere",
  cohere_chat: "cohere",
  "meta-llama": "meta-llama",
  azure: "azure",
  azure_ai: "azure",
  bedrock: "bedrock",
  vertex_ai: "vertex",
  openrouter: "openrouter",
};

const BEDROCK_ID = /^(?:(?:us|eu|apac|global)\.)?(anthropic|meta|mistral|cohere|amazon|ai21)\.(.+?)(?:-v\d+(?::\d+)?)?$/;
const ISO_DATE_SUFFIX = /-20\d\d-(0[1-9]|1[0-2])-(0[1-9]|[12]\d|3[01])$/;
const COMPACT_DATE_SUFFIX = /-20\d\d(0[1-9]|1[0-2])(0[1-9]|[12]\d|3[01])$/;
const MMDD_SUFFIX = /-(0[1-9]|1[0-2])(0[1-9]|[12]\d|3[01])$/;
const YYMM_SUFFIX = /-(2[3-9])(0[1-9]|1[0-2])$/;
const OPENAI_FAMILY = /^(gpt-|chatgpt-|o\d|text-|davinci|babbage)/;
const MISTRAL_FAMILY = /^(mistral|codestral|ministral|pixtral|magistral|devstral|open-mistral|open-mixtral)/;

export interface ModelRef {
  /** provider implied by a prefix, if any (our provider id, or the reseller's id) */
  providerHint: string | null;
  /** the name without prefixes: what a dated price entry is keyed by */
  id: string;
  /** the one name all spellings of the model share */
  canonical: string;
}

export function parseModelName(raw: string): ModelRef {
  let name = raw.trim().toLowerCase();
  let providerHint: string | null = null;
  for (;;) {
    const slash = name.indexOf("/");
    if (slash <= 0) break;
    const prefix = name.slice(0, slash);
    if (!(prefix in PREFIX_PROVIDER)) break;
    providerHint ??= PREFIX_PROVIDER[prefix] ?? null;
    name = name.slice(slash + 1);
  }
  const bedrock = BEDROCK_ID.exec(name);
  if (bedrock) {
    providerHint = bedrock[1] === "meta" ? "meta-llama" : bedrock[1]!;
    name = bedrock[2]!;
  }
  return { providerHint, id: name, canonical: canonicalFromId(name) };
}

/** Canonical model name for any spelling (rules 1–5). */
export function canonicalModelName(raw: string): string {
  return parseModelName(raw).canonical;
}

/** True when the id carries a snapshot date or a "-latest" alias, i.e. it is not already canonical. */
export function isAliasOrSnapshot(raw: string): boolean {
  const ref = parseModelName(raw);
  return ref.id !== ref.canonical;
}

function canonicalFromId(id: string): string {
  // Vertex spells versions with "@" ("claude-3-opus@20240229", "codestral@2405", "mistral-nemo@latest"); a Bedrock
  // region ("…@us-east-1", litellm.ts) is not a version and stays.
  let name = /@([a-z]{2}(?:-gov)?-[a-z]+-\d|us|eu|apac|global)$/.test(id) ? id : id.replace(/@(?=[^@]+$)/, "-");
  name = name.replace(/-latest$/, "");
  if (ISO_DATE_SUFFIX.test(name)) name = name.replace(ISO_DATE_SUFFIX, "");
  else if (COMPACT_DATE_SUFFIX.test(name)) name = name.replace(COMPACT_DATE_SUFFIX, "");
  else if (OPENAI_FAMILY.test(name) && MMDD_SUFFIX.test(name)) name = name.replace(MMDD_SUFFIX, "");
  else if (MISTRAL_FAMILY.test(name) && YYMM_SUFFIX.test(name)) name = name.replace(YYMM_SUFFIX, "");
  else if (name.startsWith("gemini-")) name = name.replace(/-00\d$/, "");
  // Anthropic's API spells versions with dashes; OpenRouter uses dots.
  if (name.startsWith("claude-")) name = name.replace(/(\d)\.(\d)/g, "$1-$2");
  return name;
}
