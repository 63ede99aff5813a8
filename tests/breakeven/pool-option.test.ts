import { describe, expect, it } from "vitest";
import { analyseBreakEven, parseSelfHostOption, selfHostCostForGpus } from "@/lib/breakeven";
import { DEFAULT_TARGET_UTILISATION, newPoolOption, poolSelfHostOption, type PoolMeasurement, type PoolSettings } from "@/lib/breakeven/pool-option";
import { choiceOption, selfHostChoices } from "@/lib/breakeven/self-host-choices";
import { poolCostForPeriod } from "@/lib/gpu/cost";
import { gpuType } from "@/lib/gpu/gpu-types";

// The one pool → self-host option function that Break-even, the Overview and Scenarios share.

// The demo's pool: 4 owned L40S bought for $48,000, 36 months, $4,800 resale; $0.14/kWh, PUE 1.3;
// a tenth of a $160,000 engineer.
const owned: PoolSettings = {
  id: "p1", name: "On-prem", gpuModel: "NVIDIA L40S", gpuCount: 4, costModel: "OWNED", hourlyRatePerGpu: null, purchasePrice: "48000",
  amortisationMonths: 36, residualValue: "4800", powerPricePerKwh: "0.14", pue: "1.3", staffFteShare: "0.1", staffAnnualCost: "160000",
};
const servingLlama8b: PoolMeasurement = { windowDays: 30, tokensServed: "5000000000", tokensPerSecondPerGpu: "2400", avgWattsPerGpu: "350", servedModel: "meta-llama/Llama-3.1-8B-Instruct" };

describe("a measured pool as a self-host option", () => {
  it("splits the pool's price per GPU ($48,000 ÷ 4 = $12,000; resale 4,800 ÷ 48,000 = 0.1) and keeps its measured throughput for the model it serves", () => {
    const { option, throughput } = poolSelfHostOption(owned, servingLlama8b, "llama-3.1-8b-instruct");
    expect(option.cost).toEqual({ kind: "owned", purchasePricePerGpu: "12000", amortisationMonths: 36, residualShare: "0.1" });
    expect(option.power).toEqual({ kind: "watts", wattsPerGpu: "350", pricePerKwh: "0.14", pue: "1.3" });
    expect(option.throughput).toEqual({ tokensPerSecondPerGpu: "2400", source: "measured" });
    expect(throughput).toBe("measured");
    expect(option.targetUtilisation).toBe(DEFAULT_TARGET_UTILISATION);
  });

  it("is modelled at its own 4 GPUs, costing what lib/gpu/cost says the pool costs for 730 hours", () => {
    const option = parseSelfHostOption(poolSelfHostOption(owned, servingLlama8b, null).option);
    expect(option.minGpus).toBe(4);
    // hardware (48,000 − 4,800) ÷ 36 = 1,200; energy 4 × 0.35 kW × 730 h = 1,022 kWh × 1.3 × 0.14 = 186.004; staff 1,333.33…
    const model = selfHostCostForGpus(option, 4);
    const measured = poolCostForPeriod({ ...owned, hourlyRatePerGpu: null }, { hours: 730, energyKwh: "1022" });
    expect(model.amortisedCapex.toString()).toBe("1200");
    expect(model.power.toString()).toBe("186.004");
    expect(model.total.toDecimalPlaces(10).toString()).toBe(measured.total.toDecimalPlaces(10).toString());
  });

  it("serving another model than the replacement, throughput is the GPU type × model size estimate, and the GPUs hold the model", () => {
    // Llama 3.3 70B (70B parameters) on L40S: 250 tokens/s per GPU, 4 GPUs to hold it (lib/gpu/gpu-types.ts).
    const { option, throughput, note, fits } = poolSelfHostOption(owned, servingLlama8b, "llama-3.3-70b-instruct");
    expect(fits).toBe(true);
    expect(throughput).toBe("estimated");
    expect(option.throughput).toEqual({ tokensPerSecondPerGpu: "250", source: "assumed" });
    expect(note).toContain("On-prem serves meta-llama/Llama-3.1-8B-Instruct, not llama-3.3-70b-instruct");
    // right-sized it still needs the 4 cards that hold a 70B model
    expect(poolSelfHostOption(owned, servingLlama8b, "llama-3.3-70b-instruct", "right-size").option.minGpus).toBe(4);
    // and a model that does not fit on L40S in the estimates is flagged, not silently planned
    expect(poolSelfHostOption(owned, servingLlama8b, "deepseek-chat").fits).toBe(false);
  });

  it("says 'has not served' only when it served nothing, and names near-zero utilisation otherwise", () => {
    const none = poolSelfHostOption(owned, { windowDays: 30, tokensServed: "0", tokensPerSecondPerGpu: null, avgWattsPerGpu: null, servedModel: null }, null);
    expect(none.note).toMatch(/^On-prem has not served measured traffic in the last 30 days/);
    const idle = poolSelfHostOption(owned, { windowDays: 30, tokensServed: "1200", tokensPerSecondPerGpu: null, avgWattsPerGpu: "80", servedModel: "meta-llama/Llama-3.1-8B-Instruct" }, null);
    expect(idle.note).toMatch(/^On-prem served 1200 tokens in the last 30 days but its utilisation readings show no busy time/);
    expect(idle.note).not.toMatch(/has not served/);
    expect(idle.option.power).toMatchObject({ wattsPerGpu: "80" });
  });

  // The case: an 8-GPU cloud pool at $2.50/GPU-hour was shown as "1 GPU, far above break-even, payback month 1".
  describe("an 8-GPU cloud pool at $2.50/GPU-hour, worked by hand", () => {
    const cloud: PoolSettings = { ...owned, id: "c8", name: "Cloud H100", gpuModel: "NVIDIA H100 80GB", gpuCount: 8, costModel: "CLOUD", hourlyRatePerGpu: "2.50", purchasePrice: null, residualValue: null, powerPricePerKwh: "0", pue: "1", staffFteShare: "0.1", staffAnnualCost: "120000" };
    const measured: PoolMeasurement = { windowDays: 30, tokensServed: "900000000", tokensPerSecondPerGpu: "1000", avgWattsPerGpu: "400", servedModel: "llama-3.3-70b-instruct" };
    // 1B input tokens a month at $5 per 1M = $5,000 a month on the API.
    const input = (selfHost: ReturnType<typeof poolSelfHostOption>["option"]) => ({ workload: { basis: "tokens" as const, monthlyTokens: { input: "1000000000", output: "0" } }, apiPrice: { inputPerMTok: "5", outputPerMTok: "5" }, selfHost });

    it("as it is: 8 GPUs × $2.50 × 730 h = $14,600 + staff 0.1 × $120,000 ÷ 12 = $1,000 → $15,600/month; break-even $15,600 ÷ $0.000005 = 3.12B tokens → 32%", () => {
      const a = analyseBreakEven(input(poolSelfHostOption(cloud, measured, "llama-3.3-70b-instruct").option), { includeSensitivity: false });
      expect(a.selfHost.gpus).toBe(8);
      expect(a.selfHost.total.toString()).toBe("15600");
      expect(a.breakEven.tokens!.toString()).toBe("3120000000");
      expect(a.standing.percent).toBe(32); // 1,000,000,000 ÷ 3,120,000,000 = 0.3205
      expect(a.selfHost.capex.isZero()).toBe(true); // a rented pool has nothing to pay back
    });

    it("the labelled what-if right-sized to 2 GPUs (what a 70B model needs on H100) gives the opposite answer", () => {
      // 2 × $2.50 × 730 = $3,650 + $1,000 = $4,650; break-even 4,650 ÷ 0.000005 = 930M tokens → 1B ÷ 930M = 108%
      const a = analyseBreakEven(input(poolSelfHostOption(cloud, measured, "llama-3.3-70b-instruct", "right-size").option), { includeSensitivity: false });
      expect(a.selfHost.gpus).toBe(2);
      expect(a.selfHost.total.toString()).toBe("4650");
      expect(a.breakEven.tokens!.toString()).toBe("930000000");
      expect(a.standing.percent).toBe(108);
    });
  });
});

describe("self-host choices", () => {
  it("offer each pool as it is and right-sized (labelled as a what-if), then new pools", () => {
    const choices = selfHostChoices([{ settings: owned, measurement: servingLlama8b }]);
    expect(choices.map((c) => c.label).slice(0, 2)).toEqual(["Pool: On-prem as it is (4 × NVIDIA L40S)", "What-if: On-prem right-sized to what the volume needs"]);
    for (const c of choices) expect(() => parseSelfHostOption(choiceOption(c, "llama-3.3-70b-instruct").option)).not.toThrow();
  });

  it("a new RTX 4090 box holding a 70B model needs 2 cards; 405B does not fit", () => {
    const type = gpuType("NVIDIA GeForce RTX 4090")!;
    expect(newPoolOption(type, "owned", "llama-3.3-70b-instruct")).toMatchObject({ minGpus: 2, throughput: { tokensPerSecondPerGpu: "150" } });
    const c = selfHostChoices([]).find((x) => x.kind === "new" && x.gpuType === "NVIDIA RTX 4090")!;
    expect(choiceOption(c, "llama-3.1-405b-instruct").fits).toBe(false);
  });
});

describe("GPU types by the names exporters report", () => {
  it("match with or without the vendor prefix and with a memory suffix, L40S never read as L4", () => {
    expect(gpuType("L4")?.name).toBe("NVIDIA L4");
    expect(gpuType("NVIDIA L40S-48GB")?.name).toBe("NVIDIA L40S");
    expect(gpuType("NVIDIA H100 80GB HBM3")?.name).toBe("NVIDIA H100 80GB");
    expect(gpuType("AMD MI300X")).toBeUndefined();
  });
});
