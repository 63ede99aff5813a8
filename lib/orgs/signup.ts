import { db, Prisma } from "@/lib/db";
import { AppError } from "@/lib/errors";
import { hashPassword } from "@/lib/auth/password";
import type { SignUpInput } from "@/lib/orgs/schemas";
import { limitAttempt, type LimiterDeps } from "@/lib/abuse/attempt-limits";

/** "Acme AI Team!" → "acme-ai-team"; empty → "org". */
export function slugify(name: string): string {
  const s = name.normalize("NFKD").replace(/[\u0300-\u036f]/g, "").toLowerCase().replace(/[^a-z0-9]+/g, "-").replace(/^-+|-+$/g, "").slice(0, 40);
  return s || "org";
}

/** Sign-up creates the user, their org, and makes them its OWNER, all or nothing. Limited per email and address. */
export async function signUp(input: SignUpInput, ip = "unknown", deps: LimiterDeps = {}) {
  await limitAttempt("signup", { account: input.email, ip }, deps);
  const passwordHash = await hashPassword(input.password);
  const base = slugify(input.orgName);
  try {
    return await db().$transaction(async (tx) => {
      const taken = await tx.organization.findMany({ where: { slug: { startsWith: base } }, select: { slug: true } });
      const used = new Set(taken.map((t) => t.slug));
      let slug = base;
      for (let i = 2; used.has(slug); i++) slug = `${base}-${i}`;
      const user = await tx.user.create({ data: { email: input.email, name: input.name, passwordHash } });
      const org = await tx.organization.create({ data: { name: input.orgName, slug } });
      await tx.membership.create({ data: { orgId: org.id, userId: user.id, role: "OWNER" } });
      await tx.auditLog.create({ data: { orgId: org.id, actorUserId: user.id, action: "org.created", targetType: "Organization", targetId: org.id, ip } });
      return { userId: user.id, orgId: org.id, orgSlug: org.slug };
    });
  } catch (e) {
    if (e instanceof Prisma.PrismaClientKnownRequestError && e.code === "P2002") {
      throw new AppError("CONFLICT", "An account with this email already exists. Sign in instead.", { issues: [{ field: "email", message: "already registered" }] });
    }
    throw e;
  }
}
