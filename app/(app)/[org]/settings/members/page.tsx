import { pageOrgContext } from "@/lib/auth/page";
import { assignableRoles, can } from "@/lib/auth/permissions";
import { listMembers } from "@/lib/orgs/members";
import { MembersPanel } from "./members-panel";

export const dynamic = "force-dynamic";

export default async function MembersPage({ params }: { params: Promise<{ org: string }> }) {
  const { org } = await params;
  const ctx = await pageOrgContext(org, "members.read");
  const initial = await listMembers(ctx);
  return (
    <div>
      <h1 className="text-2xl font-semibold mb-4">Members</h1>
      <MembersPanel org={ctx.orgSlug} initial={initial} canManage={can(ctx.role, "members.manage")} roles={assignableRoles(ctx.role)} />
    </div>
  );
}
