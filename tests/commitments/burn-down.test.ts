import { describe, expect, it } from "vitest";
import { commitmentBurnDown } from "@/lib/commitments/burn-down";
import { Decimal } from "@/lib/money";
import type { DailySpend } from "@/lib/spend/forecast";

// Run-out dates worked by hand. Amounts are USD; "today" is the first incomplete day.

const d = (v: string | number) => new Decimal(v);
function days(from: string, to: string, amount: number): DailySpend[] {
  const out: DailySpend[] = [];
  for (let t = Date.parse(`${from}T00:00:00Z`); t <= Date.parse(`${to}T00:00:00Z`); t += 86_400_000) out.push({ date: new Date(t).toISOString().slice(0, 10), amount: d(amount) });
  return out;
}

describe("commitmentBurnDown", () => {
  it("$1,000 credit from 1 Nov at $30/day: $600 used by the 20th, $400 left, runs out on 4 December", () => {
    // 20 complete days (1–20 Nov) × $30 = $600; rate = $600 ÷ 20 = $30/day (term younger than 28 days).
    // $400 ÷ $30 = 13.33 → 14 days counting today: 21 Nov … 3 Dec use 13 × $30 = $390, $10 is left for 4 Dec.
    const b = commitmentBurnDown({ amount: d(1000), startsOn: "2026-11-01", endsOn: "2026-12-31", today: "2026-11-21", daily: days("2026-11-01", "2026-11-20", 30) });
    expect(b.status).toBe("active");
    expect(b.consumed.toString()).toBe("600");
    expect(b.remaining.toString()).toBe("400");
    expect(b.dailyRate!.toString()).toBe("30");
    expect(b.rateDays).toBe(20);
    expect(b.runOutDate).toBe("2026-12-04");
    expect(b.daysLeft).toBe(13);
    expect(b.series).toHaveLength(20);
    expect(b.series.at(-1)).toEqual({ date: "2026-11-20", remaining: d(400) });
    // by 31 Dec at $30/day it would use $600 + 41 days × $30 = $1,830: nothing left unused
    expect(b.projectedAtEnd!.toString()).toBe("1830");
    expect(b.unusedAtEnd!.toString()).toBe("0");
  });

  it("an exact multiple runs out the day the last dollar goes: $90 left at $30/day = today + 2", () => {
    const b = commitmentBurnDown({ amount: d(690), startsOn: "2026-11-01", endsOn: null, today: "2026-11-21", daily: days("2026-11-01", "2026-11-20", 30) });
    expect(b.remaining.toString()).toBe("90");
    expect(b.runOutDate).toBe("2026-11-23"); // 21st: $60 left, 22nd: $30, 23rd: $0
  });

  it("the rate is the last 28 days only: $10/day in October, $50/day from 24 October → $50/day", () => {
    // 1–23 Oct: 23 × $10 = $230; 24 Oct–20 Nov: 28 × $50 = $1,400; consumed $1,630 of $3,000 → $1,370 left.
    // $1,370 ÷ $50 = 27.4 → 28 days counting today → 21 Nov + 27 = 18 December.
    const daily = [...days("2026-10-01", "2026-10-23", 10), ...days("2026-10-24", "2026-11-20", 50)];
    const b = commitmentBurnDown({ amount: d(3000), startsOn: "2026-10-01", endsOn: null, today: "2026-11-21", daily });
    expect(b.consumed.toString()).toBe("1630");
    expect(b.dailyRate!.toString()).toBe("50");
    expect(b.rateDays).toBe(28);
    expect(b.runOutDate).toBe("2026-12-18");
  });

  it("days without spend count as $0 in the rate: $280 in one day of 28 → $10/day", () => {
    const b = commitmentBurnDown({ amount: d(1000), startsOn: "2026-10-24", endsOn: null, today: "2026-11-21", daily: [{ date: "2026-11-01", amount: d(280) }] });
    expect(b.dailyRate!.toString()).toBe("10");
    expect(b.runOutDate).toBe("2027-01-31"); // $720 ÷ $10 = 72 days counting today: 21 Nov + 71
  });

  it("a commitment that will not be used up: $2,000 to 30 Nov at $30/day leaves a $1,100 shortfall", () => {
    // $600 used; 21–30 Nov is 10 days × $30 = $300 → $900 by the end; $2,000 − $900 = $1,100 committed but unused.
    const b = commitmentBurnDown({ amount: d(2000), startsOn: "2026-11-01", endsOn: "2026-11-30", today: "2026-11-21", daily: days("2026-11-01", "2026-11-20", 30) });
    expect(b.projectedAtEnd!.toString()).toBe("900");
    expect(b.unusedAtEnd!.toString()).toBe("1100");
    expect(b.runOutDate).toBeNull(); // at this rate it would last to 6 January ($1,400 ÷ $30 → 47 days): the term ends first
  });

  it("exhausted: the day the running total reached the amount; no run-out date", () => {
    const b = commitmentBurnDown({ amount: d(500), startsOn: "2026-11-01", endsOn: null, today: "2026-11-21", daily: days("2026-11-01", "2026-11-20", 30) });
    expect(b.status).toBe("exhausted");
    expect(b.exhaustedOn).toBe("2026-11-17"); // 17 × $30 = $510 ≥ $500 (16 × $30 = $480)
    expect(b.remaining.toString()).toBe("-100");
    expect(b.runOutDate).toBeNull();
  });

  it("not started, no spend yet, ended", () => {
    expect(commitmentBurnDown({ amount: d(100), startsOn: "2026-12-01", endsOn: null, today: "2026-11-21", daily: [] }).status).toBe("not-started");
    const fresh = commitmentBurnDown({ amount: d(100), startsOn: "2026-11-21", endsOn: null, today: "2026-11-21", daily: [] });
    expect(fresh).toMatchObject({ status: "active", dailyRate: null, runOutDate: null, rateDays: 0 });
    const idle = commitmentBurnDown({ amount: d(100), startsOn: "2026-11-01", endsOn: null, today: "2026-11-21", daily: [] });
    expect(idle).toMatchObject({ status: "active", runOutDate: null });
    const ended = commitmentBurnDown({ amount: d(1000), startsOn: "2026-10-01", endsOn: "2026-10-31", today: "2026-11-21", daily: days("2026-10-01", "2026-11-20", 10) });
    expect(ended.status).toBe("ended");
    expect(ended.consumed.toString()).toBe("310"); // 31 October days only
    expect(ended.unusedAtEnd!.toString()).toBe("690");
  });
});
