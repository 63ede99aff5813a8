import { withOrg } from "@/lib/http/route";
import { modelPriceHistory, pricesOverview } from "@/lib/pricing/prices-page";

// Prices in effect and recent changes with this org's impact; ?provider=&model= adds that model's history.
export const GET = withOrg("prices.read", async (req, ctx) => {
  const q = new URL(req.url).searchParams;
  const provider = q.get("provider");
  const model = q.get("model");
  const overview = await pricesOverview(ctx, new Date());
  return Response.json({ ...overview, history: provider && model ? await modelPriceHistory(provider, model) : null });
});
