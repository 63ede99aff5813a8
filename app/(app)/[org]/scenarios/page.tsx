import Link from "next/link";
import { EmptyState } from "@/components/empty-state";
import { pageOrgContext } from "@/lib/auth/page";
import { can } from "@/lib/auth/permissions";
import { formatUsd } from "@/lib/money";
import { listAnalysedScenarios } from "@/lib/scenarios/saved";
import { authorName } from "@/lib/scenarios/dto";
import { paybackText } from "./results";
import { ComparePicker } from "./actions";

export const dynamic = "force-dynamic";

export default async function ScenariosPage({ params }: { params: Promise<{ org: string }> }) {
  const { org } = await params;
  const ctx = await pageOrgContext(org, "scenarios.read");
  const items = await listAnalysedScenarios(ctx);
  return (
    <div className="space-y-4">
      <div className="flex justify-between items-center">
        <h1 className="text-2xl font-semibold">Migration scenarios</h1>
        {can(ctx.role, "scenarios.write") ? <Link href={`/${ctx.orgSlug}/scenarios/new`} className="rounded bg-blue-700 text-white px-3 py-1 text-sm">New scenario</Link> : null}
      </div>
      <p className="text-sm text-gray-600">What moving a workload off (or onto) a closed API would cost and save over time, with the payback, the NPV and the assumptions in plain sight. Everyone in {ctx.orgName} sees every scenario; executives, admins and owners create them.</p>
      {items.length === 0 ? (
        <EmptyState testId="scenarios-empty" links={can(ctx.role, "scenarios.write") ? [{ label: "New scenario", href: `/${ctx.orgSlug}/scenarios/new` }, { label: "Start from a break-even workload", href: `/${ctx.orgSlug}/breakeven` }] : [{ label: "Break-even", href: `/${ctx.orgSlug}/breakeven` }]}>
          No scenarios yet. A scenario moves a measured workload (or one you describe) to a GPU pool or another API and lists its costs, savings and payback month by month{can(ctx.role, "scenarios.write") ? "" : "; executives, admins and owners create them"}.
        </EmptyState>
      ) : (
        <>
          <table className="w-full bg-white rounded-lg shadow text-sm" data-testid="scenario-list">
            <thead><tr className="text-left text-gray-500">{["Scenario", "Moves", "To", "NPV", "Payback", "Author", "Updated"].map((h) => <th key={h} className="p-2">{h}</th>)}</tr></thead>
            <tbody>
              {items.map(({ scenario: sc, analysis: a }) => (
                <tr key={sc.id} className="border-t">
                  <td className="p-2"><Link href={`/${ctx.orgSlug}/scenarios/${sc.id}`} className="underline">{sc.name}</Link></td>
                  <td className="p-2">{a?.workloadLabel ?? "—"}</td>
                  <td className="p-2">{a?.targetLabel ?? <span className="text-red-700">inputs need fixing</span>}</td>
                  <td className="p-2">{a ? formatUsd(a.totals.npv) : "—"}</td>
                  <td className="p-2">{a ? paybackText(a.totals.paybackMonth, a.inputs.horizonMonths) : "—"}</td>
                  <td className="p-2">{authorName(sc)}</td>
                  <td className="p-2">{sc.updatedAt.slice(0, 10)}</td>
                </tr>
              ))}
            </tbody>
          </table>
          {items.length >= 2 ? <ComparePicker org={ctx.orgSlug} scenarios={items.map((i) => ({ id: i.scenario.id, name: i.scenario.name }))} /> : null}
        </>
      )}
    </div>
  );
}
