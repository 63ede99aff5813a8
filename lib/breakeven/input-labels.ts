// Every model input and output as a person reads it, for sensitivity tables and "From:" notes.
// Paths are the engines' dotted input paths (break-even "selfHost.staff.fteShare", scenario
// "target.selfHost.option.staff.fteShare", "workload.monthlyCost"); the pool option's fields read
// the same wherever the option sits. Pure and browser-safe.

const OPTION_FIELDS: Record<string, string> = {
  "throughput.tokensPerSecondPerGpu": "throughput per GPU",
  targetUtilisation: "target utilisation",
  "cost.hourlyRatePerGpu": "GPU hourly rate",
  "cost.purchasePricePerGpu": "GPU purchase price",
  "cost.machinePrice": "machine price",
  "cost.gpusPerMachine": "GPUs per machine",
  "cost.otherCapex": "other capex",
  "cost.amortisationMonths": "amortisation period",
  "cost.residualShare": "resale value",
  "power.wattsPerGpu": "power draw per GPU",
  "power.pricePerKwh": "electricity price",
  "power.pue": "PUE (facility overhead)",
  "power.perGpuPerMonth": "power cost per GPU",
  "staff.fteShare": "operations staff share",
  "staff.annualCost": "staff cost per year",
  fixedMonthly: "fixed monthly cost",
  minGpus: "minimum GPUs",
};

const OTHER: Record<string, string> = {
  "apiPrice.inputPerMTok": "API input price",
  "apiPrice.outputPerMTok": "API output price",
  "apiPrice.cachedInputPerMTok": "API cached input price",
  "apiPrice.cacheWritePerMTok": "API cache write price",
  "workload.monthlyTokens": "monthly tokens",
  "workload.monthlyRequests": "monthly requests",
  "workload.monthlyCost": "the measured month's cost",
  "workload.price": "today's price",
  "target.api.price": "target API price",
  "target.api": "target API model",
  "target.selfHost": "the self-hosted pool",
  "target.selfHost.option": "the pool's costs and throughput",
  "target.selfHostSharePct": "share on the self-hosted pool",
  "target.selfHost.replacementModel": "open-weight model served",
  growthPctPerMonth: "monthly growth",
  baselinePriceChangePct: "today's vendor price change",
  "migration.engineeringWeeks": "engineering weeks",
  "migration.weeklyRate": "weekly engineering rate",
  rampMonths: "ramp (months in parallel)",
  stayOnOriginalPct: "share staying on today's vendor",
  discountRatePctPerYear: "discount rate",
  horizonMonths: "horizon",
  baseline: "the baseline",
  scenario: "the scenario cost",
  cumulativeSavings: "cumulative savings",
};

/** "selfHost.staff.fteShare" → "operations staff share"; an unknown path is spelled out in words, never shown raw. */
export function inputLabel(path: string): string {
  if (path in OTHER) return OTHER[path]!;
  const option = path.replace(/^(target\.selfHost\.option|selfHost)\./, "");
  if (option in OPTION_FIELDS) return OPTION_FIELDS[option]!;
  // a path no table names yet: words from its last part ("minAbsoluteDeviation" → "min absolute deviation")
  return (path.split(".").at(-1) ?? path).replace(/([a-z0-9])([A-Z])/g, "$1 $2").toLowerCase();
}

export const LABELLED_PATHS = { option: Object.keys(OPTION_FIELDS), other: Object.keys(OTHER) } as const;
