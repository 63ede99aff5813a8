import { dec, Decimal } from "@/lib/money";
import { capabilityOf } from "@/lib/pricing/capability-tiers";
import { gpuType, servingEstimate, MODEL_SIZE_LABEL, type GpuType } from "@/lib/gpu/gpu-types";
import type { SelfHostOptionInput } from "./inputs";

// The one translation of a GPU pool into the break-even engine's self-host option, used by the
// Break-even page, the Overview headline and the scenario builder alike, with one set of defaults.
// Pure and browser-safe: its inputs are the pool's settings and its measurement as strings.
//
// A measured pool costs what it costs: it is modelled at its own GPU count (never fewer), and only
// the labelled "right-size" what-if lets the model start from the GPUs the replacement model needs.

/** Share of a GPU's full-load throughput a plan counts on: 30 % headroom for peaks (assumption, editable). */
export const DEFAULT_TARGET_UTILISATION = "0.7";
/** Average draw per GPU when neither the pool nor its GPU type says (W): an L40S-class card under load. */
export const DEFAULT_WATTS_PER_GPU = "350";
/** Tokens/s per GPU when nothing is known about the GPU or the model: a ~8B model on a data-centre card. */
export const DEFAULT_TOKENS_PER_SECOND = "1000";
/** A tenth of a $160,000/year operations engineer per pool, when a new pool is planned. */
export const DEFAULT_STAFF = { fteShare: "0.1", annualCost: "160000" } as const;
/** Facility overhead for owned GPUs in a small server room (power into the room ÷ power at the GPUs). */
export const DEFAULT_PUE = "1.4";
export const DEFAULT_POWER_PRICE_PER_KWH = "0.15";
export const DEFAULT_AMORTISATION_MONTHS = 36;

/** A GpuPool row's settings as they travel to the browser (decimals as strings). */
export interface PoolSettings {
  id: string;
  name: string;
  gpuModel: string;
  gpuCount: number;
  costModel: "CLOUD" | "OWNED";
  hourlyRatePerGpu: string | null;
  purchasePrice: string | null;
  amortisationMonths: number | null;
  residualValue: string | null;
  powerPricePerKwh: string;
  pue: string;
  staffFteShare: string;
  staffAnnualCost: string;
}

/** What the pool measured over the window (lib/gpu/pool-measurement.ts). */
export interface PoolMeasurement {
  windowDays: number;
  /** Prompt + generated tokens served in the window. */
  tokensServed: string;
  /** Tokens/s one GPU serves when fully busy; null without busy time or without tokens. */
  tokensPerSecondPerGpu: string | null;
  /** Average draw per GPU over the GPU-hours that had a power reading (W); null without readings. */
  avgWattsPerGpu: string | null;
  /** The model that served most of the tokens, as vLLM names it; null when nothing was served. */
  servedModel: string | null;
}

export type PoolSizing = "as-measured" | "right-size";

export interface PoolOption {
  option: SelfHostOptionInput;
  /** Whether the throughput was measured on this pool serving the replacement model, or estimated. */
  throughput: "measured" | "estimated";
  /** False when the replacement model does not fit on this GPU type: the option is then not a real plan. */
  fits: boolean;
  /** One sentence on where throughput, power and size come from. */
  note: string;
}

const sameModel = (a: string, b: string) => {
  const ca = capabilityOf(a);
  const cb = capabilityOf(b);
  return ca && cb ? ca.family === cb.family : a.toLowerCase().split("/").at(-1) === b.toLowerCase().split("/").at(-1);
};

/**
 * The pool as a self-host option for serving `replacementModel` (the open-weight model that would
 * replace the API model; null = whatever the pool serves). Throughput is the pool's measurement
 * when it serves that model, else the GPU type × model size estimate; the GPU count is the pool's
 * own (as measured) or only what the model needs (right-size), never fewer than hold the model.
 */
export function poolSelfHostOption(pool: PoolSettings, measured: PoolMeasurement, replacementModel: string | null, sizing: PoolSizing = "as-measured"): PoolOption {
  const type = gpuType(pool.gpuModel);
  const purchase = dec(pool.purchasePrice ?? 0);
  const owned = pool.costModel === "OWNED" && pool.purchasePrice !== null;
  const cost: SelfHostOptionInput["cost"] = owned
    ? {
        kind: "owned",
        // the pool's price is for all its GPUs: one GPU = price ÷ count; resale share = residual ÷ price
        purchasePricePerGpu: purchase.div(pool.gpuCount).toString(),
        amortisationMonths: pool.amortisationMonths ?? DEFAULT_AMORTISATION_MONTHS,
        residualShare: purchase.isZero() ? "0" : Decimal.min(dec(pool.residualValue ?? 0).div(purchase), 1).toString(),
      }
    : { kind: "cloud", hourlyRatePerGpu: dec(pool.hourlyRatePerGpu ?? 0).toString() };
  const watts = measured.avgWattsPerGpu !== null ? dec(measured.avgWattsPerGpu) : dec(type?.watts ?? DEFAULT_WATTS_PER_GPU);

  const served = measured.servedModel;
  const wanted = replacementModel ?? served;
  const servesIt = served !== null && wanted !== null && sameModel(served, wanted);
  const params = wanted ? capabilityOf(wanted)?.paramsB ?? null : null;
  const estimate = params !== null ? servingEstimate(pool.gpuModel, params) : null;
  const fits = params === null || estimate !== null;
  const gpusToHold = estimate?.gpusToHold ?? 1;

  let tokensPerSecond: Decimal;
  let throughput: PoolOption["throughput"];
  let why: string;
  const where = `${pool.gpuCount} × ${pool.gpuModel}`;
  if (servesIt && measured.tokensPerSecondPerGpu !== null) {
    tokensPerSecond = dec(measured.tokensPerSecondPerGpu);
    throughput = "measured";
    why = `Throughput and power measured on ${pool.name} (${where}) serving ${served} over the last ${measured.windowDays} days; costs from the pool's settings.`;
  } else {
    tokensPerSecond = dec(estimate?.tokensPerSecond ?? type?.tokensPerSecond ?? DEFAULT_TOKENS_PER_SECOND);
    throughput = "estimated";
    const basis = estimate
      ? `the estimate for ${estimate.gpuType} with a model of ${MODEL_SIZE_LABEL[estimate.sizeClass]}`
      : !fits
        ? `not known: ${wanted} does not fit on ${type?.name ?? pool.gpuModel} cards in our estimates`
        : type
          ? `the ${type.name} estimate for a ~8B model (the size of ${wanted ?? "the model"} is not in the capability table)`
          : "an assumption (the GPU type is not in our table)";
    const state =
      dec(measured.tokensServed).isZero()
        ? `${pool.name} has not served measured traffic in the last ${measured.windowDays} days`
        : !servesIt
          ? `${pool.name} serves ${served}, not ${wanted}`
          : `${pool.name} served ${dec(measured.tokensServed).toFixed(0)} tokens in the last ${measured.windowDays} days but its utilisation readings show no busy time to divide them by`;
    why = `${state}: throughput is ${basis}; edit it if you know better.`;
  }
  const minGpus = sizing === "as-measured" ? Math.max(pool.gpuCount, gpusToHold) : gpusToHold;
  const size = sizing === "as-measured" ? ` Modelled at its real size, ${minGpus} GPU${minGpus === 1 ? "" : "s"} or more.` : ` What-if: right-sized, from ${minGpus} GPU${minGpus === 1 ? "" : "s"} up to what the volume needs.`;
  return {
    option: {
      cost,
      power: { kind: "watts", wattsPerGpu: watts.toDecimalPlaces(1, Decimal.ROUND_HALF_UP).toString(), pricePerKwh: dec(pool.powerPricePerKwh).toString(), pue: Decimal.max(1, dec(pool.pue)).toString() },
      staff: { fteShare: dec(pool.staffFteShare).toString(), annualCost: dec(pool.staffAnnualCost).toString() },
      throughput: { tokensPerSecondPerGpu: tokensPerSecond.toDecimalPlaces(1, Decimal.ROUND_DOWN).toString(), source: throughput === "measured" ? "measured" : "assumed" },
      targetUtilisation: DEFAULT_TARGET_UTILISATION,
      minGpus,
    },
    throughput,
    fits,
    note: why + size,
  };
}

/** A new pool of a GPU type serving `replacementModel` (null = a ~8B model): every figure an editable assumption. */
export function newPoolOption(type: GpuType, costKind: "cloud" | "owned", replacementModel: string | null = null, powerPricePerKwh = DEFAULT_POWER_PRICE_PER_KWH) {
  const params = replacementModel ? capabilityOf(replacementModel)?.paramsB ?? null : null;
  const estimate = params !== null ? servingEstimate(type.name, params) : null;
  return {
    cost: costKind === "cloud"
      ? { kind: "cloud" as const, hourlyRatePerGpu: type.cloudHourlyRate }
      : { kind: "owned" as const, purchasePricePerGpu: type.purchasePrice, machinePrice: "0", gpusPerMachine: 1, otherCapex: "0", amortisationMonths: DEFAULT_AMORTISATION_MONTHS, residualShare: "0" },
    // Cloud rates include power; owned GPUs pay for their own.
    power: costKind === "cloud" ? { kind: "monthlyAmount" as const, perGpuPerMonth: "0" } : { kind: "watts" as const, wattsPerGpu: type.watts, pricePerKwh: powerPricePerKwh, pue: DEFAULT_PUE },
    staff: { ...DEFAULT_STAFF },
    fixedMonthly: "0",
    throughput: { tokensPerSecondPerGpu: estimate?.tokensPerSecond ?? type.tokensPerSecond, source: "assumed" as const },
    targetUtilisation: DEFAULT_TARGET_UTILISATION,
    minGpus: estimate?.gpusToHold ?? 1,
  };
}
