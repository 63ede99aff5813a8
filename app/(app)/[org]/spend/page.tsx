import Link from "next/link";
import { pageOrgContext } from "@/lib/auth/page";
import { can } from "@/lib/auth/permissions";
import { isAppError } from "@/lib/errors";
import { formatUsd } from "@/lib/money";
import { isoDay, parseSpendSearchParams, spendSearchParams, toSearchParams, type SpendQuery } from "@/lib/spend/filters";
import { getSpendView, groupByTitle } from "@/lib/spend/view";
import { dailyChartRows, monthChartRows } from "@/lib/spend/chart-rows";
import type { CsvTable } from "@/lib/spend/csv";
import { FilterBar } from "./filter-bar";
import { DailyTrendChart, MonthBarsChart } from "./spend-charts";
import { SpendTable } from "./spend-table";
import { MoversTable } from "./movers-table";
import { BudgetsPanel } from "./budgets-panel";
import { TokenUsageTable } from "./token-usage-table";
import { getTokenUsageByModel } from "@/lib/spend/token-usage";
import { listSavedViews, reportMemberChoices } from "@/lib/spend/saved-view-store";
import { SavedViewsPanel } from "./saved-views-panel";

export const dynamic = "force-dynamic";

type SearchParams = Record<string, string | string[] | undefined>;

export default async function SpendPage({ params, searchParams }: { params: Promise<{ org: string }>; searchParams: Promise<SearchParams> }) {
  const { org } = await params;
  const ctx = await pageOrgContext(org, "spend.read");
  const now = new Date();
  let query: SpendQuery;
  try {
    query = parseSpendSearchParams(toSearchParams(await searchParams), now);
  } catch (e) {
    if (!isAppError(e)) throw e;
    return (
      <div className="space-y-3">
        <h1 className="text-2xl font-semibold">Spend</h1>
        <p role="alert" className="text-red-700">This link's filters are not valid: {e.message}</p>
        <Link href={`/${ctx.orgSlug}/spend`} className="text-blue-700 hover:underline">Show this month's spend</Link>
      </div>
    );
  }
  const [view, tokens, savedViews, members] = await Promise.all([getSpendView(ctx, query, now), getTokenUsageByModel(ctx, query), listSavedViews(ctx, now), reportMemberChoices(ctx)]);
  const csv = (table: CsvTable) => `/api/orgs/${ctx.orgSlug}/spend/export?${spendSearchParams(query, { table })}`;
  const cur = view.currency;

  return (
    <div className="space-y-6">
      <h1 className="text-2xl font-semibold">Spend</h1>
      <FilterBar query={query} options={view.options} today={isoDay(now)} />
      <SavedViewsPanel org={ctx.orgSlug} query={query} today={isoDay(now)} views={savedViews} canSchedule={can(ctx.role, "viewReports.manage")} members={members} />

      <div className="grid grid-cols-1 md:grid-cols-3 gap-4">
        <Card title={`Total, ${query.from} to ${query.to}`}>
          <p className="text-3xl font-semibold tabular-nums" data-testid="spend-total">{formatUsd(view.breakdown.total.total, cur)}</p>
        </Card>
        <Card title="Billed by providers">
          <p className="text-2xl tabular-nums">{formatUsd(view.breakdown.total.billed, cur)}</p>
        </Card>
        <Card title="Estimated from usage (not yet billed)">
          <p className="text-2xl tabular-nums text-amber-800" data-testid="spend-estimated">{formatUsd(view.breakdown.total.estimated, cur)}</p>
        </Card>
      </div>

      <Card title="Daily trend" action={<a href={csv("daily")} download className="text-blue-700 hover:underline text-xs">Export CSV</a>}>
        <DailyTrendChart rows={dailyChartRows(view.daily, query.from, query.to)} />
      </Card>
      <Card title={`13 months to ${query.to.slice(0, 7)}`} action={<a href={csv("months")} download className="text-blue-700 hover:underline text-xs">Export CSV</a>}>
        <MonthBarsChart rows={monthChartRows(view.months, query.to)} />
      </Card>

      <p className="text-sm">
        <a href={`/api/orgs/${ctx.orgSlug}/spend/focus?${spendSearchParams(query, {})}`} download className="text-blue-700 underline" data-testid="focus-export">
          Download this range as FOCUS 1.2
        </a>{" "}
        <span className="text-gray-600">(one row per day, provider, host, model, project and token class; for scheduled pulls use <code>GET /api/v1/focus</code> with an API token)</span>
      </p>
      <Card title={groupByTitle(query.groupBy)}>
        <SpendTable table={view.breakdown} currency={cur} csvHref={csv("breakdown")} testId="spend-table" />
      </Card>

      <Card title={`Chargeback / showback per project, ${query.from} to ${query.to}`}>
        {/* A plain GET form: the export URL with the page's filters, plus the markup. */}
        <form method="get" action={`/api/orgs/${ctx.orgSlug}/spend/export`} className="flex flex-wrap gap-2 items-center text-sm no-print" data-testid="chargeback-form">
          {[...spendSearchParams(query, { table: "chargeback" })].map(([k, v], i) => <input key={`${k}-${i}`} type="hidden" name={k} value={v} />)}
          <label className="flex gap-1 items-center">Markup %<input name="markup" defaultValue="0" inputMode="decimal" className="w-20 border rounded px-1 text-right" /></label>
          <button className="text-blue-700 hover:underline">Export chargeback CSV</button>
          <span className="text-xs text-gray-500">Cost, markup and charge per project; the cost column adds up to this page&apos;s total to the cent (each column rounded by largest remainder, docs/spend.md).</span>
        </form>
      </Card>

      <Card title={`Tokens by model, ${query.from} to ${query.to}`}>
        <TokenUsageTable rows={tokens} />
      </Card>

      <div className="grid grid-cols-1 gap-6">
        <Card title="Top movers">
          <MoversTable movers={view.movers} currency={cur} csvHref={csv("movers")} />
        </Card>
        <Card id="budgets" title={`Budgets and forecast, ${view.budgets.month}`}>
          <BudgetsPanel
            org={ctx.orgSlug}
            lines={view.budgets.lines}
            projects={view.options.projects.filter((p) => p.id !== "").map((p) => ({ id: p.id, name: p.name }))}
            currency={cur}
            canManage={can(ctx.role, "budgets.manage")}
            csvHref={csv("budgets")}
          />
        </Card>
      </div>
    </div>
  );
}

function Card({ id, title, action, children }: { id?: string; title: string; action?: React.ReactNode; children: React.ReactNode }) {
  return (
    <section id={id} className="bg-white rounded-lg shadow p-4 min-w-0">
      <div className="flex justify-between items-baseline mb-2">
        <h2 className="text-sm text-gray-500">{title}</h2>
        {action}
      </div>
      {children}
    </section>
  );
}
