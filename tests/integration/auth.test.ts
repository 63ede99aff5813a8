import { describe, expect, it } from "vitest";
import { db } from "@/lib/db";
import { authorizeCredentials } from "@/lib/auth/options";
import { sessionUserFromRequest } from "@/lib/auth/session";
import { POST as signUpRoute } from "@/app/api/signup/route";
import { POST as inviteRoute } from "@/app/api/orgs/[org]/invitations/route";
import { POST as acceptRoute } from "@/app/api/invitations/accept/route";
import { GET as membersRoute } from "@/app/api/orgs/[org]/members/route";
import { params, requestAs } from "../support/session";

const unique = () => Math.random().toString(36).slice(2, 8);

describe("sign-up, sign-in, invite (real Postgres, real route handlers)", () => {
  it("sign-up creates the user, an org and makes them OWNER; the password then signs in", async () => {
    const email = `Founder-${unique()}@Acme.test`;
    const res = await signUpRoute(await requestAs(null, "/api/signup", { method: "POST", body: { name: "Fay Founder", email, password: "a-long-password", orgName: "Acme AI" } }), params({}));
    expect(res.status).toBe(201);
    const { orgSlug } = (await res.json()) as { orgSlug: string };
    expect(orgSlug).toMatch(/^acme-ai(-\d+)?$/);
    const user = await db().user.findUniqueOrThrow({ where: { email: email.toLowerCase() }, include: { memberships: { include: { org: true } } } });
    expect(user.passwordHash).not.toContain("a-long-password");
    expect(user.memberships.map((m) => [m.role, m.org.slug])).toEqual([["OWNER", orgSlug]]);

    expect(await authorizeCredentials({ email, password: "a-long-password" })).toMatchObject({ id: user.id, email: email.toLowerCase() });
    expect(await authorizeCredentials({ email, password: "wrong-password" })).toBeNull();
    expect(await authorizeCredentials({ email: "nobody@acme.test", password: "a-long-password" })).toBeNull();

    // Same email again: a clear conflict on the email field, nothing half-written.
    const orgsBefore = await db().organization.count();
    const again = await signUpRoute(await requestAs(null, "/api/signup", { method: "POST", body: { name: "X", email, password: "another-password", orgName: "Other" } }), params({}));
    expect(again.status).toBe(409);
    expect(((await again.json()) as { error: { issues: { field: string }[] } }).error.issues[0]!.field).toBe("email");
    expect(await db().organization.count()).toBe(orgsBefore);
  });

  it("sign-up with a malformed email and a short password gets both field errors and writes nothing", async () => {
    const usersBefore = await db().user.count();
    const res = await signUpRoute(await requestAs(null, "/api/signup", { method: "POST", body: { name: "X", email: "not-an-email", password: "short", orgName: "Y Co" } }), params({}));
    expect(res.status).toBe(400);
    const body = (await res.json()) as { error: { code: string; issues: { field: string; message: string }[] } };
    expect(body.error.code).toBe("BAD_INPUT");
    expect(Object.fromEntries(body.error.issues.map((i) => [i.field, i.message]))).toEqual({
      email: "enter a valid email address, like name@company.com",
      password: "use at least 10 characters",
    });
    expect(await db().user.count()).toBe(usersBefore);
  });

  it("a body that is not JSON is a 400 naming the body, not a crash", async () => {
    const res = await signUpRoute(await requestAs(null, "/api/signup", { method: "POST", body: "{nope" }), params({}));
    expect(res.status).toBe(400);
  });

  it("the session cookie identifies the user; a forged one does not", async () => {
    const req = await requestAs({ id: "u1", email: "u1@x.test" }, "/api/orgs");
    expect(await sessionUserFromRequest(req)).toEqual({ id: "u1", email: "u1@x.test" });
    const forged = new Request("http://localhost/api/orgs", { headers: { cookie: "next-auth.session-token=eyJhbGciOiJkaXIiLCJlbmMiOiJBMjU2R0NNIn0.x.y.z.w" } });
    expect(await sessionUserFromRequest(forged)).toBeNull();
  });

  it("an owner invites a finance member; the invitee accepts, signs in and is FINANCE", async () => {
    const ownerEmail = `owner-${unique()}@inv.test`;
    const signup = await signUpRoute(await requestAs(null, "/api/signup", { method: "POST", body: { name: "Owner", email: ownerEmail, password: "owner-password", orgName: "Invite Co" } }), params({}));
    const { orgSlug } = (await signup.json()) as { orgSlug: string };
    const owner = await db().user.findUniqueOrThrow({ where: { email: ownerEmail } });
    const asOwner = { id: owner.id, email: owner.email };

    const inviteeEmail = `fin-${unique()}@inv.test`;
    const inv = await inviteRoute(await requestAs(asOwner, `/api/orgs/${orgSlug}/invitations`, { method: "POST", body: { email: inviteeEmail, role: "FINANCE" } }), params({ org: orgSlug }));
    expect(inv.status).toBe(201);
    const { link, emailed } = (await inv.json()) as { link: string; emailed: boolean };
    expect(emailed).toBe(false); // no SMTP in this test: the admin gets the link to pass on
    const token = link.split("/invite/")[1]!;
    expect((await db().invitation.findFirstOrThrow({ where: { email: inviteeEmail } })).tokenHash).not.toBe(token);

    const bad = await inviteRoute(await requestAs(asOwner, `/api/orgs/${orgSlug}/invitations`, { method: "POST", body: { email: "x@y.test", role: "SUPERUSER" } }), params({ org: orgSlug }));
    expect(bad.status).toBe(400);
    expect(((await bad.json()) as { error: { issues: { field: string }[] } }).error.issues[0]!.field).toBe("role");

    const accepted = await acceptRoute(await requestAs(null, "/api/invitations/accept", { method: "POST", body: { token, name: "Fin", password: "finance-password" } }), params({}));
    expect(accepted.status).toBe(200);
    expect(await accepted.json()).toEqual({ email: inviteeEmail, orgSlug });
    const invitee = await authorizeCredentials({ email: inviteeEmail, password: "finance-password" });
    expect(invitee).not.toBeNull();

    const members = (await (await membersRoute(await requestAs({ id: invitee!.id, email: inviteeEmail }, `/api/orgs/${orgSlug}/members`), params({ org: orgSlug }))).json()) as { members: { email: string; role: string }[] };
    expect(members.members.map((m) => `${m.email}:${m.role}`).sort()).toEqual([`${ownerEmail}:OWNER`, `${inviteeEmail}:FINANCE`].sort());

    // The token works once; finance cannot invite.
    const reuse = await acceptRoute(await requestAs(null, "/api/invitations/accept", { method: "POST", body: { token, password: "finance-password" } }), params({}));
    expect(reuse.status).toBe(404);
    const finInvites = await inviteRoute(await requestAs({ id: invitee!.id, email: inviteeEmail }, `/api/orgs/${orgSlug}/invitations`, { method: "POST", body: { email: "z@z.test", role: "ADMIN" } }), params({ org: orgSlug }));
    expect(finInvites.status).toBe(403);
  });
});
