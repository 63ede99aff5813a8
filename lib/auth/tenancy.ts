import { db } from "@/lib/db";
import { AppError } from "@/lib/errors";
import { can, type Action, type Role } from "@/lib/auth/permissions";

// Every org-owned query goes through an OrgContext: the org comes from the URL, the membership
// from the database (never from the client), and a non-member gets NOT_FOUND — exactly what a
// missing org looks like, so another tenant's data and even its existence never leak.

export interface OrgContext {
  orgId: string;
  orgSlug: string;
  orgName: string;
  userId: string;
  role: Role;
  /** the client address of the request, recorded on audit rows (absent in jobs) */
  clientIp?: string;
}

export async function resolveOrgContext(userId: string, orgSlug: string): Promise<OrgContext> {
  const membership = await db().membership.findFirst({
    where: { userId, org: { slug: orgSlug } },
    select: { role: true, org: { select: { id: true, slug: true, name: true } } },
  });
  if (!membership) throw new AppError("NOT_FOUND", "Not found");
  return { orgId: membership.org.id, orgSlug: membership.org.slug, orgName: membership.org.name, userId, role: membership.role };
}

export function authorize(ctx: OrgContext, action: Action): void {
  if (!can(ctx.role, action)) throw new AppError("FORBIDDEN", `Your role (${ctx.role}) may not do this (${action}).`);
}

/** `where` fragment that scopes a query to the context's org; spread it into every where. */
export function inOrg<T extends object>(ctx: Pick<OrgContext, "orgId">, where?: T): T & { orgId: string } {
  return { ...(where ?? ({} as T)), orgId: ctx.orgId };
}

export async function listUserOrgs(userId: string) {
  const rows = await db().membership.findMany({
    where: { userId },
    select: { role: true, org: { select: { id: true, slug: true, name: true } } },
    orderBy: { createdAt: "asc" },
  });
  return rows.map((r) => ({ ...r.org, role: r.role }));
}
