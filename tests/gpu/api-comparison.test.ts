import { describe, expect, it } from "vitest";
import { apiCostForTokens, formatUsdPerMillion } from "@/lib/gpu/api-comparison";
import { prometheusWindow } from "@/lib/gpu/collect";

describe("apiCostForTokens", () => {
  it("prices prompt tokens as input and generated tokens as output", () => {
    // 1,900,000 × $0.15/1M + 1,000,000 × $0.60/1M = $0.285 + $0.60 = $0.885; ÷ 2.9M × 10^6 = $0.30517…/1M
    const r = apiCostForTokens({ inputPerMTok: "0.15", outputPerMTok: "0.60" }, { promptTokens: 1_900_000n, generationTokens: 1_000_000n });
    expect(r.cost.toString()).toBe("0.885");
    expect(r.perMillion!.toFixed(6)).toBe("0.305172");
  });
  it("nothing served: cost 0 and no price per 1M", () => {
    const r = apiCostForTokens({ inputPerMTok: "2.5", outputPerMTok: "10" }, { promptTokens: 0n, generationTokens: 0n });
    expect([r.cost.toString(), r.perMillion]).toEqual(["0", null]);
  });
});

describe("formatUsdPerMillion", () => {
  it("cents from a dollar up, four decimals below", () => {
    expect(["1240.505", "3.643331", "0.305172", "0.00004", "-0.5"].map(formatUsdPerMillion)).toEqual(["$1,240.51", "$3.64", "$0.3052", "$0.0000", "-$0.5000"]);
  });
});

describe("prometheusWindow (what a Prometheus source asks for at a tick)", () => {
  const t = (min: number) => new Date(Date.UTC(2026, 0, 1, 10, min));
  it("first tick: one step back; later: from the last stored point; never more than 6 h back; nothing when up to date", () => {
    expect(prometheusWindow(null, t(10), 60)).toEqual({ start: t(9), end: t(10) });
    expect(prometheusWindow(t(7), t(10), 60)).toEqual({ start: t(7), end: t(10) });
    expect(prometheusWindow(new Date(Date.UTC(2025, 11, 31)), t(10), 60)).toEqual({ start: new Date(t(10).getTime() - 6 * 3_600_000), end: t(10) });
    expect(prometheusWindow(t(10), t(10), 60)).toBeNull();
  });
});
