import { Decimal } from "@/lib/money";
import { totalTokens, type TokensByKind } from "./inputs";
import { apiMonthlyCost } from "./apiCost";
import { gpuMonthlyCapacity, selfHostMonthlyCost, type SelfHostCost } from "./selfHostCost";
import { breakEvenVolume, type BreakEven } from "./breakEvenVolume";
import { breakEvenStanding, costCurve, type BreakEvenStanding, type CurvePoint } from "./curve";
import { paybackMonth, totalCostOfOwnership, type TotalCostOfOwnership } from "./payback";
import { breakEvenSensitivity, type SensitivityRow } from "./sensitivity";
import { buildModel, parseBreakEvenInput, type BreakEvenInput } from "./model";

export interface BreakEvenAnalysis {
  monthlyTokens: TokensByKind;
  totalMonthlyTokens: Decimal;
  /** Requests per month when the workload was given per request. */
  requestsPerMonth: Decimal | null;
  /** USD per month at the workload's volume: Σ tokens of each kind × price. */
  apiMonthlyCost: Decimal;
  /** Self-host cost at the workload's volume, with the GPUs it needs. */
  selfHost: SelfHostCost;
  throughputSource: "measured" | "assumed";
  breakEven: BreakEven;
  /** Where the workload's volume stands against the break-even volume. */
  standing: BreakEvenStanding;
  /** First month cumulative API cost covers capex + cumulative running cost; null if not in the horizon. */
  paybackMonth: number | null;
  tco: TotalCostOfOwnership;
  curve: CurvePoint[];
  sensitivity: SensitivityRow[];
}

export interface AnalyseOptions {
  /** Right edge of the cost curve in tokens/month; default twice the larger of volume and break-even. */
  curveUpToTokens?: Decimal;
  /** The tornado re-runs the search ~30 times; skip it where only the headline numbers are shown. */
  includeSensitivity?: boolean;
}

/** Every break-even output for one workload, API price and self-host option. */
export function analyseBreakEven(input: BreakEvenInput, options: AnalyseOptions = {}): BreakEvenAnalysis {
  const inputs = parseBreakEvenInput(input);
  const { model, monthly } = buildModel(inputs);
  const volume = totalTokens(monthly);
  const api = apiMonthlyCost(monthly, inputs.apiPrice);
  const selfHost = selfHostMonthlyCost(inputs.selfHost, volume);
  const breakEven = breakEvenVolume(model, inputs.maxMonthlyTokens);

  const furthest = Decimal.max(volume, breakEven.tokens ?? 0);
  const curveEnd = options.curveUpToTokens ?? (furthest.gt(0) ? furthest.times(2) : gpuMonthlyCapacity(inputs.selfHost).times(2));

  return {
    monthlyTokens: monthly,
    totalMonthlyTokens: volume,
    requestsPerMonth: inputs.workload.basis === "requests" ? inputs.workload.requestsPerMonth : null,
    apiMonthlyCost: api,
    selfHost,
    throughputSource: inputs.selfHost.throughput.source,
    breakEven,
    standing: breakEvenStanding(volume, breakEven.tokens),
    paybackMonth: paybackMonth(selfHost.capex, api, selfHost.running, inputs.horizonMonths),
    tco: totalCostOfOwnership(selfHost.capex, api, selfHost.running, inputs.horizonMonths),
    curve: costCurve(model, curveEnd, breakEven.tokens),
    sensitivity: options.includeSensitivity === false ? [] : breakEvenSensitivity(inputs),
  };
}
