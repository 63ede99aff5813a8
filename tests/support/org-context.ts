import type { OrgContext } from "@/lib/auth/tenancy";
import type { Role } from "@/lib/auth/permissions";
import type { createOrgWithMembers } from "./factories";

/** The OrgContext a route handler would build for `role` of a factory org. */
export function orgContext(f: Awaited<ReturnType<typeof createOrgWithMembers>>, role: Role = "OWNER"): OrgContext {
  return { orgId: f.org.id, orgSlug: f.org.slug, orgName: f.org.name, userId: f.members[role].id, role };
}
