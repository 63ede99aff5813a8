import { parseModelName } from "@/lib/pricing/aliases";

// Whether a catalog model's weights are published under terms that allow running it yourself in
// production, so a workload on a closed API has somewhere to go. Kept as name patterns of families
// whose weights are open (Llama, Mixtral/Mistral 7B/Small, DeepSeek V3/R1, Gemma, Qwen, Phi,
// gpt-oss). Left out on purpose: weights released only for research or non-production use
// (Codestral, Mistral Large, Command R), which cannot carry a production workload.
const OPEN_WEIGHT = [
  /llama/,
  /mixtral/,
  /^(open-)?mistral-(7b|small|nemo)/,
  /^deepseek-(chat|reasoner|v3|r1|coder)/,
  /gemma/,
  /qwen/,
  /^phi-/,
  /gpt-oss/,
];

export function isOpenWeight(model: string): boolean {
  const { id, canonical } = parseModelName(model);
  return OPEN_WEIGHT.some((re) => re.test(id) || re.test(canonical));
}

export type WorkloadMode = "chat" | "embedding";

/** What a model does, from the catalog's mode when known, else from its name. */
export function workloadMode(model: string, catalogMode?: string | null): WorkloadMode {
  if (catalogMode === "embedding") return "embedding";
  if (catalogMode) return "chat";
  return /embed/.test(model.toLowerCase()) ? "embedding" : "chat";
}
