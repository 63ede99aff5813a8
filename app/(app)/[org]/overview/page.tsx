import Link from "next/link";
import { moverPeriodsSentence } from "../spend/movers-table";
import { pageOrgContext } from "@/lib/auth/page";
import { getOverview } from "@/lib/spend/overview";
import { formatUsd } from "@/lib/money";
import { MonthlySpendChart, ProviderBars } from "./charts";
import { pinnedViewCards } from "@/lib/spend/saved-view-store";
import { PinnedViews } from "./pinned-views";

export const dynamic = "force-dynamic";

const BUDGET_STYLE: Record<string, string> = { over: "text-red-700", "forecast-over": "text-red-700", "at-risk": "text-amber-700", "on-track": "text-green-700", "no-budget": "text-gray-500" };

export default async function OverviewPage({ params }: { params: Promise<{ org: string }> }) {
  const { org } = await params;
  const ctx = await pageOrgContext(org, "spend.read");
  const now = new Date();
  const [o, pinned] = await Promise.all([getOverview(ctx, now), pinnedViewCards(ctx, now)]);
  const usd = (v: string) => formatUsd(v, o.currency);
  return (
    <div className="space-y-6">
      <h1 className="text-2xl font-semibold">{ctx.orgName}: overview</h1>
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
        </Card>
        <Card title={`Last month (${o.lastMonth.month})`}>
          <p className="text-3xl font-semibold" data-testid="spend-last-month">{usd(o.lastMonth.total)}</p>
        </Card>
      </div>
      <div className="grid grid-cols-1 lg:grid-cols-3 gap-4">
        <div className="lg:col-span-2">
          <Card title="Last 13 months">
            <MonthlySpendChart rows={o.months.map((m) => ({ month: m.month, Spend: Number(m.total) }))} />
          </Card>
        </div>
        <Card title="Top providers this month">
          <ProviderBars rows={o.topProviders.map((p) => ({ name: p.provider, value: Number(p.total) }))} />
        </Card>
      </div>
      <div className="grid grid-cols-1 lg:grid-cols-2 gap-4">
        <Card title="Biggest movers (this month against the same weekdays four weeks earlier)">
          <p className="text-xs text-gray-500">{moverPeriodsSentence(o.moverPeriods)}</p>
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
              {o.movers.length === 0 ? <tr><td className="p-1 text-gray-500">Nothing moved yet this month.</td></tr> : null}
            </tbody>
          </table>
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
            {o.breakEven.length === 0 ? <li className="text-gray-500">No measured usage with a catalog price yet.</li> : null}
          </ul>
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
