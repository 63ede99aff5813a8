import { describe, expect, it } from "vitest";
import { Decimal } from "@/lib/money";
import { parseSelfHostOption } from "@/lib/breakeven";
import { selfHostingOpportunity } from "@/lib/savings/self-hosting";
import { BOOK, workload } from "./helpers";

// A cloud GPU at $1/h (730 h = $730 a month), 1,000 tokens/s at 100% target utilisation:
// 1,000 × 2,628,000 s = 2.628B tokens a GPU a month. gpt-4o: 2,000M in × $2.50 + 500M out × $10 = $10,000.
const option = parseSelfHostOption({ cost: { kind: "cloud", hourlyRatePerGpu: "1" }, throughput: { tokensPerSecondPerGpu: "1000" }, targetUtilisation: "1" });
const plan = { option, replacementModel: "llama-3.1-405b", comparable: true, label: "new pool", likeForLike: "Like for like: Llama 3.1 405B Instruct, frontier tier, replaces GPT-4o, frontier tier." };
const w = workload({ spend: new Decimal(10_000), tokensM: { input: 2000, output: 500 } });

describe("self-hosting", () => {
  it("2.5B tokens fit 1 GPU ($730: saving $9,270); at 80% throughput they need 2 ($1,460: saving $8,540)", () => {
    const o = selfHostingOpportunity(w, BOOK, plan)!;
    expect([o.saving.low.toFixed(2), o.saving.high.toFixed(2)]).toEqual(["8540.00", "9270.00"]);
    expect(o.scenario).toMatchObject({ target: "selfHost", model: "gpt-4o", projectId: "proj_x" });
  });

  it("claims nothing when the replacement is not of the same capability tier", () => {
    expect(selfHostingOpportunity(w, BOOK, { ...plan, comparable: false })).toBeNull();
  });
});
