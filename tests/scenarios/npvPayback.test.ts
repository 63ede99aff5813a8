import { describe, expect, it } from "vitest";
import { analyseScenario, type ScenarioInput } from "@/lib/scenarios";
import { Decimal, toCents } from "@/lib/money";

// NPV and payback checked against closed forms, not against a second copy of the engine's loop.
//
// Constant savings: 100M input + 100M output a month on an API at $10 / $20 per 1M = $3,000;
// moved wholly (no ramp, nothing stays) to an API at $2 / $8 per 1M = $1,000 → $2,000 saved a month.
function constantSavings(over: Partial<ScenarioInput> = {}): ScenarioInput {
  return {
    workload: { source: "manual", monthlyTokens: { input: "100000000", output: "100000000" }, price: { inputPerMTok: "10", outputPerMTok: "20" } },
    target: { kind: "api", api: { provider: "deepseek", model: "deepseek-chat", price: { inputPerMTok: "2", outputPerMTok: "8" } } },
    horizonMonths: 36,
    growthPctPerMonth: "0",
    discountRatePctPerYear: "12",
    ...over,
  };
}

/** Monthly rate from the annual one by logarithms: i = e^(ln(1 + r) ÷ 12) − 1. */
function monthlyRate(annualPct: string): Decimal {
  return Decimal.exp(Decimal.ln(new Decimal(1).plus(new Decimal(annualPct).div(100))).div(12)).minus(1);
}

/** Present value of `amount` at the end of each of n months: amount × (1 − (1 + i)^−n) ÷ i. */
function annuity(amount: Decimal, i: Decimal, n: number): Decimal {
  return amount.times(new Decimal(1).minus(new Decimal(1).plus(i).pow(-n))).div(i);
}

describe("NPV against closed forms", () => {
  it("constant savings: NPV = S × (1 − (1 + i)^−n) ÷ i with i = 1.12^(1/12) − 1", () => {
    const r = analyseScenario(constantSavings());
    expect(r.months.every((m) => m.savings.toString() === "2000")).toBe(true);
    const i = monthlyRate("12");
    // (1 + i)^36 = 1.12^3 = 1.404928, so the factor is (1 − 1 ÷ 1.404928) ÷ i ≈ 30.37
    expect(toCents(r.totals.npv)).toBe(toCents(annuity(new Decimal(2000), i, 36)));
    expect(toCents(r.totals.npv)).toBe("60749.51");
  });

  it("a one-time cost in month 1 is discounted one month: NPV = annuity − C ÷ (1 + i)", () => {
    const r = analyseScenario(constantSavings({ migration: { engineeringWeeks: "3", weeklyRate: "4000" } }));
    const i = monthlyRate("12");
    const expected = annuity(new Decimal(2000), i, 36).minus(new Decimal(12000).div(new Decimal(1).plus(i)));
    expect(toCents(r.totals.npv)).toBe(toCents(expected));
  });

  it("growing savings: NPV = S ÷ (1 + i) × (1 − q^n) ÷ (1 − q) with q = (1 + g) ÷ (1 + i)", () => {
    const r = analyseScenario(constantSavings({ growthPctPerMonth: "2", horizonMonths: 24, discountRatePctPerYear: "8" }));
    const i = monthlyRate("8");
    const q = new Decimal("1.02").div(new Decimal(1).plus(i));
    const expected = new Decimal(2000).div(new Decimal(1).plus(i)).times(new Decimal(1).minus(q.pow(24))).div(new Decimal(1).minus(q));
    expect(toCents(r.totals.npv)).toBe(toCents(expected));
    // undiscounted, the same savings sum to the geometric series 2,000 × (1.02^24 − 1) ÷ 0.02
    expect(toCents(r.totals.savings)).toBe(toCents(new Decimal(2000).times(new Decimal("1.02").pow(24).minus(1)).div("0.02")));
  });

  it("a 0 % discount rate makes NPV the plain sum of savings", () => {
    const r = analyseScenario(constantSavings({ discountRatePctPerYear: "0" }));
    expect(r.totals.npv.toString()).toBe("72000");
  });
});

describe("payback month against m = ⌈C ÷ S⌉", () => {
  // Constant saving S = $2,000 a month after a one-time cost C in month 1: the cumulative savings
  // after m months are m × S − C, which first reaches 0 at m = ⌈C ÷ S⌉ (month 1 when C = 0).
  const cases: [weeks: string, rate: string, horizon: 12 | 24 | 36, expected: number | null][] = [
    ["0", "0", 12, 1],
    ["3", "2000", 12, 3], // C = 6,000: exactly 3 months
    ["7", "1000", 12, 4], // C = 7,000: 3.5 → 4
    ["12", "2000", 12, 12], // C = 24,000: the last month of the horizon
    ["12.0005", "2000", 12, null], // C = 24,001: not within 12 months …
    ["12.0005", "2000", 24, 13], // … but in month 13
  ];
  it.each(cases)("%s weeks × $%s over %i months → payback %s", (weeks, rate, horizon, expected) => {
    const r = analyseScenario(constantSavings({ horizonMonths: horizon, migration: { engineeringWeeks: weeks, weeklyRate: rate } }));
    const C = new Decimal(weeks).times(rate);
    const closedForm = C.isZero() ? 1 : C.div(2000).ceil().toNumber();
    expect(r.totals.paybackMonth).toBe(expected);
    if (expected !== null) expect(closedForm).toBe(expected);
    else expect(closedForm).toBeGreaterThan(horizon);
  });

  it("a scenario that changes nothing has no payback month", () => {
    const r = analyseScenario(constantSavings({ stayOnOriginalPct: "100" }));
    expect(r.months.every((m) => m.savings.isZero())).toBe(true);
    expect(r.totals.paybackMonth).toBeNull();
  });
});
