import { describe, expect, it } from "vitest";
import { analyseScenario } from "@/lib/scenarios";
import { comparisonCsv, scenarioCsv } from "@/lib/scenarios/csv";
import type { SavedScenario } from "@/lib/scenarios/store";
import { HAND_WORKED } from "./handWorked";

// The CSV exports of the hand-worked scenario (table in workedExample.test.ts).
const analysis = analyseScenario(HAND_WORKED);
const saved = (name: string, note = ""): SavedScenario => ({ id: name, name, note, author: { id: "u", name: "Erin", email: "erin@x.test" }, createdAt: "", updatedAt: "", inputs: analysis.inputs, inputError: null });

describe("scenario CSV", () => {
  const csv = scenarioCsv(saved("Support bot, self-hosted", '=HYPERLINK("x") "quoted"'), analysis);
  const lines = csv.split("\r\n");

  it("starts with the summary, quoting commas and defusing formulas", () => {
    expect(lines[0]).toBe('scenario,"Support bot, self-hosted"');
    expect(lines[1]).toBe("author,Erin (erin@x.test)");
    expect(lines[2]).toBe(`note,"'=HYPERLINK(""x"") ""quoted"""`);
    expect(lines).toContain("savings_usd,6762.28");
    expect(lines).toContain("payback_month,10");
  });

  it("then one row per month, to the cent, negative amounts left as numbers", () => {
    const header = lines.indexOf("month,volume_tokens,baseline_usd,original_vendor_usd,target_api_usd,self_host_running_usd,self_host_capex_usd,migration_usd,scenario_usd,savings_usd,cumulative_savings_usd,gpus,present_value_usd");
    expect(lines[header + 1]).toBe("1,400000000,3000.00,3000.00,0.00,2095.00,0.00,10000.00,15095.00,-12095.00,-12095.00,1,-12095.00");
    expect(lines[header + 12]).toBe("12,1141246682,8559.35,1711.87,0.00,3190.00,0.00,0.00,4901.87,3657.48,6762.28,2,3657.48");
    expect(csv.endsWith("\r\n")).toBe(true);
  });
});

describe("comparison CSV", () => {
  it("one row per scenario, then cumulative savings by month, one column each", () => {
    const other = analyseScenario({ ...HAND_WORKED, horizonMonths: 24 });
    const lines = comparisonCsv([{ scenario: saved("A"), analysis }, { scenario: saved("B"), analysis: other }]).split("\r\n");
    expect(lines[0]).toBe("scenario,author,workload,target,horizon_months,savings_usd,npv_usd,payback_month,tco_3y_baseline_usd,tco_3y_scenario_usd,risks");
    expect(lines[1]).toMatch(/^A,Erin \(erin@x\.test\),Support bot,new NVIDIA L40S pool,12,6762\.28,6762\.28,10,/);
    expect(lines[4]).toBe("month,A: cumulative_savings_usd,B: cumulative_savings_usd");
    expect(lines[5]).toBe("1,-12095.00,-12095.00");
    expect(lines[16]).toBe("12,6762.28,6762.28");
    expect(lines[17]).toMatch(/^13,,\d+\.\d\d$/); // A's horizon has ended: an empty cell, not a zero
  });
});
