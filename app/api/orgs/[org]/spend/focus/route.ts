import { withOrg } from "@/lib/http/route";
import { focusExportResponse } from "@/lib/focus/export-route";

// The Spend page's range and filters as a FOCUS 1.2 CSV (docs/focus.md).
export const GET = withOrg("spend.export", async (req, ctx) => focusExportResponse(ctx, new URL(req.url).searchParams));
