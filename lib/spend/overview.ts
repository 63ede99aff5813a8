import { z } from "zod";
import { db } from "@/lib/db";
import type { OrgContext } from "@/lib/auth/tenancy";
import { toCents, type Decimal } from "@/lib/money";
import { isoDay, monthEndOf, monthStartOf } from "./filters";
import { topMovers } from "./queries";
import { spendTables } from "./tables";
import { budgetStatus } from "./budgets";
import { breakEvenHeadlines } from "./breakeven-view";
import { labeller, providerLabel } from "./view";

// The finance landing page: this month (billed and estimated), its month-end forecast against the
// budget, last month, 13 months, the biggest movers and where the largest workloads stand against
// self-hosting. Every sum is computed by Postgres through the spend query layer; amounts leave as
// cents strings rounded once from exact sums.

export const overviewSchema = z.object({
  currency: z.string(),
  thisMonth: z.object({ month: z.string(), total: z.string(), billed: z.string(), estimated: z.string() }),
  lastMonth: z.object({ month: z.string(), total: z.string() }),
  forecast: z.object({ forecast: z.string(), low: z.string(), high: z.string(), method: z.string() }),
  budget: z.object({ amount: z.string().nullable(), state: z.string(), sentence: z.string(), usedPercent: z.number().nullable(), forecastPercent: z.number().nullable() }),
  topProviders: z.array(z.object({ provider: z.string(), total: z.string() })),
  months: z.array(z.object({ month: z.string(), total: z.string(), estimated: z.string() })),
  movers: z.array(z.object({ label: z.string(), current: z.string(), previous: z.string(), change: z.string(), changePercent: z.number().nullable(), significant: z.boolean() })),
  moverPeriods: z.object({ current: z.object({ from: z.string(), to: z.string() }), previous: z.object({ from: z.string(), to: z.string() }), shiftDays: z.number() }),
  breakEven: z.array(z.object({ workload: z.string(), choice: z.string(), capability: z.string(), standing: z.string(), percent: z.number().nullable(), history: z.string() })),
});
export type OverviewDto = z.infer<typeof overviewSchema>;

const NO_FILTERS = { provider: [], model: [], project: [], tag: [] };
const percent = (share: Decimal | null) => (share === null ? null : share.times(100).toDecimalPlaces(0).toNumber());

export async function getOverview(ctx: Pick<OrgContext, "orgId">, now: Date): Promise<OverviewDto> {
  const today = isoDay(now);
  const thisFrom = monthStartOf(today), lastFrom = monthStartOf(today, -1);
  const [org, { breakdown: thisMonth, months }, movers, budgets, breakEven] = await Promise.all([
    db().organization.findUniqueOrThrow({ where: { id: ctx.orgId }, select: { currency: true } }),
    // This month by provider and the 13 months from one scan; through the end of the month, so a
    // bucket dated later this month (a provider's pre-billed line) still counts.
    spendTables(ctx.orgId, { ...NO_FILTERS, from: thisFrom, to: monthEndOf(today) }, "provider", { monthsFrom: monthStartOf(today, -12), daily: false }),
    topMovers(ctx.orgId, { ...NO_FILTERS, from: thisFrom, to: today }, "model", 5),
    budgetStatus(ctx.orgId, now),
    breakEvenHeadlines(ctx.orgId, now),
  ]);
  const byMonth = new Map(months.rows.map((r) => [r.key, r]));
  const label = labeller([]);
  const series = Array.from({ length: 13 }, (_, i) => {
    const k = monthStartOf(today, i - 12).slice(0, 7);
    const r = byMonth.get(k);
    return { month: k, total: toCents(r?.total ?? 0), estimated: toCents(r?.estimated ?? 0) };
  });
  const o = budgets.org;
  return {
    currency: org.currency,
    thisMonth: { month: thisFrom.slice(0, 7), total: toCents(thisMonth.total.total), billed: toCents(thisMonth.total.billed), estimated: toCents(thisMonth.total.estimated) },
    lastMonth: { month: lastFrom.slice(0, 7), total: toCents(byMonth.get(lastFrom.slice(0, 7))?.total ?? 0) },
    forecast: { forecast: toCents(o.forecast.forecast), low: toCents(o.forecast.low), high: toCents(o.forecast.high), method: o.forecast.method },
    budget: { amount: o.budget === null ? null : toCents(o.budget), state: o.judgement.state, sentence: o.judgement.sentence, usedPercent: percent(o.judgement.usedShare), forecastPercent: percent(o.judgement.forecastShare) },
    topProviders: thisMonth.rows.slice(0, 5).map((r) => ({ provider: providerLabel(r.key), total: toCents(r.total) })),
    months: series,
    movers: movers.movers.map((m) => ({ label: label("model", m.key), current: toCents(m.current), previous: toCents(m.previous), change: toCents(m.change), changePercent: percent(m.changeShare), significant: m.significant })),
    moverPeriods: movers.periods,
    breakEven,
  };
}

