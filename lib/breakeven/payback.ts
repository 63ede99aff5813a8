import { Decimal } from "@/lib/money";

// Cash view of buying hardware: capex is paid up front in month 1, running costs every month.
// (The break-even comparison instead spreads capex over the amortisation months.)

/**
 * First month m (1-based) where cumulative API cost ≥ capex + cumulative running cost, i.e.
 * m × api ≥ capex + m × running ⇔ m ≥ capex ÷ (api − running); null if not within the horizon.
 */
export function paybackMonth(capex: Decimal, apiMonthly: Decimal, runningMonthly: Decimal, horizonMonths = 36): number | null {
  const saving = apiMonthly.minus(runningMonthly); // USD/month saved once the hardware is paid for
  if (saving.lt(0) || (saving.isZero() && capex.gt(0))) return null;
  const month = saving.isZero() ? 1 : Math.max(1, capex.div(saving).ceil().toNumber());
  return month <= horizonMonths ? month : null;
}

export interface YearCost {
  year: number; // 1-based
  months: number; // 12, or fewer in a last part-year
  api: Decimal; // USD = months × API monthly cost
  selfHost: Decimal; // USD = capex (year 1 only) + months × running
}

export interface TotalCostOfOwnership {
  months: number;
  api: Decimal; // USD over the horizon
  selfHost: Decimal; // USD over the horizon = capex + months × running; resale is not deducted
  byYear: YearCost[];
}

/** TCO of both over a horizon (default 3 years): API monthly × months vs capex up front + running. */
export function totalCostOfOwnership(capex: Decimal, apiMonthly: Decimal, runningMonthly: Decimal, months = 36): TotalCostOfOwnership {
  const byYear: YearCost[] = [];
  for (let start = 0, year = 1; start < months; start += 12, year++) {
    const inYear = Math.min(12, months - start);
    const upFront = year === 1 ? capex : new Decimal(0);
    byYear.push({ year, months: inYear, api: apiMonthly.times(inYear), selfHost: upFront.plus(runningMonthly.times(inYear)) });
  }
  return {
    months,
    api: apiMonthly.times(months),
    selfHost: capex.plus(runningMonthly.times(months)),
    byYear,
  };
}
