import { describe, expect, it } from "vitest";
import { toCents } from "@/lib/money";
import { analyseBreakEven } from "@/lib/breakeven";
import { analyseScenario } from "@/lib/scenarios";
import { SEED_EXAMPLES } from "@/lib/scenarios/seed-examples";

// The seed articles' cases, worked by hand here and in docs/scenarios.md (same numbers).
// A month is 730 h; capacity per GPU = tokens/s × 2,628,000 s × 0.7 target utilisation.
// NPV = Σ savings of month m ÷ 1.1^(m/12) at 10 % a year.

const example = (start: string) => SEED_EXAMPLES.find((e) => e.name.startsWith(start))!;
const breakEvenOf = (e: (typeof SEED_EXAMPLES)[number]) => {
  const w = e.inputs.workload as { monthlyTokens: { input: string; output: string }; price: { inputPerMTok: string; outputPerMTok: string } };
  const t = e.inputs.target as { selfHost: { option: Parameters<typeof analyseBreakEven>[0]["selfHost"] } };
  return analyseBreakEven({ workload: { basis: "tokens", monthlyTokens: w.monthlyTokens }, apiPrice: w.price, selfHost: t.selfHost.option }, { includeSensitivity: false });
};

describe("seed example: a 70B-class model on four rented H100s", () => {
  it("costs six figures a year: 4 × $3.00 = $12 an hour × 8,760 h = $105,120", () => {
    const a = breakEvenOf(example("Example: 70B on four rented H100s vs Claude 3 Opus"));
    expect(a.selfHost.gpuRental.times(12).toString()).toBe("105120"); // 4 × 3 × 730 × 12
  });

  it("against Claude 3 Opus (same tier): break-even 336,444,445 tokens a month, no hardware to pay back, NPV $620,818.43 over 36 months", () => {
    const e = example("Example: 70B on four rented H100s vs Claude 3 Opus");
    // API: 750M × $15 + 250M × $75 per 1M = $30,000 → $0.00003 a token.
    // Self-host: 4 × $3 × 730 = $8,760 + staff 0.1 × $160,000 ÷ 12 = $1,333.33 → $10,093.33 a month.
    // Break-even = 10,093.33… ÷ 0.00003 = 336,444,444.4 → 336,444,445 tokens (4 GPUs serve 5.15B).
    const a = breakEvenOf(e);
    expect(toCents(a.apiMonthlyCost)).toBe("30000.00");
    expect(toCents(a.selfHost.total)).toBe("10093.33");
    expect(a.breakEven.tokens!.toString()).toBe("336444445");
    expect(a.standing.percent).toBe(297); // 1,000,000,000 ÷ 336,444,445
    expect(a.selfHost.capex.isZero()).toBe(true);
    // Scenario: saves 30,000 − 10,093.33 = $19,906.67 every month: $716,640.00 over 36 months;
    // NPV = 19,906.67 × Σ_{m=1..36} 1.1^(−m/12) = $620,818.43; paid back in month 1 (nothing to recover).
    const s = analyseScenario(e.inputs, { includeSensitivity: false });
    expect(s.likeForLike.comparable).toBe(true);
    expect(toCents(s.totals.savings)).toBe("716640.00");
    expect(toCents(s.totals.npv)).toBe("620818.43");
    expect(s.totals.paybackMonth).toBe(1);
  });

  it("against GPT-4.1 mini (same tier) it never breaks even: a GPU's month of tokens is worth $901.40 at API prices and costs $2,190", () => {
    // 700 tokens/s × 2,628,000 × 0.7 = 1,287,720,000 tokens × (0.75 × $0.40 + 0.25 × $1.60 = $0.70 per 1M) = $901.40 < 3 × 730.
    const e = example("Example: 70B on four rented H100s vs GPT-4.1 mini");
    const a = breakEvenOf(e);
    expect(a.breakEven).toMatchObject({ tokens: null, reason: "never-cheaper" });
    const s = analyseScenario(e.inputs, { includeSensitivity: false });
    expect(s.likeForLike.comparable).toBe(true);
    expect(s.totals.paybackMonth).toBeNull();
  });
});

describe("seed example: a single RTX 4090 box pays back only at high volume", () => {
  it("breaks even at 176,811,112 tokens a month: ($3,000 ÷ 36 + 450 W × 730 h × $0.15/kWh) ÷ $0.00000075 a token", () => {
    // amortised 83.3333 + power 0.45 kW × 730 h × 0.15 = 49.275 → $132.6083 a month; API 0.75 × $0.50 + 0.25 × $1.50 = $0.75 per 1M.
    const a = breakEvenOf(example("Example: one RTX 4090 box vs GPT-3.5 Turbo at 1B"));
    expect(a.selfHost.capex.toString()).toBe("3000");
    expect(toCents(a.selfHost.total)).toBe("132.61");
    expect(a.breakEven.tokens!.toString()).toBe("176811112");
  });

  it("at 1B tokens a month it pays back in month 5 (⌈3,000 ÷ (750 − 49.275)⌉) and the 12-month NPV is $5,012.34", () => {
    // Month 1: 750 − (3,000 + 49.275) = −2,299.275; months 2–12: 750 − 49.275 = 700.725 each.
    // Cumulative: −2,299.28, −1,598.55, −897.83, −197.10, +503.63 → month 5. Savings 12 months = −2,299.275 + 11 × 700.725 = 5,408.70.
    // NPV = −2,299.275 × 1.1^(−1/12) + 700.725 × Σ_{m=2..12} 1.1^(−m/12) = 5,012.34.
    const e = example("Example: one RTX 4090 box vs GPT-3.5 Turbo at 1B");
    expect(breakEvenOf(e).paybackMonth).toBe(5);
    const s = analyseScenario(e.inputs, { includeSensitivity: false });
    expect(s.likeForLike.comparable).toBe(true);
    expect(s.totals.paybackMonth).toBe(5);
    expect(toCents(s.totals.savings)).toBe("5408.70");
    expect(toCents(s.totals.npv)).toBe("5012.34");
  });

  it("at 100M tokens a month (57 % of break-even) it does not pay back in 3 years: −2,974.275 + 35 × 25.725 = −$2,073.90", () => {
    const e = example("Example: one RTX 4090 box vs GPT-3.5 Turbo at 100M");
    const a = breakEvenOf(e);
    expect(a.standing.percent).toBe(57); // 100,000,000 ÷ 176,811,112
    expect(a.paybackMonth).toBeNull(); // ⌈3,000 ÷ (75 − 49.275)⌉ = 117 months > 36
    const s = analyseScenario(e.inputs, { includeSensitivity: false });
    expect(toCents(s.totals.savings)).toBe("-2073.90");
    expect(toCents(s.totals.npv)).toBe("-2174.00");
    expect(s.totals.paybackMonth).toBeNull();
  });
});
