import { withOrg } from "@/lib/http/route";
import { replayDelivery } from "@/lib/channels/store";

// Sends the stored body again now (same webhook-id) and answers with the outcome, recorded as a replay attempt.
export const POST = withOrg<{ org: string; deliveryId: string }>("alertChannels.manage", async (_req, ctx, { deliveryId }) => Response.json(await replayDelivery(ctx, deliveryId)));
