import { withOrg } from "@/lib/http/route";
import { parseSpendSearchParams } from "@/lib/spend/filters";
import { getSpendView } from "@/lib/spend/view";

// The Spend page's DTO for the filters in the query string (the same params as the page URL).
export const GET = withOrg("spend.read", async (req, ctx) => {
  const now = new Date();
  return Response.json(await getSpendView(ctx, parseSpendSearchParams(new URL(req.url).searchParams, now), now));
});
