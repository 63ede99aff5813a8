import { describe, expect, it } from "vitest";
import { analyseScenario, type ScenarioInput } from "@/lib/scenarios";
import { HAND_WORKED, HAND_WORKED_POOL } from "./handWorked";

// Ramp, the share that must stay, and the hybrid split at their edges (0 and all of it), on the
// hand-worked scenario (baseline $3,000 × 1.1^(m−1); pool 1 GPU = $2,095, 2 GPUs = $3,190).
const withInputs = (over: Partial<ScenarioInput>) => analyseScenario({ ...HAND_WORKED, ...over });

describe("ramp", () => {
  it("0 months: from month 1 the original only carries the 20 % that stays", () => {
    const r = withInputs({ rampMonths: 0 });
    expect(r.months[0]!.original.toString()).toBe("600"); // 20 % × 3,000
    expect(r.months[0]!.scenario.toString()).toBe("12695"); // 600 + 2,095 + 10,000
  });

  it("the whole horizon: both run every month, so every month costs the pool more and it never pays back", () => {
    const r = withInputs({ rampMonths: 12 });
    for (const m of r.months) {
      expect(m.original.toString()).toBe(m.baseline.toString());
      expect(m.savings.toString()).toBe(m.selfHostRunning.plus(m.migration).neg().toString());
    }
    expect(r.totals.paybackMonth).toBeNull();
  });
});

describe("share that must stay on the original (quality/risk factor)", () => {
  it("0 %: nothing stays; after the ramp the original costs nothing", () => {
    const r = withInputs({ stayOnOriginalPct: "0" });
    expect(r.months.slice(2).every((m) => m.original.isZero())).toBe(true);
    // the pool carries all 400M × 1.1^(m−1): 657M is passed in month 7 (400M × 1.1^6 = 708.6M)
    expect(r.months.map((m) => m.gpus)).toEqual([1, 1, 1, 1, 1, 1, 2, 2, 2, 2, 2, 2]);
  });

  it("100 %: nothing moves, so no pool is built and only the migration is spent", () => {
    const r = withInputs({ stayOnOriginalPct: "100" });
    expect(r.months.every((m) => m.gpus === 0 && m.selfHostRunning.isZero() && m.targetApi.isZero())).toBe(true);
    expect(r.months.every((m) => m.original.toString() === m.baseline.toString())).toBe(true);
    expect(r.months.map((m) => m.savings.toString())).toEqual(["-10000", ...Array(11).fill("0")]);
    expect(r.totals.paybackMonth).toBeNull();
  });
});

describe("hybrid split", () => {
  const api = { provider: "deepseek", model: "deepseek-chat", price: { inputPerMTok: "1", outputPerMTok: "2" } };
  const hybrid = (pct: string) => withInputs({ target: { kind: "hybrid", selfHostSharePct: pct, selfHost: HAND_WORKED_POOL, api } });

  it("0 % on the pool: no pool; the moved 80 % goes to the API at 80 % × (300 × 1 + 100 × 2) = $400 in month 3", () => {
    const r = hybrid("0");
    expect(r.months.every((m) => m.gpus === 0 && m.selfHostRunning.isZero())).toBe(true);
    expect(r.months[2]!.targetApi.toString()).toBe("484"); // 400 × 1.1²
  });

  it("100 % on the pool: the same as the self-hosted target", () => {
    const r = hybrid("100");
    const selfOnly = analyseScenario(HAND_WORKED);
    expect(r.months.every((m) => m.targetApi.isZero())).toBe(true);
    expect(r.months.map((m) => m.scenario.toString())).toEqual(selfOnly.months.map((m) => m.scenario.toString()));
  });

  it("50 %: half the moved traffic on each", () => {
    const r = hybrid("50");
    expect(r.months[0]!.targetApi.toString()).toBe("200"); // 50 % × 80 % × $500
    expect(r.months[0]!.gpus).toBe(1); // 160M tokens
  });
});

describe("owned hardware is paid when bought", () => {
  it("capex in month 1 for the first GPUs, and again only for the GPUs added later", () => {
    const owned: ScenarioInput = {
      ...HAND_WORKED,
      stayOnOriginalPct: "0",
      target: {
        kind: "selfHost",
        selfHost: {
          pool: { source: "new", gpuType: "NVIDIA L40S" },
          option: {
            cost: { kind: "owned", purchasePricePerGpu: "9000", machinePrice: "6000", gpusPerMachine: 4, otherCapex: "2000", amortisationMonths: 36 },
            power: { kind: "monthlyAmount", perGpuPerMonth: "50" },
            throughput: { tokensPerSecondPerGpu: "500" },
            targetUtilisation: "0.5",
          },
        },
      },
    };
    const r = analyseScenario(owned);
    // month 1: 1 GPU 9,000 + 1 machine 6,000 + other 2,000; month 7 (2 GPUs): one more GPU, same machine
    expect(r.months.map((m) => m.selfHostCapex.toString())).toEqual(["17000", "0", "0", "0", "0", "0", "9000", "0", "0", "0", "0", "0"]);
    expect(r.months[0]!.selfHostRunning.toString()).toBe("50");
    expect(r.risks.some((s) => s.includes("$26,000.00 of hardware"))).toBe(true);
  });
});
