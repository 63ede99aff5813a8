import { describe, expect, it } from "vitest";
import { breakEvenHeadlineSentence, defaultReplacement, likeForLike, replacementCandidates } from "@/lib/breakeven/capability-match";

describe("like-for-like break-evens", () => {
  const candidates = replacementCandidates(["llama-3.3-70b-instruct", "deepseek-chat", "gemma-2-27b-it", "llama3-70b-8192", "llama-3.1-405b-instruct"], ["meta-llama/Llama-3.1-8B-Instruct"]);

  it("lists the open-weight models with their tier and score, one per family, the pools' own spelling first", () => {
    expect(candidates.find((c) => c.served)).toMatchObject({ model: "meta-llama/Llama-3.1-8B-Instruct", label: "Llama 3.1 8B Instruct, small tier (MMLU (0-shot chain of thought) 73.0)" });
    expect(candidates.filter((c) => c.capability?.family === "Llama 3.1 / 3.3 70B Instruct")).toHaveLength(1);
  });

  it("starts from an open-weight model of the same tier, the highest published score first", () => {
    // Claude Sonnet 4 is frontier: DeepSeek-V3 (MMLU 88.5) and Llama 3.1 405B (88.6) are too; 405B scores higher.
    expect(defaultReplacement("claude-sonnet-4", candidates)?.model).toBe("llama-3.1-405b-instruct");
    expect(defaultReplacement("gpt-4.1-mini", candidates)?.model).toBe("llama-3.3-70b-instruct");
    expect(defaultReplacement("gpt-3.5-turbo", candidates)?.model).toBe("meta-llama/Llama-3.1-8B-Instruct"); // small tier, and a pool serves it
    expect(defaultReplacement("unknown-model", candidates)).toBeNull();
  });

  it("the issue's case: Claude Sonnet 4 against a pool serving an 8B model is not a saving, and the headline says so", () => {
    const m = likeForLike(["claude-sonnet-4"], "meta-llama/Llama-3.1-8B-Instruct");
    expect(m.comparable).toBe(false);
    expect(m.sentence).toMatch(/^Not like for like: Llama 3.1 8B Instruct is small tier, Claude 4 \(Opus \/ Sonnet\) is frontier tier/);
    expect(breakEvenHeadlineSentence({ percent: 398, sentence: "398% of break-even" }, m)).toEqual({ percent: null, sentence: m.sentence });
  });

  it("a same-tier pair keeps the standing; an unknown model or none named is never claimed as a saving", () => {
    const same = likeForLike(["gpt-4.1-mini"], "llama-3.3-70b-instruct");
    expect(same.comparable).toBe(true);
    expect(breakEvenHeadlineSentence({ percent: 38, sentence: "38% of break-even" }, same)).toEqual({ percent: 38, sentence: "38% of break-even" });
    expect(likeForLike(["my-finetune"], "llama-3.3-70b-instruct").comparable).toBe(false);
    expect(likeForLike(["gpt-4.1-mini"], null).comparable).toBe(false);
    // a group is matched on its most capable model
    expect(likeForLike(["gpt-4o-mini", "gpt-4.1-mini"], "gemma-2-27b-it").comparable).toBe(false);
  });
});
