import { withOrg } from "@/lib/http/route";
import { requestDocumentCheck } from "@/lib/terms/documents";

type P = { org: string; documentId: string };

// "Check now": queue the same job the schedule runs, for one document.
export const POST = withOrg<P>("documents.manage", async (_req, ctx, { documentId }) => Response.json(await requestDocumentCheck(ctx, documentId), { status: 202 }));
