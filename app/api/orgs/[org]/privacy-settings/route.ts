import { z } from "zod";
import { readJson, withOrg } from "@/lib/http/route";
import { setRetentionLimit } from "@/lib/privacy/exposure-store";

// PUT { maxRetentionDays: 30 } (or null for no limit): how long the org accepts a vendor keeping its data.
export const PUT = withOrg("privacy.manage", async (req, ctx) => {
  await setRetentionLimit(ctx, await readJson(req, z.unknown(), "retention limit"));
  return Response.json({ ok: true });
});
