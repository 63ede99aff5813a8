import { describe, expect, it } from "vitest";
import { dec } from "@/lib/money";
import { analyseBreakEven, breakEvenStanding, buildModel, costsAtVolume, parseBreakEvenInput, type BreakEvenInput } from "@/lib/breakeven";

// A staircase worked by hand. API: $2 per 1M tokens either kind → $0.000002 a token.
// Self-host: cloud GPUs at $2/h → 2 × 730 = $1,460 per GPU-month, plus $3,000 a month fixed.
// One GPU serves 1,000 tokens/s × 2,628,000 s × 0.5 = 1,314,000,000 tokens a month.
// cost(k) = 3,000 + 1,460 k; step k covers (1,314M × (k−1), 1,314M × k] tokens.
const staircase: BreakEvenInput = {
  workload: { basis: "requests", requestsPerMonth: 1_000_000, tokensPerRequest: { input: 500, output: 500 } },
  apiPrice: { inputPerMTok: 2, outputPerMTok: 2 },
  selfHost: {
    cost: { kind: "cloud", hourlyRatePerGpu: 2 },
    fixedMonthly: 3000,
    throughput: { tokensPerSecondPerGpu: 1000 },
    targetUtilisation: "0.5",
  },
};

describe("break-even volume over the GPU steps", () => {
  const inputs = parseBreakEvenInput(staircase);
  const { model } = buildModel(inputs);
  const result = analyseBreakEven(staircase, { includeSensitivity: false });

  it("skips steps that never cross and solves the first that does", () => {
    // k=1: 4,460 ÷ 0.000002 = 2,230M > 1,314M, no.  k=2: 5,920 → 2,960M > 2,628M, no.
    // k=3: 7,380 → 3,690M ≤ 3,942M: break-even at 3,690,000,000 tokens on 3 GPUs.
    expect(result.breakEven.tokens?.toString()).toBe("3690000000");
    expect(result.breakEven.gpus).toBe(3);
    expect(result.breakEven.reason).toBe("found");
  });

  it("in requests of 1,000 tokens: 7,380 ÷ $0.002 = 3,690,000 requests", () => {
    expect(result.breakEven.requests?.toString()).toBe("3690000");
  });

  it("is the smallest such volume: one token less and the API is cheaper", () => {
    const at = costsAtVolume(model, dec(3_690_000_000));
    const below = costsAtVolume(model, dec(3_689_999_999));
    expect(at.selfHost.total.lte(at.api)).toBe(true); // 7,380 ≤ 7,380
    expect(below.api.lt(below.selfHost.total)).toBe(true); // 7,379.999998 < 7,380
  });

  it("can lose again just past a step edge: at 3,942,000,001 tokens a 4th GPU costs 8,840 > 7,884 API", () => {
    const past = costsAtVolume(model, dec(3_942_000_001));
    expect(past.selfHost.gpus).toBe(4);
    expect(past.selfHost.total.toString()).toBe("8840");
    expect(past.api.toString()).toBe("7884.000002");
  });

  it("is null, 'never-cheaper', when a GPU costs more than the API bill for what it can serve", () => {
    // At $1 per 1M a full GPU is worth 1,314M × $0.000001 = $1,314 of API < $1,460 a GPU-month.
    const cheapApi = analyseBreakEven({ ...staircase, apiPrice: { inputPerMTok: 1, outputPerMTok: 1 } }, { includeSensitivity: false });
    expect(cheapApi.breakEven).toEqual({ tokens: null, requests: null, gpus: null, reason: "never-cheaper" });
    expect(cheapApi.standing.sentence).toBe("Self-hosting does not break even within the modelled range.");
  });

  it("is null, 'beyond-cap', when the crossing lies past the volume cap", () => {
    const capped = analyseBreakEven({ ...staircase, maxMonthlyTokens: 3_000_000_000 }, { includeSensitivity: false });
    expect(capped.breakEven.tokens).toBeNull();
    expect(capped.breakEven.reason).toBe("beyond-cap");
  });

  it("is 0 when a pool that scales to zero costs nothing idle", () => {
    const scaleToZero = analyseBreakEven(
      { ...staircase, selfHost: { ...staircase.selfHost, fixedMonthly: 0, minGpus: 0 } },
      { includeSensitivity: false },
    );
    expect(scaleToZero.breakEven.tokens?.toString()).toBe("0");
  });
});

describe("cost curve", () => {
  const result = analyseBreakEven(staircase, { includeSensitivity: false, curveUpToTokens: dec(4_000_000_000) });

  it("lists 0, each step edge twice (before and after the jump), the break-even and the end", () => {
    const rows = result.curve.map((p) => [p.tokens.toString(), p.gpus, p.selfHostCost.toString(), p.apiCost.toString()]);
    expect(rows).toEqual([
      ["0", 1, "4460", "0"],
      ["1314000000", 1, "4460", "2628"],
      ["1314000000", 2, "5920", "2628"],
      ["2628000000", 2, "5920", "5256"],
      ["2628000000", 3, "7380", "5256"],
      ["3690000000", 3, "7380", "7380"],
      ["3942000000", 3, "7380", "7884"],
      ["3942000000", 4, "8840", "7884"],
      ["4000000000", 4, "8840", "8000"],
    ]);
  });

  it("gives requests alongside tokens when the workload is per request (1,000 tokens each)", () => {
    expect(result.curve[5]?.requests?.toString()).toBe("3690000");
  });
});

describe("where a measured volume stands", () => {
  it("380M against a 1,000M break-even is 38% of break-even", () => {
    const s = breakEvenStanding(dec(380_000_000), dec(1_000_000_000));
    expect(s.share?.toString()).toBe("0.38");
    expect(s.sentence).toBe("38% of break-even");
  });

  it("a break-even of 0 means self-hosting is never dearer", () => {
    expect(breakEvenStanding(dec(5), dec(0)).sentence).toBe("Self-hosting costs no more than the API at any volume.");
  });
});
