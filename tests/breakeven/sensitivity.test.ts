import { describe, expect, it } from "vitest";
import { breakEvenSensitivity, parseBreakEvenInput, type BreakEvenInput } from "@/lib/breakeven";

// The staircase from breakEvenVolume.test.ts: cost(k) = fixed + 1,460 k USD/month,
// 1,314M tokens per GPU, API $0.000002 a token; break-even 3,690M tokens on 3 GPUs.
const staircase: BreakEvenInput = {
  workload: { basis: "tokens", monthlyTokens: { input: 500_000_000, output: 500_000_000 } },
  apiPrice: { inputPerMTok: 2, outputPerMTok: 2 },
  selfHost: {
    cost: { kind: "cloud", hourlyRatePerGpu: 2 },
    fixedMonthly: 3000,
    throughput: { tokensPerSecondPerGpu: 1000 },
    targetUtilisation: "0.5",
  },
};

describe("break-even sensitivity (tornado)", () => {
  const rows = breakEvenSensitivity(parseBreakEvenInput(staircase));
  const row = (input: string) => rows.find((r) => r.input === input);

  it("has a row for each non-zero input of this option and none for absent ones", () => {
    expect(rows.map((r) => r.input).sort()).toEqual([
      "apiPrice.inputPerMTok",
      "apiPrice.outputPerMTok",
      "selfHost.cost.hourlyRatePerGpu",
      "selfHost.fixedMonthly",
      "selfHost.targetUtilisation",
      "selfHost.throughput.tokensPerSecondPerGpu",
    ]);
  });

  it("fixed cost ±20%: $2,400 → 3,390M tokens, $3,600 → 4,720M tokens", () => {
    // $2,400: k=2 costs 5,320 → 2,660M > 2,628M, no; k=3 costs 6,780 → 3,390M ≤ 3,942M.
    // $3,600: k=3 costs 7,980 → 3,990M > 3,942M, no; k=4 costs 9,440 → 4,720M ≤ 5,256M.
    const fixed = row("selfHost.fixedMonthly");
    expect(fixed?.low.toString()).toBe("2400");
    expect(fixed?.high.toString()).toBe("3600");
    expect(fixed?.breakEvenAtLow?.toString()).toBe("3390000000");
    expect(fixed?.breakEvenAtHigh?.toString()).toBe("4720000000");
  });

  it("GPU rate ±20%: $1.60/h → 3,252M tokens, $2.40/h → 5,004M tokens", () => {
    // Rate $1.60/h → $1,168: k=2 costs 5,336 → 2,668M > 2,628M; k=3 costs 6,504 → 3,252M.
    // Rate $2.40/h → $1,752: k=3 costs 8,256 → 4,128M > 3,942M; k=4 costs 10,008 → 5,004M ≤ 5,256M.
    const rate = row("selfHost.cost.hourlyRatePerGpu");
    expect(rate?.breakEvenAtLow?.toString()).toBe("3252000000");
    expect(rate?.breakEvenAtHigh?.toString()).toBe("5004000000");
  });

  it("sorts the largest swing first", () => {
    const swings = rows.map((r) =>
      r.breakEvenAtLow && r.breakEvenAtHigh ? r.breakEvenAtHigh.minus(r.breakEvenAtLow).abs().toNumber() : Infinity,
    );
    expect([...swings].sort((a, b) => b - a)).toEqual(swings);
  });

  it("keeps moved inputs valid: utilisation 0.9 goes up to 1, not 1.08", () => {
    const high = breakEvenSensitivity(parseBreakEvenInput({ ...staircase, selfHost: { ...staircase.selfHost, targetUtilisation: "0.9" } }));
    const u = high.find((r) => r.input === "selfHost.targetUtilisation");
    expect(u?.low.toString()).toBe("0.72");
    expect(u?.high.toString()).toBe("1");
  });
});
