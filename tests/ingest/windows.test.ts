import { describe, expect, it } from "vitest";
import { backfillMonthChoices, backfillStart, backfillWindows, DAY_MS, incrementalWindows, monthsFrom, monthWindows, splitWindows, syncHorizon } from "@/lib/ingest/windows";

const d = (iso: string) => new Date(iso);
const plain = (ws: { start: Date; end: Date }[]) => ws.map((w) => [w.start.toISOString().slice(0, 10), w.end.toISOString().slice(0, 10)]);

describe("sync windows", () => {
  it("splits a range into 31-day windows, the last one shorter", () => {
    expect(plain(splitWindows(d("2026-01-01T00:00:00Z"), d("2026-03-05T00:00:00Z")))).toEqual([
      ["2026-01-01", "2026-02-01"],
      ["2026-02-01", "2026-03-04"],
      ["2026-03-04", "2026-03-05"],
    ]);
  });

  it("incremental: from the cursor's day minus 3 days through the end of today", () => {
    const now = d("2026-11-24T03:10:00Z");
    expect(syncHorizon(now)).toEqual(d("2026-11-25T00:00:00Z"));
    expect(plain(incrementalWindows(d("2026-11-24T03:00:00Z"), now))).toEqual([["2026-11-21", "2026-11-25"]]);
    // Never synced: the restatement days only; history is the backfill's job.
    expect(plain(incrementalWindows(null, now))).toEqual([["2026-11-21", "2026-11-25"]]);
    // A connection paused for two months catches up in windows.
    expect(plain(incrementalWindows(d("2026-09-20T12:00:00Z"), now))).toEqual([
      ["2026-09-17", "2026-10-18"],
      ["2026-10-18", "2026-11-18"],
      ["2026-11-18", "2026-11-25"],
    ]);
  });

  it("a 13-month backfill starts on the 1st of the month twelve months back (the Overview's 13 months)", () => {
    const now = d("2026-11-24T03:10:00Z");
    expect(backfillStart(now, 13)).toEqual(d("2025-11-01T00:00:00Z"));
    const windows = backfillWindows(now);
    // 2025-11-01 .. 2026-11-25: one window per calendar month, the last one ending tomorrow.
    expect(windows).toHaveLength(13);
    expect(plain(windows).slice(0, 2)).toEqual([
      ["2025-11-01", "2025-12-01"],
      ["2025-12-01", "2026-01-01"],
    ]);
    expect(plain(windows).at(-1)).toEqual(["2026-11-01", "2026-11-25"]);
  });

  // The kill test started failing on 2026-12-02: fixed 31-day steps cut a 2-month backfill into
  // [Nov 1, Dec 2) + a 1-day [Dec 2, Dec 3), and on Dec 1 into a single window. Month windows do not
  // depend on where "today" falls.
  it("a 2-month backfill on 1 and 2 December is November and December so far", () => {
    expect(plain(backfillWindows(d("2026-12-01T00:00:00Z"), 2))).toEqual([
      ["2026-11-01", "2026-12-01"],
      ["2026-12-01", "2026-12-02"],
    ]);
    expect(plain(backfillWindows(d("2026-12-02T16:44:00Z"), 2))).toEqual([
      ["2026-11-01", "2026-12-01"],
      ["2026-12-01", "2026-12-03"],
    ]);
    // Last instant of a year: the new year's 1st is tomorrow, so December ends the run.
    expect(plain(backfillWindows(d("2026-12-31T23:59:59.999Z"), 2))).toEqual([
      ["2026-11-01", "2026-12-01"],
      ["2026-12-01", "2027-01-01"],
    ]);
    // Leap day and the month ends either side of it.
    expect(plain(backfillWindows(d("2028-02-29T12:00:00Z"), 3))).toEqual([
      ["2027-12-01", "2028-01-01"],
      ["2028-01-01", "2028-02-01"],
      ["2028-02-01", "2028-03-01"],
    ]);
    expect(plain(backfillWindows(d("2026-03-01T00:00:00Z"), 2))).toEqual([
      ["2026-02-01", "2026-03-01"],
      ["2026-03-01", "2026-03-02"],
    ]);
  });

  it("on every day of 2026–2028, N months are N contiguous windows of at most 31 days from the 1st through tomorrow", () => {
    // Plain comparisons collected into one list: ~17,000 expect() calls took 5 s on a loaded machine.
    const problems: string[] = [];
    for (let t = Date.UTC(2026, 0, 1, 13); t < Date.UTC(2029, 0, 1); t += DAY_MS) {
      const now = new Date(t);
      for (const months of [1, 2, 13]) {
        const ws = backfillWindows(now, months);
        const at = `${now.toISOString()} × ${months} months`;
        if (ws.length !== months) problems.push(`${at}: ${ws.length} windows`);
        if (ws[0]!.start.getTime() !== backfillStart(now, months).getTime()) problems.push(`${at}: starts ${ws[0]!.start.toISOString()}`);
        if (ws.at(-1)!.end.getTime() !== syncHorizon(now).getTime()) problems.push(`${at}: ends ${ws.at(-1)!.end.toISOString()}`);
        for (const [i, w] of ws.entries()) {
          const span = w.end.getTime() - w.start.getTime();
          if (w.start.getUTCDate() !== 1) problems.push(`${at}: window ${i} starts on day ${w.start.getUTCDate()}`);
          if (span <= 0 || span > 31 * DAY_MS) problems.push(`${at}: window ${i} spans ${span / DAY_MS} days`);
          if (i > 0 && w.start.getTime() !== ws[i - 1]!.end.getTime()) problems.push(`${at}: gap before window ${i}`);
        }
      }
    }
    expect(problems).toEqual([]);
  });

  it("month windows of a range that starts mid-month: the first is the rest of that month", () => {
    expect(plain(monthWindows(d("2026-01-15T00:00:00Z"), d("2026-03-05T00:00:00Z")))).toEqual([
      ["2026-01-15", "2026-02-01"],
      ["2026-02-01", "2026-03-01"],
      ["2026-03-01", "2026-03-05"],
    ]);
    expect(monthWindows(d("2026-03-05T00:00:00Z"), d("2026-03-05T00:00:00Z"))).toEqual([]);
  });
});

describe("backfill start month", () => {
  const now = new Date("2026-01-10T12:00:00Z");
  it("months through this month, inclusive: this month is 1, November 2025 is 3, February 2023 is 36", () => {
    expect([monthsFrom("2026-01", now), monthsFrom("2025-11", now), monthsFrom("2023-02", now), monthsFrom("2023-01", now)]).toEqual([1, 3, 36, 37]);
  });

  it("a later month or a malformed one is no month at all", () => {
    expect([monthsFrom("2026-02", now), monthsFrom("2025-13", now), monthsFrom("25-11", now)]).toEqual([null, null, null]);
  });

  it("the form offers this month back to the providers' 36", () => {
    const choices = backfillMonthChoices(now);
    expect([choices.length, choices[0], choices[12], choices.at(-1)]).toEqual([36, "2026-01", "2025-01", "2023-02"]);
    // The 13th choice is the default 13-month backfill's first month.
    expect(backfillStart(now, 13).toISOString().slice(0, 7)).toBe(choices[12]);
  });
});
