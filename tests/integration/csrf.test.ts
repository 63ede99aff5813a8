import { beforeAll, describe, expect, it } from "vitest";
import { encode } from "next-auth/jwt";
import * as tokens from "@/app/api/orgs/[org]/api-tokens/route";
import { POST as signup } from "@/app/api/signup/route";
import { POST as push } from "@/app/api/v1/usage/route";
import { createApiToken } from "@/lib/api-tokens/tokens";
import { db } from "@/lib/db";
import { createOrgWithMembers } from "../support/factories";
import { orgContext } from "../support/org-context";
import { params } from "../support/session";
import { TEST_NEXTAUTH_SECRET } from "../support/setup-env";

// The attack from the security review, through the real route handlers and Postgres: a page on
// another site makes a signed-in admin's browser POST text/plain to create an API token. The
// session cookie is real; the request is refused and nothing is written.

let f: Awaited<ReturnType<typeof createOrgWithMembers>>;
let cookie: string;
const url = () => `http://localhost:3999/api/orgs/${f.org.slug}/api-tokens`;
const tokenCount = () => db().apiToken.count({ where: { orgId: f.org.id } });
const create = (headers: Record<string, string>, body = '{"name":"forged"}') => tokens.POST(new Request(url(), { method: "POST", headers: { cookie, ...headers }, body }), params({ org: f.org.slug }));

beforeAll(async () => {
  f = await createOrgWithMembers("Csrf Co", ["ADMIN"]);
  cookie = `next-auth.session-token=${await encode({ token: { sub: f.members.ADMIN.id, email: f.members.ADMIN.email }, secret: TEST_NEXTAUTH_SECRET })}`;
});

describe("CSRF on cookie-authenticated routes", () => {
  it.each([
    ["a cross-site text/plain form post (the reported attack)", { origin: "https://evil.example", "content-type": "text/plain", "sec-fetch-site": "cross-site" }, 403],
    ["a cross-site JSON post", { origin: "https://evil.example", "content-type": "application/json" }, 403],
    ["a same-site sibling without Origin", { "sec-fetch-site": "same-site", "content-type": "application/json" }, 403],
    ["a post with neither Origin nor Sec-Fetch-Site", { "content-type": "application/json" }, 403],
    ["a same-origin text/plain post", { origin: "http://localhost:3999", "content-type": "text/plain" }, 400],
  ])("refuses %s, and no token is created", async (_what, headers, status) => {
    const res = await create(headers);
    expect(res.status).toBe(status);
    expect(((await res.json()) as { error: { message: string } }).error.message).toMatch(status === 403 ? /another site|where it comes from/ : /Content-Type must be application\/json/);
    expect(await tokenCount()).toBe(0);
  });

  it("the app's own JSON request still creates the token", async () => {
    const res = await create({ origin: "http://localhost:3999", "sec-fetch-site": "same-origin", "content-type": "application/json" }, '{"name":"real"}');
    expect(res.status).toBe(201);
    expect(await tokenCount()).toBe(1);
  });

  it("sign-up (no session yet) is protected the same way", async () => {
    const body = JSON.stringify({ name: "Mallory", email: "csrf-signup@example.test", password: "correct horse battery", orgName: "Forged" });
    const res = await signup(new Request("http://localhost:3999/api/signup", { method: "POST", headers: { origin: "https://evil.example", "content-type": "text/plain" }, body }), params({}));
    expect(res.status).toBe(403);
    expect(await db().user.count({ where: { email: "csrf-signup@example.test" } })).toBe(0);
  });

  it("/api/v1 is exempt: a bearer token is never attached by a browser on its own", async () => {
    const { token } = await createApiToken(orgContext(f, "ADMIN"), "ci");
    const res = await push(new Request("http://localhost:3999/api/v1/usage", { method: "POST", headers: { authorization: `Bearer ${token}`, "content-type": "application/json", origin: "https://ci.example" }, body: JSON.stringify({ records: [] }) }));
    expect(res.status).toBeLessThan(500);
    expect(res.status).not.toBe(403);
  });
});
