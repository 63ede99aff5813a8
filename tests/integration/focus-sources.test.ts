import { createHash } from "node:crypto";
import { copyFile, mkdir, mkdtemp, readFile, rm, symlink, utimes, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { gzipSync } from "node:zlib";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { db } from "@/lib/db";
import { addFocusSource, deleteFocusSource, focusSourceCron, focusSourceSchedulerId, listFocusSources, requestFocusSourceRun, runFocusSource, updateFocusSource } from "@/lib/focus/sources";
import type { Resolver } from "@/lib/net/ssrf";
import { env } from "@/lib/env";
import { closeQueues, getQueue, queueConnection } from "@/lib/queues";
import { focusSourceJob } from "@/workers/focus-source";
import * as sourcesRoute from "@/app/api/orgs/[org]/focus/sources/route";
import * as sourceRoute from "@/app/api/orgs/[org]/focus/sources/[sourceId]/route";
import { createOrgWithMembers } from "../support/factories";
import { orgContext } from "../support/org-context";
import { params, requestAs } from "../support/session";
import { startLocalServer, type LocalServer } from "../net/local-server";

// Scheduled FOCUS drops end to end on real Postgres and Redis: a real HTTP server on 127.0.0.1 (allow-listed
// by FETCH_ALLOW_LIST in tests/support/setup-env.ts) serves the fixtures of tests/fixtures/focus, plain, as a
// .csv.gz file and with Content-Encoding: gzip; the worker's processor runs each source. The private-address
// case uses an injected resolver and is refused before any socket opens; folder sources read a temporary
// FOCUS_DROP_ROOT.
//
// Expected figures worked by hand from the fixture rows (BilledCost, USD; the org bills in USD):
//  aws-focus-1.2.csv (Amazon Bedrock)
//    anthropic claude-3-5-sonnet-20240620  2026-10-05  input 3.60 + output 2.25 + credit −1.00 = 4.85
//    anthropic claude-3-5-sonnet-20240620  2026-10-06  input 2.40 + refund −0.40            = 2.00
//    amazon    nova-lite                   2026-10-05  0.30
//    meta-llama llama3-1-70b-instruct      2026-10-06  0.99
//    amazon    (tax)                       2026-10-01  0.85
//    anthropic claude-3-5-sonnet-20240620  2026-11-02  3.00
//    EC2 12.34 skipped (not AI)                                  October 8.99, November 3.00
//  aws-focus-1.2-redelivered-2026-10.csv (October again): claude 10-05 = 3.90 + 2.25 − 1.00 = 5.15; the 2.40
//    input line of 10-06 is gone, leaving the refund −0.40; nova, llama, tax the same; November not in the
//    file, so kept (3.00).
//  gcp-focus-1.0.csv (Vertex AI): google gemini-2.0-flash 10-05 0.20 + 0.20 − 0.15 = 0.25; anthropic
//    claude-3-5-sonnet 10-06 1.50; google tax 10-01 0.19; Cloud Storage 2.00 skipped.
//  azure-focus-1.2.csv (Azure OpenAI): openai gpt-4o-mini 10-05 1.50 + 1.20 = 2.70 (the EUR 0.41 row not
//    added); gpt-4o 10-06 5.00; gpt-4o-mini 10-06 −0.50 refund; microsoft tax 10-01 0.33; VMs 4.56 skipped.

process.env.LOG_LEVEL = "debug"; // every log line is captured below and searched for the secret

const FIXTURES = join(__dirname, "../fixtures/focus");
const SECRET = "Bearer drop-secret-7f3a9c";
const AWS = {
  "bedrock amazon/ 2026-10-01": "0.85",
  "bedrock amazon/nova-lite 2026-10-05": "0.30",
  "bedrock anthropic/claude-3-5-sonnet-20240620 2026-10-05": "4.85",
  "bedrock anthropic/claude-3-5-sonnet-20240620 2026-10-06": "2.00",
  "bedrock anthropic/claude-3-5-sonnet-20240620 2026-11-02": "3.00",
  "bedrock meta-llama/llama3-1-70b-instruct 2026-10-06": "0.99",
};
const AWS_REDELIVERED = { ...AWS, "bedrock anthropic/claude-3-5-sonnet-20240620 2026-10-05": "5.15", "bedrock anthropic/claude-3-5-sonnet-20240620 2026-10-06": "-0.40" };
const GCP = { "vertex anthropic/claude-3-5-sonnet 2026-10-06": "1.50", "vertex google/ 2026-10-01": "0.19", "vertex google/gemini-2.0-flash 2026-10-05": "0.25" };
const AZURE = { "azure microsoft/ 2026-10-01": "0.33", "azure openai/gpt-4o 2026-10-06": "5.00", "azure openai/gpt-4o-mini 2026-10-05": "2.70", "azure openai/gpt-4o-mini 2026-10-06": "-0.50" };

interface Served {
  body: Buffer;
  type?: string;
  encoding?: "gzip";
  validators?: boolean;
  status?: number;
}
const served = new Map<string, Served>();
let server: LocalServer;
let f: Awaited<ReturnType<typeof createOrgWithMembers>>;
let tmp: string;
const logged: string[] = [];
const restoreWrites: (() => void)[] = [];
const fixture = (name: string) => readFile(join(FIXTURES, name));

async function totalsByKey(orgId: string): Promise<Record<string, string>> {
  const rows = await db().$queryRaw<{ key: string; total: string }[]>`
    SELECT cb.host || ' ' || cb.provider || '/' || cb.model || ' ' || to_char(cb.day, 'YYYY-MM-DD') AS key, SUM(cb.amount)::numeric(20,2)::text AS total
    FROM "CostBucket" cb WHERE cb."orgId" = ${orgId} GROUP BY 1 ORDER BY 1`;
  return Object.fromEntries(rows.map((r) => [r.key, r.total]));
}
const imports = (orgId: string) => db().csvImport.count({ where: { orgId, status: "COMMITTED" } });
const requestsTo = (path: string) => server.requests.filter((r) => r.url === path);

beforeAll(async () => {
  for (const stream of [process.stdout, process.stderr]) {
    const original = stream.write.bind(stream);
    stream.write = ((chunk: string | Uint8Array, ...rest: unknown[]) => {
      logged.push(String(chunk));
      return (original as (...a: unknown[]) => boolean)(chunk, ...rest);
    }) as typeof stream.write;
    restoreWrites.push(() => (stream.write = original as typeof stream.write));
  }
  server = await startLocalServer((req, res) => {
    const s = served.get(req.url ?? "");
    if (!s) return void res.writeHead(404, { "content-type": "text/plain" }).end("not found");
    if (s.status && s.status >= 400) return void res.writeHead(s.status, { "content-type": "text/plain" }).end(s.body);
    const etag = `"${createHash("sha1").update(s.body).digest("hex")}"`;
    const validators = s.validators === false ? {} : { etag };
    if (s.validators !== false && req.headers["if-none-match"] === etag) return void res.writeHead(304, validators).end();
    const body = s.encoding === "gzip" ? gzipSync(s.body) : s.body;
    res.writeHead(200, { "content-type": s.type ?? "text/csv", ...(s.encoding ? { "content-encoding": s.encoding } : {}), ...validators }).end(body);
  });
  f = await createOrgWithMembers("Focus drops", ["OWNER", "FINANCE"]);
  tmp = await mkdtemp(join(tmpdir(), "focus-drops-"));
});

afterAll(async () => {
  restoreWrites.forEach((r) => r());
  await server.close();
  await rm(tmp, { recursive: true, force: true });
  await closeQueues();
});

describe("a URL source with a secret header, fetched by the job", () => {
  let sourceId: string;

  it("imports the served fixture exactly like an upload, sending the secret header to the server", async () => {
    served.set("/exports/aws-focus.csv", { body: await fixture("aws-focus-1.2.csv") });
    const added = await addFocusSource(orgContext(f), { name: "AWS CUR 2.0 FOCUS", kind: "URL", url: `${server.origin}/exports/aws-focus.csv`, schedule: "DAILY", headerName: "Authorization", headerValue: SECRET });
    sourceId = added.id;
    expect(added.header).toEqual({ name: "Authorization", set: true });
    const run = await focusSourceJob({ sourceId });
    expect(run).toMatchObject({ status: "IMPORTED" });
    expect(requestsTo("/exports/aws-focus.csv")[0]!.headers.authorization).toBe(SECRET);
    expect(await totalsByKey(f.org.id)).toEqual(AWS);
    const s = await db().focusSource.findUniqueOrThrow({ where: { id: sourceId } });
    expect(s).toMatchObject({ lastStatus: "IMPORTED", lastError: null, etag: `"${createHash("sha1").update(await fixture("aws-focus-1.2.csv")).digest("hex")}"` });
    expect(s.lastMessage).toContain("aws-focus.csv: 9 AI row(s) of 10, 11.99 USD billed, 2026-10-01 to 2026-11-02");
    expect(s.encryptedHeaderValue).not.toContain("drop-secret");
    const audit = await db().auditLog.findMany({ where: { orgId: f.org.id, action: { in: ["focusSource.added", "focus.imported"] } }, orderBy: { id: "asc" } });
    expect(audit.map((a) => a.action)).toEqual(["focusSource.added", "focus.imported"]);
    expect(audit[1]!.data).toMatchObject({ filename: "aws-focus.csv", focusSourceId: sourceId });
  });

  it("is scheduled daily at a fixed minute of 06 UTC", async () => {
    const scheduler = await getQueue("focusSource").getJobScheduler(focusSourceSchedulerId(sourceId));
    expect(scheduler?.pattern).toBe(focusSourceCron(sourceId, "DAILY"));
    expect(focusSourceCron(sourceId, "DAILY")).toMatch(/^\d{1,2} 6 \* \* \*$/);
  });

  it("an unchanged file is not imported again: the request is conditional and the server answers 304", async () => {
    const before = await imports(f.org.id);
    expect(await focusSourceJob({ sourceId })).toMatchObject({ status: "UNCHANGED" });
    const second = requestsTo("/exports/aws-focus.csv")[1]!;
    expect(second.headers["if-none-match"]).toMatch(/^"[0-9a-f]{40}"$/);
    expect(second.headers.authorization).toBe(SECRET);
    expect(await imports(f.org.id)).toBe(before);
    expect(await totalsByKey(f.org.id)).toEqual(AWS);
    expect(await db().focusSource.findUniqueOrThrow({ where: { id: sourceId } })).toMatchObject({ lastStatus: "UNCHANGED", lastError: null });
  });

  it("a changed file replaces its billing period (October re-delivered; November kept)", async () => {
    served.set("/exports/aws-focus.csv", { body: await fixture("aws-focus-1.2-redelivered-2026-10.csv") });
    expect(await focusSourceJob({ sourceId })).toMatchObject({ status: "IMPORTED" });
    expect(await totalsByKey(f.org.id)).toEqual(AWS_REDELIVERED);
  });

  it("a server error records a clear error, keeps the last good validators and writes nothing", async () => {
    const before = await db().focusSource.findUniqueOrThrow({ where: { id: sourceId } });
    const importsBefore = await db().csvImport.count({ where: { orgId: f.org.id } });
    served.set("/exports/aws-focus.csv", { body: Buffer.from("upstream exploded"), status: 500 });
    expect(await focusSourceJob({ sourceId })).toMatchObject({ status: "FAILED" });
    const s = await db().focusSource.findUniqueOrThrow({ where: { id: sourceId } });
    expect(s.lastStatus).toBe("FAILED");
    expect(s.lastError).toBe(`${server.origin}/exports/aws-focus.csv answered HTTP 500: upstream exploded. Nothing was imported.`);
    expect(s.etag).toBe(before.etag);
    expect(await db().csvImport.count({ where: { orgId: f.org.id } })).toBe(importsBefore);
    expect(await totalsByKey(f.org.id)).toEqual(AWS_REDELIVERED);
  });

  it("a server that echoes the credential in its error page: the recorded error says [secret] instead", async () => {
    served.set("/exports/aws-focus.csv", { body: Buffer.from(`401: ${SECRET} is not valid here`), status: 401 });
    expect(await focusSourceJob({ sourceId })).toMatchObject({ status: "FAILED", error: `${server.origin}/exports/aws-focus.csv answered HTTP 401: 401: [secret] is not valid here. Nothing was imported.` });
    expect((await db().focusSource.findUniqueOrThrow({ where: { id: sourceId } })).lastError).toContain("[secret]");
  });

  it("the secret is never in an API answer, the list, the audit log or any log line", async () => {
    const res = await sourcesRoute.GET(await requestAs(f.members.FINANCE, `/api/orgs/${f.org.slug}/focus/sources`), params({ org: f.org.slug }));
    expect(res.status).toBe(200);
    const text = await res.text();
    expect(JSON.parse(text).sources[0]).toMatchObject({ id: sourceId, header: { name: "Authorization", set: true } });
    expect(text).not.toContain("drop-secret");
    expect(JSON.stringify(await listFocusSources(orgContext(f)))).not.toContain("drop-secret");
    const patched = await sourceRoute.PATCH(await requestAs(f.members.OWNER, `/api/orgs/${f.org.slug}/focus/sources/${sourceId}`, { method: "PATCH", body: { schedule: "HOURLY" } }), params({ org: f.org.slug, sourceId }));
    expect(patched.status).toBe(200);
    expect(await patched.text()).not.toContain("drop-secret");
    expect((await getQueue("focusSource").getJobScheduler(focusSourceSchedulerId(sourceId)))?.pattern).toBe(focusSourceCron(sourceId, "HOURLY"));
    expect(JSON.stringify(await db().auditLog.findMany({ where: { orgId: f.org.id } }), (_k, v) => (typeof v === "bigint" ? v.toString() : v))).not.toContain("drop-secret");
    const lines = logged.join("");
    expect(lines).toContain('"msg":"FOCUS source run failed"'); // the runs were logged…
    expect(lines).toContain("[secret] is not valid here");
    expect(lines).not.toContain("drop-secret"); // …never with the credential
  });

  it("finance sees the sources but may not change them (focusSources.manage: owners and admins)", async () => {
    const res = await sourceRoute.DELETE(await requestAs(f.members.FINANCE, `/api/orgs/${f.org.slug}/focus/sources/${sourceId}`, { method: "DELETE" }), params({ org: f.org.slug, sourceId }));
    expect(res.status).toBe(403);
    const add = await sourcesRoute.POST(await requestAs(f.members.FINANCE, `/api/orgs/${f.org.slug}/focus/sources`, { method: "POST", body: { name: "x", kind: "URL", url: `${server.origin}/x.csv` } }), params({ org: f.org.slug }));
    expect(add.status).toBe(403);
  });

  it("import now queues one job, and a second press while it waits queues nothing", async () => {
    const first = await requestFocusSourceRun(orgContext(f), sourceId);
    expect(first).toEqual({ queued: true, message: "Import queued: it starts within seconds." });
    expect(await requestFocusSourceRun(orgContext(f), sourceId)).toEqual({ queued: false, message: "An import of this source is already queued." });
    const job = await getQueue("focusSource").getJob(`focus-source-now-${sourceId}`);
    expect(job?.data.sourceId).toBe(sourceId);
    await job?.remove();
  });

  it("deleting the source removes its scheduler", async () => {
    const res = await sourceRoute.DELETE(await requestAs(f.members.OWNER, `/api/orgs/${f.org.slug}/focus/sources/${sourceId}`, { method: "DELETE" }), params({ org: f.org.slug, sourceId }));
    expect(res.status).toBe(200);
    expect(await getQueue("focusSource").getJobScheduler(focusSourceSchedulerId(sourceId))).toBeFalsy();
    expect(await db().focusSource.count({ where: { id: sourceId } })).toBe(0);
    expect(await runFocusSource(sourceId)).toEqual({ status: "gone" });
  });
});

describe("gzip: a .csv.gz file, and a body sent with Content-Encoding: gzip", () => {
  it("a gzipped export (no validators from the server) imports; the same bytes again are recognised by their SHA-256", async () => {
    const g = await createOrgWithMembers("Focus gz drops");
    served.set("/exports/gcp.csv.gz", { body: gzipSync(await fixture("gcp-focus-1.0.csv")), type: "application/gzip", validators: false });
    const s = await addFocusSource(orgContext(g), { name: "GCP", kind: "URL", url: `${server.origin}/exports/gcp.csv.gz` });
    expect(await focusSourceJob({ sourceId: s.id })).toMatchObject({ status: "IMPORTED" });
    expect(await totalsByKey(g.org.id)).toEqual(GCP);
    expect(await db().csvImport.findFirst({ where: { orgId: g.org.id }, select: { filename: true, format: true } })).toEqual({ filename: "gcp.csv.gz", format: "focus-csv.gz" });
    const run = await focusSourceJob({ sourceId: s.id });
    expect(run).toMatchObject({ status: "UNCHANGED", message: expect.stringContaining("same SHA-256") });
    expect(requestsTo("/exports/gcp.csv.gz")).toHaveLength(2); // no validators: fetched whole, then recognised
    expect(requestsTo("/exports/gcp.csv.gz")[1]!.headers["if-none-match"]).toBeUndefined();
    expect(await imports(g.org.id)).toBe(1);

    served.set("/exports/azure.csv", { body: await fixture("azure-focus-1.2.csv"), encoding: "gzip" });
    const a = await addFocusSource(orgContext(g), { name: "Azure", kind: "URL", url: `${server.origin}/exports/azure.csv` });
    expect(await focusSourceJob({ sourceId: a.id })).toMatchObject({ status: "IMPORTED" });
    expect(await totalsByKey(g.org.id)).toEqual({ ...GCP, ...AZURE });
  });
});

describe("changing a source's secret header", () => {
  it("a new value is what the next fetch sends; removing it sends none; a new URL forgets the old file's validators", async () => {
    const p = await createOrgWithMembers("Focus header edit");
    served.set("/exports/edit.csv", { body: await fixture("gcp-focus-1.0.csv") });
    served.set("/exports/edit-2.csv", { body: await fixture("gcp-focus-1.0.csv") });
    const s = await addFocusSource(orgContext(p), { name: "edit", kind: "URL", url: `${server.origin}/exports/edit.csv`, headerName: "x-api-key", headerValue: "first-key-0001" });
    const replaced = await updateFocusSource(orgContext(p), s.id, { headerValue: "second-key-0002" });
    expect(replaced.header).toEqual({ name: "x-api-key", set: true });
    expect(JSON.stringify(replaced)).not.toContain("key-000");
    await focusSourceJob({ sourceId: s.id });
    expect(requestsTo("/exports/edit.csv").at(-1)!.headers["x-api-key"]).toBe("second-key-0002");
    const removed = await updateFocusSource(orgContext(p), s.id, { headerValue: null, url: `${server.origin}/exports/edit-2.csv` });
    expect(removed.header).toBeNull();
    expect(await db().focusSource.findUniqueOrThrow({ where: { id: s.id } })).toMatchObject({ encryptedHeaderValue: null, etag: null, fingerprint: null });
    // Same bytes at the new URL: fetched whole (no validators kept), imported again (no fingerprint kept); the period is replaced, not added.
    expect(await focusSourceJob({ sourceId: s.id })).toMatchObject({ status: "IMPORTED" });
    const seen = requestsTo("/exports/edit-2.csv")[0]!;
    expect([seen.headers["x-api-key"], seen.headers["if-none-match"]]).toEqual([undefined, undefined]);
    expect(await totalsByKey(p.org.id)).toEqual(GCP);
    const audit = await db().auditLog.findMany({ where: { orgId: p.org.id, action: "focusSource.updated" }, orderBy: { id: "asc" } });
    expect(audit.map((a) => (a.data as { changed: string[] }).changed)).toEqual([["header secret replaced"], ["url", "header removed"]]);
  });
});

describe("paused and overlapping runs", () => {
  it("a paused source's scheduled run does nothing (its scheduler is removed); import now still runs it", async () => {
    const p = await createOrgWithMembers("Focus paused");
    served.set("/exports/paused.csv", { body: await fixture("azure-focus-1.2.csv") });
    const s = await addFocusSource(orgContext(p), { name: "paused", kind: "URL", url: `${server.origin}/exports/paused.csv`, enabled: false });
    expect(await getQueue("focusSource").getJobScheduler(focusSourceSchedulerId(s.id))).toBeFalsy();
    expect(await focusSourceJob({ sourceId: s.id })).toEqual({ status: "disabled" });
    expect(requestsTo("/exports/paused.csv")).toHaveLength(0);
    expect(await focusSourceJob({ sourceId: s.id, requestId: "press-1" })).toMatchObject({ status: "IMPORTED" });
    expect(await totalsByKey(p.org.id)).toEqual(AZURE);
  });

  it("a second run of a source while one is running stops at once, fetching nothing", async () => {
    const p = await createOrgWithMembers("Focus overlap");
    served.set("/exports/overlap.csv", { body: await fixture("gcp-focus-1.0.csv") });
    const s = await addFocusSource(orgContext(p), { name: "overlap", kind: "URL", url: `${server.origin}/exports/overlap.csv` });
    const lock = `${env().QUEUE_PREFIX}:focus-source-running:${s.id}`;
    await queueConnection().set(lock, "another-worker", "PX", 60_000);
    expect(await focusSourceJob({ sourceId: s.id })).toEqual({ status: "busy" });
    expect(requestsTo("/exports/overlap.csv")).toHaveLength(0);
    expect(await queueConnection().get(lock)).toBe("another-worker"); // not released by the run that did not hold it
    await queueConnection().del(lock);
    expect(await focusSourceJob({ sourceId: s.id })).toMatchObject({ status: "IMPORTED" });
    expect(await queueConnection().get(lock)).toBeNull();
    expect(await totalsByKey(p.org.id)).toEqual(GCP);
  });
});

describe("refusals", () => {
  it("a URL to a private address is refused when saved, naming the field, and when its DNS answer changes later, at run time, writing nothing", async () => {
    const r = await createOrgWithMembers("Focus refused");
    const toPrivate: Resolver = async () => [{ address: "10.0.0.5", family: 4 }];
    await expect(addFocusSource(orgContext(r), { name: "internal", kind: "URL", url: "https://drops.internal.example/focus.csv" }, { resolver: toPrivate })).rejects.toMatchObject({
      code: "BAD_INPUT",
      details: { issues: [{ field: "url" }] },
    });
    await expect(addFocusSource(orgContext(r), { name: "meta", kind: "URL", url: "https://169.254.169.254/latest/meta-data/" })).rejects.toMatchObject({ code: "BAD_INPUT", message: expect.stringMatching(/^url: /) });
    // Saved while its name still resolved publicly; now it points inside.
    const s = await db().focusSource.create({ data: { orgId: r.org.id, name: "rebinding", kind: "URL", url: "https://drops.vendor.example/focus.csv" } });
    const before = server.requests.length;
    const run = await runFocusSource(s.id, { resolver: toPrivate });
    expect(run).toMatchObject({ status: "FAILED", error: expect.stringContaining("10.0.0.5") });
    expect(await db().focusSource.findUniqueOrThrow({ where: { id: s.id } })).toMatchObject({ lastStatus: "FAILED", lastError: expect.stringContaining("private network") });
    expect(server.requests.length).toBe(before);
    expect(await db().costBucket.count({ where: { orgId: r.org.id } })).toBe(0);
    expect(await db().csvImport.count({ where: { orgId: r.org.id } })).toBe(0);
  });

  it("plain http to a host not allow-listed, a URL with user:password, a folder field on a URL source, or a header without its value are refused by the schema", async () => {
    const r = await createOrgWithMembers("Focus schema");
    await expect(addFocusSource(orgContext(r), { name: "x", kind: "URL", url: `http://u:p@127.0.0.1:${server.port}/x.csv` })).rejects.toMatchObject({ code: "BAD_INPUT", details: { issues: [expect.objectContaining({ field: "url" })] } });
    await expect(addFocusSource(orgContext(r), { name: "x", kind: "URL", url: `${server.origin}/x.csv`, headerName: "Authorization" })).rejects.toMatchObject({ details: { issues: [expect.objectContaining({ field: "headerValue" })] } });
    await expect(addFocusSource(orgContext(r), { name: "x", kind: "URL", url: "http://exports.vendor.example/focus.csv" })).rejects.toMatchObject({
      details: { issues: [{ field: "url", message: "must be an https:// URL (plain http:// only to a host in the server's FETCH_ALLOW_LIST)" }] },
    });
    await expect(addFocusSource(orgContext(r), { name: "x", kind: "URL" })).rejects.toMatchObject({ details: { issues: [expect.objectContaining({ field: "url" })] } });
  });

  it("a bad file records the import's own message (first bad lines) and writes nothing", async () => {
    const r = await createOrgWithMembers("Focus bad file");
    served.set("/exports/bad.csv", { body: Buffer.from("BilledCost,ChargeCategory\n1.00,Usage\n") });
    const s = await addFocusSource(orgContext(r), { name: "bad", kind: "URL", url: `${server.origin}/exports/bad.csv` });
    const run = await focusSourceJob({ sourceId: s.id });
    expect(run).toMatchObject({ status: "FAILED", error: expect.stringContaining("required FOCUS column") });
    expect(await db().costBucket.count({ where: { orgId: r.org.id } })).toBe(0);
    expect((await db().focusSource.findUniqueOrThrow({ where: { id: s.id } })).fingerprint).toBeNull();
  });
});

describe("a folder source under FOCUS_DROP_ROOT", () => {
  let root: string;
  let outside: string;
  let g: Awaited<ReturnType<typeof createOrgWithMembers>>;
  const now = () => new Date(Date.now() + 120_000); // files written just now have settled

  beforeAll(async () => {
    root = join(tmp, "drops");
    outside = join(tmp, "elsewhere");
    await mkdir(join(root, "acme"), { recursive: true });
    await mkdir(outside, { recursive: true });
    g = await createOrgWithMembers("Focus folder");
  });

  it("without FOCUS_DROP_ROOT a folder source is refused, naming the field and the setting", async () => {
    await expect(addFocusSource(orgContext(g), { name: "d", kind: "FOLDER", folder: join(root, "acme") }, { dropRoot: null })).rejects.toMatchObject({
      code: "BAD_INPUT",
      message: expect.stringMatching(/^folder: folder sources are off on this server: the operator sets FOCUS_DROP_ROOT/),
      details: { issues: [{ field: "folder" }] },
    });
  });

  it("a folder outside the root, or leading out of it through a symbolic link, is refused naming the field", async () => {
    await expect(addFocusSource(orgContext(g), { name: "d", kind: "FOLDER", folder: outside }, { dropRoot: root })).rejects.toMatchObject({
      code: "BAD_INPUT",
      message: `folder: ${outside} is outside the drop folder FOCUS_DROP_ROOT (${root}); a folder source must be inside it`,
    });
    await expect(addFocusSource(orgContext(g), { name: "d", kind: "FOLDER", folder: `${root}/../elsewhere` }, { dropRoot: root })).rejects.toMatchObject({ message: expect.stringContaining("is outside the drop folder") });
    await symlink(outside, join(root, "escape"));
    await expect(addFocusSource(orgContext(g), { name: "d", kind: "FOLDER", folder: join(root, "escape") }, { dropRoot: root })).rejects.toMatchObject({ message: expect.stringContaining("through a symbolic link") });
    expect(await db().focusSource.count({ where: { orgId: g.org.id } })).toBe(0);
  });

  it("imports each matching file, oldest first; an unchanged folder imports nothing; a changed file replaces its period", async () => {
    const dir = join(root, "acme");
    await copyFile(join(FIXTURES, "aws-focus-1.2.csv"), join(dir, "aws-2026-10.csv"));
    await writeFile(join(dir, "gcp-2026-10.csv.gz"), gzipSync(await fixture("gcp-focus-1.0.csv")));
    await writeFile(join(dir, "notes.txt"), "not a FOCUS file");
    await utimes(join(dir, "aws-2026-10.csv"), new Date("2026-11-01T00:00:00Z"), new Date("2026-11-01T00:00:00Z"));
    const s = await addFocusSource(orgContext(g), { name: "drop folder", kind: "FOLDER", folder: dir, schedule: "HOURLY" }, { dropRoot: root });
    const first = await runFocusSource(s.id, { dropRoot: root, now: now() });
    expect(first).toMatchObject({ status: "IMPORTED" });
    expect(first.status === "IMPORTED" && first.imports.map((i) => i.filename)).toEqual(["aws-2026-10.csv", "gcp-2026-10.csv.gz"]);
    expect(await totalsByKey(g.org.id)).toEqual({ ...AWS, ...GCP });

    expect(await runFocusSource(s.id, { dropRoot: root, now: now() })).toMatchObject({ status: "UNCHANGED" });
    expect(await imports(g.org.id)).toBe(2);

    // The export job rewrites October's file in place.
    await copyFile(join(FIXTURES, "aws-focus-1.2-redelivered-2026-10.csv"), join(dir, "aws-2026-10.csv"));
    const third = await runFocusSource(s.id, { dropRoot: root, now: now() });
    expect(third.status === "IMPORTED" && third.imports.map((i) => i.filename)).toEqual(["aws-2026-10.csv"]);
    expect(await totalsByKey(g.org.id)).toEqual({ ...AWS_REDELIVERED, ...GCP });
  });

  it("a file still being written (modified within the last minute) waits for the next run", async () => {
    const dir = join(root, "acme");
    await copyFile(join(FIXTURES, "azure-focus-1.2.csv"), join(dir, "azure-2026-10.csv"));
    const s = (await db().focusSource.findFirstOrThrow({ where: { orgId: g.org.id } })).id;
    expect(await runFocusSource(s, { dropRoot: root, now: new Date() })).toMatchObject({ status: "UNCHANGED", message: expect.stringContaining("1 still being written") });
    expect(await runFocusSource(s, { dropRoot: root, now: now() })).toMatchObject({ status: "IMPORTED" });
    expect(await totalsByKey(g.org.id)).toEqual({ ...AWS_REDELIVERED, ...GCP, ...AZURE });
  });

  it("a saved folder that the root no longer contains fails at run time, writing nothing", async () => {
    const s = (await db().focusSource.findFirstOrThrow({ where: { orgId: g.org.id } })).id;
    const before = await db().csvImport.count({ where: { orgId: g.org.id } });
    const run = await runFocusSource(s, { dropRoot: outside, now: now() });
    expect(run).toMatchObject({ status: "FAILED", error: expect.stringContaining("is outside the drop folder FOCUS_DROP_ROOT") });
    expect(await db().csvImport.count({ where: { orgId: g.org.id } })).toBe(before);
  });

  it("changing a folder source's folder to one outside the root is refused; a URL field on it too", async () => {
    const s = (await db().focusSource.findFirstOrThrow({ where: { orgId: g.org.id } })).id;
    await expect(updateFocusSource(orgContext(g), s, { folder: outside }, { dropRoot: root })).rejects.toMatchObject({ details: { issues: [{ field: "folder" }] } });
    await expect(updateFocusSource(orgContext(g), s, { url: `${server.origin}/x.csv` }, { dropRoot: root })).rejects.toMatchObject({ details: { issues: [{ field: "url" }] } });
    await deleteFocusSource(orgContext(g), s);
  });
});
