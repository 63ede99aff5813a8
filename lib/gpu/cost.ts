import { AppError } from "@/lib/errors";
import { dec, Decimal, sum, type DecimalInput } from "@/lib/money";
import { validatePoolConfig, type PoolConfig } from "@/lib/gpu/pool-config";

// A pool's real cost, from its cost model and its measured energy. Pure; every amount is Decimal
// in the pool's currency. Each function validates the pool first (a GpuPool row passes as is).

/** 730 h a month (8,760 h ÷ 12): the usual convention for monthly → hourly rates. */
export const HOURS_PER_MONTH = 730;
export const HOURS_PER_YEAR = 8760;

export interface CostBreakdown {
  /** Cloud rental of the GPUs, or the owned hardware's amortisation. */
  hardware: Decimal;
  /** Electricity including the facility overhead (PUE). */
  energy: Decimal;
  /** The operations staff's share. */
  staff: Decimal;
  total: Decimal;
}

/** $/h of the hardware: what is paid whether the GPUs work or not. */
export function hardwareCostPerHour(pool: PoolConfig): Decimal {
  if (pool.costModel === "CLOUD") return pool.hourlyRatePerGpu.times(pool.gpuCount); // $/h = $/GPU-h × GPUs
  // $/h = ($ − $) ÷ months ÷ (h/month): straight-line amortisation down to the resale value
  return pool.purchasePrice.minus(pool.residualValue).div(pool.amortisationMonths).div(HOURS_PER_MONTH);
}

/** $/h of the operations staff: FTE share × $/year ÷ 8,760 h/year. */
export function staffCostPerHour(pool: PoolConfig): Decimal {
  return pool.staffFteShare.times(pool.staffAnnualCost).div(HOURS_PER_YEAR);
}

/** $ of electricity: kWh (IT, as measured at the GPUs) × PUE × $/kWh. */
export function energyCost(pool: PoolConfig, energyKwh: Decimal): Decimal {
  return energyKwh.times(pool.pue).times(pool.powerPricePerKwh);
}

/** The pool's cost for one hour in which the GPUs drew `energyKwhPerHour` (= average kW). */
export function poolCostPerHour(poolInput: unknown, usage: { energyKwhPerHour: DecimalInput }): CostBreakdown {
  const pool = validatePoolConfig(poolInput);
  const kwh = nonNegative(usage.energyKwhPerHour, "energyKwhPerHour");
  return breakdown(hardwareCostPerHour(pool), energyCost(pool, kwh), staffCostPerHour(pool)); // all $/h
}

/** The pool's cost over `hours` (e.g. a month: 730) in which the GPUs drew `energyKwh` in all. */
export function poolCostForPeriod(poolInput: unknown, usage: { hours: DecimalInput; energyKwh: DecimalInput }): CostBreakdown {
  const pool = validatePoolConfig(poolInput);
  const hours = nonNegative(usage.hours, "hours");
  const kwh = nonNegative(usage.energyKwh, "energyKwh");
  // $ = $/h × h for the time-based parts; energy is already a quantity for the period
  return breakdown(hardwareCostPerHour(pool).times(hours), energyCost(pool, kwh), staffCostPerHour(pool).times(hours));
}

export interface ModelTokens {
  modelName: string;
  promptTokens: bigint;
  generationTokens: bigint;
}

export interface EffectiveCost {
  totalTokens: bigint;
  /** $ per 1M tokens served (prompt + generation); null when nothing was served. */
  overall: Decimal | null;
  perModel: Array<{ modelName: string; tokens: bigint; share: Decimal; cost: Decimal; costPerMillion: Decimal | null }>;
}

/**
 * Effective $ per 1M tokens: cost ÷ tokens × 1,000,000. The cost is shared between models by
 * their share of the tokens, so each model's $/1M equals the overall figure; what differs per
 * model is the cost it carries. A prompt token and a generated token count alike (as vLLM counts).
 */
export function effectiveCostPerMillionTokens(cost: DecimalInput, models: readonly ModelTokens[]): EffectiveCost {
  const total = nonNegative(cost, "cost");
  const tokensOf = (m: ModelTokens) => m.promptTokens + m.generationTokens;
  const totalTokens = models.reduce((acc, m) => acc + tokensOf(m), 0n);
  const perMillion = (c: Decimal, tokens: bigint) => (tokens > 0n ? c.div(dec(tokens)).times(1_000_000) : null); // $/1M = $ ÷ tokens × 10^6
  return {
    totalTokens,
    overall: perMillion(total, totalTokens),
    perModel: models.map((m) => {
      const tokens = tokensOf(m);
      const share = totalTokens > 0n ? dec(tokens).div(dec(totalTokens)) : new Decimal(0); // tokens ÷ tokens
      const modelCost = total.times(share); // $ = $ × share
      return { modelName: m.modelName, tokens, share, cost: modelCost, costPerMillion: perMillion(modelCost, tokens) };
    }),
  };
}

export interface GpuHourUsage {
  gpuHours: DecimalInput | { toString(): string };
  avgUtilisation: number | DecimalInput | { toString(): string } | null;
  energyKwh: DecimalInput | { toString(): string };
}

/**
 * What idle GPUs cost: over hourly per-GPU rows whose average utilisation is below thresholdPct,
 * each GPU's share of the fixed cost (hardware + staff ÷ GPU count, for the hours it was observed)
 * plus the cost of the energy it drew. Rows without a utilisation reading are not called idle.
 */
export function idleCost(poolInput: unknown, hourlyRows: readonly GpuHourUsage[], thresholdPct: number): { cost: Decimal; gpuHours: Decimal; rows: number } {
  const pool = validatePoolConfig(poolInput);
  if (!(thresholdPct >= 0 && thresholdPct <= 100)) {
    throw new AppError("BAD_INPUT", "idle threshold must be between 0 and 100 (%)", { issues: [{ field: "thresholdPct", message: "must be between 0 and 100" }] });
  }
  const fixedPerGpuHour = hardwareCostPerHour(pool).plus(staffCostPerHour(pool)).div(pool.gpuCount); // $/GPU-h = $/h ÷ GPUs
  const idle = hourlyRows.filter((r) => r.avgUtilisation !== null && dec(r.avgUtilisation).lt(thresholdPct));
  const gpuHours = sum(idle.map((r) => dec(r.gpuHours)));
  const cost = sum(idle.map((r) => fixedPerGpuHour.times(dec(r.gpuHours)).plus(energyCost(pool, dec(r.energyKwh))))); // $ = $/GPU-h × GPU-h + energy $
  return { cost, gpuHours, rows: idle.length };
}

function breakdown(hardware: Decimal, energy: Decimal, staff: Decimal): CostBreakdown {
  return { hardware, energy, staff, total: hardware.plus(energy).plus(staff) };
}

function nonNegative(value: DecimalInput, field: string): Decimal {
  let d: Decimal;
  try {
    d = dec(value);
  } catch {
    throw new AppError("BAD_INPUT", `${field} must be a number`, { issues: [{ field, message: "must be a number" }] });
  }
  if (!d.isFinite() || d.isNegative()) {
    throw new AppError("BAD_INPUT", `${field} must be a finite number, not negative`, { issues: [{ field, message: "must not be negative" }] });
  }
  return d;
}
