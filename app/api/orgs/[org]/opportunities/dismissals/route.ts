import { z } from "zod";
import { readJson, withOrg } from "@/lib/http/route";
import { parseOrThrow } from "@/lib/errors";
import { dismissBodySchema, dismissOpportunity, restoreOpportunity } from "@/lib/savings/dismissals";

// POST { key, reason }: dismiss an opportunity with a reason. DELETE ?key=…: bring it back.
export const POST = withOrg("opportunities.act", async (req, ctx) => Response.json(await dismissOpportunity(ctx, await readJson(req, dismissBodySchema, "dismissal"), new Date())));
export const DELETE = withOrg("opportunities.act", async (req, ctx) => Response.json(await restoreOpportunity(ctx, parseOrThrow(z.string().min(1, "is required"), new URL(req.url).searchParams.get("key") ?? "", "key"))));
