import { withOrg } from "@/lib/http/route";
import { requestDocumentCheck } from "@/lib/terms/documents";

type P = { org: string; documentId: string };

// "Check now": 202 when a job was queued, 200 with the reason (already queued, checked a moment ago) when not.
export const POST = withOrg<P>("documents.manage", async (_req, ctx, { documentId }) => {
  const answer = await requestDocumentCheck(ctx, documentId);
  return Response.json(answer, { status: answer.queued ? 202 : 200 });
});
