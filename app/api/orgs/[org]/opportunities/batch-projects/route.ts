import { readJson, withOrg } from "@/lib/http/route";
import { setToleratesDelay, toleratesDelaySchema } from "@/lib/savings/project-settings";

// PUT { provider, projectId, toleratesDelay }: whether a project's traffic can wait for a batch API.
export const PUT = withOrg("opportunities.act", async (req, ctx) => Response.json(await setToleratesDelay(ctx, await readJson(req, toleratesDelaySchema, "project setting"))));
