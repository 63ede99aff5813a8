import { dec, Decimal } from "@/lib/money";
import type { ApiPrice, SelfHostOptionInput, TokensByKind } from "./inputs";

// Defaults for the break-even inputs, from what was measured where possible. Pure: the query
// layer (lib/spend/breakeven-data.ts) loads a pool's row and its hourly measurements; these
// functions turn them into the model's inputs. Every assumption is a named constant.

/** Share of a GPU's measured full-load throughput a plan should count on (headroom for peaks). */
export const DEFAULT_TARGET_UTILISATION = "0.7";
/** Average draw per GPU when a pool has no power readings yet (W), roughly an L40S/A100 under load. */
export const DEFAULT_WATTS_PER_GPU = "350";
/** Tokens/s per GPU when nothing was measured: a mid-size open-weight model on one data-centre GPU. */
export const ASSUMED_TOKENS_PER_SECOND = "1000";

type Num = { toString(): string };
export interface PoolRow {
  costModel: "CLOUD" | "OWNED";
  gpuCount: number;
  hourlyRatePerGpu: Num | null;
  purchasePrice: Num | null;
  amortisationMonths: number | null;
  residualValue: Num | null;
  powerPricePerKwh: Num;
  pue: Num;
  staffFteShare: Num;
  staffAnnualCost: Num;
}
export interface PoolMeasurements {
  /** Tokens/s one GPU serves when fully busy, measured; null when the pool served nothing yet. */
  tokensPerSecondPerGpu: Decimal | null;
  /** Average power per GPU (W) over the measured hours; null without readings. */
  avgWattsPerGpu: Decimal | null;
}

/**
 * A GPU pool as a self-host option. The pool's purchase price is for all its GPUs, so the model's
 * price per GPU = purchase ÷ GPU count and resale share = residual ÷ purchase; with n = the pool's
 * GPU count the model then costs exactly what lib/gpu/cost.ts says the pool costs.
 */
export function selfHostFromPool(pool: PoolRow, measured: PoolMeasurements): SelfHostOptionInput {
  const purchase = dec(pool.purchasePrice ?? 0);
  const residual = dec(pool.residualValue ?? 0);
  const cost: SelfHostOptionInput["cost"] =
    pool.costModel === "CLOUD"
      ? { kind: "cloud", hourlyRatePerGpu: dec(pool.hourlyRatePerGpu ?? 0).toString() }
      : {
          kind: "owned",
          purchasePricePerGpu: purchase.div(pool.gpuCount).toString(),
          amortisationMonths: pool.amortisationMonths ?? 36,
          residualShare: purchase.isZero() ? "0" : Decimal.min(residual.div(purchase), 1).toString(),
        };
  return {
    cost,
    power: { kind: "watts", wattsPerGpu: (measured.avgWattsPerGpu ?? dec(DEFAULT_WATTS_PER_GPU)).toDecimalPlaces(1).toString(), pricePerKwh: dec(pool.powerPricePerKwh).toString(), pue: dec(pool.pue).toString() },
    staff: { fteShare: dec(pool.staffFteShare).toString(), annualCost: dec(pool.staffAnnualCost).toString() },
    throughput: measured.tokensPerSecondPerGpu
      ? { tokensPerSecondPerGpu: measured.tokensPerSecondPerGpu.toDecimalPlaces(1).toString(), source: "measured" }
      : { tokensPerSecondPerGpu: ASSUMED_TOKENS_PER_SECOND, source: "assumed" },
    targetUtilisation: DEFAULT_TARGET_UTILISATION,
    minGpus: 1,
  };
}

/** Options offered when the org has no pool (and beside its pools): every figure an editable assumption. */
export const ASSUMED_OPTIONS: { id: string; label: string; option: SelfHostOptionInput }[] = [
  {
    id: "assumed-cloud",
    label: "Assumed: rented cloud GPUs ($2.50/GPU-hour)",
    option: {
      cost: { kind: "cloud", hourlyRatePerGpu: "2.5" },
      power: { kind: "monthlyAmount", perGpuPerMonth: "0" }, // included in the hourly rate
      staff: { fteShare: "0.1", annualCost: "160000" },
      throughput: { tokensPerSecondPerGpu: ASSUMED_TOKENS_PER_SECOND, source: "assumed" },
      targetUtilisation: DEFAULT_TARGET_UTILISATION,
      minGpus: 1,
    },
  },
  {
    id: "assumed-owned",
    label: "Assumed: bought GPUs ($25,000 each, 36 months)",
    option: {
      cost: { kind: "owned", purchasePricePerGpu: "25000", amortisationMonths: 36, residualShare: "0.1" },
      power: { kind: "watts", wattsPerGpu: "700", pricePerKwh: "0.12", pue: "1.4" },
      staff: { fteShare: "0.1", annualCost: "160000" },
      throughput: { tokensPerSecondPerGpu: ASSUMED_TOKENS_PER_SECOND, source: "assumed" },
      targetUtilisation: DEFAULT_TARGET_UTILISATION,
      minGpus: 1,
    },
  },
];

/**
 * One API price for a group of models: per token kind, the tokens-weighted average of the
 * models' prices (Σ tokens × price ÷ Σ tokens), so the group's API cost at its measured mix is
 * exactly the sum of its models' costs. Models without a price are left out (and counted).
 */
export function blendApiPrices(parts: { tokens: TokensByKind; price: ApiPrice | null }[]): { price: ApiPrice | null; unpriced: number } {
  const priced = parts.filter((p): p is { tokens: TokensByKind; price: ApiPrice } => p.price !== null);
  if (priced.length === 0) return { price: null, unpriced: parts.length };
  if (priced.length === 1) return { price: priced[0]!.price, unpriced: parts.length - 1 };
  const kinds = [
    ["input", "inputPerMTok", (p: ApiPrice) => p.inputPerMTok],
    ["output", "outputPerMTok", (p: ApiPrice) => p.outputPerMTok],
    ["cachedInput", "cachedInputPerMTok", (p: ApiPrice) => p.cachedInputPerMTok ?? p.inputPerMTok],
    ["cacheWrite", "cacheWritePerMTok", (p: ApiPrice) => p.cacheWritePerMTok ?? p.inputPerMTok],
  ] as const;
  const price = {} as Record<(typeof kinds)[number][1], Decimal>;
  for (const [kind, field, of] of kinds) {
    const tokens = priced.reduce((acc, p) => acc.plus(p.tokens[kind]), new Decimal(0));
    const cost = priced.reduce((acc, p) => acc.plus(p.tokens[kind].times(of(p.price))), new Decimal(0));
    // No tokens of this kind: any price gives the same cost; the plain mean keeps the field sensible when edited.
    price[field] = tokens.isZero() ? priced.reduce((acc, p) => acc.plus(of(p.price)), new Decimal(0)).div(priced.length) : cost.div(tokens);
  }
  return { price, unpriced: parts.length - priced.length };
}
