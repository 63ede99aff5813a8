// GPU types a new pool can be built from. These are ASSUMPTIONS to start from, not quotes: list
// prices and on-demand cloud rates rounded (late 2025), typical board power, and a throughput for a
// ~8B-parameter model served with batching (vLLM), prompt + generated tokens per second per GPU.
// The builder shows every one of them as an editable input, marked "assumed".

export interface GpuType {
  name: string;
  memoryGb: number;
  /** USD per GPU-hour, on-demand cloud */
  cloudHourlyRate: string;
  /** USD per GPU card, bought */
  purchasePrice: string;
  /** average draw at load, W */
  watts: string;
  /** tokens/s per GPU, prompt + generated, ~8B model with batching */
  tokensPerSecond: string;
}

export const GPU_TYPES: readonly GpuType[] = [
  { name: "NVIDIA L4", memoryGb: 24, cloudHourlyRate: "0.80", purchasePrice: "2500", watts: "72", tokensPerSecond: "1200" },
  { name: "NVIDIA L40S", memoryGb: 48, cloudHourlyRate: "1.60", purchasePrice: "9000", watts: "350", tokensPerSecond: "2400" },
  { name: "NVIDIA A100 80GB", memoryGb: 80, cloudHourlyRate: "2.50", purchasePrice: "17000", watts: "400", tokensPerSecond: "3500" },
  { name: "NVIDIA H100 80GB", memoryGb: 80, cloudHourlyRate: "4.00", purchasePrice: "30000", watts: "700", tokensPerSecond: "6000" },
];

export function gpuType(name: string): GpuType | undefined {
  return GPU_TYPES.find((g) => g.name.toLowerCase() === name.trim().toLowerCase());
}

/** Planned share of a GPU's throughput in use: headroom for peaks (an assumption, editable). */
export const DEFAULT_TARGET_UTILISATION = "0.6";

/** A new pool's self-host option from a GPU type, as the scenario input holds it (strings). */
export function newPoolOption(type: GpuType, costKind: "cloud" | "owned", powerPricePerKwh = "0.15") {
  return {
    cost: costKind === "cloud"
      ? { kind: "cloud" as const, hourlyRatePerGpu: type.cloudHourlyRate }
      : { kind: "owned" as const, purchasePricePerGpu: type.purchasePrice, machinePrice: "0", gpusPerMachine: 1, otherCapex: "0", amortisationMonths: 36, residualShare: "0" },
    // Cloud rates include power; owned GPUs pay for their own.
    power: costKind === "cloud" ? { kind: "monthlyAmount" as const, perGpuPerMonth: "0" } : { kind: "watts" as const, wattsPerGpu: type.watts, pricePerKwh: powerPricePerKwh, pue: "1.4" },
    staff: { fteShare: "0.1", annualCost: "160000" },
    fixedMonthly: "0",
    throughput: { tokensPerSecondPerGpu: type.tokensPerSecond, source: "assumed" as const },
    targetUtilisation: DEFAULT_TARGET_UTILISATION,
    minGpus: 1,
  };
}
