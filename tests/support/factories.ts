import { randomBytes } from "node:crypto";
import { db } from "@/lib/db";
import type { Role } from "@/lib/auth/permissions";

/** An org with one member per requested role; emails are unique per call. */
export async function createOrgWithMembers(name: string, roles: Role[] = ["OWNER"]) {
  const tag = randomBytes(4).toString("hex");
  const org = await db().organization.create({ data: { name, slug: `${name.toLowerCase().replace(/[^a-z0-9]+/g, "-")}-${tag}` } });
  const members: Record<string, { id: string; email: string; membershipId: string }> = {};
  for (const role of roles) {
    const email = `${role.toLowerCase()}-${tag}@${name.toLowerCase().replace(/[^a-z0-9]+/g, "")}.test`;
    const user = await db().user.create({ data: { email } });
    const m = await db().membership.create({ data: { orgId: org.id, userId: user.id, role } });
    members[role] = { id: user.id, email, membershipId: m.id };
  }
  return { org, members: members as Record<Role, { id: string; email: string; membershipId: string }> };
}
