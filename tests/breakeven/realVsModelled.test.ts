import { describe, expect, it } from "vitest";
import { realVsModelled } from "@/lib/breakeven";
import { AppError } from "@/lib/errors";

// The pool replaces a model at $3 input / $15 output per 1M tokens.
const comparablePrice = { inputPerMTok: 3, outputPerMTok: 15 };

describe("real vs modelled", () => {
  const result = realVsModelled({
    comparablePrice,
    months: [
      { month: "2025-02", tokens: { input: 10_000_000, output: 0 }, poolCost: 500 },
      { month: "2025-01", tokens: { input: 100_000_000, output: 25_000_000 }, poolCost: 500 },
    ],
  });

  it("a busy month saves: 100M × $3 + 25M × $15 = $675 of API vs $500 of pool → +$175", () => {
    const jan = result.months[0]!;
    expect(jan.month).toBe("2025-01");
    expect(jan.apiCost.toString()).toBe("675");
    expect(jan.savings.toString()).toBe("175");
    // Effective price: 500 ÷ 125M tokens × 1M = $4 per 1M tokens.
    expect(jan.poolCostPerMTok?.toString()).toBe("4");
  });

  it("a quiet month loses: 10M × $3 = $30 of API vs $500 of pool → −$470", () => {
    const feb = result.months[1]!;
    expect(feb.apiCost.toString()).toBe("30");
    expect(feb.savings.toString()).toBe("-470");
    expect(feb.poolCostPerMTok?.toString()).toBe("50");
  });

  it("totals: API 705, pool 1,000, savings −295", () => {
    expect(result.totals.apiCost.toString()).toBe("705");
    expect(result.totals.poolCost.toString()).toBe("1000");
    expect(result.totals.savings.toString()).toBe("-295");
  });

  it("a month with no tokens has no effective price", () => {
    const idle = realVsModelled({ comparablePrice, months: [{ month: "2025-03", tokens: { input: 0, output: 0 }, poolCost: 200 }] });
    expect(idle.months[0]?.poolCostPerMTok).toBeNull();
    expect(idle.months[0]?.savings.toString()).toBe("-200");
  });

  it("refuses a month given twice", () => {
    const twice = () =>
      realVsModelled({
        comparablePrice,
        months: [
          { month: "2025-01", tokens: { input: 1, output: 1 }, poolCost: 1 },
          { month: "2025-01", tokens: { input: 1, output: 1 }, poolCost: 1 },
        ],
      });
    expect(twice).toThrow(AppError);
    expect(twice).toThrow(/months: each month may appear once/);
  });
});
