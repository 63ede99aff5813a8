import { z } from "zod";
import { db, Prisma } from "@/lib/db";
import { AppError, parseOrThrow } from "@/lib/errors";
import { dec, Decimal, sum } from "@/lib/money";
import type { OrgContext } from "@/lib/auth/tenancy";
import { forecastMonthEnd, type DailySpend, type MonthEndForecast } from "./forecast";
import { judgeBudget, type BudgetJudgement } from "./budget-status";
import { addDays, isoDay, monthStartOf } from "./filters";
import { countedBucket } from "./sql";

// Budgets per org (Organization.monthlyBudget) and per project (Budget), each with this month's
// spend and a month-end forecast. Daily sums come from Postgres; the forecast is the pure
// forecastMonthEnd over them.

/** Weeks of history the weekday pattern is learned from. */
export const FORECAST_HISTORY_DAYS = 56;

export interface BudgetLine {
  /** "" = the whole org. */
  projectId: string;
  budget: Decimal | null;
  /** Month to date, today's partial day included. */
  spent: Decimal;
  forecast: MonthEndForecast;
  judgement: BudgetJudgement;
}
export interface BudgetStatus {
  month: string; // YYYY-MM
  today: string; // the first incomplete day: days before it are complete
  org: BudgetLine;
  projects: BudgetLine[];
}

type DayRow = { project: string | null; day: string; amount: Prisma.Decimal; is_org: boolean };

/** This month's budget lines for the org and every project with a budget (`now` pins time). */
export async function budgetStatus(orgId: string, now: Date): Promise<BudgetStatus> {
  const today = isoDay(now);
  const monthFrom = monthStartOf(today);
  const historyFrom = addDays(today, -FORECAST_HISTORY_DAYS) < monthFrom ? addDays(today, -FORECAST_HISTORY_DAYS) : monthFrom;
  const [org, budgets] = await Promise.all([
    db().organization.findUniqueOrThrow({ where: { id: orgId }, select: { monthlyBudget: true } }),
    db().budget.findMany({ where: { orgId, projectId: { not: "" } }, orderBy: { projectId: "asc" } }),
  ]);
  const projectIds = budgets.map((b) => b.projectId);
  // Org totals per day, plus per day of each budgeted project, in one scan. Buckets of projects
  // without a budget are grouped under NULL, so the first (parallel) aggregate has
  // (budgeted projects + 1) × days groups, not every project × every day.
  const project = projectIds.length ? Prisma.sql`CASE WHEN cb."projectId" IN (${Prisma.join(projectIds)}) THEN cb."projectId" END` : Prisma.sql`NULL::text`;
  const rows = await db().$queryRaw<DayRow[]>`
    WITH g AS (
      SELECT ${project} AS project, cb."day", SUM(cb."amount") AS amount FROM "CostBucket" cb
      WHERE cb."orgId" = ${orgId} AND cb."day" >= ${historyFrom}::date AND cb."day" <= ${today}::date AND ${countedBucket()}
      GROUP BY 1, 2)
    SELECT g.project, to_char(g."day", 'YYYY-MM-DD') AS day, SUM(g.amount) AS amount, GROUPING(g.project) = 1 AS is_org
    FROM g GROUP BY GROUPING SETS ((g."day"), (g.project, g."day"))
    HAVING GROUPING(g.project) = 1 OR g.project IS NOT NULL`;

  const line = (projectId: string, budget: Decimal | null, days: DailySpend[]): BudgetLine => {
    const inMonth = days.filter((d) => d.date >= monthFrom);
    const spent = sum(inMonth.map((d) => d.amount)); // a handful of daily sums, already aggregated by SQL
    // Credits can make a day negative; the forecast models spend, so such a day counts as 0 there.
    const spend = (ds: DailySpend[]) => ds.map((d) => ({ date: d.date, amount: Decimal.max(d.amount, 0) }));
    const forecast = forecastMonthEnd({
      year: Number(today.slice(0, 4)),
      month: Number(today.slice(5, 7)),
      today,
      daysSoFar: spend(inMonth.filter((d) => d.date < today)),
      history: spend(days.filter((d) => d.date < today && d.date >= addDays(today, -FORECAST_HISTORY_DAYS))),
    });
    return { projectId, budget, spent, forecast, judgement: judgeBudget(budget, spent, forecast) };
  };
  const daysOf = (pick: (r: DayRow) => boolean): DailySpend[] => rows.filter(pick).map((r) => ({ date: r.day, amount: dec(r.amount) }));
  return {
    month: today.slice(0, 7),
    today,
    org: line("", org.monthlyBudget ? dec(org.monthlyBudget) : null, daysOf((r) => r.is_org)),
    projects: budgets.map((b) => line(b.projectId, dec(b.amount), daysOf((r) => !r.is_org && r.project === b.projectId))),
  };
}

// ── setting a budget ────────────────────────────────────────────────────────

export const budgetInputSchema = z.strictObject({
  /** "" = the org-wide budget; otherwise a provider project / workspace id of this org. */
  projectId: z.string().max(200),
  /** USD a month with at most 2 decimals; null removes the budget. */
  amount: z
    .string()
    .trim()
    .regex(/^\d{1,15}(\.\d{1,2})?$/, "must be an amount like 25000 or 25000.50 (no more than 2 decimals)")
    .nullable(),
});
export type BudgetInput = z.input<typeof budgetInputSchema>;

/** Set or remove a monthly budget; every change is written to the audit log. */
export async function setBudget(ctx: Pick<OrgContext, "orgId" | "userId" | "clientIp">, input: unknown): Promise<{ projectId: string; amount: string | null }> {
  const v = parseOrThrow(budgetInputSchema, input, "budget");
  const amount = v.amount === null ? null : new Prisma.Decimal(v.amount);
  await db().$transaction(async (tx) => {
    if (v.projectId === "") {
      await tx.organization.update({ where: { id: ctx.orgId }, data: { monthlyBudget: amount } });
    } else {
      const known =
        (await tx.project.count({ where: { orgId: ctx.orgId, externalId: v.projectId } })) > 0 ||
        (await tx.costBucket.count({ where: { orgId: ctx.orgId, projectId: v.projectId }, take: 1 })) > 0;
      if (!known) throw new AppError("BAD_INPUT", `budget: no project "${v.projectId}" in this org`, { issues: [{ field: "projectId", message: "is not a project of this org" }] });
      if (amount === null) await tx.budget.deleteMany({ where: { orgId: ctx.orgId, projectId: v.projectId } });
      else await tx.budget.upsert({ where: { orgId_projectId: { orgId: ctx.orgId, projectId: v.projectId } }, create: { orgId: ctx.orgId, projectId: v.projectId, amount }, update: { amount } });
    }
    await tx.auditLog.create({ data: { orgId: ctx.orgId, actorUserId: ctx.userId, ip: ctx.clientIp ?? null, action: "budget.set", targetType: "Budget", targetId: v.projectId || "org", data: { projectId: v.projectId, amount: v.amount } } });
  });
  return { projectId: v.projectId, amount: v.amount };
}
