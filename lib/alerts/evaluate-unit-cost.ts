import type { CandidateEvent, DailyUnitStats, OrgAlertData, RuleToEvaluate } from "@/lib/alerts/data";
import type { RuleParams } from "@/lib/alerts/rules";
import { isoDay, shiftDay } from "@/lib/alerts/time";
import { dec, Decimal, formatUsd } from "@/lib/money";

// "Cost per unit" from OpenTelemetry GenAI spans: the last complete ISO week (Monday to Sunday, UTC)
// against the week before. A week's figure is the mean of its daily p95 (or p50) weighted by each
// day's number of units — a week's exact percentile would need the raw spans, which alerts never read.

/** Monday of the ISO week `day` is in. */
export function isoWeekStart(day: string): string {
  const weekday = (new Date(`${day}T00:00:00Z`).getUTCDay() + 6) % 7; // Monday = 0
  return shiftDay(day, -weekday);
}

/** Σ(units × daily percentile) ÷ Σ units over the days of [from, to]; null when no units. */
export function weeklyUnitCost(stats: readonly DailyUnitStats[], unit: DailyUnitStats["unit"], percentile: "p50" | "p95", from: string, to: string): { value: Decimal; units: bigint } | null {
  let weighted = dec(0);
  let units = 0n;
  for (const s of stats) {
    if (s.unit !== unit || s.day < from || s.day > to || s.count === 0n) continue;
    weighted = weighted.plus(s[percentile].times(s.count.toString()));
    units += s.count;
  }
  return units === 0n ? null : { value: weighted.div(units.toString()), units };
}

export function evaluateCostPerUnit(rule: RuleToEvaluate, p: RuleParams<"COST_PER_UNIT">, data: OrgAlertData, now: Date): CandidateEvent[] {
  const thisWeek = isoWeekStart(isoDay(now));
  const lastWeek = shiftDay(thisWeek, -7);
  const weekBefore = shiftDay(thisWeek, -14);
  const stats = data.unitStats ?? [];
  const current = weeklyUnitCost(stats, p.unit, p.percentile, lastWeek, shiftDay(thisWeek, -1));
  const previous = weeklyUnitCost(stats, p.unit, p.percentile, weekBefore, shiftDay(lastWeek, -1));
  if (!current || !previous || previous.value.lte(0)) return [];
  const increase = current.value.minus(previous.value).div(previous.value).times(100); // % = (now − before) ÷ before × 100
  if (increase.lt(p.percentIncrease)) return [];
  const label = `${p.percentile} cost per ${p.unit}`;
  const fmt = (d: Decimal) => (d.lt(1) ? `$${d.toSignificantDigits(3).toString()}` : formatUsd(d));
  return [
    {
      type: "COST_PER_UNIT",
      dedupKey: `unit-cost:${rule.id}:${p.unit}:${p.percentile}:${lastWeek}`,
      severity: increase.gte(p.percentIncrease * 2) ? "HIGH" : "MEDIUM",
      title: `${label[0]!.toUpperCase()}${label.slice(1)} up ${increase.toDecimalPlaces(0, Decimal.ROUND_DOWN).toString()}% week over week: ${fmt(current.value)} (was ${fmt(previous.value)})`,
      body: [
        `In the week of ${lastWeek} the ${label} was ${fmt(current.value)} over ${current.units} ${p.unit}s, against ${fmt(previous.value)} over ${previous.units} the week of ${weekBefore}: up ${increase.toFixed(1)}%, past the ${p.percentIncrease}% threshold.`,
        "From OpenTelemetry GenAI spans (estimated from the price catalog where spans carry no cost); a week's figure is its daily percentiles weighted by units per day.",
      ].join("\n"),
      data: { unit: p.unit, percentile: p.percentile, week: lastWeek, previousWeek: weekBefore, current: current.value.toFixed(10), previous: previous.value.toFixed(10), increasePercent: increase.toFixed(2) },
      link: `/${data.org.slug}/unit-economics`,
    },
  ];
}
