import { z } from "zod";
import { readJson, withOrg } from "@/lib/http/route";
import { setProjectSensitivity } from "@/lib/privacy/exposure-store";

// PUT { provider, projectId, sensitiveData: ["PII" | "CUSTOMER_CONTENT" | "SOURCE_CODE"] } marks what a project sends.
export const PUT = withOrg("privacy.manage", async (req, ctx) => {
  await setProjectSensitivity(ctx, await readJson(req, z.unknown(), "project sensitivity"));
  return Response.json({ ok: true });
});
