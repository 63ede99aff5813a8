import { GPU_TYPES, gpuType, servingEstimate } from "@/lib/gpu/gpu-types";
import { capabilityOf } from "@/lib/pricing/capability-tiers";
import { newPoolOption, poolSelfHostOption, type PoolMeasurement, type PoolOption, type PoolSettings, type PoolSizing } from "./pool-option";

// What the org can self-host on: each pool as measured (its real GPU count and cost), each pool
// right-sized (a labelled what-if), and new pools of a GPU type. The option depends on the model
// that would replace the API model, so it is computed wherever that pick changes (browser or
// server) by the same pure function.

export type SelfHostChoice =
  | { id: string; label: string; kind: "pool"; pool: PoolSettings; measurement: PoolMeasurement; sizing: PoolSizing }
  | { id: string; label: string; kind: "new"; gpuType: string; costKind: "cloud" | "owned" };

/** New-pool choices offered beside the org's pools (and alone when it has none). */
export const NEW_POOL_CHOICES: readonly { gpuType: string; costKind: "cloud" | "owned" }[] = [
  { gpuType: "NVIDIA H100 80GB", costKind: "cloud" },
  { gpuType: "NVIDIA L40S", costKind: "cloud" },
  { gpuType: "NVIDIA RTX 4090", costKind: "owned" },
  { gpuType: "NVIDIA H100 80GB", costKind: "owned" },
];

export function selfHostChoices(pools: readonly { settings: PoolSettings; measurement: PoolMeasurement }[]): SelfHostChoice[] {
  const out: SelfHostChoice[] = [];
  for (const p of pools) {
    out.push({ id: `pool:${p.settings.id}`, label: `Pool: ${p.settings.name} as it is (${p.settings.gpuCount} × ${p.settings.gpuModel})`, kind: "pool", pool: p.settings, measurement: p.measurement, sizing: "as-measured" });
    out.push({ id: `pool-right-size:${p.settings.id}`, label: `What-if: ${p.settings.name} right-sized to what the volume needs`, kind: "pool", pool: p.settings, measurement: p.measurement, sizing: "right-size" });
  }
  for (const n of NEW_POOL_CHOICES) {
    const type = gpuType(n.gpuType)!;
    const price = n.costKind === "cloud" ? `rented at $${type.cloudHourlyRate}/GPU-hour` : `bought at $${Number(type.purchasePrice).toLocaleString("en-US")} per card`;
    out.push({ id: `new:${n.costKind}:${type.name}`, label: `Assumed: new ${type.name} pool, ${price}`, kind: "new", gpuType: type.name, costKind: n.costKind });
  }
  return out;
}

/** The engine's self-host option for a choice when `replacementModel` replaces the API model. */
export function choiceOption(choice: SelfHostChoice, replacementModel: string | null): PoolOption {
  if (choice.kind === "pool") return poolSelfHostOption(choice.pool, choice.measurement, replacementModel, choice.sizing);
  const type = gpuType(choice.gpuType) ?? GPU_TYPES[0]!;
  const option = newPoolOption(type, choice.costKind, replacementModel);
  const params = replacementModel ? capabilityOf(replacementModel)?.paramsB ?? null : null;
  const fits = params === null || servingEstimate(type.name, params) !== null;
  return {
    option,
    throughput: "estimated",
    fits,
    note: fits
      ? `Every figure is an assumption for a new ${type.name} pool${replacementModel ? ` serving ${replacementModel}` : ""}: edit it.`
      : `${replacementModel} does not fit on ${type.name} cards in our estimates: pick a larger GPU type.`,
  };
}
