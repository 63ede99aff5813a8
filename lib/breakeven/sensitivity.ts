import { Decimal } from "@/lib/money";
import { breakEvenVolume } from "./breakEvenVolume";
import { buildModel, type BreakEvenInputs } from "./model";

// Tornado chart: move one input at a time by ±20% and see how far the break-even volume moves.

export const SENSITIVITY_STEP = new Decimal("0.2");

export interface SensitivityRow {
  /** Dotted path of the input, as in the break-even input (e.g. "selfHost.targetUtilisation"). */
  input: string;
  base: Decimal;
  low: Decimal; // base × 0.8, kept valid (e.g. PUE never below 1)
  high: Decimal; // base × 1.2, kept valid (e.g. utilisation never above 1)
  /** Break-even tokens per month with the input at low / high; null = never within the cap. */
  breakEvenAtLow: Decimal | null;
  breakEvenAtHigh: Decimal | null;
}

type Bound = "atMostOne" | "atLeastOne" | "wholeMonths";

/** Every numeric input that can move the break-even; an input absent for this option is skipped. */
const LEVERS: ReadonlyArray<{ path: string; bound?: Bound }> = [
  { path: "apiPrice.inputPerMTok" },
  { path: "apiPrice.outputPerMTok" },
  { path: "apiPrice.cachedInputPerMTok" },
  { path: "apiPrice.cacheWritePerMTok" },
  { path: "selfHost.throughput.tokensPerSecondPerGpu" },
  { path: "selfHost.targetUtilisation", bound: "atMostOne" },
  { path: "selfHost.cost.hourlyRatePerGpu" },
  { path: "selfHost.cost.purchasePricePerGpu" },
  { path: "selfHost.cost.machinePrice" },
  { path: "selfHost.cost.otherCapex" },
  { path: "selfHost.cost.amortisationMonths", bound: "wholeMonths" },
  { path: "selfHost.cost.residualShare", bound: "atMostOne" },
  { path: "selfHost.power.wattsPerGpu" },
  { path: "selfHost.power.pricePerKwh" },
  { path: "selfHost.power.pue", bound: "atLeastOne" },
  { path: "selfHost.power.perGpuPerMonth" },
  { path: "selfHost.staff.fteShare" },
  { path: "selfHost.staff.annualCost" },
  { path: "selfHost.fixedMonthly" },
];

function valueAt(obj: unknown, path: string[]): unknown {
  return path.reduce<unknown>((o, key) => (o !== null && typeof o === "object" ? (o as Record<string, unknown>)[key] : undefined), obj);
}

/** A copy of obj with the value at path replaced; the rest is shared, nothing is mutated. */
function withValueAt<T>(obj: T, path: string[], value: unknown): T {
  const [head, ...rest] = path;
  if (head === undefined) return value as T;
  const o = obj as Record<string, unknown>;
  return { ...o, [head]: withValueAt(o[head], rest, value) } as T;
}

function moved(base: Decimal, factor: Decimal, bound: Bound | undefined): Decimal {
  const v = base.times(factor);
  if (bound === "atMostOne") return Decimal.min(v, 1);
  if (bound === "atLeastOne") return Decimal.max(v, 1);
  if (bound === "wholeMonths") return Decimal.max(v.toDecimalPlaces(0, Decimal.ROUND_HALF_UP), 1);
  return v;
}

/** How much a row's break-even moves; a move to or from "never" counts as the largest. */
function swing(row: SensitivityRow): Decimal {
  if (row.breakEvenAtLow === null && row.breakEvenAtHigh === null) return new Decimal(0);
  if (row.breakEvenAtLow === null || row.breakEvenAtHigh === null) return new Decimal(Infinity);
  return row.breakEvenAtHigh.minus(row.breakEvenAtLow).abs();
}

/** Tornado rows for break-even tokens at each input ±20%, largest swing first. */
export function breakEvenSensitivity(inputs: BreakEvenInputs): SensitivityRow[] {
  const breakEvenWith = (changed: BreakEvenInputs): Decimal | null => {
    const { model } = buildModel(changed);
    return breakEvenVolume({ ...model, tokensPerRequest: null }, changed.maxMonthlyTokens).tokens;
  };
  const rows: SensitivityRow[] = [];
  for (const lever of LEVERS) {
    const path = lever.path.split(".");
    const raw = valueAt(inputs, path);
    const isMonths = typeof raw === "number";
    if (!(raw instanceof Decimal) && !isMonths) continue; // not part of this option (e.g. cloud has no capex)
    const base = new Decimal(raw);
    if (base.isZero()) continue; // ±20% of nothing moves nothing
    const low = moved(base, new Decimal(1).minus(SENSITIVITY_STEP), lever.bound);
    const high = moved(base, new Decimal(1).plus(SENSITIVITY_STEP), lever.bound);
    const as = (v: Decimal) => (isMonths ? v.toNumber() : v);
    rows.push({
      input: lever.path,
      base,
      low,
      high,
      breakEvenAtLow: breakEvenWith(withValueAt(inputs, path, as(low))),
      breakEvenAtHigh: breakEvenWith(withValueAt(inputs, path, as(high))),
    });
  }
  return rows.sort((a, b) => swing(b).comparedTo(swing(a)));
}
