import { withOrg } from "@/lib/http/route";
import { requestSync } from "@/lib/connections/jobs";

type P = { org: string; connectionId: string };

// "Sync now": 202 when this request queued a sync, 200 with the reason when it did not.
export const POST = withOrg<P>("connections.manage", async (_req, ctx, { connectionId }) => {
  const answer = await requestSync(ctx, connectionId);
  return Response.json(answer, { status: answer.queued ? 202 : 200 });
});
