import { describe, expect, it } from "vitest";
import { analyseScenario } from "@/lib/scenarios";
import { toCents } from "@/lib/money";
import { HAND_WORKED } from "./handWorked";

// A hand-worked 12-month scenario.
//
// Workload (manual): 300M input + 100M output tokens a month, today on an API at $5 / $15 per 1M
//   → 300 × 5 + 100 × 15 = $1,500 + $1,500 = $3,000 in month 1, growing 10 % a month
//   → baseline month m = 3,000 × 1.1^(m−1).
// Target: a cloud pool. One GPU serves 500 tokens/s × 2,628,000 s × 0.5 = 657M tokens a month.
//   Running cost for n GPUs = n × $1.50/h × 730 h + 0.1 FTE × $120,000 ÷ 12 = n × $1,095 + $1,000.
// 20 % of traffic must stay on the original; 80 % moves: 320M × 1.1^(m−1) tokens.
//   Months 1–8: ≤ 657M (month 8: 320M × 1.1^7 = 623.59M) → 1 GPU, $2,095.
//   Months 9–12: month 9 is 320M × 1.1^8 = 685.95M > 657M → 2 GPUs, $3,190.
// Ramp 2 months: in months 1–2 the original still serves everything (full baseline) beside the pool.
// Migration: 2 engineering weeks × $5,000 = $10,000 in month 1. Discount rate 0 → NPV = Σ savings.
//
//  m  baseline      original (stay)  pool   migration  scenario      savings      cumulative
//  1   3,000.00     3,000.00         2,095  10,000     15,095.00     −12,095.00   −12,095.00
//  2   3,300.00     3,300.00         2,095             5,395.00      −2,095.00    −14,190.00
//  3   3,630.00       726.00         2,095             2,821.00         809.00    −13,381.00
//  4   3,993.00       798.60         2,095             2,893.60       1,099.40    −12,281.60
//  5   4,392.30       878.46         2,095             2,973.46       1,418.84    −10,862.76
//  6   4,831.53       966.306        2,095             3,061.306      1,770.224    −9,092.536
//  7   5,314.683    1,062.9366       2,095             3,157.9366     2,156.7464   −6,935.7896
//  8   5,846.1513   1,169.23026      2,095             3,264.23026    2,581.92104  −4,353.86856
//  9   6,430.76643  1,286.153286     3,190             4,476.153286   1,954.613144 −2,399.255416
// 10   7,073.843073 1,414.7686146    3,190             4,604.7686146  2,469.0744584    69.8190424
// 11   7,781.2273803 1,556.24547606  3,190             4,746.24547606 3,034.98190424 3,104.80094664
// 12   8,559.35011833 1,711.870023666 3,190            4,901.870023666 3,657.480094664 6,762.281041304
//
// Totals: baseline $64,152.85, scenario $57,390.57, savings $6,762.28; payback in month 10
// (the first month the cumulative savings are ≥ 0). The input is HAND_WORKED in ./handWorked.ts.
describe("a hand-worked 12-month scenario", () => {
  const r = analyseScenario(HAND_WORKED);

  it("has one row per month of the horizon", () => {
    expect(r.months.map((m) => m.month)).toEqual([1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12]);
  });

  it("baseline grows 10 % a month from $3,000", () => {
    expect(r.months.map((m) => toCents(m.baseline))).toEqual(["3000.00", "3300.00", "3630.00", "3993.00", "4392.30", "4831.53", "5314.68", "5846.15", "6430.77", "7073.84", "7781.23", "8559.35"]);
  });

  it("the pool steps from 1 to 2 GPUs in month 9", () => {
    expect(r.months.map((m) => m.gpus)).toEqual([1, 1, 1, 1, 1, 1, 1, 1, 2, 2, 2, 2]);
    expect(r.months.map((m) => m.selfHostRunning.toString())).toEqual([...Array(8).fill("2095"), ...Array(4).fill("3190")]);
    expect(r.months.every((m) => m.selfHostCapex.isZero())).toBe(true); // cloud: nothing bought
  });

  it("the original keeps everything for the 2-month ramp, then 20 %", () => {
    expect(r.months.map((m) => toCents(m.original))).toEqual(["3000.00", "3300.00", "726.00", "798.60", "878.46", "966.31", "1062.94", "1169.23", "1286.15", "1414.77", "1556.25", "1711.87"]);
    expect(r.months.map((m) => m.migration.toString())).toEqual(["10000", ...Array(11).fill("0")]);
  });

  it("scenario, savings and cumulative savings to the cent", () => {
    expect(r.months.map((m) => toCents(m.scenario))).toEqual(["15095.00", "5395.00", "2821.00", "2893.60", "2973.46", "3061.31", "3157.94", "3264.23", "4476.15", "4604.77", "4746.25", "4901.87"]);
    expect(r.months.map((m) => toCents(m.savings))).toEqual(["-12095.00", "-2095.00", "809.00", "1099.40", "1418.84", "1770.22", "2156.75", "2581.92", "1954.61", "2469.07", "3034.98", "3657.48"]);
    expect(r.months.map((m) => toCents(m.cumulativeSavings))).toEqual(["-12095.00", "-14190.00", "-13381.00", "-12281.60", "-10862.76", "-9092.54", "-6935.79", "-4353.87", "-2399.26", "69.82", "3104.80", "6762.28"]);
  });

  it("totals, payback in month 10, and NPV = savings at a 0 % discount rate", () => {
    expect(toCents(r.totals.baseline)).toBe("64152.85");
    expect(toCents(r.totals.scenario)).toBe("57390.57");
    expect(toCents(r.totals.savings)).toBe("6762.28");
    expect(r.totals.paybackMonth).toBe(10);
    expect(r.totals.npv.toString()).toBe(r.totals.savings.toString());
  });

  it("explains each output with the inputs it came from", () => {
    const by = Object.fromEntries(r.explanations.map((e) => [e.output, e]));
    expect(Object.keys(by).sort()).toEqual(["baseline", "cumulativeSavings", "npv", "paybackMonth", "scenario", "sensitivity", "tco3y"]);
    expect(by.baseline!.text).toContain("$3,000.00");
    expect(by.baseline!.inputs).toEqual(expect.arrayContaining(["workload.monthlyTokens", "workload.price", "growthPctPerMonth"]));
    expect(by.scenario!.text).toContain("2 engineering weeks × $5,000.00 = $10,000.00");
    expect(by.scenario!.inputs).toEqual(expect.arrayContaining(["rampMonths", "stayOnOriginalPct", "migration.weeklyRate", "target.selfHost.option"]));
    expect(by.paybackMonth!.text).toContain("month 10");
    expect(by.npv!.inputs).toContain("discountRatePctPerYear");
    expect(r.workloadLabel).toBe("Support bot");
    expect(r.targetLabel).toBe("new NVIDIA L40S pool");
  });
});
