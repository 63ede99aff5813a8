import { describe, expect, it } from "vitest";
import { analyseBreakEven, per1KToPer1M, type BreakEvenInput } from "@/lib/breakeven";

// The worked example from the issue, end to end through the public entry point:
// 100,000 queries a month of 500 input + 500 output tokens at $0.03 / $0.06 per 1K tokens,
// against a $3,000 machine (GPU $1,600 + the rest $1,400) drawing $30 a month of electricity.
const workedExample: BreakEvenInput = {
  workload: { basis: "requests", requestsPerMonth: 100_000, tokensPerRequest: { input: 500, output: 500 } },
  apiPrice: { inputPerMTok: per1KToPer1M("0.03"), outputPerMTok: per1KToPer1M("0.06") }, // $30 and $60 per 1M
  selfHost: {
    cost: { kind: "owned", purchasePricePerGpu: 1600, machinePrice: 1400, gpusPerMachine: 1, amortisationMonths: 36 },
    power: { kind: "monthlyAmount", perGpuPerMonth: 30 },
    // 100 tokens/s × 2,628,000 s × 0.5 = 131,400,000 tokens a month: one GPU carries 100M.
    throughput: { tokensPerSecondPerGpu: 100, source: "assumed" },
    targetUtilisation: "0.5",
  },
};

describe("the worked example", () => {
  const result = analyseBreakEven(workedExample);

  it("API: 50M input × $30/1M + 50M output × $60/1M = $1,500 + $3,000 = $4,500 a month", () => {
    expect(result.monthlyTokens.input.toString()).toBe("50000000");
    expect(result.monthlyTokens.output.toString()).toBe("50000000");
    expect(result.apiMonthlyCost.toString()).toBe("4500");
  });

  it("the machine: one GPU, $3,000 up front, $30 a month to run", () => {
    expect(result.selfHost.gpus).toBe(1);
    expect(result.selfHost.capex.toString()).toBe("3000");
    expect(result.selfHost.running.toString()).toBe("30");
  });

  it("pays for itself in month 1: $4,500 of API ≥ $3,000 + $30", () => {
    expect(result.paybackMonth).toBe(1);
  });

  it("costs $3,360 in year one (3,000 + 12 × 30) and $360 a year after; API is $54,000 a year", () => {
    expect(result.tco.byYear.map((y) => y.selfHost.toString())).toEqual(["3360", "360", "360"]);
    expect(result.tco.byYear.map((y) => y.api.toString())).toEqual(["54000", "54000", "54000"]);
    // 3-year TCO: 3,000 + 36 × 30 = 4,080 self-hosted vs 36 × 4,500 = 162,000 on the API.
    expect(result.tco.selfHost.toString()).toBe("4080");
    expect(result.tco.api.toString()).toBe("162000");
  });

  it("breaks even at 2,519 requests a month (2,518,519 tokens)", () => {
    // Monthly self-host cost = 3,000 ÷ 36 + 30 = 340/3 ≈ $113.33.
    // API: $4,500 ÷ 100M tokens = $0.000045 a token, $0.045 a request.
    // Tokens: 340/3 ÷ 0.000045 = 2,518,518.5… → 2,518,519 (2,518,518 × 0.000045 = 113.33331 < 113.3333…).
    // Requests: 340/3 ÷ 0.045 = 2,518.5… → 2,519 (2,519 × 0.045 = 113.355 ≥ 113.333; 2,518 → 113.31).
    expect(result.breakEven.tokens?.toString()).toBe("2518519");
    expect(result.breakEven.requests?.toString()).toBe("2519");
    expect(result.breakEven.gpus).toBe(1);
  });

  it("says where 100M tokens stand: 100,000,000 ÷ 2,518,519 = 3,970.6% → 3971% of break-even", () => {
    expect(result.standing.percent).toBe(3971);
    expect(result.standing.sentence).toBe("3971% of break-even");
  });
});
