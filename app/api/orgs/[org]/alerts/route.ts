import { withOrg } from "@/lib/http/route";
import { listAlertEvents, parseAlertFilter } from "@/lib/alerts/inbox";

// The alert inbox: ?type=&severity=&status=open|acknowledged|all
export const GET = withOrg("alerts.read", async (req, ctx) => Response.json(await listAlertEvents(ctx, parseAlertFilter(new URL(req.url).searchParams))));
