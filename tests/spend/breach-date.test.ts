import { describe, expect, it } from "vitest";
import { breachDate, forecastMonthEnd, type DailySpend } from "@/lib/spend/forecast";
import { Decimal } from "@/lib/money";

// The day a month's cumulative spend reaches a budget, worked by hand on March 2025 (1 March is a Saturday)
// with the business pattern of tests/spend/forecast.test.ts: $100 a weekday, $20 a weekend day.

function days(from: string, to: string, amount: (weekday: number) => number): DailySpend[] {
  const out: DailySpend[] = [];
  for (let t = Date.parse(`${from}T00:00:00Z`); t <= Date.parse(`${to}T00:00:00Z`); t += 86_400_000) {
    const d = new Date(t);
    out.push({ date: d.toISOString().slice(0, 10), amount: new Decimal(amount(d.getUTCDay())) });
  }
  return out;
}
const business = (w: number) => (w === 0 || w === 6 ? 20 : 100);
const history = days("2025-01-04", "2025-02-28", business);
const soFar = days("2025-03-01", "2025-03-10", business); // 6 weekdays + 4 weekend days = $680
const f = forecastMonthEnd({ year: 2025, month: 3, today: "2025-03-11", daysSoFar: soFar, history });

describe("breachDate", () => {
  it("projects each remaining day at its weekday's cost: $2,000 is passed on Thursday 27 March", () => {
    // 680 on the 10th; Tue 11 → Fri 14: +400 = 1,080; Sat/Sun +40 = 1,120; Mon 17 → Fri 21: +500 = 1,620;
    // Sat/Sun +40 = 1,660; Mon 24 1,760, Tue 25 1,860, Wed 26 1,960, Thu 27 2,060 ≥ 2,000.
    expect(f.projectedDaily).toHaveLength(21);
    expect(f.projectedDaily[0]).toEqual({ date: "2025-03-11", amount: new Decimal(100) });
    expect(breachDate(new Decimal(2000), soFar, f, "2025-03-11")).toEqual({ date: "2025-03-27", passed: false });
  });

  it("exactly reaching the limit counts: $2,060 is also the 27th, $2,061 the 28th", () => {
    expect(breachDate(new Decimal(2060), soFar, f, "2025-03-11")?.date).toBe("2025-03-27");
    expect(breachDate(new Decimal(2061), soFar, f, "2025-03-11")?.date).toBe("2025-03-28");
  });

  it("already passed by recorded spend: $500 was reached on Friday 7 March (20+20+100×5 = 540)", () => {
    expect(breachDate(new Decimal(500), soFar, f, "2025-03-11")).toEqual({ date: "2025-03-07", passed: true });
  });

  it("today's partial spend counts as recorded: $680 + $50 so far today passes $720 today", () => {
    const withToday = [...soFar, { date: "2025-03-11", amount: new Decimal(50) }];
    expect(breachDate(new Decimal(720), withToday, f, "2025-03-11")).toEqual({ date: "2025-03-11", passed: true });
    // …but below the limit today's partial day is replaced by the day's projection ($100): $760 passes on the 11th, forecast.
    expect(breachDate(new Decimal(760), withToday, f, "2025-03-11")).toEqual({ date: "2025-03-11", passed: false });
  });

  it("a month-end forecast under the limit has no breach date: $2,300 forecast, $3,000 budget", () => {
    expect(f.forecast.toString()).toBe("2300");
    expect(breachDate(new Decimal(3000), soFar, f, "2025-03-11")).toBeNull();
  });

  it("no history and no day so far: nothing projected, no breach date", () => {
    const none = forecastMonthEnd({ year: 2025, month: 3, today: "2025-03-01", daysSoFar: [], history: [] });
    expect(none.projectedDaily).toEqual([]);
    expect(breachDate(new Decimal(1), [], none, "2025-03-01")).toBeNull();
  });
});
