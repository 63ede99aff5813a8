import { beforeAll, describe, expect, it } from "vitest";
import { POST as signUpRoute } from "@/app/api/signup/route";
import { LIMITS, recordAttempt } from "@/lib/abuse/attempt-limits";
import { authOptions, authorizeCredentials } from "@/lib/auth/options";
import { hashPassword } from "@/lib/auth/password";
import { db } from "@/lib/db";
import { AppError } from "@/lib/errors";
import { acceptInvitation } from "@/lib/orgs/members";
import { signUp } from "@/lib/orgs/signup";
import { rejected } from "../support/app-error";
import { createOrgWithMembers } from "../support/factories";

// The sign-in, magic-link, sign-up and invitation limits against the real Redis (this run's key
// prefix) and Postgres. The clock is injected: the window starts at T0, and moving the clock one
// window on is the reset. Every test uses its own accounts and client addresses.

const WINDOW = LIMITS.signin.windowMs; // 15 minutes
const T0 = Math.ceil(Date.now() / WINDOW) * WINDOW + 7 * WINDOW; // a window start no real clock has reached
const at = (ms: number) => ({ now: () => T0 + ms });
const PASSWORD = "the-right-password-42";
let f: Awaited<ReturnType<typeof createOrgWithMembers>>;
let email: string;

beforeAll(async () => {
  f = await createOrgWithMembers("Limits Co", ["OWNER", "FINANCE"]);
  email = f.members.FINANCE.email;
  await db().user.update({ where: { id: f.members.FINANCE.id }, data: { passwordHash: await hashPassword(PASSWORD) } });
});

describe("password sign-in", () => {
  it("10 wrong passwords lock the account for the window — the right one too — with the minutes left, audited; the next window resets it", async () => {
    for (let i = 0; i < LIMITS.signin.account; i++) expect(await authorizeCredentials({ email, password: `wrong-${i}` }, "198.51.100.1", at(i * 1000))).toBeNull();

    // 4 minutes into the 15-minute window: 11 minutes left.
    const e = await rejected(authorizeCredentials({ email, password: PASSWORD }, "198.51.100.1", at(4 * 60_000)));
    expect([e.code, e.message]).toEqual(["RATE_LIMITED", "Too many sign-in attempts. Try again in 11 minutes."]);
    expect(e.details).toMatchObject({ scope: "account", retryAfterSeconds: 660 });
    // The limit is the account's, not the address's: from elsewhere it is locked as well.
    expect((await rejected(authorizeCredentials({ email, password: PASSWORD }, "203.0.113.77", at(5 * 60_000)))).code).toBe("RATE_LIMITED");

    const audit = await db().auditLog.findMany({ where: { orgId: f.org.id, action: "auth.rate_limited" } });
    expect(audit.map((a) => a.data)).toEqual([{ action: "signin", scope: "account", ip: "198.51.100.1", account: email, limit: 10 }]);

    // The next window: the right password works again.
    expect(await authorizeCredentials({ email, password: PASSWORD }, "198.51.100.1", at(WINDOW))).toMatchObject({ email });
  });

  it("a right password clears the account's failures: 9 wrong, right, 9 wrong is still not locked", async () => {
    const g = await createOrgWithMembers("Typo Co", ["OWNER"]);
    await db().user.update({ where: { id: g.members.OWNER.id }, data: { passwordHash: await hashPassword(PASSWORD) } });
    const who = g.members.OWNER.email;
    for (let round = 0; round < 2; round++) {
      for (let i = 0; i < LIMITS.signin.account - 1; i++) expect(await authorizeCredentials({ email: who, password: "typo" }, "198.51.100.2", at(2 * WINDOW))).toBeNull();
      expect(await authorizeCredentials({ email: who, password: PASSWORD }, "198.51.100.2", at(2 * WINDOW))).toMatchObject({ email: who });
    }
  });

  it("one address guessing across many accounts is stopped at 50 failures; another address is not", async () => {
    for (let i = 0; i < LIMITS.signin.ip; i++) expect(await authorizeCredentials({ email: `spray-${i}@nowhere.test`, password: "guess" }, "198.51.100.3", at(3 * WINDOW))).toBeNull();
    const e = await rejected(authorizeCredentials({ email, password: PASSWORD }, "198.51.100.3", at(3 * WINDOW)));
    expect(e.details).toMatchObject({ scope: "ip" });
    expect(await authorizeCredentials({ email, password: PASSWORD }, "198.51.100.4", at(3 * WINDOW))).toMatchObject({ email });
  });
});

describe("magic-link requests", () => {
  it("5 links per address per window, then the sign-in page says how long to wait; unknown addresses get the same 'check your email'", async () => {
    const signIn = authOptions("198.51.100.5").callbacks!.signIn!;
    const ask = (address: string) => signIn({ user: { id: address, email: address }, account: { type: "email", provider: "email", providerAccountId: address }, email: { verificationRequest: true } } as Parameters<typeof signIn>[0]);
    const owner = f.members.OWNER.email;
    for (let i = 0; i < LIMITS["magic-link"].account; i++) expect(await ask(owner)).toBe(true);
    expect(await ask(owner)).toMatch(/^\/signin\?limited=Too%20many%20sign-in%20link%20attempts\.%20Try%20again%20in%20\d+%20minutes?\.$/);
    expect(await ask("not-a-member@nowhere.test")).toBe("/signin?check-email=1");
    expect(await db().auditLog.count({ where: { orgId: f.org.id, action: "auth.rate_limited", data: { path: ["action"], equals: "magic-link" } } })).toBe(1);
  });
});

describe("sign-up and invitations", () => {
  it("sign-up: 10 per address per hour, then 429 with Retry-After from the route", async () => {
    for (let i = 0; i < LIMITS.signup.ip; i++) await recordAttempt("signup", { account: `bulk-${i}@nowhere.test`, ip: "198.51.100.6" });
    const res = await signUpRoute(
      new Request("http://localhost:3999/api/signup", {
        method: "POST",
        headers: { origin: "http://localhost:3999", "content-type": "application/json", "x-forwarded-for": "198.51.100.6" },
        body: JSON.stringify({ name: "Bulk", email: "bulk-new@nowhere.test", password: "a-long-unusual-password", orgName: "Bulk" }),
      }),
      { params: Promise.resolve({}) },
    );
    expect(res.status).toBe(429);
    expect(Number(res.headers.get("retry-after"))).toBeGreaterThan(0);
    expect(((await res.json()) as { error: { message: string } }).error.message).toMatch(/^Too many sign-up attempts\. Try again in \d+ minutes?\.$/);
    expect(await db().user.count({ where: { email: "bulk-new@nowhere.test" } })).toBe(0);
    // the same limiter with an injected clock: the next hour is a new window
    await expect(signUp({ name: "Later", email: "later@nowhere.test", password: "a-long-unusual-password", orgName: "Later" }, "198.51.100.7", at(0))).resolves.toMatchObject({ orgSlug: expect.any(String) });
  });

  it("invitation acceptance: 10 bad tries on one token, then refused even from elsewhere", async () => {
    for (let i = 0; i < LIMITS["invite-accept"].account; i++) {
      expect((await rejected(acceptInvitation({ token: "guessed-token", password: "x-long-password" }, `198.51.100.${20 + i}`, at(4 * WINDOW)))).code).toBe("NOT_FOUND");
    }
    const e: AppError = await rejected(acceptInvitation({ token: "guessed-token", password: "x-long-password" }, "198.51.100.99", at(4 * WINDOW)));
    expect([e.code, e.message]).toEqual(["RATE_LIMITED", "Too many invitation attempts. Try again in 15 minutes."]);
  });
});
