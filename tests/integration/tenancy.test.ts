import { readdirSync } from "node:fs";
import { join, relative } from "node:path";
import { beforeAll, describe, expect, it } from "vitest";
import { db } from "@/lib/db";
import { createOrgWithMembers } from "../support/factories";
import { params, requestAs } from "../support/session";

// Every route handler that exists is enumerated from the file system. Each org-scoped method must
// have a case below that asks, as an OWNER of org A, for something of org B; the answer must be
// 404 and must not contain B's data. A new route without a case fails this test.

type Method = "GET" | "POST" | "PUT" | "PATCH" | "DELETE";
interface Fixture { a: Awaited<ReturnType<typeof createOrgWithMembers>>; b: Awaited<ReturnType<typeof createOrgWithMembers>> }
interface CrossOrgCase { url: (f: Fixture) => string; params: (f: Fixture) => Record<string, string>; body?: unknown; /** B's secret that must not appear */ leak?: (f: Fixture) => string }

const CROSS_ORG: Record<string, CrossOrgCase[]> = {
  "GET /api/orgs/[org]/overview": [{ url: (f) => `/api/orgs/${f.b.org.slug}/overview`, params: (f) => ({ org: f.b.org.slug }) }],
  "GET /api/orgs/[org]/members": [{ url: (f) => `/api/orgs/${f.b.org.slug}/members`, params: (f) => ({ org: f.b.org.slug }), leak: (f) => f.b.members.OWNER.email }],
  "POST /api/orgs/[org]/invitations": [{ url: (f) => `/api/orgs/${f.b.org.slug}/invitations`, params: (f) => ({ org: f.b.org.slug }), body: { email: "intruder@a.test", role: "ADMIN" } }],
  "PATCH /api/orgs/[org]/members/[memberId]": [
    { url: (f) => `/api/orgs/${f.b.org.slug}/members/${f.b.members.OWNER.membershipId}`, params: (f) => ({ org: f.b.org.slug, memberId: f.b.members.OWNER.membershipId }), body: { role: "FINANCE" } },
    // A's own org in the URL but B's member id: still 404.
    { url: (f) => `/api/orgs/${f.a.org.slug}/members/${f.b.members.OWNER.membershipId}`, params: (f) => ({ org: f.a.org.slug, memberId: f.b.members.OWNER.membershipId }), body: { role: "FINANCE" } },
  ],
  "DELETE /api/orgs/[org]/members/[memberId]": [
    { url: (f) => `/api/orgs/${f.b.org.slug}/members/${f.b.members.OWNER.membershipId}`, params: (f) => ({ org: f.b.org.slug, memberId: f.b.members.OWNER.membershipId }) },
    { url: (f) => `/api/orgs/${f.a.org.slug}/members/${f.b.members.OWNER.membershipId}`, params: (f) => ({ org: f.a.org.slug, memberId: f.b.members.OWNER.membershipId }) },
  ],
};

// Routes that are not org-scoped, and why. They are still enumerated so none is forgotten.
const NOT_ORG_SCOPED: Record<string, string> = {
  "GET /api/health": "public liveness probe, no tenant data",
  "GET /api/auth/[...nextauth]": "next-auth's own endpoints",
  "POST /api/auth/[...nextauth]": "next-auth's own endpoints",
  "POST /api/signup": "creates a new org; no existing tenant data",
  "POST /api/invitations/accept": "authorised by the secret invitation token",
  "GET /api/orgs": "lists only the caller's own orgs (asserted below)",
};

function routeFiles(dir = "app/api"): string[] {
  return readdirSync(dir, { recursive: true, withFileTypes: true })
    .filter((e) => e.isFile() && e.name === "route.ts")
    .map((e) => join(e.parentPath, e.name));
}

const METHODS: Method[] = ["GET", "POST", "PUT", "PATCH", "DELETE"];
const routes: { key: string; handler: (req: Request, ctx: { params: Promise<Record<string, string>> }) => Promise<Response> }[] = [];
let f: Fixture;

beforeAll(async () => {
  for (const file of routeFiles()) {
    const mod = (await import(/* @vite-ignore */ `../../${file}`)) as Record<string, unknown>;
    const path = "/" + relative("app", file).replace(/\/route\.ts$/, "");
    for (const m of METHODS) if (typeof mod[m] === "function") routes.push({ key: `${m} ${path}`, handler: mod[m] as never });
  }
  f = { a: await createOrgWithMembers("Tenant A", ["OWNER"]), b: await createOrgWithMembers("Tenant B", ["OWNER", "FINANCE"]) };
});

describe("tenancy: a member of org A never sees org B", () => {
  it("every route handler is classified (a new route without a cross-org case fails here)", () => {
    expect(routes.length).toBeGreaterThan(0);
    const unclassified = routes.map((r) => r.key).filter((k) => !(k in CROSS_ORG) && !(k in NOT_ORG_SCOPED));
    expect(unclassified).toEqual([]);
    const stale = [...Object.keys(CROSS_ORG), ...Object.keys(NOT_ORG_SCOPED)].filter((k) => !routes.some((r) => r.key === k));
    expect(stale).toEqual([]);
  });

  it("every org-scoped route answers 404 to org A's owner asking for org B, and changes nothing", async () => {
    const before = await db().membership.findMany({ where: { orgId: f.b.org.id }, orderBy: { id: "asc" } });
    const asA = { id: f.a.members.OWNER.id, email: f.a.members.OWNER.email };
    const results: string[] = [];
    for (const r of routes) {
      for (const c of CROSS_ORG[r.key] ?? []) {
        const method = r.key.split(" ")[0]!;
        const res = await r.handler(await requestAs(asA, c.url(f), { method, body: c.body }), params(c.params(f)));
        const text = await res.text();
        results.push(`${r.key} ${c.url(f)} → ${res.status}`);
        expect(res.status, `${r.key} ${c.url(f)}`).toBe(404);
        expect(text).not.toContain(f.b.org.id);
        if (c.leak) expect(text).not.toContain(c.leak(f));
      }
    }
    expect(results.length).toBe(Object.values(CROSS_ORG).flat().length);
    expect(await db().membership.findMany({ where: { orgId: f.b.org.id }, orderBy: { id: "asc" } })).toEqual(before);
    expect(await db().invitation.count({ where: { orgId: f.b.org.id } })).toBe(0);
  });

  it("without a session every org-scoped route answers 401", async () => {
    for (const r of routes) {
      for (const c of (CROSS_ORG[r.key] ?? []).slice(0, 1)) {
        const res = await r.handler(await requestAs(null, c.url(f), { method: r.key.split(" ")[0], body: c.body }), params(c.params(f)));
        expect(res.status, r.key).toBe(401);
      }
    }
  });

  it("GET /api/orgs lists only the caller's orgs", async () => {
    const { GET } = await import("@/app/api/orgs/route");
    const res = await GET(await requestAs({ id: f.a.members.OWNER.id, email: f.a.members.OWNER.email }, "/api/orgs"), params({}));
    const body = (await res.json()) as { orgs: { slug: string }[] };
    expect(body.orgs.map((o) => o.slug)).toEqual([f.a.org.slug]);
  });
});
