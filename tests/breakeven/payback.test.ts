import { describe, expect, it } from "vitest";
import { dec } from "@/lib/money";
import { paybackMonth, totalCostOfOwnership } from "@/lib/breakeven";

describe("payback month", () => {
  it("$10,000 capex saving $600 a month ($1,000 API − $400 running) pays back in month 17", () => {
    // 10,000 ÷ 600 = 16.7: month 16 has saved 9,600 < 10,000, month 17 has saved 10,200.
    expect(paybackMonth(dec(10_000), dec(1_000), dec(400))).toBe(17);
  });

  it("is null when it falls outside the horizon", () => {
    expect(paybackMonth(dec(10_000), dec(1_000), dec(400), 12)).toBeNull();
  });

  it("is null when running costs alone exceed the API bill", () => {
    expect(paybackMonth(dec(10_000), dec(400), dec(1_000))).toBeNull();
    expect(paybackMonth(dec(10_000), dec(400), dec(400))).toBeNull();
  });

  it("is month 1 with nothing to pay back (cloud) as long as running ≤ API", () => {
    expect(paybackMonth(dec(0), dec(400), dec(400))).toBe(1);
  });
});

describe("total cost of ownership", () => {
  it("puts capex in year 1 and splits a 30-month horizon into 12 + 12 + 6", () => {
    const tco = totalCostOfOwnership(dec(12_000), dec(1_000), dec(250), 30);
    // Self-host: 12,000 + 12 × 250 = 15,000; then 3,000; then 6 × 250 = 1,500. Total 12,000 + 30 × 250 = 19,500.
    expect(tco.byYear.map((y) => [y.year, y.months, y.selfHost.toString(), y.api.toString()])).toEqual([
      [1, 12, "15000", "12000"],
      [2, 12, "3000", "12000"],
      [3, 6, "1500", "6000"],
    ]);
    expect(tco.selfHost.toString()).toBe("19500");
    expect(tco.api.toString()).toBe("30000");
  });
});
