import { beforeAll, describe, expect, it } from "vitest";
import * as tokens from "@/app/api/orgs/[org]/api-tokens/route";
import * as token from "@/app/api/orgs/[org]/api-tokens/[tokenId]/route";
import { GET as exportAudit } from "@/app/api/orgs/[org]/audit/export/route";
import { listAuditLog } from "@/lib/audit/audit-log";
import { createOrgWithMembers } from "../support/factories";
import { params, requestAs } from "../support/session";

// The audit log as owners and admins read it: real route handlers write the rows (with the client's
// address), the export route reads them back filtered, and nobody else — another role, another org —
// reads them.

let a: Awaited<ReturnType<typeof createOrgWithMembers>>;
let b: Awaited<ReturnType<typeof createOrgWithMembers>>;
let revokedId: string;

/** requestAs, from a given client address (as a proxy would report it). */
async function from(ip: string, user: { id: string; email: string }, url: string, init: { method?: string; body?: unknown } = {}) {
  const req = await requestAs(user, url, init);
  const headers = new Headers(req.headers);
  headers.set("x-forwarded-for", ip);
  return new Request(req.url, { method: req.method, headers, body: init.body === undefined ? undefined : JSON.stringify(init.body) });
}

async function csv(user: { id: string; email: string }, slug: string, query = ""): Promise<{ status: number; lines: string[] }> {
  const res = await exportAudit(await requestAs(user, `/api/orgs/${slug}/audit/export${query}`), params({ org: slug }));
  return { status: res.status, lines: res.status === 200 ? (await res.text()).trimEnd().split("\r\n") : [] };
}

beforeAll(async () => {
  a = await createOrgWithMembers("Audit A", ["OWNER", "ADMIN", "FINANCE"]);
  b = await createOrgWithMembers("Audit B", ["OWNER"]);
  const create = async (who: { id: string; email: string }, ip: string, name: string, org = a) => {
    const res = await tokens.POST(await from(ip, who, `/api/orgs/${org.org.slug}/api-tokens`, { method: "POST", body: { name } }), params({ org: org.org.slug }));
    expect(res.status).toBe(201);
    return ((await res.json()) as { id: string }).id;
  };
  await create(a.members.OWNER, "198.51.100.10", "ci");
  revokedId = await create(a.members.ADMIN, "198.51.100.11", "gateway");
  const res = await token.DELETE(await from("198.51.100.12", a.members.ADMIN, `/api/orgs/${a.org.slug}/api-tokens/${revokedId}`, { method: "DELETE" }), params({ org: a.org.slug, tokenId: revokedId }));
  expect(res.status).toBeLessThan(300);
  await create(b.members.OWNER, "203.0.113.5", "other org", b);
});

describe("audit log", () => {
  it("records who did what, when and from where, newest first, in words", async () => {
    const rows = await listAuditLog({ orgId: a.org.id }, { limit: 50 });
    expect(rows.map((r) => [r.actionLabel, r.actor, r.ip])).toEqual([
      ["API token revoked", a.members.ADMIN.email, "198.51.100.12"],
      ["API token created", a.members.ADMIN.email, "198.51.100.11"],
      ["API token created", a.members.OWNER.email, "198.51.100.10"],
    ]);
  });

  it("exports the same rows as CSV, filtered by action, person and dates", async () => {
    const all = await csv(a.members.OWNER, a.org.slug);
    expect(all.status).toBe(200);
    expect(all.lines[0]).toBe("When (UTC),Who,What,Action,On,From address,Details");
    expect(all.lines).toHaveLength(4);
    expect(all.lines[1]).toContain(`${a.members.ADMIN.email},API token revoked,apiToken.revoked,ApiToken ${revokedId},198.51.100.12`);

    expect((await csv(a.members.ADMIN, a.org.slug, "?action=apiToken.revoked")).lines).toHaveLength(2);
    const owners = (await csv(a.members.OWNER, a.org.slug, `?actor=${a.members.OWNER.id}`)).lines;
    expect(owners.slice(1).map((l) => l.split(",")[1])).toEqual([a.members.OWNER.email]);
    expect((await csv(a.members.OWNER, a.org.slug, "?from=2099-01-01")).lines).toHaveLength(1); // header only
    const today = new Date().toISOString().slice(0, 10);
    expect((await csv(a.members.OWNER, a.org.slug, `?from=${today}&to=${today}`)).lines).toHaveLength(4);
    expect((await csv(a.members.OWNER, a.org.slug, "?from=yesterday")).status).toBe(400);
  });

  it("only owners and admins of that org read it", async () => {
    expect((await csv(a.members.FINANCE, a.org.slug)).status).toBe(403);
    expect((await csv(b.members.OWNER, a.org.slug)).status).toBe(404);
    const bLines = (await csv(b.members.OWNER, b.org.slug)).lines;
    expect(bLines).toHaveLength(2);
    expect(bLines.join("\n")).not.toContain(a.members.OWNER.email);
  });
});
