import { readJson, withOrg } from "@/lib/http/route";
import { savedViewInputSchema } from "@/lib/spend/saved-views";
import { createSavedView, listSavedViews } from "@/lib/spend/saved-view-store";

// GET: the saved Spend views this person may see (their own and the org's shared ones).
export const GET = withOrg("spend.read", async (_req, ctx) => Response.json({ views: await listSavedViews(ctx, new Date()) }));

// POST { name, query: { from, to, provider[], model[], project[], tag[], groupBy }, range, shared }: save the view.
export const POST = withOrg("savedViews.write", async (req, ctx) => Response.json(await createSavedView(ctx, await readJson(req, savedViewInputSchema, "saved view")), { status: 201 }));
