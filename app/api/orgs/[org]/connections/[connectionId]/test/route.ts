import { withOrg } from "@/lib/http/route";
import { testConnection } from "@/lib/connections/connections";

// One cheap real call to the provider with the stored key: { ok, message } in words.
export const POST = withOrg<{ org: string; connectionId: string }>("connections.manage", async (_req, ctx, { connectionId }) => Response.json(await testConnection(ctx, connectionId)));
