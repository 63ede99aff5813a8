import { withOrg } from "@/lib/http/route";
import { listMembers } from "@/lib/orgs/members";

export const GET = withOrg("members.read", async (_req, ctx) => Response.json(await listMembers(ctx)));
