import { readJson, withOrg } from "@/lib/http/route";
import { deleteConnection, getConnection, updateConnection } from "@/lib/connections/connections";
import { updateConnectionSchema } from "@/lib/connections/schemas";

type P = { org: string; connectionId: string };

export const GET = withOrg<P>("connections.read", async (_req, ctx, { connectionId }) => Response.json(await getConnection(ctx, connectionId)));

// { paused: true } pauses (no scheduled syncs), { paused: false } resumes; { apiKey } replaces the key.
export const PATCH = withOrg<P>("connections.manage", async (req, ctx, { connectionId }) =>
  Response.json(await updateConnection(ctx, connectionId, await readJson(req, updateConnectionSchema, "connection change"))),
);

export const DELETE = withOrg<P>("connections.manage", async (_req, ctx, { connectionId }) => {
  await deleteConnection(ctx, connectionId);
  return Response.json({ ok: true });
});
