// GPU types a pool can be built from, and what each can serve. These are ASSUMPTIONS to start
// from, not quotes: list prices and on-demand cloud rates rounded (late 2025), typical board power
// under load, and per model size an order-of-magnitude throughput (prompt + generated tokens per
// second per GPU, batched serving with vLLM at FP8, or 4-bit weights on 24 GB cards) with the GPUs
// it takes to hold the weights plus a working KV cache. Every figure is shown as an editable
// input marked "estimated"; a pool that serves the model replaces the estimate with its measurement.

/** Open-weight model sizes by total parameters (billions). MoE models count all experts: memory holds them all. */
export type ModelSizeClass = "up-to-10b" | "up-to-35b" | "up-to-80b" | "up-to-130b" | "above-130b";
export const MODEL_SIZE_LABEL: Record<ModelSizeClass, string> = {
  "up-to-10b": "up to 10B parameters",
  "up-to-35b": "10–35B parameters",
  "up-to-80b": "35–80B parameters",
  "up-to-130b": "80–130B parameters",
  "above-130b": "above 130B parameters",
};

export function modelSizeClass(paramsB: number): ModelSizeClass {
  if (paramsB <= 10) return "up-to-10b";
  if (paramsB <= 35) return "up-to-35b";
  if (paramsB <= 80) return "up-to-80b";
  if (paramsB <= 130) return "up-to-130b";
  return "above-130b";
}

/** What one GPU type does with one model size: tokens/s per GPU and the GPUs needed to hold the model. */
export interface ServingEstimate {
  tokensPerSecond: string;
  gpusToHold: number;
}

export interface GpuType {
  name: string;
  memoryGb: number;
  /** USD per GPU-hour, on-demand cloud */
  cloudHourlyRate: string;
  /** USD per GPU card, bought */
  purchasePrice: string;
  /** average draw at load, W */
  watts: string;
  /** tokens/s per GPU for a ~8B model with batching (the size most pools start with) */
  tokensPerSecond: string;
  /** per model size; a size left out does not fit a sensible number of these cards */
  serving: Partial<Record<ModelSizeClass, ServingEstimate>>;
}

const est = (tokensPerSecond: string, gpusToHold: number): ServingEstimate => ({ tokensPerSecond, gpusToHold });

export const GPU_TYPES: readonly GpuType[] = [
  {
    name: "NVIDIA RTX 4090", memoryGb: 24, cloudHourlyRate: "0.40", purchasePrice: "1800", watts: "450", tokensPerSecond: "2000",
    serving: { "up-to-10b": est("2000", 1), "up-to-35b": est("500", 1), "up-to-80b": est("150", 2) },
  },
  {
    name: "NVIDIA L4", memoryGb: 24, cloudHourlyRate: "0.80", purchasePrice: "2500", watts: "72", tokensPerSecond: "1200",
    serving: { "up-to-10b": est("1200", 1), "up-to-35b": est("300", 2) },
  },
  {
    name: "NVIDIA L40S", memoryGb: 48, cloudHourlyRate: "1.60", purchasePrice: "9000", watts: "350", tokensPerSecond: "2400",
    serving: { "up-to-10b": est("2400", 1), "up-to-35b": est("800", 1), "up-to-80b": est("250", 4), "up-to-130b": est("250", 4) },
  },
  {
    name: "NVIDIA A100 80GB", memoryGb: 80, cloudHourlyRate: "2.50", purchasePrice: "17000", watts: "400", tokensPerSecond: "3500",
    serving: { "up-to-10b": est("3500", 1), "up-to-35b": est("1200", 1), "up-to-80b": est("400", 2), "up-to-130b": est("400", 4), "above-130b": est("150", 16) },
  },
  {
    name: "NVIDIA H100 80GB", memoryGb: 80, cloudHourlyRate: "4.00", purchasePrice: "30000", watts: "700", tokensPerSecond: "6000",
    serving: { "up-to-10b": est("6000", 1), "up-to-35b": est("2000", 1), "up-to-80b": est("700", 2), "up-to-130b": est("700", 2), "above-130b": est("250", 8) },
  },
];

/** A GPU type by name, also from the names exporters report ("NVIDIA H100 80GB HBM3", "NVIDIA GeForce RTX 4090"). */
export function gpuType(name: string): GpuType | undefined {
  const bare = (s: string) => s.trim().toLowerCase().replace(/^nvidia /, "").replace(/^geforce /, "");
  const n = bare(name);
  const longestFirst = [...GPU_TYPES].sort((a, b) => b.name.length - a.name.length); // "L40S …" before "L4"
  return GPU_TYPES.find((g) => bare(g.name) === n) ?? longestFirst.find((g) => n.startsWith(bare(g.name)));
}

/** The serving estimate of a GPU type for a model of `paramsB` billion parameters; null when it does not fit. */
export function servingEstimate(gpuModel: string, paramsB: number): (ServingEstimate & { gpuType: string; sizeClass: ModelSizeClass }) | null {
  const type = gpuType(gpuModel);
  const size = modelSizeClass(paramsB);
  const e = type?.serving[size];
  return type && e ? { ...e, gpuType: type.name, sizeClass: size } : null;
}
