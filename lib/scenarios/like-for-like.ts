import { likeForLike, type LikeForLike } from "@/lib/breakeven/capability-match";
import type { ScenarioInputs } from "./schema";

// A scenario compares like with like only when what the traffic moves to is of the same
// capability tier as today's model: the self-hosted replacement model, the target API model, or
// (hybrid) both. Pure; the same rule as the Break-even page (lib/breakeven/capability-match.ts).

/** Today's model of the workload: the measured filter's model or the manual workload's model. */
export function todaysModels(inputs: ScenarioInputs): string[] {
  const w = inputs.workload;
  const model = w.source === "measured" ? w.filter.model : w.model;
  return model ? [model] : [];
}

export function scenarioLikeForLike(inputs: ScenarioInputs): LikeForLike {
  const today = todaysModels(inputs);
  const t = inputs.target;
  if (today.length === 0) {
    return { comparable: false, api: null, replacement: null, sentence: "The workload covers more than one model: pick one model so the target can be matched to its capability; the figures are not a like-for-like saving." };
  }
  const targets = t.kind === "api" ? [t.api.model] : t.kind === "selfHost" ? [t.selfHost.replacementModel] : [t.selfHost.replacementModel, t.api.model];
  const verdicts = targets.map((m) => likeForLike(today, m || null));
  return verdicts.find((v) => !v.comparable) ?? verdicts[0]!;
}

export type { LikeForLike };
