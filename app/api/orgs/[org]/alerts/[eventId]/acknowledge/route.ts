import { withOrg } from "@/lib/http/route";
import { acknowledgeAlertEvent } from "@/lib/alerts/inbox";

type P = { org: string; eventId: string };

export const POST = withOrg<P>("alerts.acknowledge", async (_req, ctx, { eventId }) => Response.json(await acknowledgeAlertEvent(ctx, eventId)));
