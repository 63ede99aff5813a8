import { withOrg } from "@/lib/http/route";
import { sendTestMessage } from "@/lib/channels/store";

// Queued like any alert message: its attempts appear in the channel's delivery list.
export const POST = withOrg<{ org: string; channelId: string }>("alertChannels.manage", async (_req, ctx, { channelId }) => Response.json(await sendTestMessage(ctx, channelId), { status: 202 }));
