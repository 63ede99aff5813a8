import { readJson, withOrg } from "@/lib/http/route";
import { attributionSchema, loadAttribution, saveAttribution } from "@/lib/otlp/attribution";

// GET: the org's span attribute → dimension mapping. PUT the whole mapping to change it.
export const GET = withOrg("spend.read", async (_req, ctx) => Response.json(await loadAttribution(ctx.orgId)));
export const PUT = withOrg("org.manage", async (req, ctx) => Response.json(await saveAttribution(ctx, await readJson(req, attributionSchema, "attribution settings"))));
