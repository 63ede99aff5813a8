import { describe, expect, it } from "vitest";
import { CAPABILITY_ROWS, CAPABILITY_TABLE_AS_OF, TIER_MMLU_FLOOR, TIER_ORDER, capabilityOf } from "@/lib/pricing/capability-tiers";

describe("the bundled capability table", () => {
  it("is dated, and every row has a source address and a publication date", () => {
    expect(CAPABILITY_TABLE_AS_OF).toMatch(/^\d{4}-\d{2}-\d{2}$/);
    for (const r of CAPABILITY_ROWS) {
      expect(r.source, r.family).toMatch(/^https:\/\//);
      expect(r.published, r.family).toMatch(/^20\d\d-\d\d-\d\d$/);
      expect(r.published <= CAPABILITY_TABLE_AS_OF).toBe(true);
    }
  });

  it("puts every row with an MMLU score in the tier its band says (frontier ≥ 88, large ≥ 83, medium ≥ 75)", () => {
    const bandOf = (score: number) => [...TIER_ORDER].reverse().find((t) => score >= TIER_MMLU_FLOOR[t])!;
    for (const r of CAPABILITY_ROWS) if (r.score?.benchmark.startsWith("MMLU (")) expect(r.tier, r.family).toBe(bandOf(r.score.value));
  });

  it("reads any spelling of a model: router prefixes, vendor paths, dated snapshots", () => {
    expect(capabilityOf("meta-llama/Llama-3.1-8B-Instruct")).toMatchObject({ family: "Llama 3.1 8B Instruct", tier: "small", paramsB: 8 });
    expect(capabilityOf("groq/llama-3.3-70b-versatile")).toMatchObject({ tier: "large", paramsB: 70 });
    expect(capabilityOf("claude-sonnet-4-20250514")).toMatchObject({ tier: "frontier", paramsB: null });
    expect(capabilityOf("gpt-4o-mini-2024-07-18")).toMatchObject({ family: "GPT-4o mini", tier: "medium", score: { value: 82 } });
    expect(capabilityOf("gpt-4o-2024-08-06")).toMatchObject({ family: "GPT-4o", tier: "frontier" });
    expect(capabilityOf("deepseek-chat")).toMatchObject({ family: "DeepSeek-V3", paramsB: 671 });
    expect(capabilityOf("some-private-finetune")).toBeNull();
  });
});
