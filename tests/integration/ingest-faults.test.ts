import type { Worker } from "bullmq";
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from "vitest";
import { db } from "@/lib/db";
import { enqueue } from "@/lib/queues";
import { OPENAI_USAGE_KINDS } from "@/lib/providers/openai";
import { providerSyncJob } from "@/workers/provider-sync";
import { startWorker } from "@/workers/registry";
import { createOrgWithMembers } from "../support/factories";
import { insertConnection } from "../support/connections";
import { fixtureJson, fixtureText, startFixtureServer, type FixtureServer } from "../support/fixture-server";
import { waitForJob } from "../support/jobs";
import { pageOnDay, todayUtc } from "../support/provider-pages";

// The local provider servers listen on 127.0.0.1, which the SSRF guard on base URLs refuses unless allow-listed.
process.env.FETCH_ALLOW_LIST = "127.0.0.1";

// Provider faults through the real job path: a BullMQ worker (registered as workers/index.ts does,
// with short client time-outs), a local provider server playing the fault, and the outcome read
// back from the connection row.

const KEY = "sk-admin-fault-KEY-abcdef0123456789";
const COSTS = "/v1/organization/costs";
const emptyPage = { object: "page", data: [], has_more: false, next_page: null };
/** The fixture's three cost results (0.6125 + 0.98 + 0.0031), moved to today: inside the incremental window. */
const todaysCosts = () => pageOnDay(fixtureJson("openai-costs.page2.json"), todayUtc());
const FAST = { retry: { maxAttempts: 3, baseDelayMs: 10, maxDelayMs: 50, timeoutMs: 500, maxRetryAfterMs: 5000 } };

let worker: Worker;
let server: FixtureServer;
let orgId: string;
beforeAll(async () => {
  worker = startWorker("providerSync", (p, job) => providerSyncJob(p, job, FAST), { concurrency: 1 });
  await worker.waitUntilReady();
  orgId = (await createOrgWithMembers("Faults")).org.id;
});
afterAll(async () => {
  await worker.close();
});
beforeEach(async () => {
  server = await startFixtureServer();
  for (const kind of OPENAI_USAGE_KINDS) server.on({ path: `/v1/organization/usage/${kind}` }, { body: emptyPage });
});
afterEach(() => server.close());

/** Run one incremental sync job for a fresh connection; two job attempts, 50 ms apart. */
async function runSync() {
  const c = await insertConnection(orgId, { provider: "openai", baseUrl: server.baseUrl, apiKey: KEY });
  const jobId = `sync-test-${c.id}`;
  await enqueue("providerSync", { connectionId: c.id }, { jobId, attempts: 2, backoff: { type: "fixed", delay: 50 } });
  const { state, job } = await waitForJob("providerSync", jobId);
  const row = await db().providerConnection.findUniqueOrThrow({ where: { id: c.id } });
  const costRequests = server.requests.filter((r) => r.path === COSTS).length;
  return { state, attempts: job.attemptsMade, row, costRequests, buckets: await db().costBucket.count({ where: { sourceKey: c.id } }) };
}

describe("provider faults, as the connection shows them", () => {
  it("429 with Retry-After, then success: waited, retried, ACTIVE", async () => {
    server.on({ path: COSTS }, { status: 429, headers: { "retry-after": "1" }, body: fixtureJson("openai-error-429.json") }, { body: todaysCosts() });
    const r = await runSync();
    expect([r.state, r.attempts, r.row.status, r.row.lastError, r.costRequests, r.buckets]).toEqual(["completed", 1, "ACTIVE", null, 2, 3]);
  });

  it("500, then success: retried with back-off, ACTIVE", async () => {
    server.on({ path: COSTS }, { status: 500, body: { error: { message: "boom" } } }, { body: todaysCosts() });
    const r = await runSync();
    expect([r.state, r.row.status, r.row.lastError, r.costRequests, r.buckets]).toEqual(["completed", "ACTIVE", null, 2, 3]);
  });

  it("a time-out, then an answer: the slow request is abandoned and retried, ACTIVE", async () => {
    server.on({ path: COSTS }, { delayMs: 3000, body: emptyPage }, { body: todaysCosts() });
    const r = await runSync();
    expect([r.state, r.row.status, r.costRequests, r.buckets]).toEqual(["completed", "ACTIVE", 2, 3]);
  });

  it("time-outs on every try: the job is retried by BullMQ, then the connection is FAILING with the reason", async () => {
    server.on({ path: COSTS }, { delayMs: 3000, body: emptyPage });
    const r = await runSync();
    expect([r.state, r.attempts, r.row.status, r.buckets]).toEqual(["failed", 2, "FAILING", 0]);
    expect(r.row.lastError).toBe("OpenAI costs did not answer (no answer within 500 ms) over 3 tries. It is retried automatically; check the base URL and the network if this persists.");
    expect(r.row.lastErrorDetail).toBe("OpenAI is unavailable for costs after 3 attempts: no answer within 500 ms\n\nGET /v1/organization/costs: no answer within 500 ms");
    expect(r.costRequests).toBe(6); // 3 client tries × 2 job attempts
  });

  it("a body that is valid JSON of the wrong shape: the job stops at once (no retry), FAILING, the error names the field", async () => {
    server.on({ path: COSTS }, { body: { object: "page", data: "nope", has_more: false } });
    const r = await runSync();
    expect([r.state, r.attempts, r.row.status, r.costRequests, r.buckets]).toEqual(["failed", 1, "FAILING", 1, 0]);
    expect(r.row.lastError).toBe("OpenAI costs: data: expected array, received string. Nothing of this window was stored; check the base URL, and report this to us with the details below if it persists.");
  });

  it("a repeated cursor: the job stops loudly and nothing of the window is written", async () => {
    const looping = { ...(fixtureJson("openai-costs.page1.json") as object), has_more: true, next_page: "page_SAME" };
    server.on({ path: COSTS }, { body: looping });
    const r = await runSync();
    expect([r.state, r.attempts, r.row.status, r.costRequests, r.buckets]).toEqual(["failed", 1, "FAILING", 2, 0]);
    expect(r.row.lastError).toBe('OpenAI costs: next_page: repeated cursor "page_SAME" after 2 pages. Nothing of this window was stored; check the base URL, and report this to us with the details below if it persists.');
  });

  it("401: FAILING with OpenAI's own message, one request, no retry, and never the key", async () => {
    server.on({ path: COSTS }, { status: 401, body: { error: { message: `Incorrect API key provided: ${KEY.slice(0, 12)}…`, type: "invalid_request_error", param: null, code: "invalid_api_key" } } });
    const r = await runSync();
    expect([r.state, r.attempts, r.row.status, r.costRequests]).toEqual(["failed", 1, "FAILING", 1]);
    expect(r.row.lastError).toBe(`OpenAI refused the admin key (HTTP 401: \u201cIncorrect API key provided: sk-[redacted]…\u201d). Create a new admin key in the OpenAI console and use \u201cReplace key\u201d.`);
    expect(r.row.lastError).not.toContain(KEY);
    expect(r.row.lastErrorDetail).toContain('GET /v1/organization/costs → HTTP 401\n{"error":{"message":"Incorrect API key provided');
    expect(r.row.lastErrorDetail).not.toContain(KEY);
    expect(r.row.failingSince).not.toBeNull();
    expect(fixtureText("openai-error-429.json")).not.toContain(KEY);
  });

  it("5xx through one job attempt, success on the next: the error is kept but the connection is not FAILING in between", async () => {
    server.on({ path: COSTS }, { status: 503 }, { status: 503 }, { status: 503 }, { body: todaysCosts() });
    const r = await runSync();
    // attemptsMade counts the failed attempt and the successful one.
    expect([r.state, r.attempts, r.row.status, r.row.failingSince, r.costRequests]).toEqual(["completed", 2, "ACTIVE", null, 4]);
    expect(r.row.lastError).toBe("OpenAI costs kept failing (HTTP 503) over 3 tries. It is retried automatically; nothing to do unless this persists.");
    expect(r.row.lastSuccessAt!.getTime()).toBeGreaterThan(r.row.lastErrorAt!.getTime());
  });
});
