import { readJson, withOrg } from "@/lib/http/route";
import { z } from "zod";
import { createAlertRule, listAlertRules } from "@/lib/alerts/rule-store";

// Reading rules is open to everyone who reads alerts (who gets told what); changing them is alertRules.manage.
export const GET = withOrg("alerts.read", async (_req, ctx) => Response.json({ rules: await listAlertRules(ctx) }));

export const POST = withOrg("alertRules.manage", async (req, ctx) => Response.json(await createAlertRule(ctx, await readJson(req, z.unknown(), "alert rule")), { status: 201 }));
