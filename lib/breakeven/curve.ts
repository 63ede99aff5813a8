import { Decimal } from "@/lib/money";
import { costsAtVolume, type BreakEvenModel } from "./breakEvenVolume";
import { gpuMonthlyCapacity, gpusNeeded, selfHostCostForGpus } from "./selfHostCost";

export interface CurvePoint {
  tokens: Decimal; // tokens per month
  requests: Decimal | null; // tokens ÷ tokens per request, when given per request
  gpus: number;
  apiCost: Decimal; // USD/month
  selfHostCost: Decimal; // USD/month
}

/** Past this many GPU steps in range the curve samples evenly instead of listing every edge. */
export const MAX_CURVE_EDGES = 200;

/**
 * Cost against volume from 0 to `upToTokens`, for a chart. Each step edge k × capacity appears
 * twice, priced at k GPUs and then at k + 1, so a line chart draws the jump as a vertical; the
 * break-even volume is included when in range. With more than MAX_CURVE_EDGES edges in range,
 * `samples` evenly spaced volumes are returned instead (the staircase is then too fine to see).
 */
export function costCurve(model: BreakEvenModel, upToTokens: Decimal, breakEvenTokens: Decimal | null = null, samples = 100): CurvePoint[] {
  const capacity = gpuMonthlyCapacity(model.option);
  const point = (tokens: Decimal, gpus?: number): CurvePoint => {
    const n = gpus ?? gpusNeeded(model.option, tokens);
    return {
      tokens,
      requests: model.tokensPerRequest?.gt(0) ? tokens.div(model.tokensPerRequest) : null,
      gpus: n,
      apiCost: costsAtVolume(model, tokens).api,
      selfHostCost: selfHostCostForGpus(model.option, n).total,
    };
  };

  const first = gpusNeeded(model.option, new Decimal(0));
  const last = gpusNeeded(model.option, upToTokens);
  const points: CurvePoint[] = [point(new Decimal(0))];
  if (first === 0 && last > 0) points.push(point(new Decimal(0), 1)); // a pool that scales to zero jumps at once
  if (last - first <= MAX_CURVE_EDGES) {
    for (let k = Math.max(first, 1); k < last; k++) {
      const edge = capacity.times(k); // the most tokens k GPUs serve
      points.push(point(edge, k), point(edge, k + 1));
    }
  } else {
    for (let i = 1; i < samples; i++) points.push(point(upToTokens.times(i).div(samples)));
  }
  if (upToTokens.gt(0)) points.push(point(upToTokens));
  if (breakEvenTokens && breakEvenTokens.gt(0) && breakEvenTokens.lt(upToTokens)) points.push(point(breakEvenTokens));
  return points.sort((a, b) => a.tokens.comparedTo(b.tokens) || a.gpus - b.gpus);
}

export interface BreakEvenStanding {
  /** measured ÷ break-even volume; null when there is no break-even or it is 0. */
  share: Decimal | null;
  /** share × 100, rounded to a whole percent. */
  percent: number | null;
  sentence: string;
}

/** Where a measured monthly volume stands against the break-even volume: "38% of break-even". */
export function breakEvenStanding(measuredTokens: Decimal, breakEvenTokens: Decimal | null): BreakEvenStanding {
  if (breakEvenTokens === null) {
    return { share: null, percent: null, sentence: "Self-hosting does not break even within the modelled range." };
  }
  if (breakEvenTokens.isZero()) return { share: null, percent: null, sentence: "Self-hosting costs no more than the API at any volume." };
  const share = measuredTokens.div(breakEvenTokens);
  const percent = share.times(100).toDecimalPlaces(0, Decimal.ROUND_HALF_UP).toNumber();
  return { share, percent, sentence: `${percent}% of break-even` };
}
