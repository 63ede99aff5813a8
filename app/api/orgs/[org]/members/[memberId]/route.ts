import { readJson, withOrg } from "@/lib/http/route";
import { changeRoleSchema } from "@/lib/orgs/schemas";
import { changeMemberRole, removeMember } from "@/lib/orgs/members";

type P = { org: string; memberId: string };

export const PATCH = withOrg<P>("members.manage", async (req, ctx, { memberId }) => {
  const { role } = await readJson(req, changeRoleSchema, "role change");
  await changeMemberRole(ctx, memberId, role);
  return Response.json({ ok: true });
});

export const DELETE = withOrg<P>("members.manage", async (_req, ctx, { memberId }) => {
  await removeMember(ctx, memberId);
  return Response.json({ ok: true });
});
