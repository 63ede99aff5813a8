import { pageOrgContext } from "@/lib/auth/page";
import { getOverview } from "@/lib/spend/overview";
import { formatUsd } from "@/lib/money";
import { MonthlySpendChart, ProviderBars } from "./charts";

export const dynamic = "force-dynamic";

export default async function OverviewPage({ params }: { params: Promise<{ org: string }> }) {
  const { org } = await params;
  const ctx = await pageOrgContext(org, "spend.read");
  const o = await getOverview(ctx, new Date());
  return (
    <div className="space-y-6">
      <h1 className="text-2xl font-semibold">{ctx.orgName}: overview</h1>
      <div className="grid grid-cols-1 md:grid-cols-3 gap-4">
        <Card title={`Spend this month (${o.thisMonth.month}, to date)`}>
          <p className="text-3xl font-semibold" data-testid="spend-this-month">{formatUsd(o.thisMonth.total, o.currency)}</p>
          {o.thisMonth.estimated !== "0.00" ? <p className="text-xs text-gray-500">of which {formatUsd(o.thisMonth.estimated, o.currency)} estimated from usage</p> : null}
        </Card>
        <Card title={`Last month (${o.lastMonth.month})`}>
          <p className="text-3xl font-semibold" data-testid="spend-last-month">{formatUsd(o.lastMonth.total, o.currency)}</p>
        </Card>
        <Card title="Top providers this month">
          <ProviderBars rows={o.topProviders.map((p) => ({ name: p.provider, value: Number(p.total) }))} />
        </Card>
      </div>
      <Card title="Last 13 months">
        <MonthlySpendChart rows={o.months.map((m) => ({ month: m.month, Spend: Number(m.total) }))} />
      </Card>
    </div>
  );
}

function Card({ title, children }: { title: string; children: React.ReactNode }) {
  return (
    <section className="bg-white rounded-lg shadow p-4">
      <h2 className="text-sm text-gray-500 mb-2">{title}</h2>
      {children}
    </section>
  );
}
