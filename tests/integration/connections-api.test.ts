import { afterAll, beforeAll, describe, expect, it } from "vitest";
import * as list from "@/app/api/orgs/[org]/connections/route";
import * as one from "@/app/api/orgs/[org]/connections/[connectionId]/route";
import * as test from "@/app/api/orgs/[org]/connections/[connectionId]/test/route";
import * as backfill from "@/app/api/orgs/[org]/connections/[connectionId]/backfill/route";
import * as syncNow from "@/app/api/orgs/[org]/connections/[connectionId]/sync/route";
import * as tokens from "@/app/api/orgs/[org]/api-tokens/route";
import * as token from "@/app/api/orgs/[org]/api-tokens/[tokenId]/route";
import { db } from "@/lib/db";
import { getQueue } from "@/lib/queues";
import { syncSchedulerId } from "@/lib/connections/jobs";
import { hashToken } from "@/lib/api-tokens/tokens";
import { syncWindows } from "@/lib/connections/sync";
import { createOrgWithMembers } from "../support/factories";
import { insertConnection } from "../support/connections";
import { fixtureJson, startFixtureServer, type FixtureServer } from "../support/fixture-server";
import { params, requestAs } from "../support/session";

// The local provider servers listen on 127.0.0.1, which the SSRF guard on base URLs refuses unless allow-listed.
process.env.FETCH_ALLOW_LIST = "127.0.0.1";

// Settings → Connections and API tokens through their route handlers, as each role.

const KEY = "sk-admin-routes-SECRET-KEY-abcd1234";
let f: Awaited<ReturnType<typeof createOrgWithMembers>>;
let server: FixtureServer;
const as = (role: "OWNER" | "ADMIN" | "FINANCE" | "ENGINEERING") => ({ id: f.members[role].id, email: f.members[role].email });
const org = () => f.org.slug;

beforeAll(async () => {
  f = await createOrgWithMembers("Conn Routes", ["OWNER", "ADMIN", "FINANCE", "ENGINEERING"]);
  server = await startFixtureServer();
});
afterAll(() => server.close());

async function create(body: unknown, role: "OWNER" | "ADMIN" | "FINANCE" | "ENGINEERING" = "ADMIN") {
  return list.POST(await requestAs(as(role), `/api/orgs/${org()}/connections`, { method: "POST", body }), params({ org: org() }));
}

describe("connections", () => {
  let id: string;

  it("an admin adds one: the key is stored encrypted and only its last 4 ever come back; a sync is scheduled hourly", async () => {
    const res = await create({ provider: "openai", name: "Prod OpenAI", apiKey: KEY, baseUrl: `${server.baseUrl}/` });
    expect(res.status).toBe(201);
    const text = await res.text();
    expect(text).not.toContain(KEY);
    expect(text).not.toContain("encrypted");
    const dto = JSON.parse(text) as { id: string; keyLast4: string; baseUrl: string; status: string; rows: unknown; backfill: { state: string } };
    expect([dto.keyLast4, dto.baseUrl, dto.status, dto.rows, dto.backfill.state]).toEqual(["1234", server.baseUrl, "PENDING", { cost: 0, usage: 0 }, "none"]);
    id = dto.id;
    const row = await db().providerConnection.findUniqueOrThrow({ where: { id } });
    expect(row.encryptedCredentials).not.toContain(KEY);
    expect(row.credentialsKeyId).toBe("k1");
    const scheduler = await getQueue("providerSync").getJobScheduler(syncSchedulerId(id));
    expect(scheduler?.pattern).toMatch(/^\d{1,2} \* \* \* \*$/);
  });

  it("names are unique per org; a bad body names its fields", async () => {
    const dup = await create({ provider: "openai", name: "Prod OpenAI", apiKey: KEY });
    expect(dup.status).toBe(409);
    const bad = await create({ provider: "azure", name: "", apiKey: "short" });
    expect(bad.status).toBe(400);
    const issues = ((await bad.json()) as { error: { issues: { field: string }[] } }).error.issues.map((i) => i.field);
    expect(issues).toEqual(["provider", "name", "apiKey"]);
  });

  it("a base URL inside our network is refused (SSRF guard), at creation and at sync, without a request", async () => {
    const res = await create({ provider: "openai", name: "metadata", apiKey: KEY, baseUrl: "http://169.254.169.254/latest" });
    expect(res.status).toBe(400);
    const issues = ((await res.json()) as { error: { issues: { field: string; message: string }[] } }).error.issues;
    expect(issues.map((i) => i.field)).toEqual(["baseUrl"]);
    expect(issues[0]!.message).toContain("link-local");
    // Stored before the guard existed, or its name re-pointed later: the sync refuses too.
    const other = await createOrgWithMembers("SSRF");
    const c = await insertConnection(other.org.id, { provider: "openai", baseUrl: "http://10.1.2.3:8080" });
    const failure = await syncWindows(c.id, [{ start: new Date("2026-11-01"), end: new Date("2026-11-02") }], { client: { retry: { maxAttempts: 1 } } }).catch((e: Error) => e);
    expect((failure as Error).message).toContain("Refusing to fetch http://10.1.2.3:8080/v1/organization/costs");
  });

  it("engineering sees connection health but cannot change it; finance sees neither", async () => {
    const asEng = await list.GET(await requestAs(as("ENGINEERING"), `/api/orgs/${org()}/connections`), params({ org: org() }));
    expect(asEng.status).toBe(200);
    expect(((await asEng.json()) as { connections: { name: string }[] }).connections.map((c) => c.name)).toEqual(["Prod OpenAI"]);
    expect((await create({ provider: "openai", name: "x", apiKey: KEY }, "ENGINEERING")).status).toBe(403);
    expect((await list.GET(await requestAs(as("FINANCE"), `/api/orgs/${org()}/connections`), params({ org: org() }))).status).toBe(403);
  });

  it("Test reports the outcome in words, success and refusal", async () => {
    const run = async () => (await test.POST(await requestAs(as("ADMIN"), `/api/orgs/${org()}/connections/${id}/test`, { method: "POST" }), params({ org: org(), connectionId: id }))).json();
    server.on({ path: "/v1/organization/costs" }, { body: fixtureJson("openai-costs.json") }, { status: 401, body: { error: { message: "Invalid authorization header" } } });
    expect(await run()).toEqual({ ok: true, message: "Connected: the OpenAI Costs API answered for organisation data." });
    expect(await run()).toEqual({
      ok: false,
      message: "OpenAI refused the admin key (HTTP 401: \u201cInvalid authorization header\u201d). Create a new admin key in the OpenAI console and use \u201cReplace key\u201d.",
      detail: 'OpenAI: Invalid authorization header\n\nGET /v1/organization/costs → HTTP 401\n{"error":{"message":"Invalid authorization header"}}',
    });
    expect(server.requests.at(-1)!.headers.authorization).toBe(`Bearer ${KEY}`);
  });

  it("a backfill is queued once per range and its progress can be polled", async () => {
    const start = async () => backfill.POST(await requestAs(as("OWNER"), `/api/orgs/${org()}/connections/${id}/backfill`, { method: "POST", body: { months: 13 } }), params({ org: org(), connectionId: id }));
    const first = await start();
    expect(first.status).toBe(202);
    const status = (await first.json()) as { jobId: string; state: string; windowsTotal: number };
    expect(status.jobId).toMatch(new RegExp(`^backfill-${id}-\\d+-\\d+$`));
    expect(status.state).toBe("waiting");
    const again = (await (await start()).json()) as { jobId: string };
    expect(again.jobId).toBe(status.jobId);
    expect(await getQueue("providerBackfill").getJobCounts("waiting")).toMatchObject({ waiting: 1 });
    const polled = await backfill.GET(await requestAs(as("ENGINEERING"), `/api/orgs/${org()}/connections/${id}/backfill`), params({ org: org(), connectionId: id }));
    expect(((await polled.json()) as { state: string }).state).toBe("waiting");
    await (await getQueue("providerBackfill").getJob(status.jobId))!.remove();
  });

  it("a backfill from a start month the form sends; a 37th month back is refused naming the field", async () => {
    const post = async (body: unknown) => backfill.POST(await requestAs(as("ADMIN"), `/api/orgs/${org()}/connections/${id}/backfill`, { method: "POST", body }), params({ org: org(), connectionId: id }));
    const now = new Date();
    const month = (back: number) => new Date(Date.UTC(now.getUTCFullYear(), now.getUTCMonth() - back, 1)).toISOString().slice(0, 7);
    const tooFar = await post({ startMonth: month(36) });
    expect(tooFar.status).toBe(400);
    expect(((await tooFar.json()) as { error: { issues: unknown } }).error.issues).toEqual([{ field: "startMonth", message: "at most 36 months back: the providers' usage and cost APIs keep no older history" }]);
    const ok = await post({ startMonth: month(35) });
    expect(ok.status).toBe(202);
    const status = (await ok.json()) as { jobId: string; message: string };
    expect(status.message).toBe(`Backfill queued from ${new Date(`${month(35)}-01T00:00:00Z`).toLocaleString("en-US", { month: "long", year: "numeric", timeZone: "UTC" })}.`);
    expect((await db().providerConnection.findUniqueOrThrow({ where: { id } })).backfillMonths).toBe(36);
    await (await getQueue("providerBackfill").getJob(status.jobId))!.remove();
  });

  it("Sync now: admins queue it once (202), the next press is told why not (200); engineering may not", async () => {
    const press = async (role: Parameters<typeof as>[0]) => syncNow.POST(await requestAs(as(role), `/api/orgs/${org()}/connections/${id}/sync`, { method: "POST" }), params({ org: org(), connectionId: id }));
    const first = await press("ADMIN");
    expect([first.status, await first.json()]).toEqual([202, { queued: true, message: "Sync queued: it starts within seconds." }]);
    const second = await press("OWNER");
    expect([second.status, await second.json()]).toEqual([200, { queued: false, message: "A sync is already queued: nothing more to do." }]);
    expect((await press("ENGINEERING")).status).toBe(403);
    await (await getQueue("providerSync").getJob(`sync-now-${id}`))!.remove();
  });

  it("pause stops the schedule, resume restores it; a paused connection refuses a backfill", async () => {
    const patch = async (paused: boolean) => one.PATCH(await requestAs(as("ADMIN"), `/api/orgs/${org()}/connections/${id}`, { method: "PATCH", body: { paused } }), params({ org: org(), connectionId: id }));
    expect(((await (await patch(true)).json()) as { status: string }).status).toBe("PAUSED");
    expect(await getQueue("providerSync").getJobScheduler(syncSchedulerId(id))).toBeUndefined();
    const refused = await backfill.POST(await requestAs(as("ADMIN"), `/api/orgs/${org()}/connections/${id}/backfill`, { method: "POST", body: {} }), params({ org: org(), connectionId: id }));
    expect(refused.status).toBe(409);
    expect(((await (await patch(false)).json()) as { status: string }).status).toBe("PENDING");
    expect(await getQueue("providerSync").getJobScheduler(syncSchedulerId(id))).toBeDefined();
  });

  it("a replaced key gives a FAILING connection another chance; only its new last 4 come back", async () => {
    await db().providerConnection.update({ where: { id }, data: { status: "FAILING", failingSince: new Date() } });
    const res = await one.PATCH(await requestAs(as("ADMIN"), `/api/orgs/${org()}/connections/${id}`, { method: "PATCH", body: { apiKey: "sk-admin-rotated-KEY-5678" } }), params({ org: org(), connectionId: id }));
    const text = await res.text();
    expect(text).not.toContain("sk-admin-rotated");
    expect(JSON.parse(text)).toMatchObject({ keyLast4: "5678", status: "PENDING", failingSince: null });
    const bad = await one.PATCH(await requestAs(as("ADMIN"), `/api/orgs/${org()}/connections/${id}`, { method: "PATCH", body: {} }), params({ org: org(), connectionId: id }));
    expect(bad.status).toBe(400);
  });

  it("delete removes the connection, its schedule and the spend it synced", async () => {
    await db().costBucket.create({ data: { orgId: f.org.id, sourceKey: id, origin: "PROVIDER_API", connectionId: id, provider: "openai", day: new Date("2026-11-01"), amount: "5" } });
    const res = await one.DELETE(await requestAs(as("OWNER"), `/api/orgs/${org()}/connections/${id}`, { method: "DELETE" }), params({ org: org(), connectionId: id }));
    expect(res.status).toBe(200);
    expect(await db().providerConnection.count({ where: { id } })).toBe(0);
    expect(await db().costBucket.count({ where: { sourceKey: id } })).toBe(0);
    expect(await getQueue("providerSync").getJobScheduler(syncSchedulerId(id))).toBeUndefined();
  });
});

describe("API tokens", () => {
  it("a token is shown once, stored as sha256 with a visible prefix, and can be revoked", async () => {
    const res = await tokens.POST(await requestAs(as("ADMIN"), `/api/orgs/${org()}/api-tokens`, { method: "POST", body: { name: "gateway" } }), params({ org: org() }));
    expect(res.status).toBe(201);
    const created = (await res.json()) as { id: string; token: string; prefix: string };
    expect(created.token).toMatch(/^bk_[A-Za-z0-9_-]{40}$/);
    expect(created.prefix).toBe(created.token.slice(0, 11));
    const row = await db().apiToken.findUniqueOrThrow({ where: { id: created.id } });
    expect(row.tokenHash).toBe(hashToken(created.token));
    const listed = await (await tokens.GET(await requestAs(as("OWNER"), `/api/orgs/${org()}/api-tokens`), params({ org: org() }))).text();
    expect(listed).toContain(created.prefix);
    expect(listed).not.toContain(created.token);
    const revoked = await token.DELETE(await requestAs(as("ADMIN"), `/api/orgs/${org()}/api-tokens/${created.id}`, { method: "DELETE" }), params({ org: org(), tokenId: created.id }));
    expect(((await revoked.json()) as { revokedAt: string | null }).revokedAt).not.toBeNull();
    expect((await tokens.GET(await requestAs(as("FINANCE"), `/api/orgs/${org()}/api-tokens`), params({ org: org() }))).status).toBe(403);
  });
});
