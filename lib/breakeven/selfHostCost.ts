import { Decimal } from "@/lib/money";
import type { SelfHostOption } from "./inputs";

// A month is 730 hours (8,760 h a year ÷ 12), so every month costs and serves the same.
export const HOURS_PER_MONTH = 730;
export const SECONDS_PER_MONTH = HOURS_PER_MONTH * 3600; // 2,628,000 s

/** Tokens one GPU serves in a month at the target utilisation = tokens/s × 2,628,000 s × utilisation. */
export function gpuMonthlyCapacity(option: SelfHostOption): Decimal {
  return option.throughput.tokensPerSecondPerGpu.times(SECONDS_PER_MONTH).times(option.targetUtilisation);
}

/**
 * GPUs the volume needs = max(minGpus, ceil(monthly tokens ÷ capacity per GPU)), i.e. the smallest
 * n ≥ minGpus with n × capacity ≥ volume. Checked by multiplication so a step edge is never off by one.
 */
export function gpusNeeded(option: SelfHostOption, monthlyTokens: Decimal): number {
  const capacity = gpuMonthlyCapacity(option);
  let n = monthlyTokens.div(capacity).ceil().toNumber();
  if (capacity.times(n).lt(monthlyTokens)) n += 1;
  if (n > 0 && capacity.times(n - 1).gte(monthlyTokens)) n -= 1;
  return Math.max(option.minGpus, n);
}

export interface SelfHostCost {
  gpus: number;
  /** USD paid up front for n GPUs (0 for cloud): GPUs + whole machines + other capex. */
  capex: Decimal;
  /** USD per month: (capex − residual) ÷ amortisation months (0 for cloud). */
  amortisedCapex: Decimal;
  /** USD per month of cloud GPU-hours: n × rate × 730 h (0 when owned). */
  gpuRental: Decimal;
  /** USD per month of electricity for n GPUs. */
  power: Decimal;
  /** USD per month of operations staff: FTE share × annual cost ÷ 12. */
  staff: Decimal;
  /** USD per month that does not depend on the GPU count. */
  fixed: Decimal;
  /** USD per month paid while running, excluding capex: rental + power + staff + fixed. */
  running: Decimal;
  /** USD per month for the break-even comparison: amortised capex + running. */
  total: Decimal;
}

/** Hardware price of n GPUs = n × GPU price + ceil(n ÷ GPUs per machine) × machine price (USD). */
function hardwarePrice(option: SelfHostOption, gpus: number): Decimal {
  if (option.cost.kind !== "owned") return new Decimal(0);
  const machines = Math.ceil(gpus / option.cost.gpusPerMachine);
  return option.cost.purchasePricePerGpu.times(gpus).plus(option.cost.machinePrice.times(machines));
}

/** Power for n GPUs (USD/month) = n × W ÷ 1000 × 730 h × PUE × USD/kWh, or n × a monthly amount. */
function powerCost(option: SelfHostOption, gpus: number): Decimal {
  const p = option.power;
  if (p.kind === "monthlyAmount") return p.perGpuPerMonth.times(gpus);
  return p.wattsPerGpu.times(gpus).div(1000).times(HOURS_PER_MONTH).times(p.pue).times(p.pricePerKwh);
}

/** The monthly self-host cost of a pool of exactly `gpus` GPUs. */
export function selfHostCostForGpus(option: SelfHostOption, gpus: number): SelfHostCost {
  const hardware = hardwarePrice(option, gpus);
  let capex = new Decimal(0);
  let amortisedCapex = new Decimal(0);
  let gpuRental = new Decimal(0);
  if (option.cost.kind === "owned") {
    capex = hardware.plus(option.cost.otherCapex);
    const residual = hardware.times(option.cost.residualShare);
    amortisedCapex = capex.minus(residual).div(option.cost.amortisationMonths); // USD/month, straight line
  } else {
    gpuRental = option.cost.hourlyRatePerGpu.times(gpus).times(HOURS_PER_MONTH); // USD/month
  }
  const power = powerCost(option, gpus);
  const staff = option.staff.fteShare.times(option.staff.annualCost).div(12); // USD/month
  const fixed = option.fixedMonthly;
  const running = gpuRental.plus(power).plus(staff).plus(fixed);
  return { gpus, capex, amortisedCapex, gpuRental, power, staff, fixed, running, total: amortisedCapex.plus(running) };
}

/** Self-host monthly cost at a volume = fixed part + the part that steps with gpusNeeded(volume). */
export function selfHostMonthlyCost(option: SelfHostOption, monthlyTokens: Decimal): SelfHostCost {
  return selfHostCostForGpus(option, gpusNeeded(option, monthlyTokens));
}

/**
 * Lower bound of the cost of n GPUs, linear in n (USD/month): fixed + n × perGpu, where perGpu
 * counts a machine's price spread over its GPUs. Used to skip steps that cannot break even.
 */
export function linearCostBounds(option: SelfHostOption): { fixed: Decimal; perGpu: Decimal; stepSlack: Decimal } {
  const zero = selfHostCostForGpus(option, 0).total;
  let perGpu = selfHostCostForGpus(option, 1).total.minus(zero);
  let stepSlack = new Decimal(0); // the most a cost rises above fixed + n × perGpu (a part-filled machine)
  if (option.cost.kind === "owned" && option.cost.gpusPerMachine > 1) {
    const machineShare = option.cost.machinePrice.times(new Decimal(1).minus(option.cost.residualShare)).div(option.cost.amortisationMonths);
    perGpu = perGpu.minus(machineShare).plus(machineShare.div(option.cost.gpusPerMachine));
    stepSlack = machineShare;
  }
  return { fixed: zero, perGpu, stepSlack };
}
