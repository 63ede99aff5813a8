import type { ScenarioInput } from "./schema";

// The seed articles' own framing, as saved scenarios anyone can open, change and compare (the demo
// org has them; docs/scenarios.md works their numbers by hand, tests/scenarios/seed-examples.test.ts
// checks them). Each names today's API model and the same-tier open-weight model that replaces it.
//
// 1. "Open 70B-class models on several H100s cost $10–$30 an hour: six figures a year."
//    4 × H100 rented at $3.00/GPU-hour = $12/hour = $105,120 a year, serving Llama 3.3 70B (large
//    tier) in place of a large-tier API model. Against Claude 3 Opus ($15 / $75 per 1M) it pays;
//    against GPT-4.1 mini ($0.40 / $1.60) a GPU never serves enough to cover its rent.
// 2. "A single RTX 4090 box pays back only at high volume."
//    One $1,800 card in a $1,200 machine (capex $3,000), 450 W at $0.15/kWh, serving Llama 3.1 8B
//    (small tier) in place of GPT-3.5 Turbo ($0.50 / $1.50): break-even ≈ 177M tokens a month.

export interface SeedExample {
  name: string;
  note: string;
  inputs: ScenarioInput;
}

const fourH100s = {
  pool: { source: "new" as const, gpuType: "NVIDIA H100 80GB" },
  replacementModel: "llama-3.3-70b-instruct",
  option: {
    cost: { kind: "cloud" as const, hourlyRatePerGpu: "3.00" },
    power: { kind: "monthlyAmount" as const, perGpuPerMonth: "0" }, // in the hourly rate
    staff: { fteShare: "0.1", annualCost: "160000" },
    throughput: { tokensPerSecondPerGpu: "700", source: "assumed" as const }, // H100 × 35–80B estimate
    targetUtilisation: "0.7",
    minGpus: 4,
  },
};

const rtx4090Box = {
  pool: { source: "new" as const, gpuType: "NVIDIA RTX 4090" },
  replacementModel: "meta-llama/Llama-3.1-8B-Instruct",
  option: {
    cost: { kind: "owned" as const, purchasePricePerGpu: "1800", machinePrice: "1200", gpusPerMachine: 1, otherCapex: "0", amortisationMonths: 36, residualShare: "0" },
    power: { kind: "watts" as const, wattsPerGpu: "450", pricePerKwh: "0.15", pue: "1" },
    staff: { fteShare: "0", annualCost: "0" },
    throughput: { tokensPerSecondPerGpu: "2000", source: "assumed" as const }, // RTX 4090 × up-to-10B estimate
    targetUtilisation: "0.7",
    minGpus: 1,
  },
};

const plain = { growthPctPerMonth: "0", baselinePriceChangePct: "0", migration: { engineeringWeeks: "0", weeklyRate: "0" }, rampMonths: 0, stayOnOriginalPct: "0", discountRatePctPerYear: "10" };

/** A manual workload of `tokens` a month, 3:1 input to output, on today's API model at its price (USD per 1M). */
function example(name: string, note: string, tokens: number, today: [provider: string, model: string, input: string, output: string], selfHost: typeof fourH100s | typeof rtx4090Box, horizonMonths: 12 | 36): SeedExample {
  const [provider, model, inputPerMTok, outputPerMTok] = today;
  const label = `${tokens >= 1e9 ? `${tokens / 1e9}B` : `${tokens / 1e6}M`} tokens a month, 3:1 input to output`;
  return {
    name,
    note,
    inputs: {
      workload: { source: "manual", label, provider, model, monthlyTokens: { input: String(tokens * 0.75), output: String(tokens * 0.25) }, price: { inputPerMTok, outputPerMTok } },
      target: { kind: "selfHost", selfHost },
      horizonMonths,
      ...plain,
    },
  };
}

export const SEED_EXAMPLES: readonly SeedExample[] = [
  example("Example: 70B on four rented H100s vs Claude 3 Opus", "Seed article: open 70B-class models on several H100s at $10–$30/hour are six figures a year. Here $12/hour = $105,120 a year.", 1e9, ["anthropic", "claude-3-opus", "15", "75"], fourH100s, 36),
  example("Example: 70B on four rented H100s vs GPT-4.1 mini", "The same pool against a cheap API model of the same tier: it never breaks even.", 1e9, ["openai", "gpt-4.1-mini", "0.40", "1.60"], fourH100s, 36),
  example("Example: one RTX 4090 box vs GPT-3.5 Turbo at 1B tokens a month", "Seed article: a single RTX 4090 box pays back only at high volume. Break-even ≈ 177M tokens a month; at 1B it pays back in month 5.", 1e9, ["openai", "gpt-3.5-turbo", "0.50", "1.50"], rtx4090Box, 12),
  example("Example: one RTX 4090 box vs GPT-3.5 Turbo at 100M tokens a month", "Below the break-even volume the same box does not pay back within the horizon.", 1e8, ["openai", "gpt-3.5-turbo", "0.50", "1.50"], rtx4090Box, 36),
];
