import type { ScenarioInput, SelfHostPlanInput } from "@/lib/scenarios";

// The hand-worked 12-month scenario of workedExample.test.ts (the month-by-month table is there);
// the edge and input tests start from it.
/** A new cloud pool: $1.50/GPU-h, 0.1 FTE of $120,000, 500 tokens/s per GPU at 50 %. */
export const HAND_WORKED_POOL: SelfHostPlanInput = {
  pool: { source: "new", gpuType: "NVIDIA L40S" },
  option: {
    cost: { kind: "cloud", hourlyRatePerGpu: "1.5" },
    staff: { fteShare: "0.1", annualCost: "120000" },
    throughput: { tokensPerSecondPerGpu: "500", source: "assumed" },
    targetUtilisation: "0.5",
    minGpus: 1,
  },
};

export const HAND_WORKED: ScenarioInput = {
  workload: { source: "manual", label: "Support bot", provider: "openai", model: "gpt-4o", monthlyTokens: { input: "300000000", output: "100000000" }, price: { inputPerMTok: "5", outputPerMTok: "15" } },
  target: {
    kind: "selfHost",
    selfHost: HAND_WORKED_POOL,
  },
  horizonMonths: 12,
  growthPctPerMonth: "10",
  migration: { engineeringWeeks: "2", weeklyRate: "5000" },
  rampMonths: 2,
  stayOnOriginalPct: "20",
  discountRatePctPerYear: "0",
};

