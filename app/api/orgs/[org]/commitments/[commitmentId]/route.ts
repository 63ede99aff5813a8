import { readJson, withOrg } from "@/lib/http/route";
import { commitmentInputSchema, deleteCommitment, updateCommitment } from "@/lib/commitments/store";

// PUT: replace a credit's or commitment's fields (validated whole); DELETE: remove it. Both audited.
export const PUT = withOrg<{ org: string; commitmentId: string }>("commitments.manage", async (req, ctx, params) => Response.json(await updateCommitment(ctx, params.commitmentId, await readJson(req, commitmentInputSchema, "commitment"))));
export const DELETE = withOrg<{ org: string; commitmentId: string }>("commitments.manage", async (_req, ctx, params) => {
  await deleteCommitment(ctx, params.commitmentId);
  return new Response(null, { status: 204 });
});
