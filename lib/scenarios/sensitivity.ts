import { Decimal } from "@/lib/money";
import type { ScenarioInputs } from "./schema";
import { scenarioTimeline, totalsOf } from "./timeline";

// Tornado: move one input at a time to 80 % and 120 % of its value and see where the NPV lands.
// A lever that groups several fields (a price has input and output parts) moves them together.

export const SENSITIVITY_STEP = new Decimal("0.2");

export interface NpvSensitivityRow {
  /** Dotted path(s) of the input(s) moved, as in the scenario input. */
  inputs: string[];
  label: string;
  /** The input's value and its moved values, when the lever is one number; null for a group. */
  base: Decimal | null;
  low: Decimal | null;
  high: Decimal | null;
  npvAtLow: Decimal;
  npvAtHigh: Decimal;
  /** |npvAtHigh − npvAtLow|: how far this input alone moves the NPV. */
  swing: Decimal;
}

type Bound = "atMostOne" | "atMostHundred" | "wholeMonths" | "growth";
interface Lever {
  label: string;
  paths: string[];
  bound?: Bound;
}

/** Every input that moves the NPV; paths absent for this scenario (e.g. no pool) are skipped. */
const LEVERS: readonly Lever[] = [
  { label: "Monthly volume", paths: ["workload.monthlyTokens", "workload.monthlyRequests", "workload.monthlyCost"] },
  // Measured: the month's cost moves with the vendor's prices at the same volume.
  { label: "Today's price", paths: ["workload.price", "workload.monthlyCost"] },
  { label: "Monthly growth", paths: ["growthPctPerMonth"], bound: "growth" },
  { label: "Engineering weeks", paths: ["migration.engineeringWeeks"] },
  { label: "Weekly engineering rate", paths: ["migration.weeklyRate"] },
  { label: "Ramp (months in parallel)", paths: ["rampMonths"], bound: "wholeMonths" },
  { label: "Share staying on the original", paths: ["stayOnOriginalPct"], bound: "atMostHundred" },
  { label: "Discount rate", paths: ["discountRatePctPerYear"], bound: "atMostHundred" },
  { label: "Target API price", paths: ["target.api.price"] },
  { label: "Share on the self-hosted pool", paths: ["target.selfHostSharePct"], bound: "atMostHundred" },
  { label: "Throughput per GPU", paths: ["target.selfHost.option.throughput.tokensPerSecondPerGpu"] },
  { label: "Target utilisation", paths: ["target.selfHost.option.targetUtilisation"], bound: "atMostOne" },
  { label: "GPU hourly rate", paths: ["target.selfHost.option.cost.hourlyRatePerGpu"] },
  { label: "GPU purchase price", paths: ["target.selfHost.option.cost.purchasePricePerGpu"] },
  { label: "Machine price", paths: ["target.selfHost.option.cost.machinePrice"] },
  { label: "Other capex", paths: ["target.selfHost.option.cost.otherCapex"] },
  { label: "Power draw per GPU", paths: ["target.selfHost.option.power.wattsPerGpu"] },
  { label: "Electricity price", paths: ["target.selfHost.option.power.pricePerKwh"] },
  { label: "Power cost per GPU", paths: ["target.selfHost.option.power.perGpuPerMonth"] },
  { label: "Staff cost", paths: ["target.selfHost.option.staff.annualCost"] },
  { label: "Fixed monthly cost", paths: ["target.selfHost.option.fixedMonthly"] },
];

function valueAt(obj: unknown, path: string[]): unknown {
  return path.reduce<unknown>((o, key) => (o !== null && typeof o === "object" && !(o instanceof Decimal) ? (o as Record<string, unknown>)[key] : undefined), obj);
}

/** A copy of obj with the value at path replaced; nothing is mutated. */
function withValueAt<T>(obj: T, path: string[], value: unknown): T {
  const [head, ...rest] = path;
  if (head === undefined) return value as T;
  const o = obj as Record<string, unknown>;
  return { ...o, [head]: withValueAt(o[head], rest, value) } as T;
}

function moved(v: Decimal, factor: Decimal, bound: Bound | undefined, horizon: number): Decimal {
  const x = v.times(factor);
  if (bound === "atMostOne") return Decimal.min(x, 1);
  if (bound === "atMostHundred") return Decimal.min(x, 100);
  if (bound === "growth") return Decimal.max(x, -100); // a workload cannot shrink by more than all of it
  if (bound === "wholeMonths") return Decimal.min(x.toDecimalPlaces(0, Decimal.ROUND_HALF_UP), horizon);
  return x;
}

/** Scale a value (a Decimal, a whole number, or an object of Decimals such as a price) by factor. */
function scaled(value: unknown, factor: Decimal, bound: Bound | undefined, horizon: number): unknown {
  if (value instanceof Decimal) return moved(value, factor, bound, horizon);
  if (typeof value === "number") return moved(new Decimal(value), factor, bound, horizon).toNumber();
  if (value !== null && typeof value === "object") {
    return Object.fromEntries(Object.entries(value).map(([k, v]) => [k, scaled(v, factor, bound, horizon)]));
  }
  return value; // undefined optional price parts stay absent
}

function isNonZero(value: unknown): boolean {
  if (value instanceof Decimal) return !value.isZero();
  if (typeof value === "number") return value !== 0;
  if (value !== null && typeof value === "object") return Object.values(value).some(isNonZero);
  return false;
}

const npvOf = (inputs: ScenarioInputs) => totalsOf(scenarioTimeline(inputs, inputs.horizonMonths)).npv;

/** Tornado rows for the NPV with each input at −20 % and +20 %, largest swing first. */
export function npvSensitivity(inputs: ScenarioInputs): NpvSensitivityRow[] {
  const rows: NpvSensitivityRow[] = [];
  const low = new Decimal(1).minus(SENSITIVITY_STEP);
  const high = new Decimal(1).plus(SENSITIVITY_STEP);
  for (const lever of LEVERS) {
    const present = lever.paths.map((p) => ({ path: p.split("."), value: valueAt(inputs, p.split(".")) })).filter((p) => p.value !== undefined);
    if (!present.some((p) => isNonZero(p.value))) continue; // ±20 % of nothing moves nothing
    const at = (factor: Decimal) => present.reduce((acc, p) => withValueAt(acc, p.path, scaled(p.value, factor, lever.bound, inputs.horizonMonths)), inputs);
    const single = present.length === 1 && (present[0]!.value instanceof Decimal || typeof present[0]!.value === "number") ? new Decimal(present[0]!.value as Decimal | number) : null;
    const lowValue = single ? moved(single, low, lever.bound, inputs.horizonMonths) : null;
    const highValue = single ? moved(single, high, lever.bound, inputs.horizonMonths) : null;
    if (single && lowValue!.eq(single) && highValue!.eq(single)) continue; // e.g. a 1-month ramp rounds back to 1
    const npvAtLow = npvOf(at(low));
    const npvAtHigh = npvOf(at(high));
    rows.push({
      inputs: present.map((p) => p.path.join(".")),
      label: lever.label,
      base: single,
      low: lowValue,
      high: highValue,
      npvAtLow,
      npvAtHigh,
      swing: npvAtHigh.minus(npvAtLow).abs(),
    });
  }
  return rows.sort((a, b) => b.swing.comparedTo(a.swing) || a.label.localeCompare(b.label));
}
