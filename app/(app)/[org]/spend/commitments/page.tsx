import { pageOrgContext } from "@/lib/auth/page";
import { can } from "@/lib/auth/permissions";
import { commitmentDto, loadCommitments } from "@/lib/commitments/store";
import { CommitmentsPanel } from "./commitments-panel";

export const dynamic = "force-dynamic";

// Prepaid credits and spend commitments per provider with their burn-down and run-out date (everyone reads;
// finance, admins and owners record them).
export default async function CommitmentsPage({ params }: { params: Promise<{ org: string }> }) {
  const { org } = await params;
  const ctx = await pageOrgContext(org, "spend.read");
  const commitments = (await loadCommitments(ctx.orgId, new Date())).map(commitmentDto);
  return (
    <div className="space-y-4">
      <h1 className="text-2xl font-semibold">Credits and commitments</h1>
      <p className="text-sm text-gray-600">
        Prepaid credits and committed spend per provider, entered by finance: the provider&apos;s counted spend (billed dollars, the same figures as Spend) from the start day burns
        them down, through yesterday (UTC). The run-out date assumes the mean daily spend of the last 28 days (fewer for a younger term) continues. The providers&apos; billing APIs
        we read do not report credit balances or commitments, so they are entered here. An alert rule &quot;Credits or commitment running out&quot; emails before they do.
      </p>
      <CommitmentsPanel org={ctx.orgSlug} commitments={commitments} canManage={can(ctx.role, "commitments.manage")} />
    </div>
  );
}
