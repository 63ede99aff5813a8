import { describe, expect, it } from "vitest";
import { backfillStart, backfillWindows, incrementalWindows, splitWindows, syncHorizon } from "@/lib/ingest/windows";

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
    // 2025-11-01 .. 2026-11-25 = 389 days → 12 windows of 31 days + one of 17.
    expect(windows).toHaveLength(13);
    expect(plain(windows).at(-1)).toEqual(["2026-11-08", "2026-11-25"]);
  });
});
