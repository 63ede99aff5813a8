import { readJson, withOrg } from "@/lib/http/route";
import { createSavedWorkload, savedWorkloadInputSchema } from "@/lib/spend/saved-workloads";

// POST { name, filter: { provider?: [], model?: [], project?: [] } }: save a workload group for the
// break-even page. Groups feed scenarios too, so saving one takes scenarios.write.
export const POST = withOrg("scenarios.write", async (req, ctx) => Response.json(await createSavedWorkload(ctx, await readJson(req, savedWorkloadInputSchema, "workload group")), { status: 201 }));
