import { describe, expect, it } from "vitest";
import { analyseScenario, type ScenarioInput } from "@/lib/scenarios";
import { AppError } from "@/lib/errors";
import { HAND_WORKED, HAND_WORKED_POOL } from "./handWorked";

// Inputs that make no sense fail with BAD_INPUT and name the field, as the builder shows it.
function issueFields(input: unknown): string[] {
  try {
    analyseScenario(input);
  } catch (e) {
    expect(e).toBeInstanceOf(AppError);
    expect((e as AppError).code).toBe("BAD_INPUT");
    return ((e as AppError).details.issues ?? []).map((i) => `${i.field}: ${i.message}`);
  }
  throw new Error("expected BAD_INPUT");
}
const pool = HAND_WORKED_POOL;

describe("nonsense inputs get clear errors naming the field", () => {
  it.each<[string, Partial<ScenarioInput>, string]>([
    ["growth below −100 %", { growthPctPerMonth: "-150" }, "growthPctPerMonth: must be at least −100 % (a workload cannot shrink by more than all of it)"],
    ["horizon 0", { horizonMonths: 0 as 12 }, "horizonMonths: must be 12, 24 or 36 (months)"],
    ["horizon 18", { horizonMonths: 18 as 12 }, "horizonMonths: must be 12, 24 or 36 (months)"],
    ["negative weekly rate", { migration: { engineeringWeeks: "2", weeklyRate: "-1" } }, "migration.weeklyRate: must not be negative"],
    ["negative discount rate", { discountRatePctPerYear: "-5" }, "discountRatePctPerYear: must not be negative"],
    ["stay share above 100 %", { stayOnOriginalPct: "101" }, "stayOnOriginalPct: must be between 0 and 100 (%)"],
    ["ramp longer than the horizon", { rampMonths: 13 }, "rampMonths: must not be longer than the horizon (12 months)"],
    ["negative ramp", { rampMonths: -1 }, "rampMonths: must not be negative"],
    ["zero throughput", { target: { kind: "selfHost", selfHost: { pool: pool.pool, option: { ...pool.option, throughput: { tokensPerSecondPerGpu: "0" } } } } }, "target.selfHost.option.throughput.tokensPerSecondPerGpu: must be greater than zero"],
    ["split above 100 %", { target: { kind: "hybrid", selfHostSharePct: "120", selfHost: pool, api: { provider: "x", model: "y", price: { inputPerMTok: "1", outputPerMTok: "1" } } } }, "target.selfHostSharePct: must be between 0 and 100 (%)"],
    ["split below 0 %", { target: { kind: "hybrid", selfHostSharePct: "-1", selfHost: pool, api: { provider: "x", model: "y", price: { inputPerMTok: "1", outputPerMTok: "1" } } } }, "target.selfHostSharePct: must be between 0 and 100 (%)"],
    ["negative target price", { target: { kind: "api", api: { provider: "x", model: "y", price: { inputPerMTok: "-1", outputPerMTok: "1" } } } }, "target.api.price.inputPerMTok: must not be negative"],
    ["a number that is not one", { growthPctPerMonth: "ten" }, "growthPctPerMonth: must be a decimal number"],
    ["negative tokens", { workload: { source: "manual", monthlyTokens: { input: "-5", output: "0" }, price: { inputPerMTok: "1", outputPerMTok: "1" } } }, "workload.monthlyTokens.input: must not be negative"],
  ])("%s", (_what, over, expected) => {
    expect(issueFields({ ...HAND_WORKED, ...over })).toContain(expected);
  });

  it("the error message itself names the field", () => {
    expect(() => analyseScenario({ ...HAND_WORKED, horizonMonths: 0 })).toThrow("scenario: horizonMonths: must be 12, 24 or 36 (months)");
  });

  it("an unknown target kind is named", () => {
    expect(issueFields({ ...HAND_WORKED, target: { kind: "moon" } })[0]).toMatch(/^target/);
  });

  it("−100 % growth is the edge that still makes sense: the workload stops after month 1", () => {
    const r = analyseScenario({ ...HAND_WORKED, growthPctPerMonth: "-100" });
    expect(r.months.slice(1).every((m) => m.baseline.isZero())).toBe(true);
  });
});
