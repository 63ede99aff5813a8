import { pageOrgContext } from "@/lib/auth/page";
import { EmptyState } from "@/components/empty-state";
import { can } from "@/lib/auth/permissions";
import { getBreakEvenPage } from "@/lib/spend/breakeven-view";
import { filterOptions } from "@/lib/spend/queries";
import { BreakEvenPanel } from "./breakeven-panel";
import { RealVsModelledTable } from "./real-vs-modelled";
import { SaveGroupForm } from "./save-group-form";

export const dynamic = "force-dynamic";

export default async function BreakEvenPage({ params }: { params: Promise<{ org: string }> }) {
  const { org } = await params;
  const ctx = await pageOrgContext(org, "breakeven.read");
  const canSave = can(ctx.role, "scenarios.write");
  const [data, options] = await Promise.all([getBreakEvenPage(ctx.orgId, new Date()), canSave ? filterOptions(ctx.orgId) : null]);
  return (
    <div className="space-y-6">
      <div>
        <h1 className="text-2xl font-semibold">Break-even: API or self-hosted</h1>
        <p className="text-sm text-gray-500">Monthly cost of each workload on the API against running it on your own GPUs. Formulas: docs/breakeven.md.</p>
      </div>
      {data.workloads.length ? (
        <BreakEvenPanel data={data} />
      ) : (
        <div className="bg-white rounded-lg shadow p-4">
          <EmptyState testId="breakeven-empty" links={[{ label: "Connections", href: `/${ctx.orgSlug}/settings/connections` }, { label: "API tokens for pushed usage", href: `/${ctx.orgSlug}/settings/api-tokens` }, { label: "GPU pools", href: `/${ctx.orgSlug}/gpu-pools` }]}>
            No measured usage yet: workloads appear here after their first complete month of token usage from a provider connection or pushed to the usage API, priced against your GPU pools.
          </EmptyState>
        </div>
      )}
      {data.realVsModelled.map((r) => <RealVsModelledTable key={r.poolId} data={r} currency={data.currency} />)}
      {options ? <SaveGroupForm org={ctx.orgSlug} options={options} groups={data.workloads.filter((w) => w.kind === "saved").map((w) => ({ id: w.id.replace(/^saved:/, ""), label: w.label }))} /> : null}
    </div>
  );
}
