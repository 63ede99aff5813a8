import { withOrg } from "@/lib/http/route";
import { getAlertEvent } from "@/lib/alerts/inbox";

type P = { org: string; eventId: string };

export const GET = withOrg<P>("alerts.read", async (_req, ctx, { eventId }) => Response.json(await getAlertEvent(ctx, eventId)));
