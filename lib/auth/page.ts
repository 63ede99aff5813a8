import { getServerSession } from "next-auth";
import { notFound, redirect } from "next/navigation";
import { authOptions } from "@/lib/auth/options";
import { can, type Action } from "@/lib/auth/permissions";
import { resolveOrgContext, type OrgContext } from "@/lib/auth/tenancy";
import { isAppError } from "@/lib/errors";

// Pages (server components) authorise through here, with the same table as route handlers.

export async function pageUser(): Promise<{ id: string; email: string }> {
  const session = await getServerSession(authOptions());
  const user = session?.user as { id?: string; email?: string | null } | undefined;
  if (!user?.id || !user.email) redirect("/signin");
  return { id: user.id, email: user.email };
}

export async function pageOrgContext(orgSlug: string, action: Action): Promise<OrgContext> {
  const user = await pageUser();
  let ctx: OrgContext;
  try {
    ctx = await resolveOrgContext(user.id, orgSlug);
  } catch (e) {
    if (isAppError(e) && e.code === "NOT_FOUND") notFound();
    throw e;
  }
  if (!can(ctx.role, action)) redirect(`/${ctx.orgSlug}/forbidden?action=${encodeURIComponent(action)}`);
  return ctx;
}
