import { describe, expect, it } from "vitest";
import { analyseBreakEven } from "@/lib/breakeven";
import { inputLabel, LABELLED_PATHS } from "@/lib/breakeven/input-labels";
import { analyseScenario } from "@/lib/scenarios";
import { SEED_EXAMPLES } from "@/lib/scenarios/seed-examples";
import { HAND_WORKED } from "../scenarios/handWorked";

const IDENTIFIER = /[a-z][a-z0-9]*[A-Z]|[a-z]\.[a-z]/; // camelCase or a dotted path

describe("every input a person reads is named in words", () => {
  it("the issue's internal names read as words", () => {
    expect(inputLabel("selfHost.staff.fteShare")).toBe("operations staff share");
    expect(inputLabel("selfHost.cost.amortisationMonths")).toBe("amortisation period");
    expect(inputLabel("workload.monthlyCost")).toBe("the measured month's cost");
    expect(inputLabel("target.selfHost.option.power.pue")).toBe("PUE (facility overhead)");
  });

  it("every break-even sensitivity row and every scenario explanation has an explicit label", () => {
    const owned = (SEED_EXAMPLES[2]!.inputs.target as { selfHost: { option: Parameters<typeof analyseBreakEven>[0]["selfHost"] } }).selfHost.option;
    const a = analyseBreakEven({ workload: { basis: "tokens", monthlyTokens: { input: "1000000", output: "1000000", cachedInput: "1000", cacheWrite: "1000" } }, apiPrice: { inputPerMTok: "1", outputPerMTok: "2", cachedInputPerMTok: "0.1", cacheWritePerMTok: "1.25" }, selfHost: owned });
    const known = new Set([...LABELLED_PATHS.other, ...LABELLED_PATHS.option.map((p) => `selfHost.${p}`), ...LABELLED_PATHS.option.map((p) => `target.selfHost.option.${p}`)]);
    expect(a.sensitivity.length).toBeGreaterThan(5);
    for (const row of a.sensitivity) expect(known.has(row.input), row.input).toBe(true);
    for (const input of [HAND_WORKED, ...SEED_EXAMPLES.map((e) => e.inputs)]) {
      for (const e of analyseScenario(input).explanations) for (const path of e.inputs) {
        expect(known.has(path), path).toBe(true);
        expect(inputLabel(path)).not.toMatch(IDENTIFIER);
      }
    }
  });

  it("a path no table names yet is still spelled out in words", () => {
    expect(inputLabel("rule.minAbsoluteDeviation")).toBe("min absolute deviation");
  });
});
