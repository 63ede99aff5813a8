import { pageOrgContext } from "@/lib/auth/page";
import { listPools } from "@/lib/gpu/pools";
import { GpuPoolsPanel } from "./gpu-pools-panel";

export const dynamic = "force-dynamic";

// Settings → GPU pools: cost model and metric sources of each pool (engineering and admins).
export default async function GpuPoolSettingsPage({ params }: { params: Promise<{ org: string }> }) {
  const { org } = await params;
  const ctx = await pageOrgContext(org, "gpuPools.manage");
  return (
    <div>
      <h1 className="text-2xl font-semibold mb-4">GPU pool settings</h1>
      <GpuPoolsPanel org={ctx.orgSlug} initial={await listPools(ctx)} />
    </div>
  );
}
