import { z } from "zod";
import { readJson, withOrg } from "@/lib/http/route";
import { deleteChannel, setChannelEnabled } from "@/lib/channels/store";

type P = { org: string; channelId: string };

export const PATCH = withOrg<P>("alertChannels.manage", async (req, ctx, { channelId }) => {
  const body = await readJson(req, z.object({ enabled: z.boolean({ error: "true or false" }) }), "alert channel");
  await setChannelEnabled(ctx, channelId, body.enabled);
  return Response.json({ ok: true });
});

export const DELETE = withOrg<P>("alertChannels.manage", async (_req, ctx, { channelId }) => {
  await deleteChannel(ctx, channelId);
  return Response.json({ ok: true });
});
