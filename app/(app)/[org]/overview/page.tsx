import Link from "next/link";
import { moverPeriodsSentence } from "../spend/movers-table";
import { pageOrgContext } from "@/lib/auth/page";
import { getOverview } from "@/lib/spend/overview";
import { formatUsd } from "@/lib/money";
import { onboardingChecklist } from "@/lib/onboarding/checklist";
import { loadOnboardingState } from "@/lib/onboarding/state";
import { can } from "@/lib/auth/permissions";
import { EmptyState } from "@/components/empty-state";
import { MonthlySpendChart, ProviderBars } from "./charts";
import { OnboardingChecklist } from "./checklist";
import { pinnedViewCards } from "@/lib/spend/saved-view-store";
import { PinnedViews } from "./pinned-views";

export const dynamic = "force-dynamic";

const BUDGET_STYLE: Record<string, string> = { over: "text-red-700", "forecast-over": "text-red-700", "at-risk": "text-amber-800", "on-track": "text-green-700", "no-budget": "text-gray-600" };

export default async function OverviewPage({ params }: { params: Promise<{ org: string }> }) {
  const { org } = await params;
  const ctx = await pageOrgContext(org, "spend.read");
  const now = new Date();
  const [o, pinned, onboarding] = await Promise.all([getOverview(ctx, now), pinnedViewCards(ctx, now), loadOnboardingState(ctx.orgId, now)]);
  const checklist = onboardingChecklist(onboarding, ctx.role);
  const usd = (v: string) => formatUsd(v, o.currency);
  const at = (path: string) => `/${ctx.orgSlug}/${path}`;
  // Where spend comes from, for the empty cards: the pages this role may use to bring it in.
  const spendSources = [
    can(ctx.role, "connections.manage") ? { label: "Connect OpenAI or Anthropic", href: at("settings/connections") } : null,
    can(ctx.role, "spend.import") ? { label: "Import a CSV or FOCUS file", href: at("settings/import") } : null,
    can(ctx.role, "apiTokens.manage") ? { label: "Point a trace exporter (API token)", href: at("settings/api-tokens") } : null,
  ].filter((l): l is { label: string; href: string } => l !== null);
  const noSpendYet = o.months.every((m) => m.total === "0.00" || Number(m.total) === 0);
  return (
    <div className="space-y-6">
      <h1 className="text-2xl font-semibold">{ctx.orgName}: overview</h1>
      <OnboardingChecklist org={ctx.orgSlug} checklist={checklist} />
      <PinnedViews cards={pinned} currency={o.currency} spendHref={`/${ctx.orgSlug}/spend`} />
      <div className="grid grid-cols-1 md:grid-cols-2 xl:grid-cols-4 gap-4">
        <Card title={`Spend this month (${o.thisMonth.month}, to date)`}>
          <p className="text-3xl font-semibold" data-testid="spend-this-month">{usd(o.thisMonth.total)}</p>
          {o.thisMonth.estimated !== "0.00" ? <p className="text-xs text-amber-800">of which {usd(o.thisMonth.estimated)} estimated from usage</p> : null}
        </Card>
        <Card title="Month-end forecast">
          <p className="text-3xl font-semibold" data-testid="forecast">{usd(o.forecast.forecast)}</p>
          <p className="text-xs text-gray-500">range {usd(o.forecast.low)} – {usd(o.forecast.high)}{o.forecast.method === "weekday-pattern" ? ", weekday-aware" : ""}</p>
        </Card>
        <Card title="Monthly budget">
          <p className="text-3xl font-semibold" data-testid="budget">{o.budget.amount === null ? "—" : usd(o.budget.amount)}</p>
          <p className={`text-xs ${BUDGET_STYLE[o.budget.state] ?? ""}`}>{o.budget.sentence}</p>
          {o.budget.amount === null && can(ctx.role, "budgets.manage") ? <Link href={at("spend#budgets")} className="text-xs text-blue-700 hover:underline">Set a budget →</Link> : null}
        </Card>
        <Card title={`Last month (${o.lastMonth.month})`}>
          <p className="text-3xl font-semibold" data-testid="spend-last-month">{usd(o.lastMonth.total)}</p>
        </Card>
      </div>
      <div className="grid grid-cols-1 lg:grid-cols-3 gap-4">
        <div className="lg:col-span-2">
          <Card title="Last 13 months">
            {noSpendYet ? (
              <EmptyState testId="months-empty" links={spendSources}>
                No spend in the last 13 months. The chart fills once billing data arrives from a provider connection, an imported billing file or usage pushed to the API{spendSources.length ? "" : " (an owner or admin sets these up)"}.
              </EmptyState>
            ) : (
              <MonthlySpendChart rows={o.months.map((m) => ({ month: m.month, Spend: Number(m.total) }))} />
            )}
          </Card>
        </div>
        <Card title="Top providers this month">
          {o.topProviders.length ? (
            <ProviderBars rows={o.topProviders.map((p) => ({ name: p.provider, value: Number(p.total) }))} />
          ) : (
            <EmptyState testId="providers-empty" links={spendSources}>No spend yet this month: each provider billed this month is listed here with its total.</EmptyState>
          )}
        </Card>
      </div>
      <div className="grid grid-cols-1 lg:grid-cols-2 gap-4">
        <Card title="Biggest movers (this month against the same weekdays four weeks earlier)">
          <p className="text-xs text-gray-500">{moverPeriodsSentence(o.moverPeriods)}</p>
          {o.movers.length === 0 ? (
            <EmptyState testId="movers-empty" links={noSpendYet ? spendSources : [{ label: "Daily spend", href: at("spend") }]}>
              Nothing moved yet this month. Models and projects whose spend changes against the same weekdays four weeks earlier show here{noSpendYet ? ", once spend comes in" : ""}.
            </EmptyState>
          ) : (
          <div className="overflow-x-auto">
          <table className="w-full text-sm" data-testid="overview-movers">
            <tbody>
              {o.movers.map((m) => (
                <tr key={m.label} className="border-t">
                  <td className="p-1">{m.label}</td>
                  <td className="p-1 text-right tabular-nums">{usd(m.current)}</td>
                  <td className={`p-1 text-right tabular-nums ${!m.significant ? "text-gray-500" : m.change.startsWith("-") ? "text-green-700" : "text-red-700"}`}>
                    {m.change.startsWith("-") ? "" : "+"}{usd(m.change)} {m.changePercent === null ? "(new)" : `(${m.changePercent > 0 ? "+" : ""}${m.changePercent}%)`}
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
          </div>
          )}
          <Link href={`/${ctx.orgSlug}/spend`} className="text-xs text-blue-700 hover:underline">All spend →</Link>
        </Card>
        <Card title="Break-even, largest workloads">
          <ul className="space-y-2 text-sm" data-testid="overview-breakeven">
            {o.breakEven.map((b) => (
              <li key={b.workload}>
                <p className="font-medium">{b.workload}</p>
                {b.percent === null ? (
                  <p>{b.standing}</p>
                ) : (
                  <>
                    <p>{b.standing} on {b.choice.replace(/^Pool: /, "")}. {b.history}</p>
                    <p className="text-xs text-gray-500">{b.capability}</p>
                  </>
                )}
              </li>
            ))}
          </ul>
          {o.breakEven.length === 0 ? (
            <EmptyState testId="breakeven-empty" links={[...spendSources, ...(can(ctx.role, "gpuPools.manage") ? [{ label: "Add a GPU pool", href: at("settings/gpu-pools") }] : [])]}>
              No measured usage with a catalog price yet. Token usage from a provider connection or the usage API, compared with a GPU pool, puts each workload&apos;s break-even here.
            </EmptyState>
          ) : null}
          <Link href={`/${ctx.orgSlug}/breakeven`} className="text-xs text-blue-700 hover:underline">Model it →</Link>
        </Card>
      </div>
    </div>
  );
}

function Card({ title, children }: { title: string; children: React.ReactNode }) {
  return (
    <section className="bg-white rounded-lg shadow p-4 h-full">
      <h2 className="text-sm text-gray-500 mb-2">{title}</h2>
      {children}
    </section>
  );
}
