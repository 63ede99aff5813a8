import { readJson, withOrg } from "@/lib/http/route";
import { backfillStatus, startBackfill } from "@/lib/connections/jobs";
import { backfillMonths, backfillSchema } from "@/lib/connections/schemas";

type P = { org: string; connectionId: string };

// Polled by the connections page for its progress bar.
export const GET = withOrg<P>("connections.read", async (_req, ctx, { connectionId }) => Response.json(await backfillStatus(ctx, connectionId)));

export const POST = withOrg<P>("connections.manage", async (req, ctx, { connectionId }) => {
  const now = new Date();
  const months = backfillMonths(await readJson(req, backfillSchema, "backfill"), now);
  return Response.json(await startBackfill(ctx, connectionId, months, now), { status: 202 });
});
