import { z } from "zod";
import { readJson, withOrg } from "@/lib/http/route";
import { createChannel, listChannels } from "@/lib/channels/store";

// Channels with their recent deliveries and every attempt; the URL itself is never returned (host and last four only).
export const GET = withOrg("alertChannels.read", async (_req, ctx) => Response.json({ channels: await listChannels(ctx) }));

// 201 carries the webhook signing secret, this once.
export const POST = withOrg("alertChannels.manage", async (req, ctx) => Response.json(await createChannel(ctx, await readJson(req, z.unknown(), "alert channel")), { status: 201 }));
