import { withOrg } from "@/lib/http/route";
import { deleteSavedWorkload } from "@/lib/spend/saved-workloads";

export const DELETE = withOrg<{ org: string; workloadId: string }>("scenarios.write", async (_req, ctx, params) => {
  await deleteSavedWorkload(ctx, params.workloadId);
  return new Response(null, { status: 204 });
});
