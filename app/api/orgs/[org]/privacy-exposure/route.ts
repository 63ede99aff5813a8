import { withOrg } from "@/lib/http/route";
import { loadExposure } from "@/lib/privacy/exposure-store";

// Per project: the offering that receives its data (last 30 days), that offering's posture for this org, and flags.
export const GET = withOrg("privacy.read", async (_req, ctx) => Response.json(await loadExposure(ctx)));
