import { pageOrgContext } from "@/lib/auth/page";
import { isAppError } from "@/lib/errors";
import { can } from "@/lib/auth/permissions";
import { formatUsd, sum } from "@/lib/money";
import { orgOpportunities } from "@/lib/savings/load";
import { parseReservedQuotes } from "@/lib/savings/quotes";
import { KIND_LABEL } from "@/lib/savings/types";
import { RestoreButton } from "./dismiss-controls";
import { OpportunityCard } from "./opportunity-card";
import { ReservedTable } from "./reserved-table";
import { BatchProjects } from "./batch-projects";
import { projectsForBatch } from "@/lib/savings/project-settings";

export const dynamic = "force-dynamic";

export default async function OpportunitiesPage({ params, searchParams }: { params: Promise<{ org: string }>; searchParams: Promise<Record<string, string | string[] | undefined>> }) {
  const { org } = await params;
  const ctx = await pageOrgContext(org, "opportunities.read");
  const search = await searchParams;
  let quotes: ReturnType<typeof parseReservedQuotes> = {};
  let quoteError: string | null = null;
  try {
    quotes = parseReservedQuotes(search);
  } catch (e) {
    if (!isAppError(e)) throw e;
    quoteError = e.message; // shown beside the table; the page computes with the cited figures
  }
  const [r, projects] = await Promise.all([orgOpportunities(ctx, new Date(), quotes), projectsForBatch(ctx)]);
  const canAct = can(ctx.role, "opportunities.act");
  const canModel = can(ctx.role, "scenarios.write");
  const low = sum(r.opportunities.map((o) => o.saving.low));
  const high = sum(r.opportunities.map((o) => o.saving.high));
  return (
    <div className="space-y-6">
      <div>
        <h1 className="text-2xl font-semibold">Savings opportunities</h1>
        <p className="text-sm text-gray-600">From {r.month} (the last complete month) of your own usage and the price book; each saving is a monthly range, never more than the spend it applies to. Formulas and price sources: docs/savings.md.</p>
        <p className="text-sm mt-1" data-testid="total">{r.opportunities.length} open, {formatUsd(low)} – {formatUsd(high)} a month in all (ranges overlap where two kinds touch the same traffic: do not add them blindly).</p>
      </div>
      {r.opportunities.length === 0 ? <p className="text-sm">Nothing to save found for {r.month}.</p> : null}
      {r.opportunities.map((o, i) => <OpportunityCard key={o.key} o={o} org={ctx.orgSlug} rank={i + 1} canAct={canAct} canModel={canModel} />)}

      <section className="space-y-3">
        <h2 className="text-lg font-semibold">Checked, no saving</h2>
        <p className="text-sm text-gray-600">Reserved capacity where provisioned throughput would cost more than paying per token at the measured load, or where the vendor publishes no figure to compute it.</p>
        {r.checked.length === 0 ? <p className="text-sm text-gray-500">None.</p> : r.checked.map((o) => <OpportunityCard key={o.key} o={o} org={ctx.orgSlug} rank={null} canAct={false} canModel={canModel} />)}
        {quoteError ? <p role="alert" className="text-sm text-red-700">Quote not used: {quoteError}</p> : null}
        <ReservedTable quotes={quotes} />
      </section>

      <BatchProjects org={ctx.orgSlug} projects={projects} canEdit={canAct} />

      <section className="bg-white rounded-lg shadow p-4" data-testid="dismissed">
        <h2 className="text-lg font-semibold mb-2">Dismissed</h2>
        {r.dismissals.length === 0 ? <p className="text-sm text-gray-500">Nothing dismissed.</p> : (
          <table className="w-full text-sm">
            <thead><tr className="text-left text-gray-500">{["Opportunity", "Kind", "Saving when dismissed", "Reason", "By", "When", ""].map((h) => <th key={h} className="p-1">{h}</th>)}</tr></thead>
            <tbody>{r.dismissals.map((d) => (
              <tr key={d.key} className="border-t align-top" data-testid="dismissal">
                <td className="p-1">{d.title}</td>
                <td className="p-1">{KIND_LABEL[d.kind as keyof typeof KIND_LABEL] ?? d.kind}</td>
                <td className="p-1">{formatUsd(d.savingLow)} – {formatUsd(d.savingHigh)}</td>
                <td className="p-1" data-testid="dismissal-reason">{d.reason}</td>
                <td className="p-1">{d.dismissedBy ?? "—"}</td>
                <td className="p-1">{d.createdAt.toISOString().slice(0, 10)}</td>
                <td className="p-1">{canAct ? <RestoreButton org={ctx.orgSlug} opportunityKey={d.key} /> : null}</td>
              </tr>))}
            </tbody>
          </table>
        )}
      </section>
    </div>
  );
}
