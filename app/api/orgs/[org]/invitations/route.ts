import { readJson, withOrg } from "@/lib/http/route";
import { inviteSchema } from "@/lib/orgs/schemas";
import { inviteMember } from "@/lib/orgs/members";

export const POST = withOrg("members.manage", async (req, ctx) => {
  const input = await readJson(req, inviteSchema, "invitation");
  return Response.json(await inviteMember(ctx, input), { status: 201 });
});
