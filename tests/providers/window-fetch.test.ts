import { describe, expect, it } from "vitest";
import { splitByWindow, windowDays } from "@/lib/providers/window-fetch";

const WINDOW = { start: new Date("2026-01-01T00:00:00Z"), end: new Date("2026-01-04T00:00:00Z") };

describe("which buckets a window asked for", () => {
  it("covers its first day through the day before its (exclusive) end", () => {
    expect(windowDays(WINDOW)).toEqual({ first: "2026-01-01", last: "2026-01-03" });
    // A window ending mid-day (today, capped at now) still covers that day.
    expect(windowDays({ start: WINDOW.start, end: new Date("2026-01-03T12:00:00Z") })).toEqual({ first: "2026-01-01", last: "2026-01-03" });
  });

  it("sets aside buckets before or after it", () => {
    const rows = ["2025-12-31", "2026-01-01", "2026-01-03", "2026-01-04"].map((day) => ({ day }));
    const { inside, outside } = splitByWindow(rows, WINDOW);
    expect([inside.map((r) => r.day), outside.map((r) => r.day)]).toEqual([["2026-01-01", "2026-01-03"], ["2025-12-31", "2026-01-04"]]);
  });
});
