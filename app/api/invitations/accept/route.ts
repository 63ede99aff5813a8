import { readJson, withPublic } from "@/lib/http/route";
import { acceptInviteSchema } from "@/lib/orgs/schemas";
import { acceptInvitation } from "@/lib/orgs/members";
import { clientAddress } from "@/lib/abuse/attempt-limits";

export const POST = withPublic(async (req) => {
  const input = await readJson(req, acceptInviteSchema, "invitation");
  return Response.json(await acceptInvitation(input, clientAddress(req.headers)));
});
