import { z } from "zod";
import { readJson, withOrg } from "@/lib/http/route";
import { deleteAlertRule, updateAlertRule } from "@/lib/alerts/rule-store";

type P = { org: string; ruleId: string };

// PATCH { enabled: false } disables a rule; any other field edits it (params validated for the rule's type).
export const PATCH = withOrg<P>("alertRules.manage", async (req, ctx, { ruleId }) => {
  await updateAlertRule(ctx, ruleId, await readJson(req, z.unknown(), "alert rule"));
  return Response.json({ ok: true });
});

export const DELETE = withOrg<P>("alertRules.manage", async (_req, ctx, { ruleId }) => {
  await deleteAlertRule(ctx, ruleId);
  return Response.json({ ok: true });
});
