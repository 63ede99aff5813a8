import { pageOrgContext } from "@/lib/auth/page";
import { can } from "@/lib/auth/permissions";
import { listConnections } from "@/lib/connections/connections";
import { ConnectionsPanel } from "./connections-panel";

export const dynamic = "force-dynamic";

export default async function ConnectionsPage({ params }: { params: Promise<{ org: string }> }) {
  const { org } = await params;
  const ctx = await pageOrgContext(org, "connections.read");
  const initial = await listConnections(ctx);
  return (
    <div>
      <h1 className="text-2xl font-semibold mb-1">Connections</h1>
      <p className="text-sm text-gray-600 mb-4">
        Provider billing APIs read every hour (the last 3 days again each time, because providers restate them). Admin keys are stored encrypted; only their last 4 characters are ever shown.
      </p>
      <ConnectionsPanel org={ctx.orgSlug} initial={initial} canManage={can(ctx.role, "connections.manage")} />
    </div>
  );
}
