import { describe, expect, it } from "vitest";
import { Decimal } from "@/lib/money";
import { rightSizingOpportunity } from "@/lib/savings/right-sizing";
import { BOOK, workload } from "./helpers";

describe("model right-sizing", () => {
  it("same tier, same provider, cheaper: gpt-4o $45 → gpt-4.1 $36 (10M in, 2M out): $1.80–$9.00", () => {
    const o = rightSizingOpportunity(workload({ spend: new Decimal(45), tokensM: { input: 10, output: 2 } }), BOOK)!;
    expect(o.detail!.target).toBe("gpt-4.1"); // not o3-mini (a reasoning model) nor deepseek-chat (another provider)
    expect([o.saving.low.toFixed(2), o.saving.high.toFixed(2)]).toEqual(["1.80", "9.00"]); // 45 − 1.2 × 36; 45 − 36
    expect(o.scenario).toMatchObject({ target: "api", targetProvider: "openai", targetModel: "gpt-4.1", stayPct: "0" });
  });

  it("one tier down for a share: claude-sonnet-4 $60 → claude-3-5-haiku $16: 10% × (60 − 19.20) = $4.08 to 30% × 44 = $13.20", () => {
    const o = rightSizingOpportunity(workload({ provider: "anthropic", model: "claude-sonnet-4", spend: new Decimal(60), tokensM: { input: 10, output: 2 } }), BOOK)!;
    expect(o.detail!.target).toBe("claude-3-5-haiku");
    expect([o.saving.low.toFixed(2), o.saving.high.toFixed(2)]).toEqual(["4.08", "13.20"]);
    expect(o.scenario!.stayPct).toBe("70");
  });

  it("finds nothing when no model of the provider is cheaper at the same or the next tier", () => {
    expect(rightSizingOpportunity(workload({ model: "gpt-4o-mini", tokensM: { input: 10, output: 2 } }), BOOK)).toBeNull();
  });
});
