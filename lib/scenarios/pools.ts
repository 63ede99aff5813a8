import type { OrgContext } from "@/lib/auth/tenancy";
import { poolSelfHostOption, type PoolMeasurement, type PoolSettings } from "@/lib/breakeven/pool-option";
import { poolsWithMeasurements } from "@/lib/gpu/pool-measurement";

// The org's GPU pools as a scenario target: the same settings, measurement and pool → option
// function as the Break-even page (lib/breakeven/pool-option.ts), so both pages agree.

export interface PoolTarget {
  id: string;
  name: string;
  gpuModel: string;
  gpuCount: number;
  settings: PoolSettings;
  measurement: PoolMeasurement;
  throughputSource: "measured" | "estimated";
  /** The pool as it is, serving what it serves: the builder recomputes it when the replacement model changes. */
  option: ReturnType<typeof poolSelfHostOption>["option"];
  note: string;
}

export async function poolTargets(ctx: Pick<OrgContext, "orgId">, now: Date): Promise<PoolTarget[]> {
  const pools = await poolsWithMeasurements(ctx.orgId, now);
  return pools.map(({ settings, measurement }) => {
    const o = poolSelfHostOption(settings, measurement, null);
    return { id: settings.id, name: settings.name, gpuModel: settings.gpuModel, gpuCount: settings.gpuCount, settings, measurement, throughputSource: o.throughput, option: o.option, note: o.note };
  });
}
