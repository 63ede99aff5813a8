import { describe, expect, it } from "vitest";
import { Decimal } from "@/lib/money";
import { isSignificantMove, moverPeriods } from "@/lib/spend/queries";
import { moverPeriodsSentence } from "@/app/(app)/[org]/spend/movers-table";

describe("biggest movers compare like days", () => {
  it("the issue's case: 1–2 Dec 2026 (Tue–Wed) against 3–4 Nov (Tue–Wed), not 1–2 Nov (Sun–Mon)", () => {
    const p = moverPeriods("2026-12-02");
    expect(p).toEqual({ current: { from: "2026-12-01", to: "2026-12-02" }, previous: { from: "2026-11-03", to: "2026-11-04" }, shiftDays: 28 });
    expect(moverPeriodsSentence(p)).toBe("1 Dec–2 Dec (Tue–Wed) against 3 Nov–4 Nov (Tue–Wed), the same weekdays 4 weeks earlier. Moves smaller than ±20% of the period before are ordinary variation and are not flagged.");
  });

  it("a month so far longer than four weeks is compared five weeks back, so the periods never overlap", () => {
    // 31 days: 1–31 Mar 2026 against 25 Jan–24 Feb (35 days earlier, same weekdays, same count of each)
    expect(moverPeriods("2026-03-31")).toEqual({ current: { from: "2026-03-01", to: "2026-03-31" }, previous: { from: "2026-01-25", to: "2026-02-24" }, shiftDays: 35 });
    expect(moverPeriods("2026-02-28").shiftDays).toBe(28); // exactly four weeks: 1–28 Feb against 4–31 Jan
    expect(moverPeriods("2026-02-28").previous).toEqual({ from: "2026-01-04", to: "2026-01-31" });
  });

  it("flags only moves of at least ±20 % of the period before, and new spend", () => {
    const d = (v: number) => new Decimal(v);
    expect(isSignificantMove(d(100), d(19.99))).toBe(false);
    expect(isSignificantMove(d(100), d(20))).toBe(true);
    expect(isSignificantMove(d(100), d(-25))).toBe(true);
    expect(isSignificantMove(d(0), d(5))).toBe(true);
    expect(isSignificantMove(d(0), d(0))).toBe(false);
  });
});
