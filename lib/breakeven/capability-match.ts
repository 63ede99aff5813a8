import { capabilityOf, compareTiers, describeCapability, TIER_LABEL, type Capability } from "@/lib/pricing/capability-tiers";

// Like for like: a break-even (or scenario, or fallback) is only a saving when the self-hosted
// open-weight model that would replace the API model is of the same capability tier. Pure.

export interface ReplacementCandidate {
  model: string;
  /** "Llama 3.1 70B Instruct, large tier (MMLU (0-shot chain of thought) 86.0)", or the name and "tier unknown". */
  label: string;
  capability: Capability | null;
  /** A pool of the org serves it (its throughput can be measured). */
  served: boolean;
}

/** The open-weight models the org can pick from: the catalog's open-weight chat models plus what its pools serve, one per family. */
export function replacementCandidates(catalogOpenWeight: readonly string[], servedByPools: readonly string[]): ReplacementCandidate[] {
  const out = new Map<string, ReplacementCandidate>();
  const add = (model: string, served: boolean) => {
    const capability = capabilityOf(model);
    const key = capability?.family ?? model.toLowerCase();
    const existing = out.get(key);
    if (existing) {
      if (served && !existing.served) out.set(key, { ...existing, model, served }); // the pool's own spelling wins: it is what is measured
      return;
    }
    out.set(key, { model, label: capability ? describeCapability(capability) : `${model}, tier unknown`, capability, served });
  };
  for (const m of servedByPools) add(m, true);
  for (const m of catalogOpenWeight) add(m, false);
  return [...out.values()].sort((a, b) => (b.capability ? 1 : 0) - (a.capability ? 1 : 0) || (a.capability && b.capability ? compareTiers(b.capability.tier, a.capability.tier) : 0) || a.label.localeCompare(b.label));
}

/**
 * The replacement to start from for an API model: an open-weight model of the same tier, preferring
 * one a pool already serves, then the highest published score; null when no candidate matches.
 */
export function defaultReplacement(apiModel: string | null, candidates: readonly ReplacementCandidate[]): ReplacementCandidate | null {
  const api = apiModel ? capabilityOf(apiModel) : null;
  if (!api) return null;
  const same = candidates.filter((c) => c.capability && c.capability.tier === api.tier);
  same.sort((a, b) => Number(b.served) - Number(a.served) || (b.capability!.score?.value ?? 0) - (a.capability!.score?.value ?? 0));
  return same[0] ?? null;
}

export interface LikeForLike {
  comparable: boolean;
  api: Capability | null;
  replacement: Capability | null;
  /** Said beside every figure: what replaces what, and whether that is like for like. */
  sentence: string;
}

/** Whether `replacementModel` can stand in for `apiModel` (null api = a group of models: its most capable one). */
export function likeForLike(apiModels: readonly string[], replacementModel: string | null): LikeForLike {
  const caps = apiModels.map((m) => ({ m, c: capabilityOf(m) }));
  const unknownApi = caps.find((x) => x.c === null);
  const api = caps.reduce<Capability | null>((best, x) => (x.c && (!best || compareTiers(x.c.tier, best.tier) > 0) ? x.c : best), null);
  const replacement = replacementModel ? capabilityOf(replacementModel) : null;
  const apiName = apiModels.length === 1 ? apiModels[0]! : `the group's most capable model`;
  if (!replacementModel) return { comparable: false, api, replacement, sentence: `Pick the open-weight model that would replace ${apiName}: a break-even is only meaningful between models of comparable capability.` };
  if (unknownApi) return { comparable: false, api, replacement, sentence: `${unknownApi.m} is not in the capability table, so ${replacementModel} is not known to be a like-for-like replacement: the figures are not a saving.` };
  if (!replacement) return { comparable: false, api, replacement, sentence: `${replacementModel} is not in the capability table, so it is not known to match ${apiName}: the figures are not a saving.` };
  const c = compareTiers(replacement.tier, api!.tier);
  if (c === 0) return { comparable: true, api, replacement, sentence: `Like for like: ${describeCapability(replacement)} replaces ${describeCapability(api!)}.` };
  return {
    comparable: false,
    api,
    replacement,
    sentence: `Not like for like: ${replacement.family} is ${TIER_LABEL[replacement.tier]}, ${api!.family} is ${TIER_LABEL[api!.tier]}; ${c < 0 ? "the cheaper cost buys a less capable model, so it is not a saving" : "the self-hosted model is more capable than needed"}. Pick an open-weight model of the ${TIER_LABEL[api!.tier]}.`,
  };
}

/** The headline beside a standing: the standing only when like for like, else why not. */
export function breakEvenHeadlineSentence(standing: { percent: number | null; sentence: string }, match: LikeForLike): { percent: number | null; sentence: string } {
  if (!match.comparable) return { percent: null, sentence: match.sentence };
  return standing;
}
