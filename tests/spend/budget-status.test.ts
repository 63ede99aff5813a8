import { describe, expect, it } from "vitest";
import { dec } from "@/lib/money";
import { judgeBudget } from "@/lib/spend/budget-status";

const f = (forecast: string, high: string) => ({ forecast: dec(forecast), high: dec(high) });

describe("a month against its budget", () => {
  it("over: spent already passes it (1,100 of 1,000 = 110%)", () => {
    expect(judgeBudget(dec(1000), dec(1100), f("1500", "1600"))).toMatchObject({ state: "over", sentence: "Over budget: 110% used." });
  });
  it("forecast over: 600 spent, forecast 1,200 (120%)", () => {
    expect(judgeBudget(dec(1000), dec(600), f("1200", "1300"))).toMatchObject({ state: "forecast-over", sentence: "Forecast to end the month over budget (120%); 60% used." });
  });
  it("at risk: forecast 950 fits, its high end 1,050 does not", () => {
    expect(judgeBudget(dec(1000), dec(600), f("950", "1050")).state).toBe("at-risk");
  });
  it("on track: even the high end fits; exactly on budget is not over", () => {
    expect(judgeBudget(dec(1000), dec(500), f("900", "1000"))).toMatchObject({ state: "on-track", sentence: "On track: 50% used, forecast 90%." });
  });
  it("no budget, and a budget of 0 that any spend passes", () => {
    expect(judgeBudget(null, dec(5), f("9", "10"))).toMatchObject({ state: "no-budget", usedShare: null });
    expect(judgeBudget(dec(0), dec(5), f("9", "10"))).toMatchObject({ state: "over", usedShare: null });
  });
});
