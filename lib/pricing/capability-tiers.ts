import { parseModelName } from "./aliases";

// How capable a model is, so a break-even, scenario or fallback compares like with like. A bundled
// table (compiled 2026-12-02), one row per model family, each with the public benchmark score its
// vendor published and where: MMLU (general knowledge and reasoning, 57 subjects) as reported at
// launch, in the variant the vendor reported (5-shot, or 0-shot chain of thought). Where a vendor
// published no MMLU the row says which benchmark it did publish, or that the tier is the vendor's
// own positioning, and the score is left out. Scores of different benchmarks are never compared:
// tiers are. Tier bands on MMLU: frontier ≥ 88, large 83–88, medium 75–83, small < 75 (the test
// checks every MMLU row against them). Open-weight rows also carry the parameter count, which
// sizes the GPUs that must hold the model (lib/breakeven/throughput-estimates.ts).

export const CAPABILITY_TABLE_AS_OF = "2026-12-02";

export type CapabilityTier = "frontier" | "large" | "medium" | "small";
export const TIER_ORDER: readonly CapabilityTier[] = ["small", "medium", "large", "frontier"];
export const TIER_LABEL: Record<CapabilityTier, string> = { frontier: "frontier tier", large: "large tier", medium: "medium tier", small: "small tier" };

/** MMLU band a tier stands for (lower bound inclusive), the rule every MMLU row follows. */
export const TIER_MMLU_FLOOR: Record<CapabilityTier, number> = { frontier: 88, large: 83, medium: 75, small: 0 };

export interface Capability {
  /** The family as a person reads it, e.g. "Llama 3.1 70B Instruct". */
  family: string;
  tier: CapabilityTier;
  /** The published score, when one was; `benchmark` says which. */
  score: { benchmark: string; value: number } | null;
  /** Why the tier is what it is when there is no MMLU score. */
  basis: string;
  /** Total parameters in billions, for open-weight models (null for closed ones). */
  paramsB: number | null;
  source: string;
  /** When the vendor published the figure (YYYY-MM-DD). */
  published: string;
}

interface Row extends Capability {
  match: RegExp;
}

const META = "https://github.com/meta-llama/llama-models/blob/main/models/llama3_1/MODEL_CARD.md";
const mmlu = (value: number, variant = "5-shot") => ({ benchmark: `MMLU (${variant})`, value });

// Order matters: the first row whose pattern matches the model's canonical name wins, so the more
// specific spelling ("gpt-4o-mini") comes before the family ("gpt-4o").
const ROWS: readonly Row[] = [
  // OpenAI
  { match: /^gpt-4o-mini/, family: "GPT-4o mini", tier: "medium", score: mmlu(82.0), basis: "MMLU", paramsB: null, source: "https://openai.com/index/gpt-4o-mini-advancing-cost-efficient-intelligence/", published: "2024-07-18" },
  { match: /^(chatgpt-)?gpt-4o/, family: "GPT-4o", tier: "frontier", score: mmlu(88.7, "0-shot chain of thought"), basis: "MMLU", paramsB: null, source: "https://openai.com/index/hello-gpt-4o/", published: "2024-05-13" },
  { match: /^gpt-4\.1-nano/, family: "GPT-4.1 nano", tier: "medium", score: mmlu(80.1), basis: "MMLU", paramsB: null, source: "https://openai.com/index/gpt-4-1/", published: "2025-04-14" },
  { match: /^gpt-4\.1-mini/, family: "GPT-4.1 mini", tier: "large", score: mmlu(87.5), basis: "MMLU", paramsB: null, source: "https://openai.com/index/gpt-4-1/", published: "2025-04-14" },
  { match: /^gpt-4\.1/, family: "GPT-4.1", tier: "frontier", score: mmlu(90.2), basis: "MMLU", paramsB: null, source: "https://openai.com/index/gpt-4-1/", published: "2025-04-14" },
  { match: /^gpt-5/, family: "GPT-5", tier: "frontier", score: null, basis: "vendor's flagship; no MMLU published", paramsB: null, source: "https://openai.com/index/introducing-gpt-5/", published: "2025-08-07" },
  { match: /^o[134](-|$)/, family: "OpenAI o-series reasoning model", tier: "frontier", score: null, basis: "vendor's reasoning flagship; no MMLU published", paramsB: null, source: "https://openai.com/index/introducing-o3-and-o4-mini/", published: "2025-04-16" },
  { match: /^gpt-4-turbo/, family: "GPT-4 Turbo", tier: "large", score: mmlu(86.5), basis: "MMLU", paramsB: null, source: "https://github.com/openai/simple-evals", published: "2024-04-09" },
  { match: /^gpt-4(-|$)/, family: "GPT-4", tier: "large", score: mmlu(86.4), basis: "MMLU", paramsB: null, source: "https://arxiv.org/abs/2303.08774", published: "2023-03-15" },
  { match: /^gpt-3\.5/, family: "GPT-3.5 Turbo", tier: "small", score: mmlu(70.0), basis: "MMLU", paramsB: null, source: "https://arxiv.org/abs/2303.08774", published: "2023-03-15" },
  { match: /^gpt-oss-120b/, family: "gpt-oss-120b", tier: "frontier", score: mmlu(90.0, "reported by OpenAI"), basis: "MMLU", paramsB: 117, source: "https://openai.com/index/introducing-gpt-oss/", published: "2025-08-05" },
  { match: /^gpt-oss-20b/, family: "gpt-oss-20b", tier: "large", score: mmlu(85.3, "reported by OpenAI"), basis: "MMLU", paramsB: 21, source: "https://openai.com/index/introducing-gpt-oss/", published: "2025-08-05" },
  // Anthropic
  { match: /^claude-(opus|sonnet)-4/, family: "Claude 4 (Opus / Sonnet)", tier: "frontier", score: { benchmark: "MMMLU (multilingual MMLU)", value: 86.5 }, basis: "vendor's flagship; MMMLU published, not MMLU (Sonnet 4's figure)", paramsB: null, source: "https://www.anthropic.com/news/claude-4", published: "2025-05-22" },
  { match: /^claude-haiku-4/, family: "Claude Haiku 4.5", tier: "large", score: null, basis: "vendor: comparable to Claude Sonnet 4 on coding; no MMLU published", paramsB: null, source: "https://www.anthropic.com/news/claude-haiku-4-5", published: "2025-10-15" },
  { match: /^claude-3-7-sonnet/, family: "Claude 3.7 Sonnet", tier: "frontier", score: null, basis: "successor of Claude 3.5 Sonnet (MMLU 88.7)", paramsB: null, source: "https://www.anthropic.com/news/claude-3-7-sonnet", published: "2025-02-24" },
  { match: /^claude-3-5-sonnet/, family: "Claude 3.5 Sonnet", tier: "frontier", score: mmlu(88.7), basis: "MMLU", paramsB: null, source: "https://www.anthropic.com/news/claude-3-5-sonnet", published: "2024-06-20" },
  { match: /^claude-3-5-haiku/, family: "Claude 3.5 Haiku", tier: "large", score: null, basis: "vendor: surpasses Claude 3 Opus (MMLU 86.8) on many benchmarks; no MMLU published", paramsB: null, source: "https://www.anthropic.com/news/3-5-models-and-computer-use", published: "2024-10-22" },
  { match: /^claude-3-opus/, family: "Claude 3 Opus", tier: "large", score: mmlu(86.8), basis: "MMLU", paramsB: null, source: "https://www.anthropic.com/news/claude-3-family", published: "2024-03-04" },
  { match: /^claude-3-sonnet/, family: "Claude 3 Sonnet", tier: "medium", score: mmlu(79.0), basis: "MMLU", paramsB: null, source: "https://www.anthropic.com/news/claude-3-family", published: "2024-03-04" },
  { match: /^claude-3-haiku/, family: "Claude 3 Haiku", tier: "medium", score: mmlu(75.2), basis: "MMLU", paramsB: null, source: "https://www.anthropic.com/news/claude-3-family", published: "2024-03-04" },
  // Google, xAI
  { match: /^gemini-1\.5-pro/, family: "Gemini 1.5 Pro", tier: "large", score: mmlu(85.9), basis: "MMLU", paramsB: null, source: "https://arxiv.org/abs/2403.05530", published: "2024-05-14" },
  { match: /^gemini-1\.5-flash/, family: "Gemini 1.5 Flash", tier: "medium", score: mmlu(78.9), basis: "MMLU", paramsB: null, source: "https://arxiv.org/abs/2403.05530", published: "2024-05-14" },
  { match: /^grok-2/, family: "Grok-2", tier: "large", score: mmlu(87.5), basis: "MMLU", paramsB: null, source: "https://x.ai/news/grok-2", published: "2024-08-13" },
  // Mistral
  { match: /^mistral-large/, family: "Mistral Large 2", tier: "large", score: mmlu(84.0), basis: "MMLU", paramsB: 123, source: "https://mistral.ai/news/mistral-large-2407", published: "2024-07-24" },
  { match: /^mistral-small/, family: "Mistral Small 3", tier: "medium", score: mmlu(81.0), basis: "MMLU", paramsB: 24, source: "https://mistral.ai/news/mistral-small-3", published: "2025-01-30" },
  { match: /mixtral-8x7b/, family: "Mixtral 8x7B", tier: "small", score: mmlu(70.6), basis: "MMLU", paramsB: 47, source: "https://mistral.ai/news/mixtral-of-experts", published: "2023-12-11" },
  { match: /^codestral/, family: "Codestral", tier: "medium", score: null, basis: "code model; no MMLU published", paramsB: 22, source: "https://mistral.ai/news/codestral", published: "2024-05-29" },
  // Open-weight families (Meta model card scores are 0-shot chain of thought for the 3.1+ instruct models)
  { match: /llama-?3\.1-405b/, family: "Llama 3.1 405B Instruct", tier: "frontier", score: mmlu(88.6, "0-shot chain of thought"), basis: "MMLU", paramsB: 405, source: META, published: "2024-07-23" },
  { match: /llama-?3\.[13]-70b/, family: "Llama 3.1 / 3.3 70B Instruct", tier: "large", score: mmlu(86.0, "0-shot chain of thought"), basis: "MMLU", paramsB: 70, source: META, published: "2024-07-23" },
  { match: /llama-?3-70b/, family: "Llama 3 70B Instruct", tier: "medium", score: mmlu(82.0), basis: "MMLU", paramsB: 70, source: "https://github.com/meta-llama/llama3/blob/main/MODEL_CARD.md", published: "2024-04-18" },
  { match: /llama-?3(\.1)?-8b/, family: "Llama 3.1 8B Instruct", tier: "small", score: mmlu(73.0, "0-shot chain of thought"), basis: "MMLU", paramsB: 8, source: META, published: "2024-07-23" },
  { match: /^deepseek-(reasoner|r1)/, family: "DeepSeek-R1", tier: "frontier", score: mmlu(90.8), basis: "MMLU", paramsB: 671, source: "https://github.com/deepseek-ai/DeepSeek-R1", published: "2025-01-20" },
  { match: /^deepseek-(chat|v3)/, family: "DeepSeek-V3", tier: "frontier", score: mmlu(88.5), basis: "MMLU", paramsB: 671, source: "https://github.com/deepseek-ai/DeepSeek-V3", published: "2024-12-26" },
  { match: /qwen-?2\.5-72b/, family: "Qwen2.5 72B", tier: "large", score: mmlu(86.1), basis: "MMLU", paramsB: 72, source: "https://qwenlm.github.io/blog/qwen2.5-llm/", published: "2024-09-19" },
  { match: /gemma-?2-27b/, family: "Gemma 2 27B", tier: "medium", score: mmlu(75.2), basis: "MMLU", paramsB: 27, source: "https://arxiv.org/abs/2408.00118", published: "2024-06-27" },
  { match: /gemma-?2-9b/, family: "Gemma 2 9B", tier: "small", score: mmlu(71.3), basis: "MMLU", paramsB: 9, source: "https://arxiv.org/abs/2408.00118", published: "2024-06-27" },
];

/** The table as rows without their patterns, e.g. for documentation and tests. */
export const CAPABILITY_ROWS: readonly Capability[] = ROWS.map(({ match: _match, ...c }) => c);

/**
 * A model's capability from the table, by its canonical name (any spelling: "meta-llama/Llama-3.1-8B-Instruct",
 * "groq/llama3-70b-8192", "claude-sonnet-4-20250514"); null when the table does not know it.
 */
export function capabilityOf(model: string): Capability | null {
  const { id, canonical } = parseModelName(model);
  const last = (s: string) => s.split("/").at(-1) ?? s;
  for (const { match, ...c } of ROWS) if (match.test(canonical) || match.test(id) || match.test(last(canonical))) return c;
  return null;
}

/** −1, 0 or 1: how tier a compares with tier b. */
export function compareTiers(a: CapabilityTier, b: CapabilityTier): number {
  return Math.sign(TIER_ORDER.indexOf(a) - TIER_ORDER.indexOf(b));
}

/** "Llama 3.1 8B Instruct, small tier (MMLU (0-shot chain of thought) 73.0)". */
export function describeCapability(c: Capability): string {
  return `${c.family}, ${TIER_LABEL[c.tier]}${c.score ? ` (${c.score.benchmark} ${c.score.value.toFixed(1)})` : ""}`;
}
