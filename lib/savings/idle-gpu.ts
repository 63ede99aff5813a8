import { dec, Decimal } from "@/lib/money";
import { energyCost, hardwareCostPerHour, idleCost, poolCostForPeriod, staffCostPerHour } from "@/lib/gpu/cost";
import { validatePoolConfig } from "@/lib/gpu/pool-config";
import { pct, savingRange, usd } from "./price-book";
import type { Opportunity } from "./types";

// Idle GPU: a pool whose idle hours (average utilisation below the pool's idle threshold) cost more
// than a tenth of what the pool cost in the month.
//   idle cost = Σ idle GPU-hours × (hardware + staff) per GPU-hour + their energy   (lib/gpu/cost.ts)
//   right-size what-if: keep n = ceil(peak hour's busy GPUs) GPUs; the rest's fixed cost is saved
// saving high = idle cost (the idle hours scaled to zero or given other work);
// saving low  = the smaller of the right-size what-if and the idle cost.

/** Idle cost must exceed this share of the pool's cost in the window to be an opportunity. */
export const IDLE_COST_SHARE_THRESHOLD = new Decimal("0.1");

export interface PoolHourRow {
  hour: string; // ISO hour start
  gpuUuid: string;
  gpuHours: Decimal;
  avgUtilisation: Decimal | null;
  energyKwh: Decimal;
}

export interface IdlePoolInput {
  pool: { id: string; name: string; gpuModel: string; gpuCount: number; idleUtilisationPct: Decimal } & Record<string, unknown>;
  rows: readonly PoolHourRow[];
  from: string;
  to: string;
  days: number;
  href: string;
  /** The API model the pool's traffic replaces (for the scenario), when set. */
  comparable: { provider: string; model: string } | null;
}

export function idleGpuOpportunity(input: IdlePoolInput): Opportunity | null {
  const { pool, rows } = input;
  if (!rows.length) return null;
  const config = validatePoolConfig(pool);
  const threshold = Number(pool.idleUtilisationPct);
  const hours = new Set(rows.map((r) => r.hour)).size;
  const energy = rows.reduce((a, r) => a.plus(r.energyKwh), new Decimal(0));
  const poolCost = poolCostForPeriod(config, { hours, energyKwh: energy }).total; // USD over the observed hours
  const idle = idleCost(config, rows, threshold);
  if (poolCost.lte(0) || idle.cost.lt(poolCost.times(IDLE_COST_SHARE_THRESHOLD))) return null;
  // Busy GPU-equivalents per hour = Σ utilisation ÷ 100; the peak hour sets the GPUs a right-sized pool keeps.
  const busy = new Map<string, Decimal>();
  for (const r of rows) if (r.avgUtilisation !== null) busy.set(r.hour, (busy.get(r.hour) ?? new Decimal(0)).plus(dec(r.avgUtilisation).div(100)));
  const peakBusy = [...busy.values()].reduce((a, b) => Decimal.max(a, b), new Decimal(0));
  const keep = Math.min(config.gpuCount, Math.max(1, peakBusy.ceil().toNumber()));
  const fixedPerGpuHour = hardwareCostPerHour(config).plus(staffCostPerHour(config)).div(config.gpuCount);
  const rightSize = fixedPerGpuHour.times(config.gpuCount - keep).times(hours);
  const idleEnergy = energyCost(config, rows.filter((r) => r.avgUtilisation !== null && dec(r.avgUtilisation).lt(threshold)).reduce((a, r) => a.plus(r.energyKwh), new Decimal(0)));
  const saving = savingRange(Decimal.min(rightSize, idle.cost), idle.cost, poolCost);
  if (saving.high.lte(0)) return null;
  return {
    key: `idleGpu:${pool.id}`,
    kind: "idleGpu",
    title: `GPU pool ${pool.name} is idle ${pct(idle.gpuHours.div(Decimal.max(rows.reduce((a, r) => a.plus(r.gpuHours), new Decimal(0)), 1)))}% of its GPU-hours`,
    saving,
    appliesTo: poolCost,
    evidence: [{ provider: "self-hosted", model: pool.gpuModel, projectId: pool.id, projectName: pool.name, from: input.from, to: input.to, days: input.days, query: `hourly GPU metrics of pool ${pool.name} (${pool.gpuCount} × ${pool.gpuModel}), ${input.from} to ${input.to}: GPU-hours below ${threshold}% utilisation`, href: input.href }],
    assumptions: [
      `Idle = an hour whose average utilisation is below the pool's threshold (${threshold}%): ${idle.gpuHours.toDecimalPlaces(1)} idle GPU-hours of ${hours} hours observed.`,
      `The pool cost ${usd(poolCost)} over those hours; idle GPU-hours cost ${usd(idle.cost)} (their share of hardware and staff, plus ${usd(idleEnergy)} of energy).`,
      `Right-size what-if: the busiest hour kept ${peakBusy.toDecimalPlaces(2)} GPUs busy, so ${keep} of ${config.gpuCount} GPUs would do: ${usd(rightSize)} of fixed cost saved.`,
      `High end: every idle hour recovered (scaled to zero on a cloud pool, or given batch work). ${config.costModel === "OWNED" ? "Owned GPUs are paid for: the saving is real only if the capacity is redeployed or sold." : ""}`,
    ],
    scenario: input.comparable ? { provider: input.comparable.provider, model: input.comparable.model, target: "selfHost", poolId: pool.id, poolSizing: "right-size", rampMonths: "0", stayPct: "0", horizon: "12" } : null,
    detail: { idleGpuHours: idle.gpuHours.toString(), hours, keep, gpuCount: config.gpuCount, poolCost: poolCost.toString(), idleCost: idle.cost.toString(), rightSize: rightSize.toString() },
  };
}
