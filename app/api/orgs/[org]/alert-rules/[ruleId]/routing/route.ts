import { z } from "zod";
import { readJson, withOrg } from "@/lib/http/route";
import { setRuleRouting } from "@/lib/channels/store";

// PUT { emailMinSeverity?, channels: [{ channelId, minSeverity, delivery }] } replaces the rule's channel routing.
export const PUT = withOrg<{ org: string; ruleId: string }>("alertRules.manage", async (req, ctx, { ruleId }) => {
  await setRuleRouting(ctx, ruleId, await readJson(req, z.unknown(), "alert routing"));
  return Response.json({ ok: true });
});
