import { describe, expect, it } from "vitest";
import { dailyChartRows, monthChartRows } from "@/lib/spend/chart-rows";
import type { SpendTableDto } from "@/lib/spend/view";

const table = (keys: string[]): SpendTableDto => ({ groupBy: "day", rows: keys.map((k) => ({ key: k, label: k, billed: "10.50", estimated: "0.25", total: "10.75" })), total: { billed: "0", estimated: "0", total: "0" }, note: null });

describe("chart rows", () => {
  it("a day without any bucket is a gap (null), not 0", () => {
    expect(dailyChartRows(table(["2026-02-27", "2026-03-01"]), "2026-02-27", "2026-03-01")).toEqual([
      { label: "2026-02-27", Billed: 10.5, Estimated: 0.25 },
      { label: "2026-02-28", Billed: null, Estimated: null },
      { label: "2026-03-01", Billed: 10.5, Estimated: 0.25 },
    ]);
  });
  it("13 months end with the month of `to`", () => {
    const rows = monthChartRows(table(["2026-01"]), "2026-03-05");
    expect(rows.map((r) => r.label)).toEqual(["2025-03", "2025-04", "2025-05", "2025-06", "2025-07", "2025-08", "2025-09", "2025-10", "2025-11", "2025-12", "2026-01", "2026-02", "2026-03"]);
    expect(rows.filter((r) => r.Billed !== null).map((r) => r.label)).toEqual(["2026-01"]);
  });
});
