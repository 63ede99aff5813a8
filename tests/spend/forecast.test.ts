import { describe, expect, it } from "vitest";
import { forecastMonthEnd, type DailySpendInput } from "@/lib/spend/forecast";
import { AppError } from "@/lib/errors";

/** One row per day from `from` to `to` inclusive, amount chosen by the day. */
function days(from: string, to: string, amount: (isoDay: string, weekday: number) => number | string): DailySpendInput[] {
  const out: DailySpendInput[] = [];
  for (let t = Date.parse(`${from}T00:00:00Z`); t <= Date.parse(`${to}T00:00:00Z`); t += 86_400_000) {
    const d = new Date(t);
    out.push({ date: d.toISOString().slice(0, 10), amount: amount(d.toISOString().slice(0, 10), d.getUTCDay()) });
  }
  return out;
}
const isWeekend = (weekday: number) => weekday === 0 || weekday === 6;
const business = (_d: string, w: number) => (isWeekend(w) ? 20 : 100); // $100 weekdays, $20 weekends

// March 2025 starts on a Saturday. Its 31 days: 21 weekdays and 10 weekend days, so the
// business pattern costs 21 × 100 + 10 × 20 = $2,300 for the month.
// March 1–10: Sat, Sun, Mon–Fri, Sat, Sun, Mon = 6 weekdays + 4 weekend days = 600 + 80 = $680.
// March 11–31 (21 days): 15 weekdays + 6 weekend days = 1,500 + 120 = $1,620.
// Eight weeks of history before March: Saturday 4 January to Friday 28 February.
const history = days("2025-01-04", "2025-02-28", business);

describe("month-end forecast with a weekday pattern", () => {
  it("projects the rest of the month weekday by weekday: 680 + 1,620 = 2,300, range collapsed", () => {
    const f = forecastMonthEnd({ year: 2025, month: 3, today: "2025-03-11", daysSoFar: days("2025-03-01", "2025-03-10", business), history });
    expect(f.method).toBe("weekday-pattern");
    expect(f.actual.toString()).toBe("680");
    expect(f.forecast.toString()).toBe("2300");
    expect(f.low.toString()).toBe("2300");
    expect(f.high.toString()).toBe("2300");
    expect(f.projectedDays).toHaveLength(21);
  });

  it("carries this month's level: 10% busier days so far → 748 + 1.1 × 1,620 = 2,530", () => {
    // Days so far at $110 / $22: 6 × 110 + 4 × 22 = 748; each is 1.1 × its weekday's mean.
    const busier = days("2025-03-01", "2025-03-10", (_d, w) => (isWeekend(w) ? 22 : 110));
    const f = forecastMonthEnd({ year: 2025, month: 3, today: "2025-03-11", daysSoFar: busier, history });
    expect(f.actual.toString()).toBe("748");
    expect(f.forecast.toString()).toBe("2530");
  });

  it("ranges by the dispersion of weekday-adjusted days: level 1 ± 0.1", () => {
    // Sat $18, Sun $20, Mon $110 → 0.9, 1.0, 1.1 of their weekday means: mean 1, sample sd
    // √((0.01 + 0 + 0.01) ÷ 2) = 0.1. Actual 148; March 4–31 cost 2,300 − 140 = 2,160 in pattern.
    const soFar = [
      { date: "2025-03-01", amount: 18 },
      { date: "2025-03-02", amount: 20 },
      { date: "2025-03-03", amount: 110 },
    ];
    const f = forecastMonthEnd({ year: 2025, month: 3, today: "2025-03-04", daysSoFar: soFar, history });
    expect(f.forecast.toString()).toBe("2308"); // 148 + 1.0 × 2,160
    expect(f.low.toString()).toBe("2092"); // 148 + 0.9 × 2,160
    expect(f.high.toString()).toBe("2524"); // 148 + 1.1 × 2,160
  });

  it("on the first day of the month, nothing is complete: forecast is the pattern's month, 2,300", () => {
    const f = forecastMonthEnd({ year: 2025, month: 3, today: "2025-03-01", daysSoFar: [], history });
    expect(f.actual.toString()).toBe("0");
    expect(f.forecast.toString()).toBe("2300");
    expect(f.projectedDays).toHaveLength(31);
  });
});

describe("month-end forecast without history", () => {
  it("falls back to the mean of the days so far: 680 + 21 × 68 = 2,108 (blind to weekends)", () => {
    const f = forecastMonthEnd({ year: 2025, month: 3, today: "2025-03-11", daysSoFar: days("2025-03-01", "2025-03-10", business) });
    expect(f.method).toBe("daily-mean");
    expect(f.forecast.toString()).toBe("2108");
  });

  it("ranges by one standard deviation of the days so far: $90, $100, $110 in April", () => {
    // Mean 100, sample sd √((100 + 0 + 100) ÷ 2) = 10; 27 days left of April's 30.
    const f = forecastMonthEnd({ year: 2025, month: 4, today: "2025-04-04", daysSoFar: days("2025-04-01", "2025-04-03", (d) => 90 + 10 * (Number(d.slice(8)) - 1)) });
    expect(f.forecast.toString()).toBe("3000"); // 300 + 27 × 100
    expect(f.low.toString()).toBe("2730"); // 300 + 27 × 90
    expect(f.high.toString()).toBe("3270"); // 300 + 27 × 110
  });

  it("cannot forecast the first day of a month with nothing at all", () => {
    const f = forecastMonthEnd({ year: 2025, month: 3, today: "2025-03-01", daysSoFar: [] });
    expect(f.method).toBe("insufficient-data");
    expect(f.forecast.toString()).toBe("0");
  });

  it("knows leap February has 29 days: 100 + 19 × 10 = 290, and 2023's 28: 100 + 18 × 10 = 280", () => {
    const leap = forecastMonthEnd({ year: 2024, month: 2, today: "2024-02-11", daysSoFar: days("2024-02-01", "2024-02-10", () => 10) });
    expect(leap.daysInMonth).toBe(29);
    expect(leap.forecast.toString()).toBe("290");
    const common = forecastMonthEnd({ year: 2023, month: 2, today: "2023-02-11", daysSoFar: days("2023-02-01", "2023-02-10", () => 10) });
    expect(common.daysInMonth).toBe(28);
    expect(common.forecast.toString()).toBe("280");
  });
});

describe("a complete day with no row", () => {
  const tenDollarDays = days("2025-03-01", "2025-03-10", () => 10);

  it("is not-yet-reported, projected like a future day: 90 + 22 × 10 = 310", () => {
    const f = forecastMonthEnd({ year: 2025, month: 3, today: "2025-03-11", daysSoFar: tenDollarDays.filter((d) => d.date !== "2025-03-05") });
    expect(f.missingDays).toEqual(["2025-03-05"]);
    expect(f.actual.toString()).toBe("90");
    expect(f.forecast.toString()).toBe("310");
  });

  it("counts as $0 only when a 0 is given: mean 9, so 90 + 21 × 9 = 279", () => {
    const withZero = tenDollarDays.map((d) => (d.date === "2025-03-05" ? { ...d, amount: 0 } : d));
    const f = forecastMonthEnd({ year: 2025, month: 3, today: "2025-03-11", daysSoFar: withZero });
    expect(f.missingDays).toEqual([]);
    expect(f.forecast.toString()).toBe("279");
  });
});

describe("forecast input", () => {
  const fieldOf = (fn: () => unknown) => {
    try {
      fn();
    } catch (e) {
      expect(e).toBeInstanceOf(AppError);
      return (e as AppError).details.issues?.[0]?.field;
    }
    return "nothing thrown";
  };

  it("refuses today, or an incomplete day, as a complete day", () => {
    expect(fieldOf(() => forecastMonthEnd({ year: 2025, month: 3, today: "2025-03-02", daysSoFar: [{ date: "2025-03-02", amount: 1 }] }))).toBe("daysSoFar[0].date");
  });

  it("refuses a today outside the month, a negative amount, an impossible date and a day given twice", () => {
    expect(fieldOf(() => forecastMonthEnd({ year: 2025, month: 3, today: "2025-04-01", daysSoFar: [] }))).toBe("today");
    expect(fieldOf(() => forecastMonthEnd({ year: 2025, month: 3, today: "2025-03-05", daysSoFar: [{ date: "2025-03-01", amount: -1 }] }))).toBe("daysSoFar[0].amount");
    expect(fieldOf(() => forecastMonthEnd({ year: 2025, month: 2, today: "2025-02-30", daysSoFar: [] }))).toBe("today");
    const twice = [{ date: "2025-03-01", amount: 1 }, { date: "2025-03-01", amount: 2 }];
    expect(fieldOf(() => forecastMonthEnd({ year: 2025, month: 3, today: "2025-03-05", daysSoFar: twice }))).toBe("daysSoFar[1].date");
  });

  it("accepts Dates, taking their UTC day", () => {
    const f = forecastMonthEnd({ year: 2025, month: 3, today: new Date("2025-03-02T23:30:00Z"), daysSoFar: [{ date: new Date("2025-03-01T05:00:00Z"), amount: 10 }] });
    expect(f.actual.toString()).toBe("10");
    expect(f.forecast.toString()).toBe("310"); // 10 + 30 × 10
  });
});
