import { describe, expect, it } from "vitest";
import { analyseScenario, type ScenarioInput } from "@/lib/scenarios";
import { Decimal, toCents } from "@/lib/money";

// Tornado rows: NPV with each input alone at 80 % and 120 %. With API on both sides the NPV is
// linear in prices and volume, so the moved NPVs have closed forms.
// Baseline $3,000 a month (100M + 100M at $10 / $20), target $1,000 (at $2 / $8), 12 months at 12 %.
const input: ScenarioInput = {
  workload: { source: "manual", monthlyTokens: { input: "100000000", output: "100000000" }, price: { inputPerMTok: "10", outputPerMTok: "20" } },
  target: { kind: "api", api: { provider: "deepseek", model: "deepseek-chat", price: { inputPerMTok: "2", outputPerMTok: "8" } } },
  horizonMonths: 12,
  discountRatePctPerYear: "12",
};

describe("NPV sensitivity (tornado)", () => {
  const r = analyseScenario(input);
  const row = (label: string) => r.sensitivity.find((s) => s.label === label)!;
  // Σ discount factors over 12 months: PV of $1 a month = NPV ÷ 2,000
  const annuityFactor = r.totals.npv.div(2000);

  it("target price ±20 %: NPV moves by ∓20 % × $1,000 × the annuity factor", () => {
    expect(toCents(row("Target API price").npvAtHigh)).toBe(toCents(r.totals.npv.minus(annuityFactor.times(200))));
    expect(toCents(row("Target API price").npvAtLow)).toBe(toCents(r.totals.npv.plus(annuityFactor.times(200))));
  });

  it("today's price ±20 %: NPV moves by ±20 % × $3,000 × the annuity factor", () => {
    expect(toCents(row("Today's price").npvAtHigh)).toBe(toCents(r.totals.npv.plus(annuityFactor.times(600))));
  });

  it("volume ±20 %: both sides scale, so the NPV scales (× 0.8 and × 1.2)", () => {
    expect(toCents(row("Monthly volume").npvAtLow)).toBe(toCents(r.totals.npv.times("0.8")));
    expect(toCents(row("Monthly volume").npvAtHigh)).toBe(toCents(r.totals.npv.times("1.2")));
  });

  it("discount rate at 9.6 % and 14.4 % a year", () => {
    const d = row("Discount rate");
    expect(d.base!.toString()).toBe("12");
    expect(d.low!.toString()).toBe("9.6");
    expect(d.high!.toString()).toBe("14.4");
    expect(d.npvAtLow.gt(r.totals.npv) && d.npvAtHigh.lt(r.totals.npv)).toBe(true);
  });

  it("skips inputs that are zero and sorts by swing, largest first", () => {
    const labels = r.sensitivity.map((s) => s.label);
    expect(labels).not.toContain("Engineering weeks"); // no migration cost
    expect(labels).not.toContain("Monthly growth"); // 0 %
    expect(labels[0]).toBe("Today's price"); // $600 a month of swing each way
    const swings = r.sensitivity.map((s) => s.swing);
    expect(swings).toEqual([...swings].sort((a, b) => b.comparedTo(a)));
  });

  it("keeps moved values valid: utilisation never above 1, the stay share never above 100 %", () => {
    const s = analyseScenario({
      ...input,
      stayOnOriginalPct: "90",
      target: { kind: "selfHost", selfHost: { pool: { source: "new", gpuType: "x" }, option: { cost: { kind: "cloud", hourlyRatePerGpu: "1" }, throughput: { tokensPerSecondPerGpu: "100" }, targetUtilisation: "0.9" } } },
    });
    expect(s.sensitivity.find((x) => x.label === "Target utilisation")!.high!.toString()).toBe("1");
    expect(s.sensitivity.find((x) => x.label === "Share staying on the original")!.high!.toString()).toBe("100");
    expect(new Decimal(s.sensitivity.length).gt(4)).toBe(true);
  });
});
