import { readJson, withOrg } from "@/lib/http/route";
import { createConnection, listConnections } from "@/lib/connections/connections";
import { createConnectionSchema } from "@/lib/connections/schemas";

export const GET = withOrg("connections.read", async (_req, ctx) => Response.json({ connections: await listConnections(ctx) }));

export const POST = withOrg("connections.manage", async (req, ctx) =>
  Response.json(await createConnection(ctx, await readJson(req, createConnectionSchema, "connection")), { status: 201 }),
);
