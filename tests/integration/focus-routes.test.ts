import { readFile } from "node:fs/promises";
import { join } from "node:path";
import { beforeAll, describe, expect, it } from "vitest";
import { db } from "@/lib/db";
import { createApiToken } from "@/lib/api-tokens/tokens";
import { POST as upload } from "@/app/api/orgs/[org]/focus/import/route";
import { GET as spendFocus } from "@/app/api/orgs/[org]/spend/focus/route";
import { GET as v1Focus } from "@/app/api/v1/focus/route";
import { createOrgWithMembers } from "../support/factories";
import { orgContext } from "../support/org-context";
import { params } from "../support/session";
import { encode } from "next-auth/jwt";
import { TEST_NEXTAUTH_SECRET } from "../support/setup-env";

// The FOCUS routes end to end through their handlers: the upload as a raw body (what the import page's
// progress-bar upload sends), the Spend page's download, and the stable token URL for scheduled pulls.
// Figures: tests/fixtures/focus/azure-focus-1.2.csv holds 7.53 USD of AI spend (1.50 + 1.20 + 5.00 − 0.50 + 0.33).

const FIXTURES = join(__dirname, "../fixtures/focus");
let f: Awaited<ReturnType<typeof createOrgWithMembers>>;
let other: Awaited<ReturnType<typeof createOrgWithMembers>>;

async function cookieOf(role: "OWNER" | "ENGINEERING", org = f) {
  const u = org.members[role];
  return `next-auth.session-token=${await encode({ token: { sub: u.id, email: u.email }, secret: TEST_NEXTAUTH_SECRET })}`;
}

beforeAll(async () => {
  f = await createOrgWithMembers("Focus routes", ["OWNER", "ENGINEERING"]);
  other = await createOrgWithMembers("Focus routes other");
});

describe("POST /api/orgs/[org]/focus/import", () => {
  it("takes the file as the raw body and imports it", async () => {
    const body = await readFile(join(FIXTURES, "azure-focus-1.2.csv"));
    const req = new Request(`http://localhost:3999/api/orgs/${f.org.slug}/focus/import?filename=azure.csv`, {
      method: "POST", body, headers: { cookie: await cookieOf("OWNER"), origin: "http://localhost:3999", "sec-fetch-site": "same-origin", "content-type": "application/octet-stream" },
    });
    const res = await upload(req, params({ org: f.org.slug }));
    expect(res.status).toBe(201);
    const out = (await res.json()) as { billed: string; otherCurrencies: { currency: string }[] };
    expect(out.billed).toBe("7.53");
    expect(out.otherCurrencies.map((o) => o.currency)).toEqual(["eur"]);
  });

  it("is for finance, admins and owners: engineering gets 403 and nothing is stored", async () => {
    const req = new Request(`http://localhost:3999/api/orgs/${f.org.slug}/focus/import?filename=azure.csv`, {
      method: "POST", body: "BilledCost\n1\n", headers: { cookie: await cookieOf("ENGINEERING"), origin: "http://localhost:3999", "sec-fetch-site": "same-origin", "content-type": "text/csv" },
    });
    expect((await upload(req, params({ org: f.org.slug }))).status).toBe(403);
  });

  it("refuses a cross-site upload", async () => {
    const req = new Request(`http://localhost:3999/api/orgs/${f.org.slug}/focus/import?filename=x.csv`, {
      method: "POST", body: "x", headers: { cookie: await cookieOf("OWNER"), origin: "https://evil.example", "content-type": "text/plain" },
    });
    expect((await upload(req, params({ org: f.org.slug }))).status).toBe(403);
  });
});

describe("FOCUS downloads", () => {
  it("the Spend page's download is the filtered range as FOCUS CSV", async () => {
    const req = new Request(`http://localhost:3999/api/orgs/${f.org.slug}/spend/focus?from=2026-10-01&to=2026-10-31&provider=openai`, { headers: { cookie: await cookieOf("ENGINEERING") } });
    const res = await spendFocus(req, params({ org: f.org.slug }));
    expect(res.status).toBe(200);
    expect(res.headers.get("content-type")).toMatch(/text\/csv/);
    expect(res.headers.get("x-focus-billed-total")).toBe("7.20"); // 1.50 + 1.20 + 5.00 − 0.50 (the tax row is Microsoft's)
    expect((await res.text()).split("\r\n")[0]).toMatch(/^BilledCost,BillingAccountId,/);
  });

  it("the stable URL answers an org API token with that org's spend only", async () => {
    const { token } = await createApiToken(orgContext(f), "finance tool");
    const res = await v1Focus(new Request("http://localhost:3999/api/v1/focus?from=2026-10-01&to=2026-10-31", { headers: { authorization: `Bearer ${token}` } }));
    expect(res.status).toBe(200);
    expect(res.headers.get("x-focus-billed-total")).toBe("7.53");
    const { token: otherToken } = await createApiToken(orgContext(other), "other");
    const res2 = await v1Focus(new Request("http://localhost:3999/api/v1/focus?from=2026-10-01&to=2026-10-31", { headers: { authorization: `Bearer ${otherToken}` } }));
    expect(res2.headers.get("x-focus-billed-total")).toBe("0.00");
    expect(await res2.text()).not.toContain("gpt-4o");
  });

  it("refuses a missing or unknown token", async () => {
    expect((await v1Focus(new Request("http://localhost:3999/api/v1/focus"))).status).toBe(401);
    expect((await v1Focus(new Request("http://localhost:3999/api/v1/focus", { headers: { authorization: "Bearer bk_nope" } }))).status).toBe(401);
    expect(await db().csvImport.count({ where: { orgId: other.org.id } })).toBe(0);
  });
});

describe("an upload cut on the way", () => {
  it("is refused when fewer bytes arrive than Content-Length says, and nothing is stored", async () => {
    const { withUploadedFile } = await import("@/lib/focus/upload");
    const body = new Blob(["BilledCost\n1\n"]).stream();
    let used = false;
    await expect(withUploadedFile(body, 1_000_000, async () => (used = true), "100")).rejects.toThrow(/cut short: 13 of 100 bytes/);
    expect(used).toBe(false);
    await expect(withUploadedFile(new Blob(["x"]).stream(), 1_000_000, async () => true, String(5 * 1024 * 1024 * 1024))).rejects.toThrow(/limit is 1000000/);
  });

  it("the FOCUS upload route is outside the proxy, whose body buffer would cut a large file at 10 MB", async () => {
    const { config } = await import("@/proxy");
    const matcher = new RegExp(`^${config.matcher[0]!}$`);
    expect(matcher.test("/api/orgs/acme/focus/import")).toBe(false);
    expect(matcher.test("/api/orgs/acme/spend/focus")).toBe(true);
    expect(matcher.test("/acme/settings/import")).toBe(true);
  });
});
