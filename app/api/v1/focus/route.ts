import { withApiToken } from "@/lib/http/api-token";
import { focusExportResponse } from "@/lib/focus/export-route";

// A stable URL for scheduled pulls: GET /api/v1/focus?from=YYYY-MM-DD&to=YYYY-MM-DD[&provider=…]
// with "Authorization: Bearer bk_…" (an org API token); the org comes from the token only.
export const GET = withApiToken(async (req, auth) => focusExportResponse({ orgId: auth.orgId }, new URL(req.url).searchParams));
