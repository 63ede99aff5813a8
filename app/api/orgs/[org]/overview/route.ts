import { withOrg } from "@/lib/http/route";
import { getOverview } from "@/lib/spend/overview";

export const GET = withOrg("spend.read", async (_req, ctx) => Response.json(await getOverview(ctx, new Date())));
