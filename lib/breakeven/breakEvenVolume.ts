import { Decimal } from "@/lib/money";
import { AppError } from "@/lib/errors";
import type { SelfHostOption } from "./inputs";
import { gpuMonthlyCapacity, linearCostBounds, selfHostCostForGpus, selfHostMonthlyCost, type SelfHostCost } from "./selfHostCost";

// Break-even volume: the smallest monthly volume at which self-hosting costs no more than the API.
// API cost is a line through zero; self-host cost is a staircase (flat while the GPUs needed stay
// the same, a jump when one more is needed). On each stair the crossing is solved exactly, stairs
// are walked in order, so the first crossing found is the smallest. Just past a stair edge the API
// can be cheaper again for a while; the cost curve shows where.

/** Beyond a quadrillion tokens a month (10^15) no company's workload is plausible: stop there. */
export const DEFAULT_MAX_MONTHLY_TOKENS = new Decimal("1e15");
const MAX_STAIRS_WALKED = 200_000;

/** What the search needs: the self-host option, the API's USD per token at this mix, tokens per request. */
export interface BreakEvenModel {
  option: SelfHostOption;
  /** USD per token for the workload's mix (API cost at V tokens = V × this). */
  apiPricePerToken: Decimal;
  /** Tokens in one request, when the workload was given per request. */
  tokensPerRequest: Decimal | null;
}

export interface CostsAtVolume {
  tokens: Decimal;
  api: Decimal; // USD/month = tokens × USD/token
  selfHost: SelfHostCost;
}

/** Both monthly costs at a volume; the one definition the search, curve and tests share. */
export function costsAtVolume(model: BreakEvenModel, tokens: Decimal): CostsAtVolume {
  return { tokens, api: tokens.times(model.apiPricePerToken), selfHost: selfHostMonthlyCost(model.option, tokens) };
}

export type BreakEvenReason = "found" | "never-cheaper" | "beyond-cap";

export interface BreakEven {
  /** Smallest whole number of tokens per month at which self-host ≤ API; null if none. */
  tokens: Decimal | null;
  /** Smallest whole number of requests per month likewise; null if none or not given per request. */
  requests: Decimal | null;
  /** GPUs needed at the break-even token volume. */
  gpus: number | null;
  /** "never-cheaper": a GPU costs more than the API bill for what it can serve; "beyond-cap": above the cap. */
  reason: BreakEvenReason;
}

type UnitSearch = { units: Decimal; gpus: number } | { units: null; reason: Exclude<BreakEvenReason, "found"> };

/**
 * Smallest whole number of units (a unit is `unitTokens` tokens: 1 for tokens, tokens per request
 * for requests) at which self-host cost ≤ API cost, walking the GPU stairs in order.
 */
function smallestWinningUnits(model: BreakEvenModel, unitTokens: Decimal, maxTokens: Decimal): UnitSearch {
  const { option, apiPricePerToken: p } = model;
  const capacity = gpuMonthlyCapacity(option); // tokens per GPU per month
  const apiAt = (units: Decimal) => units.times(unitTokens).times(p); // USD/month, as costsAtVolume
  // Largest whole number of units k GPUs can serve: u × unitTokens ≤ k × capacity.
  const lastUnitOn = (k: number): Decimal => {
    const edge = capacity.times(k);
    let u = edge.div(unitTokens).floor();
    while (u.plus(1).times(unitTokens).lte(edge)) u = u.plus(1);
    while (u.gt(0) && u.times(unitTokens).gt(edge)) u = u.minus(1);
    return u;
  };

  // cost(k) ≥ fixed + k × perGpu, and the API pays at most k × capacity × p on stair k, so a
  // stair can only win once k × (capacity × p − perGpu) ≥ fixed: skip the stairs below that.
  const { fixed, perGpu } = linearCostBounds(option);
  const margin = capacity.times(p).minus(perGpu); // USD/month one fully used GPU saves over the API
  if (margin.lte(0) && fixed.gt(0)) return { units: null, reason: "never-cheaper" };
  let k = option.minGpus;
  if (margin.gt(0)) {
    const firstPossible = fixed.div(margin).ceil().minus(1); // −1 guards a tie lost to rounding
    if (capacity.times(firstPossible.minus(1)).gt(maxTokens)) return { units: null, reason: "beyond-cap" };
    k = Math.max(option.minGpus, firstPossible.toNumber());
  }

  for (let walked = 0; walked < MAX_STAIRS_WALKED; walked++, k++) {
    const firstUnit = k === option.minGpus ? new Decimal(0) : lastUnitOn(k - 1).plus(1);
    if (firstUnit.times(unitTokens).gt(maxTokens)) return { units: null, reason: "beyond-cap" };
    const cost = selfHostCostForGpus(option, k).total;
    let units: Decimal;
    if (p.isZero()) {
      if (!cost.isZero()) return { units: null, reason: "never-cheaper" };
      units = new Decimal(0);
    } else {
      units = cost.div(unitTokens.times(p)).ceil(); // units × unitTokens × p ≥ cost
      while (units.gt(0) && apiAt(units.minus(1)).gte(cost)) units = units.minus(1);
      while (apiAt(units).lt(cost)) units = units.plus(1);
    }
    units = Decimal.max(units, firstUnit);
    if (units.lte(lastUnitOn(k))) {
      if (units.times(unitTokens).gt(maxTokens)) return { units: null, reason: "beyond-cap" };
      return { units, gpus: k };
    }
    if (margin.lte(0)) return { units: null, reason: "never-cheaper" }; // only the first stair could tie
  }
  throw new AppError("INTERNAL", `break-even search walked ${MAX_STAIRS_WALKED} GPU steps without an answer`, {
    issues: [{ field: "selfHost", message: "the saving per GPU is too small next to the price of a machine to search step by step" }],
  });
}

/** Break-even volume in tokens (and in requests when the workload was given per request). */
export function breakEvenVolume(model: BreakEvenModel, maxTokens: Decimal = DEFAULT_MAX_MONTHLY_TOKENS): BreakEven {
  const byToken = smallestWinningUnits(model, new Decimal(1), maxTokens);
  if (byToken.units === null) return { tokens: null, requests: null, gpus: null, reason: byToken.reason };
  let requests: Decimal | null = null;
  if (model.tokensPerRequest && model.tokensPerRequest.gt(0)) {
    requests = smallestWinningUnits(model, model.tokensPerRequest, maxTokens).units;
  }
  return { tokens: byToken.units, requests, gpus: byToken.gpus, reason: "found" };
}
