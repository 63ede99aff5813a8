import { describe, expect, it } from "vitest";
import { dec } from "@/lib/money";
import {
  apiMonthlyCost,
  gpuMonthlyCapacity,
  gpusNeeded,
  monthlyTokensFromRequests,
  parseApiPrice,
  parseSelfHostOption,
  per1KToPer1M,
  SECONDS_PER_MONTH,
  selfHostCostForGpus,
  selfHostMonthlyCost,
  tokensByKindSchema,
} from "@/lib/breakeven";

const tokens = (t: { input: number; output: number; cachedInput?: number; cacheWrite?: number }) => tokensByKindSchema.parse(t);

describe("API cost", () => {
  it("is Σ tokens × USD per 1M: 2M×$3 + 1M×$15 + 10M×$0.30 + 1M×$3.75 = $27.75", () => {
    const price = parseApiPrice({ inputPerMTok: 3, outputPerMTok: 15, cachedInputPerMTok: "0.3", cacheWritePerMTok: "3.75" });
    const t = tokens({ input: 2e6, output: 1e6, cachedInput: 10e6, cacheWrite: 1e6 });
    expect(apiMonthlyCost(t, price).toString()).toBe("27.75");
  });

  it("bills cache reads and writes as input when the catalog has no cache price: 6 + 15 + 30 + 3 = $54", () => {
    const price = parseApiPrice({ inputPerMTok: 3, outputPerMTok: 15 });
    const t = tokens({ input: 2e6, output: 1e6, cachedInput: 10e6, cacheWrite: 1e6 });
    expect(apiMonthlyCost(t, price).toString()).toBe("54");
  });

  it("converts per-1K quotes to per-1M: $0.03/1K = $30/1M", () => {
    expect(per1KToPer1M("0.03").toString()).toBe("30");
  });

  it("turns requests × tokens per request into monthly tokens", () => {
    const t = monthlyTokensFromRequests(100_000, { input: 500, output: 500, cachedInput: 200 });
    expect([t.input, t.output, t.cachedInput, t.cacheWrite].map(String)).toEqual(["50000000", "50000000", "20000000", "0"]);
  });
});

// 1,000 tokens/s × 2,628,000 s × 0.5 = 1,314,000,000 tokens per GPU per month.
const cloud = parseSelfHostOption({
  cost: { kind: "cloud", hourlyRatePerGpu: 2 },
  throughput: { tokensPerSecondPerGpu: 1000 },
  targetUtilisation: "0.5",
});

describe("GPUs needed", () => {
  it("uses a 730-hour month: 2,628,000 seconds", () => {
    expect(SECONDS_PER_MONTH).toBe(2_628_000);
    expect(gpuMonthlyCapacity(cloud).toString()).toBe("1314000000");
  });

  it("steps exactly at each GPU's capacity", () => {
    expect(gpusNeeded(cloud, dec(0))).toBe(1); // minGpus defaults to 1
    expect(gpusNeeded(cloud, dec(1_314_000_000))).toBe(1);
    expect(gpusNeeded(cloud, dec(1_314_000_001))).toBe(2);
    expect(gpusNeeded(cloud, dec(2_628_000_000))).toBe(2);
    expect(gpusNeeded(cloud, dec(2_628_000_001))).toBe(3);
  });

  it("never goes below minGpus", () => {
    expect(gpusNeeded({ ...cloud, minGpus: 4 }, dec(1))).toBe(4);
    expect(gpusNeeded({ ...cloud, minGpus: 0 }, dec(0))).toBe(0);
  });
});

describe("self-host monthly cost", () => {
  it("cloud: n × hourly rate × 730 h; 3 GPUs × $2 × 730 = $4,380", () => {
    const c = selfHostMonthlyCost(cloud, dec(3_000_000_000));
    expect(c.gpus).toBe(3);
    expect(c.gpuRental.toString()).toBe("4380");
    expect(c.capex.toString()).toBe("0");
    expect(c.total.toString()).toBe("4380");
  });

  it("owned, 9 GPUs in 8-GPU machines, with power, staff and fixed costs", () => {
    const owned = parseSelfHostOption({
      cost: { kind: "owned", purchasePricePerGpu: 10_000, machinePrice: 20_000, gpusPerMachine: 8, otherCapex: 5_000, amortisationMonths: 40, residualShare: "0.25" },
      power: { kind: "watts", wattsPerGpu: 700, pricePerKwh: "0.15", pue: "1.2" },
      staff: { fteShare: "0.25", annualCost: 120_000 },
      fixedMonthly: 500,
      throughput: { tokensPerSecondPerGpu: 1000 },
      targetUtilisation: "0.5",
    });
    const c = selfHostCostForGpus(owned, 9);
    // Hardware = 9 × 10,000 + 2 machines × 20,000 = 130,000; capex = 130,000 + 5,000 = 135,000.
    expect(c.capex.toString()).toBe("135000");
    // Amortised = (135,000 − 0.25 × 130,000) ÷ 40 = 102,500 ÷ 40 = 2,562.50.
    expect(c.amortisedCapex.toString()).toBe("2562.5");
    // Power = 9 × 700 W ÷ 1000 × 730 h × 1.2 × $0.15 = 6.3 kW × 730 × 1.2 × 0.15 = $827.82.
    expect(c.power.toString()).toBe("827.82");
    // Staff = 0.25 × 120,000 ÷ 12 = 2,500.
    expect(c.staff.toString()).toBe("2500");
    // Running = 827.82 + 2,500 + 500 = 3,827.82; total = 3,827.82 + 2,562.50 = 6,390.32.
    expect(c.running.toString()).toBe("3827.82");
    expect(c.total.toString()).toBe("6390.32");
  });
});
