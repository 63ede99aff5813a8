import { withOrg } from "@/lib/http/route";
import { requestFocusSourceRun } from "@/lib/focus/sources";

type P = { org: string; sourceId: string };

// "Import now": 202 when this request queued the run, 200 with the reason when one is already queued or running.
export const POST = withOrg<P>("focusSources.manage", async (_req, ctx, { sourceId }) => {
  const answer = await requestFocusSourceRun(ctx, sourceId);
  return Response.json(answer, { status: answer.queued ? 202 : 200 });
});
