import { Decimal } from "@/lib/money";
import { apiMonthlyCost, selfHostCostForGpus, selfHostMonthlyCost, totalTokens, type SelfHostOption, type TokensByKind } from "@/lib/breakeven";
import type { ScenarioInputs } from "./schema";

// Month by month, what staying put costs (baseline) and what the scenario costs, as cash: each
// amount is paid in the month it falls in, hardware included (bought when the pool first needs it,
// resale not counted — as the break-even TCO does). All amounts USD, exact decimals, unrounded.

const ONE = new Decimal(1);
const HUNDRED = new Decimal(100);
/** The comparison page's 3-year TCO needs 36 months whatever the horizon. */
export const TCO_MONTHS = 36;

export interface ScenarioMonth {
  month: number; // 1-based
  /** Whole workload's tokens this month = month-1 tokens × (1 + growth)^(month − 1). */
  volumeTokens: Decimal;
  /** Staying put: month-1 cost × (1 + vendor price change) × (1 + growth)^(month − 1). */
  baseline: Decimal;
  /** Still paid to today's vendor: all of the baseline during the ramp, the stay share after. */
  original: Decimal;
  /** Paid to the target API model for its share of the moved traffic. */
  targetApi: Decimal;
  /** The pool's running cost (rental, power, staff, fixed) for the GPUs this month needs. */
  selfHostRunning: Decimal;
  /** Hardware bought this month: capex of the GPUs beyond those already bought. */
  selfHostCapex: Decimal;
  /** Engineering weeks × weekly rate, in month 1 only. */
  migration: Decimal;
  gpus: number;
  /** original + targetApi + selfHostRunning + selfHostCapex + migration */
  scenario: Decimal;
  /** baseline − scenario (negative = the scenario costs more this month) */
  savings: Decimal;
  cumulativeSavings: Decimal;
  /** 1 ÷ (1 + annual rate)^(month ÷ 12): a month-end cash flow's value today. */
  discountFactor: Decimal;
  presentValue: Decimal;
}

/** How the moved traffic is split, as shares of one. */
export interface Shares {
  stay: Decimal; // stays on the original vendor
  moved: Decimal; // 1 − stay
  selfHost: Decimal; // share of the moved traffic on the pool
  api: Decimal; // share of the moved traffic on the target API
}

export function scenarioShares(inputs: ScenarioInputs): Shares {
  const stay = inputs.stayOnOriginalPct.div(HUNDRED);
  const t = inputs.target;
  const selfHost = t.kind === "selfHost" ? ONE : t.kind === "api" ? new Decimal(0) : t.selfHostSharePct.div(HUNDRED);
  return { stay, moved: ONE.minus(stay), selfHost, api: ONE.minus(selfHost) };
}

/** Month-1 baseline (USD): the measured month's cost, or the manual tokens at today's API price; before any price change. */
export function baselineMonthOne(inputs: ScenarioInputs): Decimal {
  const w = inputs.workload;
  return w.source === "measured" ? w.monthlyCost : apiMonthlyCost(w.monthlyTokens, w.price);
}

/** Compounding factor for month m = (1 + growth)^(m − 1); month 1 is today's volume. */
export function growthFactor(inputs: ScenarioInputs, month: number): Decimal {
  return ONE.plus(inputs.growthPctPerMonth.div(HUNDRED)).pow(month - 1);
}

/** Monthly discount base (1 + annual rate)^(1/12), so twelve months compound to exactly one year's rate. */
export function monthlyDiscountBase(inputs: ScenarioInputs): Decimal {
  const annual = ONE.plus(inputs.discountRatePctPerYear.div(HUNDRED));
  return inputs.discountRatePctPerYear.isZero() ? ONE : annual.pow(ONE.div(12));
}

function scaleTokens(t: TokensByKind, f: Decimal): TokensByKind {
  return { input: t.input.times(f), output: t.output.times(f), cachedInput: t.cachedInput.times(f), cacheWrite: t.cacheWrite.times(f) };
}

function poolOption(inputs: ScenarioInputs): SelfHostOption | null {
  const t = inputs.target;
  return t.kind === "api" ? null : t.selfHost.option;
}

/** The months 1..max(horizon, 36) of a parsed scenario. */
export function scenarioTimeline(inputs: ScenarioInputs, months = Math.max(inputs.horizonMonths, TCO_MONTHS)): ScenarioMonth[] {
  const shares = scenarioShares(inputs);
  const base1 = baselineMonthOne(inputs).times(ONE.plus(inputs.baselinePriceChangePct.div(HUNDRED)));
  const tokens1 = inputs.workload.monthlyTokens;
  const targetApi1 = inputs.target.kind === "selfHost" ? new Decimal(0) : apiMonthlyCost(tokens1, inputs.target.api.price);
  const option = poolOption(inputs);
  // A part of the target that carries no traffic is never built (no GPUs, no staff, no fixed cost).
  const poolBuilt = option !== null && shares.moved.gt(0) && shares.selfHost.gt(0);
  const migration = inputs.migration.engineeringWeeks.times(inputs.migration.weeklyRate);
  const discountBase = monthlyDiscountBase(inputs);

  const out: ScenarioMonth[] = [];
  let cumulative = new Decimal(0);
  let bought: number | null = null; // GPUs paid for so far (owned hardware is bought once)
  for (let m = 1; m <= months; m++) {
    const g = growthFactor(inputs, m);
    const baseline = base1.times(g);
    const original = m <= inputs.rampMonths ? baseline : baseline.times(shares.stay);
    const targetApi = targetApi1.times(g).times(shares.moved).times(shares.api); // linear in tokens
    let selfHostRunning = new Decimal(0);
    let selfHostCapex = new Decimal(0);
    let gpus = 0;
    if (poolBuilt) {
      const poolTokens = totalTokens(scaleTokens(tokens1, g.times(shares.moved).times(shares.selfHost)));
      const cost = selfHostMonthlyCost(option, poolTokens);
      gpus = cost.gpus;
      selfHostRunning = cost.running;
      if (bought === null) selfHostCapex = cost.capex;
      else if (gpus > bought) selfHostCapex = cost.capex.minus(selfHostCostForGpus(option, bought).capex);
      bought = Math.max(bought ?? 0, gpus);
    }
    const oneTime = m === 1 ? migration : new Decimal(0);
    const scenario = original.plus(targetApi).plus(selfHostRunning).plus(selfHostCapex).plus(oneTime);
    const savings = baseline.minus(scenario);
    cumulative = cumulative.plus(savings);
    const discountFactor = ONE.div(discountBase.pow(m));
    out.push({
      month: m,
      volumeTokens: totalTokens(tokens1).times(g),
      baseline,
      original,
      targetApi,
      selfHostRunning,
      selfHostCapex,
      migration: oneTime,
      gpus,
      scenario,
      savings,
      cumulativeSavings: cumulative,
      discountFactor,
      presentValue: savings.times(discountFactor),
    });
  }
  return out;
}

/**
 * Payback month: the first month whose cumulative savings are ≥ 0, i.e. what was spent on the move
 * has been earned back; null when that never happens within the months given, or when nothing
 * changes at all (every month's savings are exactly zero).
 */
export function paybackMonthOf(months: readonly ScenarioMonth[]): number | null {
  let anyChange = false;
  for (const m of months) {
    if (!m.savings.isZero()) anyChange = true;
    if (anyChange && m.cumulativeSavings.gte(0)) return m.month;
  }
  return null;
}

export interface ScenarioTotals {
  months: number;
  baseline: Decimal;
  scenario: Decimal;
  savings: Decimal;
  /** Σ savings × discount factor over the months (USD today). */
  npv: Decimal;
  paybackMonth: number | null;
}

export function totalsOf(months: readonly ScenarioMonth[]): ScenarioTotals {
  let baseline = new Decimal(0);
  let scenario = new Decimal(0);
  let npv = new Decimal(0);
  for (const m of months) {
    baseline = baseline.plus(m.baseline);
    scenario = scenario.plus(m.scenario);
    npv = npv.plus(m.presentValue);
  }
  return { months: months.length, baseline, scenario, savings: baseline.minus(scenario), npv, paybackMonth: paybackMonthOf(months) };
}
