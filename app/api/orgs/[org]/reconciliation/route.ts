import { withOrg } from "@/lib/http/route";
import { getReconciliation } from "@/lib/spend/reconciliation";

// ?month=YYYY-MM (default: this month, UTC).
export const GET = withOrg("spend.read", async (req, ctx) => {
  const month = new URL(req.url).searchParams.get("month") ?? new Date().toISOString().slice(0, 7);
  return Response.json(await getReconciliation(ctx, month));
});
