import { withOrg } from "@/lib/http/route";
import { revokeApiToken } from "@/lib/api-tokens/tokens";

// Revoke (kept in the list as revoked, so people can see what stopped working and when).
export const DELETE = withOrg<{ org: string; tokenId: string }>("apiTokens.manage", async (_req, ctx, { tokenId }) => Response.json(await revokeApiToken(ctx, tokenId)));
