import { z } from "zod";
import { readJson, withOrg } from "@/lib/http/route";
import { clearPostureOverride, listPosture, setPostureOverride } from "@/lib/privacy/store";

// Each vendor offering's posture as this org sees it (its overrides win over the cited seed).
export const GET = withOrg("privacy.read", async (_req, ctx) => Response.json({ offerings: await listPosture(ctx) }));

// PUT { vendor, offering, field, value, note } records what the org's contract says; DELETE { vendor, offering, field } forgets it.
export const PUT = withOrg("privacy.manage", async (req, ctx) => {
  await setPostureOverride(ctx, await readJson(req, z.unknown(), "posture override"));
  return Response.json({ ok: true });
});

export const DELETE = withOrg("privacy.manage", async (req, ctx) => {
  await clearPostureOverride(ctx, await readJson(req, z.unknown(), "posture override"));
  return Response.json({ ok: true });
});
