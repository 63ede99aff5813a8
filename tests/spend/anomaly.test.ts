import { describe, expect, it } from "vitest";
import { detectSpendAnomaly, median } from "@/lib/spend/anomaly";
import type { DailySpendInput } from "@/lib/spend/forecast";
import { dec } from "@/lib/money";

/** One row per day from `from` for `count` days; amount by day index and weekday (0 = Sunday). */
function series(from: string, count: number, amount: (index: number, weekday: number, isoDay: string) => number | string): DailySpendInput[] {
  return Array.from({ length: count }, (_, i) => {
    const d = new Date(Date.parse(`${from}T00:00:00Z`) + i * 86_400_000);
    const iso = d.toISOString().slice(0, 10);
    return { date: iso, amount: amount(i, d.getUTCDay(), iso) };
  });
}
const isWeekend = (w: number) => w === 0 || w === 6;

describe("spend anomaly", () => {
  it("flags exactly the one spike in a steady weekly pattern", () => {
    // Ten weeks from Monday 6 January 2025: weekdays $100–102 (wobbling week to week), weekends $20,
    // and one Wednesday, 19 February, at $500.
    const s = series("2025-01-06", 70, (i, w, iso) => (iso === "2025-02-19" ? 500 : isWeekend(w) ? 20 : 100 + (Math.floor(i / 7) % 3)));
    const judged = s.slice(28).map((d) => detectSpendAnomaly({ series: s, day: d.date }));
    expect(judged.filter((r) => r.isAnomaly).map((r) => r.day)).toEqual(["2025-02-19"]);
    const spike = judged.find((r) => r.day === "2025-02-19")!;
    expect(spike.direction).toBe("up");
    expect(spike.observed?.toString()).toBe("500");
    // The six earlier Wednesdays were 100, 101, 102, 100, 101, 102: median 101.
    expect(spike.expected?.toString()).toBe("101");
    expect(spike.explanation).toBe(
      "Spend on Wednesday 2025-02-19 was $500.00, $399.00 above the usual $101.00 for a Wednesday (median of the previous 6); robust z 79.0.",
    );
  });

  it("does not flag a normal Monday after quiet weekends", () => {
    // Weekdays $100, weekends $5: the Monday is 20× the Sunday before it, and entirely usual.
    const s = series("2025-01-06", 63, (_i, w) => (isWeekend(w) ? 5 : 100));
    const monday = s[s.length - 7]!.date; // 2025-03-03
    const r = detectSpendAnomaly({ series: s, day: monday });
    expect(r.isAnomaly).toBe(false);
    expect(r.expected?.toString()).toBe("100");
    expect(r.robustZ).toBe(0);
  });

  it("does not judge a day with too little history, and says why", () => {
    const s = series("2025-03-03", 15, () => 100).concat({ date: "2025-03-18", amount: 900 });
    const r = detectSpendAnomaly({ series: s, day: "2025-03-18" });
    expect(r.isAnomaly).toBe(false);
    expect(r.comparedWith).toBe(2);
    expect(r.robustZ).toBeNull();
    expect(r.explanation).toBe("Too little history to judge Tuesday 2025-03-18: 2 earlier Tuesdays in the last 8 weeks, at least 4 needed.");
  });

  it("flags a drop to zero as a drop", () => {
    // Eight Tuesdays at $100 then $0: MAD 0, so the scale is 5% of 100 = $5 and z = −100 ÷ 5 = −20.
    const s = series("2025-01-07", 57, (i) => (i === 56 ? 0 : 100));
    const r = detectSpendAnomaly({ series: s, day: "2025-03-04" });
    expect(r.isAnomaly).toBe(true);
    expect(r.direction).toBe("down");
    expect(r.robustZ).toBe(-20);
    expect(r.explanation).toContain("$100.00 below the usual $100.00 for a Tuesday");
  });

  it("measures robust z with MAD: 190 is an anomaly against this spread, 180 is not", () => {
    // The eight Thursdays before 27 February: 60, 80, 100, 120, 140, 100, 90, 110 → median 100; absolute
    // deviations 40, 20, 0, 20, 40, 0, 10, 10 → MAD 15; scale 1.4826 × 15 = 22.239.
    // 190: z = 90 ÷ 22.239 = 4.05 ≥ 4.   180: z = 80 ÷ 22.239 = 3.60 < 4.
    const thursdays = [60, 80, 100, 120, 140, 100, 90, 110];
    const withDay = (observed: number) => [
      ...thursdays.map((amount, week) => ({ date: new Date(Date.UTC(2025, 0, 2 + 7 * week)).toISOString().slice(0, 10), amount })),
      { date: "2025-02-27", amount: observed },
    ];
    const high = detectSpendAnomaly({ series: withDay(190), day: "2025-02-27" });
    expect(high.isAnomaly).toBe(true);
    expect(high.robustZ).toBeCloseTo(90 / 22.239, 10);
    const lower = detectSpendAnomaly({ series: withDay(180), day: "2025-02-27" });
    expect(lower.isAnomaly).toBe(false);
    expect(lower.robustZ).toBeCloseTo(80 / 22.239, 10);
  });

  it("ignores tiny amounts under the dollar floor however far out: $0.02 or $0.50 vs a usual $0.01", () => {
    const cents = (observed: string) => series("2025-01-07", 57, (i) => (i === 56 ? observed : "0.01"));
    expect(detectSpendAnomaly({ series: cents("0.02"), day: "2025-03-04" }).isAnomaly).toBe(false);
    const half = detectSpendAnomaly({ series: cents("0.50"), day: "2025-03-04" });
    // z = 0.49 ÷ 0.01 (the one-cent minimum scale) = 49, but $0.49 is under the default $5 floor.
    expect(half.robustZ).toBe(49);
    expect(half.isAnomaly).toBe(false);
    expect(half.explanation).toContain("under the $5.00 floor");
    expect(detectSpendAnomaly({ series: cents("0.50"), day: "2025-03-04", minAbsoluteDeviation: "0.1" }).isAnomaly).toBe(true);
  });

  it("has nothing to judge on a day with no row", () => {
    const r = detectSpendAnomaly({ series: series("2025-01-07", 56, () => 100), day: "2025-03-04" });
    expect(r.isAnomaly).toBe(false);
    expect(r.observed).toBeNull();
  });

  it("median of an even count is the mean of the middle two", () => {
    expect(median([dec(4), dec(1), dec(3), dec(2)]).toString()).toBe("2.5");
    expect(median([dec(3), dec(1), dec(2)]).toString()).toBe("2");
  });
});
