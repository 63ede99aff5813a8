import { readJson, withOrg } from "@/lib/http/route";
import { createApiToken, createTokenSchema, listApiTokens } from "@/lib/api-tokens/tokens";

export const GET = withOrg("apiTokens.manage", async (_req, ctx) => Response.json({ tokens: await listApiTokens(ctx) }));

// The answer carries `token` once; it cannot be shown again.
export const POST = withOrg("apiTokens.manage", async (req, ctx) => {
  const { name } = await readJson(req, createTokenSchema, "API token");
  return Response.json(await createApiToken(ctx, name), { status: 201, headers: { "cache-control": "no-store" } });
});
