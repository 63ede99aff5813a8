import { createHash, randomBytes } from "node:crypto";
import { db } from "@/lib/db";
import { env } from "@/lib/env";
import { AppError } from "@/lib/errors";
import { assignableRoles, type Role } from "@/lib/auth/permissions";
import { inOrg, type OrgContext } from "@/lib/auth/tenancy";
import { hashPassword, verifyPassword } from "@/lib/auth/password";
import { queueEmail } from "@/lib/email/deliver";
import { simpleEmailHtml } from "@/lib/email/html";
import type { InviteInput } from "@/lib/orgs/schemas";
import { assertNotLimited, clearAccount, recordAttempt, type LimiterDeps } from "@/lib/abuse/attempt-limits";
import { passwordProblem } from "@/lib/auth/password-policy";

const INVITE_DAYS = 7;
const sha256 = (s: string) => createHash("sha256").update(s).digest("hex");

export async function listMembers(ctx: OrgContext) {
  const [members, invitations] = await Promise.all([
    db().membership.findMany({ where: inOrg(ctx), select: { id: true, role: true, createdAt: true, user: { select: { email: true, name: true } } }, orderBy: { createdAt: "asc" } }),
    db().invitation.findMany({ where: inOrg(ctx, { acceptedAt: null, expiresAt: { gt: new Date() } }), select: { id: true, email: true, role: true, expiresAt: true }, orderBy: { createdAt: "desc" } }),
  ]);
  return {
    members: members.map((m) => ({ id: m.id, role: m.role, email: m.user.email, name: m.user.name, since: m.createdAt.toISOString() })),
    invitations: invitations.map((i) => ({ ...i, expiresAt: i.expiresAt.toISOString() })),
  };
}

/**
 * Invite someone by email with a role. The token is returned once (so an admin can copy the link
 * when no SMTP is configured) and mailed when SMTP is; only its hash is stored.
 */
export async function inviteMember(ctx: OrgContext, input: InviteInput) {
  if (!assignableRoles(ctx.role).includes(input.role)) {
    throw new AppError("FORBIDDEN", `A ${ctx.role} cannot invite an ${input.role}.`, { issues: [{ field: "role", message: "not a role you can grant" }] });
  }
  const existing = await db().membership.findFirst({ where: inOrg(ctx, { user: { email: input.email } }) });
  if (existing) throw new AppError("CONFLICT", `${input.email} is already a member.`, { issues: [{ field: "email", message: "already a member" }] });
  const token = randomBytes(24).toString("base64url");
  const invitation = await db().invitation.create({
    data: { orgId: ctx.orgId, email: input.email, role: input.role, tokenHash: sha256(token), invitedById: ctx.userId, expiresAt: new Date(Date.now() + INVITE_DAYS * 86_400_000) },
  });
  await db().auditLog.create({ data: { orgId: ctx.orgId, actorUserId: ctx.userId, ip: ctx.clientIp ?? null, action: "member.invited", targetType: "Invitation", targetId: invitation.id, data: { email: input.email, role: input.role } } });
  const link = `${env().APP_URL}/invite/${token}`;
  let emailed = false;
  if (env().SMTP_URL) {
    const text = `You have been invited to ${ctx.orgName} on Breakeven as ${input.role}. Accept within ${INVITE_DAYS} days: ${link}`;
    await queueEmail({ orgId: ctx.orgId, recipient: input.email, subject: `Join ${ctx.orgName} on Breakeven`, text, html: simpleEmailHtml({ heading: `Join ${ctx.orgName} on Breakeven`, paragraphs: [`You have been invited as ${input.role}. The link works for ${INVITE_DAYS} days.`], link: { href: link, label: "Accept invitation" } }) });
    emailed = true;
  }
  return { id: invitation.id, email: input.email, role: input.role, link, emailed };
}

export async function describeInvitation(token: string) {
  const inv = await db().invitation.findUnique({ where: { tokenHash: sha256(token) }, select: { email: true, role: true, expiresAt: true, acceptedAt: true, org: { select: { name: true } } } });
  if (!inv || inv.acceptedAt || inv.expiresAt < new Date()) return null;
  // Deliberately not whether the address has an account: the page must not tell (user enumeration).
  return { email: inv.email, role: inv.role, orgName: inv.org.name };
}

/**
 * Accept an invitation. A new user sets their password here; an existing user proves it is them
 * with their current password. Returns the email to sign in with and the org's slug.
 */
/**
 * Accepting is limited per invitation and per address (a wrong password for an existing account, or a
 * token that is not valid, counts as a failure; lib/abuse/attempt-limits.ts).
 */
export async function acceptInvitation(input: { token: string; name?: string; password: string }, ip = "unknown", deps: LimiterDeps = {}) {
  const subject = { account: sha256(input.token), ip };
  await assertNotLimited("invite-accept", subject, deps);
  const inv = await db().invitation.findUnique({ where: { tokenHash: sha256(input.token) }, include: { org: { select: { slug: true } } } });
  if (!inv || inv.acceptedAt || inv.expiresAt < new Date()) {
    await recordAttempt("invite-accept", subject, deps);
    throw new AppError("NOT_FOUND", "This invitation is no longer valid. Ask for a new one.");
  }
  const user = await db().user.findUnique({ where: { email: inv.email } });
  if (user && !(await verifyPassword(input.password, user.passwordHash))) {
    await recordAttempt("invite-accept", subject, deps);
    throw new AppError("BAD_INPUT", "This password cannot be used here. If you already use Breakeven, enter that account's password.", { issues: [{ field: "password", message: "if you already use Breakeven, enter that account's password" }] });
  }
  // A new account's password: not a common one, not the invited address (an existing account keeps its own).
  const problem = user ? null : passwordProblem(input.password, inv.email);
  if (problem) throw new AppError("BAD_INPUT", `Password: ${problem}.`, { issues: [{ field: "password", message: problem }] });
  const passwordHash = user ? null : await hashPassword(input.password);
  await db().$transaction(async (tx) => {
    const u = user ?? (await tx.user.create({ data: { email: inv.email, name: input.name || null, passwordHash, emailVerified: new Date() } }));
    await tx.membership.upsert({ where: { orgId_userId: { orgId: inv.orgId, userId: u.id } }, create: { orgId: inv.orgId, userId: u.id, role: inv.role }, update: {} });
    await tx.invitation.update({ where: { id: inv.id }, data: { acceptedAt: new Date() } });
    await tx.auditLog.create({ data: { orgId: inv.orgId, actorUserId: u.id, action: "member.joined", targetType: "Invitation", targetId: inv.id, ip } });
  });
  await clearAccount("invite-accept", subject, deps);
  return { email: inv.email, orgSlug: inv.org.slug };
}

async function findMember(ctx: OrgContext, memberId: string) {
  const m = await db().membership.findFirst({ where: inOrg(ctx, { id: memberId }) });
  if (!m) throw new AppError("NOT_FOUND", "Not found");
  return m;
}

async function assertOwnerRemains(ctx: OrgContext, memberId: string) {
  const owners = await db().membership.count({ where: inOrg(ctx, { role: "OWNER" as const, id: { not: memberId } }) });
  if (owners === 0) throw new AppError("CONFLICT", "An org needs at least one owner. Make someone else owner first.");
}

export async function changeMemberRole(ctx: OrgContext, memberId: string, role: Role) {
  const m = await findMember(ctx, memberId);
  if (!assignableRoles(ctx.role).includes(role) || (m.role === "OWNER" && ctx.role !== "OWNER")) {
    throw new AppError("FORBIDDEN", `A ${ctx.role} cannot make this change.`, { issues: [{ field: "role", message: "not a role you can grant" }] });
  }
  if (m.role === "OWNER" && role !== "OWNER") await assertOwnerRemains(ctx, memberId);
  await db().membership.update({ where: { id: m.id }, data: { role } });
  await db().auditLog.create({ data: { orgId: ctx.orgId, actorUserId: ctx.userId, ip: ctx.clientIp ?? null, action: "member.role_changed", targetType: "Membership", targetId: m.id, data: { from: m.role, to: role } } });
}

export async function removeMember(ctx: OrgContext, memberId: string) {
  const m = await findMember(ctx, memberId);
  if (m.role === "OWNER") {
    if (ctx.role !== "OWNER") throw new AppError("FORBIDDEN", "Only an owner can remove an owner.");
    await assertOwnerRemains(ctx, memberId);
  }
  await db().membership.delete({ where: { id: m.id } });
  await db().auditLog.create({ data: { orgId: ctx.orgId, actorUserId: ctx.userId, ip: ctx.clientIp ?? null, action: "member.removed", targetType: "Membership", targetId: m.id } });
}
