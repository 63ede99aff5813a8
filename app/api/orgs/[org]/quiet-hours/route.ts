import { z } from "zod";
import { readJson, withOrg } from "@/lib/http/route";
import { setQuietHours } from "@/lib/channels/store";

// PUT { start: "22:00", end: "07:00", timeZone: "Europe/Paris" }, or { start: null, end: null } for none.
export const PUT = withOrg("alertChannels.manage", async (req, ctx) => {
  await setQuietHours(ctx, await readJson(req, z.unknown(), "quiet hours"));
  return Response.json({ ok: true });
});
