import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { db } from "@/lib/db";
import { authorizeCredentials } from "@/lib/auth/options";
import { createRedis } from "@/lib/redis";
import { POST as signUpRoute } from "@/app/api/signup/route";
import { GET as completeRoute } from "@/app/api/signup/complete/route";
import { pendingKey, SIGNUP_CHECK_EMAIL, SIGNUP_LINK_TTL_SECONDS } from "@/lib/orgs/signup-by-email";
import { params, requestAs } from "../support/session";
import { startSmtpServer, type ReceivedMail } from "../support/smtp";

// With SMTP_URL set, sign-up must not tell whether an address has an account: a new and an
// existing address get byte-identical answers, and the difference only shows in the mailbox.

let smtp: Awaited<ReturnType<typeof startSmtpServer>>;
let redis: ReturnType<typeof createRedis>;
const unique = () => Math.random().toString(36).slice(2, 8);

beforeAll(async () => {
  smtp = await startSmtpServer();
  process.env.SMTP_URL = smtp.url; // before anything reads env()
  redis = createRedis();
});
afterAll(async () => {
  await smtp.close();
  redis.disconnect();
});

async function signUp(body: Record<string, string>) {
  const res = await signUpRoute(await requestAs(null, "/api/signup", { method: "POST", body }), params({}));
  return { status: res.status, contentType: res.headers.get("content-type"), body: await res.text() };
}

/** The mail to `to`, with quoted-printable soft breaks undone so the link reads whole. */
function mailTo(to: string): ReceivedMail & { text: string } {
  const found = smtp.received.filter((m) => m.to.includes(to));
  expect(found).toHaveLength(1);
  return { ...found[0]!, text: found[0]!.raw.replace(/=\r?\n/g, "").replace(/=3D/g, "=") };
}

function linkIn(text: string): string {
  const m = /http:\/\/localhost:3999\/api\/signup\/complete\?token=([A-Za-z0-9_-]{43})/.exec(text);
  expect(m, "the sign-up link").not.toBeNull();
  return m![0];
}

const follow = async (link: string) => completeRoute(new Request(link, { method: "GET" }), params({}));

describe("sign-up by email (real SMTP, Redis, Postgres)", () => {
  it("answers a new and an existing address byte for byte the same; only the mail differs", async () => {
    const existing = `owner-${unique()}@known.test`;
    await db().user.create({ data: { email: existing, name: "Known Owner", passwordHash: "x" } });
    const fresh = `founder-${unique()}@new.test`;
    const usersBefore = await db().user.count();

    const a = await signUp({ name: "Fay Founder", email: fresh, password: "a-long-passphrase", orgName: "Fresh AI" });
    const b = await signUp({ name: "Mallory", email: existing, password: "a-long-passphrase", orgName: "Probe Co" });
    expect(a).toEqual(b);
    expect(a.status).toBe(202);
    expect(JSON.parse(a.body)).toEqual({ message: SIGNUP_CHECK_EMAIL });
    expect(await db().user.count()).toBe(usersBefore); // nothing created yet, for either

    const notice = mailTo(existing);
    expect(notice.raw).toContain("Subject: Someone tried to sign up with your address");
    expect(notice.text).toContain("http://localhost:3999/signin");
    expect(notice.text).not.toContain("/api/signup/complete");

    const invite = mailTo(fresh);
    expect(invite.raw).toContain("Subject: Finish signing up for Breakeven");
    const link = linkIn(invite.text);

    // Followed once: the account, the org and the OWNER membership exist, and the password signs in.
    const res = await follow(link);
    expect(res.status).toBe(303);
    expect(res.headers.get("location")).toBe("http://localhost:3999/signin?signedUp=1");
    const user = await db().user.findUniqueOrThrow({ where: { email: fresh }, include: { memberships: { include: { org: true } } } });
    expect(user.memberships.map((m) => [m.role, m.org.name])).toEqual([["OWNER", "Fresh AI"]]);
    expect(await authorizeCredentials({ email: fresh, password: "a-long-passphrase" })).toMatchObject({ id: user.id });
    expect(await db().user.count()).toBe(usersBefore + 1);

    // Single use: the same link again is refused and creates nothing.
    const orgsBefore = await db().organization.count();
    const again = await follow(link);
    expect(again.status).toBe(404);
    expect(((await again.json()) as { error: { message: string } }).error.message).toContain("expired or was already used");
    expect(await db().organization.count()).toBe(orgsBefore);
    expect(await db().user.count()).toBe(usersBefore + 1);

    // The existing account is untouched by the probe.
    expect((await db().user.findUniqueOrThrow({ where: { email: existing } })).passwordHash).toBe("x");
  });

  it("stores only the token's hash, expiring after an hour; an expired link creates nothing", async () => {
    const email = `late-${unique()}@new.test`;
    await signUp({ name: "Lee Late", email, password: "a-long-passphrase", orgName: "Late Co" });
    const link = linkIn(mailTo(email).text);
    const token = new URL(link).searchParams.get("token")!;
    const key = pendingKey(token);
    expect(key).not.toContain(token);
    const ttl = await redis.ttl(key);
    expect(ttl).toBeGreaterThan(SIGNUP_LINK_TTL_SECONDS - 60);
    expect(ttl).toBeLessThanOrEqual(SIGNUP_LINK_TTL_SECONDS);
    expect(SIGNUP_LINK_TTL_SECONDS).toBe(3600);

    await redis.expire(key, 0); // what Redis does when the hour is up
    const res = await follow(link);
    expect(res.status).toBe(404);
    expect(await db().user.count({ where: { email } })).toBe(0);
  });

  it("two sign-ups for one new address: the second link followed after the first makes no second account", async () => {
    const email = `twice-${unique()}@new.test`;
    await signUp({ name: "Tw One", email, password: "a-long-passphrase", orgName: "Twice One" });
    const first = linkIn(mailTo(email).text);
    smtp.received.splice(0, smtp.received.length);
    await signUp({ name: "Tw Two", email, password: "a-long-passphrase", orgName: "Twice Two" });
    const second = linkIn(mailTo(email).text);
    expect(second).not.toBe(first);

    expect((await follow(first)).status).toBe(303);
    const orgsBefore = await db().organization.count();
    const res = await follow(second);
    expect(res.status).toBe(409);
    expect(await db().user.count({ where: { email } })).toBe(1);
    expect(await db().organization.count()).toBe(orgsBefore);
  });

  it("a link without a token or with a made-up one is refused", async () => {
    expect((await follow("http://localhost:3999/api/signup/complete")).status).toBe(404);
    expect((await follow(`http://localhost:3999/api/signup/complete?token=${"A".repeat(43)}`)).status).toBe(404);
  });
});
