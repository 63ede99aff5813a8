import type { CandidateEvent, OrgAlertData, RuleToEvaluate } from "@/lib/alerts/data";
import type { RuleParams } from "@/lib/alerts/rules";
import { isoDay, monthOf, shiftDay } from "@/lib/alerts/time";
import { Decimal, formatUsd, sum } from "@/lib/money";
import { detectSpendAnomaly } from "@/lib/spend/anomaly";
import { breachDate, forecastMonthEnd, type DailySpend } from "@/lib/spend/forecast";

// Budget threshold, forecast overrun and spend anomaly: decisions over the org's daily spend.

function scope(data: OrgAlertData, projectId: string): { series: DailySpend[]; budget: Decimal | null; label: string; key: string } | null {
  const spend = data.spend;
  if (!spend) return null;
  if (!projectId) return { series: spend.org, budget: spend.orgBudget, label: data.org.name, key: "org" };
  const name = spend.projectNames[projectId] ?? projectId;
  return { series: spend.byProject[projectId] ?? [], budget: spend.projectBudgets[projectId] ?? null, label: `project ${name}`, key: `project-${projectId}` };
}

/** This month's forecast for a scope (complete days so far + the trailing 8 weeks' weekday pattern). */
function monthForecast(series: DailySpend[], today: string) {
  const month = monthOf(today);
  const [year, mon] = month.split("-").map(Number) as [number, number];
  return forecastMonthEnd({
    year,
    month: mon,
    today,
    daysSoFar: series.filter((d) => d.date.startsWith(month) && d.date < today),
    history: series.filter((d) => d.date < today && d.date >= shiftDay(today, -56)),
  });
}

/**
 * Month-to-date spend reached one of the rule's thresholds (e.g. 50/80/100% of the budget). Each threshold is its
 * own occurrence (rule × scope × threshold × month), raised at most once a month. Only the highest threshold
 * reached is raised: spend that jumps from 40% to 85% between two runs sends "80%", not "50%" and "80%" at once
 * (50% is then never sent that month: it is old news). The message carries the day the budget itself (100%) was
 * passed, or the day the forecast says it will be (breachDate), or that the forecast stays within it.
 */
export function evaluateBudgetThreshold(rule: RuleToEvaluate, p: RuleParams<"BUDGET_THRESHOLD">, data: OrgAlertData, now: Date): CandidateEvent[] {
  const s = scope(data, p.projectId);
  if (!s?.budget || s.budget.lte(0)) return [];
  const today = isoDay(now);
  const month = monthOf(today);
  const recorded = s.series.filter((d) => d.date.startsWith(month) && d.date <= today); // today's partial day included
  const monthToDate = sum(recorded.map((d) => d.amount)); // USD
  const limitOf = (pct: number) => s.budget!.times(pct).div(100); // USD = budget × % ÷ 100
  const reachedLevels = p.percents.filter((pct) => monthToDate.gte(limitOf(pct)));
  const level = reachedLevels.at(-1);
  if (level === undefined) return [];
  const threshold = limitOf(level);
  const reached = monthToDate.div(s.budget).times(100).toDecimalPlaces(0, Decimal.ROUND_DOWN).toNumber(); // % of budget
  const f = monthForecast(s.series, today);
  const breach = breachDate(s.budget, recorded, f, today);
  const forecastWords = f.method === "insufficient-data" ? "" : ` (month-end forecast ${formatUsd(f.forecast)}, range ${formatUsd(f.low)} to ${formatUsd(f.high)})`;
  const breachLine = breach?.passed
    ? `The ${formatUsd(s.budget)} budget was passed on ${breach.date}.`
    : breach
      ? `Forecast breach date: ${breach.date}. At the pace of this month and the usual weekday pattern, the ${formatUsd(s.budget)} budget will be passed on ${breach.date}${forecastWords}.`
      : f.method === "insufficient-data"
        ? "Forecast breach date: none (not enough spend history to forecast)."
        : `Forecast breach date: none this month: the month-end forecast of ${formatUsd(f.forecast)} stays within the ${formatUsd(s.budget)} budget${forecastWords}.`;
  const next = p.percents.find((pct) => pct > level);
  return [
    {
      type: "BUDGET_THRESHOLD",
      dedupKey: `budget:${rule.id}:${s.key}:${level}:${month}`,
      severity: reached >= 100 ? "HIGH" : "MEDIUM",
      title: `Budget ${level}% reached: ${formatUsd(monthToDate)} of ${formatUsd(s.budget)} for ${s.label} (${month})${breach && !breach.passed ? `, forecast to pass it on ${breach.date}` : ""}`,
      body: [
        `Spend for ${s.label} this month (${month}, to ${today}) is ${formatUsd(monthToDate)}: ${reached}% of its ${formatUsd(s.budget)} monthly budget, past the ${level}% threshold of ${formatUsd(threshold)}.`,
        breachLine,
        `${formatUsd(Decimal.max(s.budget.minus(monthToDate), 0))} of the budget is left for the rest of the month.`,
        ...(next === undefined ? [] : [`The next threshold, ${next}% (${formatUsd(limitOf(next))}), will be sent when it is reached; each threshold at most once a month.`]),
      ].join("\n"),
      data: {
        month,
        projectId: p.projectId,
        percent: level,
        percents: p.percents,
        monthToDate: monthToDate.toFixed(2),
        budget: s.budget.toFixed(2),
        reachedPercent: reached,
        breachDate: breach?.date ?? null,
        breachPassed: breach?.passed ?? null,
        forecast: f.method === "insufficient-data" ? null : f.forecast.toFixed(2),
      },
      link: `/${data.org.slug}/overview`,
    },
  ];
}

/** The month-end forecast exceeds percent% of the budget: once per month. */
export function evaluateForecastOverrun(rule: RuleToEvaluate, p: RuleParams<"FORECAST_OVERRUN">, data: OrgAlertData, now: Date): CandidateEvent[] {
  const s = scope(data, p.projectId);
  if (!s?.budget || s.budget.lte(0)) return [];
  const today = isoDay(now);
  const month = monthOf(today);
  const [year, mon] = month.split("-").map(Number) as [number, number];
  const f = forecastMonthEnd({
    year,
    month: mon,
    today,
    daysSoFar: s.series.filter((d) => d.date.startsWith(month) && d.date < today),
    history: s.series.filter((d) => d.date < today && d.date >= shiftDay(today, -56)),
  });
  if (f.method === "insufficient-data") return [];
  const limit = s.budget.times(p.percent).div(100); // USD
  if (f.forecast.lte(limit)) return [];
  const over = f.forecast.minus(s.budget); // USD above the budget itself
  return [
    {
      type: "FORECAST_OVERRUN",
      dedupKey: `forecast:${rule.id}:${s.key}:${p.percent}:${month}`,
      severity: f.low.gt(s.budget) ? "HIGH" : "MEDIUM",
      title: `Forecast over budget: ${formatUsd(f.forecast)} expected for ${s.label} in ${month} against ${formatUsd(s.budget)}`,
      body: [
        `At the pace of the month so far (${formatUsd(f.actual)} to ${shiftDay(today, -1)}), ${s.label} is forecast to spend ${formatUsd(f.forecast)} in ${month} (range ${formatUsd(f.low)} to ${formatUsd(f.high)}).`,
        over.gt(0)
          ? `That is ${formatUsd(over)} over the ${formatUsd(s.budget)} monthly budget.`
          : `That is above ${p.percent}% of the ${formatUsd(s.budget)} monthly budget (${formatUsd(limit)}).`,
      ].join("\n"),
      data: { month, projectId: p.projectId, forecast: f.forecast.toFixed(2), low: f.low.toFixed(2), high: f.high.toFixed(2), actual: f.actual.toFixed(2), budget: s.budget.toFixed(2), method: f.method },
      link: `/${data.org.slug}/overview`,
    },
  ];
}

/** Yesterday (UTC, the last complete day) far outside the trailing same-weekday spend: once per model and day. */
export function evaluateSpendAnomaly(rule: RuleToEvaluate, p: RuleParams<"SPEND_ANOMALY">, data: OrgAlertData, now: Date): CandidateEvent[] {
  const day = shiftDay(isoDay(now), -1);
  const out: CandidateEvent[] = [];
  for (const s of data.modelSpend ?? []) {
    if (p.provider && s.provider !== p.provider) continue;
    if (p.model && s.model !== p.model) continue;
    const a = detectSpendAnomaly({ series: s.series.filter((d) => d.date <= day), day, threshold: p.threshold, minAbsoluteDeviation: p.minAbsoluteDeviation });
    if (!a.isAnomaly || !a.observed || !a.expected) continue;
    const label = `${s.provider} ${s.model || "(no model)"}`;
    const delta = a.observed.minus(a.expected);
    out.push({
      type: "SPEND_ANOMALY",
      dedupKey: `anomaly:${rule.id}:${s.provider}/${s.model}:${day}`,
      severity: a.direction === "up" ? "MEDIUM" : "LOW",
      title: `Spend anomaly: ${label} ${formatUsd(a.observed)} on ${day} (usually ${formatUsd(a.expected)})`,
      body: [a.explanation, `${delta.gt(0) ? "That day cost" : "That day was"} ${formatUsd(delta.abs())} ${delta.gt(0) ? "more" : "less"} than usual; if it continues, that is about ${formatUsd(delta.abs().times(30))} a month.`].join("\n"),
      data: { day, provider: s.provider, model: s.model, observed: a.observed.toFixed(2), expected: a.expected.toFixed(2), robustZ: a.robustZ, direction: a.direction },
      link: `/${data.org.slug}/overview`,
    });
  }
  return out;
}
