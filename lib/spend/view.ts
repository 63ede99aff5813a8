import { db } from "@/lib/db";
import { toCents, type Decimal } from "@/lib/money";
import type { OrgContext } from "@/lib/auth/tenancy";
import { GROUP_BY_LABEL, type GroupBy, type SpendQuery } from "./filters";
import { filterOptions, thirteenMonths, topMovers, type Amounts, type Breakdown, type FilterOptions, type MoverPeriods } from "./queries";
import { spendTables } from "./tables";
import { budgetStatus, type BudgetLine } from "./budgets";
import type { BudgetState } from "./budget-status";

// The Spend page's one DTO: the page renders it, GET /api/orgs/[org]/spend returns it and the
// CSV route writes its tables, so what is exported is by construction what is on screen. Money
// leaves here as cents strings, each rounded once from its exact sum (half-up).

export interface AmountsDto {
  billed: string;
  estimated: string;
  total: string;
}
export interface SpendRowDto extends AmountsDto {
  key: string;
  label: string;
}
export interface SpendTableDto {
  groupBy: GroupBy;
  rows: SpendRowDto[];
  total: AmountsDto;
  /** Said under the table when its rows do not add up to the total (tags overlap). */
  note: string | null;
}
export interface MoverDto {
  key: string;
  label: string;
  current: string;
  previous: string;
  change: string;
  /** Whole-percent change; null for new spend (nothing the period before). */
  changePercent: number | null;
  /** At least ±20 % of the period before (or new): flagged; smaller moves are listed in grey. */
  significant: boolean;
}
export interface BudgetLineDto {
  projectId: string;
  label: string;
  budget: string | null;
  spent: string;
  forecast: string;
  low: string;
  high: string;
  method: string;
  state: BudgetState;
  sentence: string;
}
export interface SpendViewDto {
  query: SpendQuery;
  currency: string;
  breakdown: SpendTableDto;
  daily: SpendTableDto;
  months: SpendTableDto;
  movers: { groupBy: GroupBy; periods: MoverPeriods; rows: MoverDto[] };
  budgets: { month: string; today: string; lines: BudgetLineDto[] };
  options: FilterOptions;
}

const PROVIDER_NAMES: Record<string, string> = { openai: "OpenAI", anthropic: "Anthropic", google: "Google", mistral: "Mistral", bedrock: "AWS Bedrock", azure: "Azure OpenAI", openrouter: "OpenRouter" };
export const providerLabel = (p: string) => PROVIDER_NAMES[p] ?? p;

/** What a group key reads as, for people. */
export function labeller(projects: FilterOptions["projects"]): (groupBy: GroupBy, key: string) => string {
  const names = new Map(projects.map((p) => [p.id, p.name]));
  return (groupBy, key) => {
    if (groupBy === "provider") return providerLabel(key);
    if (groupBy === "model") {
      const slash = key.indexOf("/");
      const model = key.slice(slash + 1);
      return `${model || "model not reported"} · ${providerLabel(key.slice(0, slash))}`;
    }
    if (groupBy === "project") return key === "" ? "(no project)" : (names.get(key) ?? key);
    if (groupBy === "tag") return key === "" ? "(untagged)" : key;
    return key;
  };
}

export function amountsDto(a: Amounts): AmountsDto {
  return { billed: toCents(a.billed), estimated: toCents(a.estimated), total: toCents(a.total) };
}

function tableDto(b: Breakdown, label: (g: GroupBy, k: string) => string): SpendTableDto {
  return {
    groupBy: b.groupBy,
    rows: b.rows.map((r) => ({ key: r.key, label: label(b.groupBy, r.key), ...amountsDto(r) })),
    total: amountsDto(b.total),
    note: b.groupBy === "tag" ? "A project with several tags counts under each of them; the total counts its spend once." : null,
  };
}

function budgetLineDto(l: BudgetLine, label: string): BudgetLineDto {
  return {
    projectId: l.projectId,
    label,
    budget: l.budget === null ? null : toCents(l.budget),
    spent: toCents(l.spent),
    forecast: toCents(l.forecast.forecast),
    low: toCents(l.forecast.low),
    high: toCents(l.forecast.high),
    method: l.forecast.method,
    state: l.judgement.state,
    sentence: l.judgement.sentence,
  };
}

const percent = (share: Decimal | null) => (share === null ? null : share.times(100).toDecimalPlaces(0).toNumber());

/** Everything the Spend page shows for one query (`now` pins "this month" for budgets). */
export async function getSpendView(ctx: Pick<OrgContext, "orgId">, q: SpendQuery, now: Date): Promise<SpendViewDto> {
  const { groupBy, ...filters } = q;
  const moversBy = groupBy === "day" || groupBy === "month" ? "model" : groupBy;
  const [org, options, tables, movers, budgets] = await Promise.all([
    db().organization.findUniqueOrThrow({ where: { id: ctx.orgId }, select: { currency: true } }),
    filterOptions(ctx.orgId),
    spendTables(ctx.orgId, filters, groupBy, { monthsFrom: thirteenMonths(filters).from, daily: groupBy !== "day" }),
    topMovers(ctx.orgId, filters, moversBy),
    budgetStatus(ctx.orgId, now),
  ]);
  const { breakdown, daily, months } = tables;
  const label = labeller(options.projects);
  return {
    query: q,
    currency: org.currency,
    breakdown: tableDto(breakdown, label),
    daily: tableDto(daily ?? breakdown, label),
    months: tableDto(months, label),
    movers: {
      groupBy: moversBy,
      periods: movers.periods,
      rows: movers.movers.map((m) => ({ key: m.key, label: label(moversBy, m.key), current: toCents(m.current), previous: toCents(m.previous), change: toCents(m.change), changePercent: percent(m.changeShare), significant: m.significant })),
    },
    budgets: {
      month: budgets.month,
      today: budgets.today,
      lines: [budgetLineDto(budgets.org, "Whole organisation"), ...budgets.projects.map((p) => budgetLineDto(p, label("project", p.projectId)))],
    },
    options,
  };
}

export const groupByTitle = (g: GroupBy) => `Spend by ${GROUP_BY_LABEL[g].toLowerCase()}`;
