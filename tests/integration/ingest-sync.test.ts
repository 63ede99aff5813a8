import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from "vitest";
import { db } from "@/lib/db";
import { syncWindows } from "@/lib/connections/sync";
import { OPENAI_USAGE_KINDS } from "@/lib/providers/openai";
import { createOrgWithMembers } from "../support/factories";
import { costTotal, day, insertConnection } from "../support/connections";
import { fixtureJson, startFixtureServer, type FixtureServer } from "../support/fixture-server";
import { startSyntheticProvider, syntheticCostTotal, type SyntheticProvider } from "../support/synthetic-provider";

// The local provider servers listen on 127.0.0.1, which the SSRF guard on base URLs refuses unless allow-listed.
process.env.FETCH_ALLOW_LIST = "127.0.0.1";

// The DB path of a provider sync: fetch a window, write it in one transaction on the natural keys.
// Expected numbers are the fixtures' own sums, worked by hand in the comments.

const WINDOW = { start: new Date("2026-01-01T00:00:00Z"), end: new Date("2026-01-04T00:00:00Z") };
const COSTS = "/v1/organization/costs";
const COMPLETIONS = "/v1/organization/usage/completions";
const emptyPage = { object: "page", data: [], has_more: false, next_page: null };

describe("OpenAI fixtures → buckets (two pages of costs, two of completions)", () => {
  let server: FixtureServer;
  let orgId: string;
  let connectionId: string;
  beforeAll(async () => {
    server = await startFixtureServer();
    server.on({ path: COSTS, query: { page: null } }, { body: fixtureJson("openai-costs.page1.json") });
    server.on({ path: COSTS, query: { page: "page_AAAAAGlXLYAAAAAAaVjcAAAAAABpWNwA" } }, { body: fixtureJson("openai-costs.page2.json") });
    server.on({ path: COMPLETIONS, query: { page: null } }, { body: fixtureJson("openai-usage-completions.page1.json") });
    server.on({ path: COMPLETIONS, query: { page: "page_AAAAAGlYTQAAAAAAaVjcAAAAAABpWNwA" } }, { body: fixtureJson("openai-usage-completions.page2.json") });
    for (const kind of OPENAI_USAGE_KINDS.filter((k) => k !== "completions")) server.on({ path: `/v1/organization/usage/${kind}` }, { body: emptyPage });
    orgId = (await createOrgWithMembers("Sync Fixtures")).org.id;
    connectionId = (await insertConnection(orgId, { provider: "openai", baseUrl: server.baseUrl })).id;
  });
  afterAll(() => server.close());

  it("stores each day/project/line item with the fixture's dollars, and the cursor and status", async () => {
    const report = await syncWindows(connectionId, [WINDOW], { now: () => new Date("2026-01-10T00:00:00Z") });
    // costs 2 pages + completions 2 pages + 9 other usage endpoints 1 page each.
    expect(report).toMatchObject({ status: "done", windows: 1, costRows: 6, usageRows: 3, requests: 13, retries: 0 });
    // By hand: 2026-01-01 = 1.875 + 3.2 + 0.04 = 5.115; 2026-01-03 = 0.6125 + 0.98 + 0.0031 = 1.5956; 2026-01-02 has no bucket.
    expect(await costTotal({ orgId, day: day("2026-01-01") })).toBe("5.115");
    expect(await costTotal({ orgId, day: day("2026-01-02") })).toBe("0");
    expect(await costTotal({ orgId, day: day("2026-01-03") })).toBe("1.5956");
    // Per project: proj_Xk2… = 1.875 + 3.2 + 0.6125 + 0.98 = 6.6675; proj_Lm8… = 0.04 + 0.0031 = 0.0431.
    expect(await costTotal({ orgId, projectId: "proj_Xk2mQ9aB7cD4eF1g" })).toBe("6.6675");
    expect(await costTotal({ orgId, projectId: "proj_Lm8nP3qR5sT0uV6w" })).toBe("0.0431");
    expect(await costTotal({ orgId, estimated: true })).toBe("0");
    // Per model: gpt-4o-mini output 183000 + 240 = 183240, requests 1240 + 3 = 1243; uncached input 660000 + 1800.
    const mini = await db().usageBucket.aggregate({ where: { orgId, model: "gpt-4o-mini-2024-07-18" }, _sum: { outputTokens: true, requests: true, inputTokens: true, cachedInputTokens: true } });
    expect(mini._sum).toEqual({ outputTokens: 183240n, requests: 1243n, inputTokens: 661800n, cachedInputTokens: 201000n });
    const c = await db().providerConnection.findUniqueOrThrow({ where: { id: connectionId } });
    expect(c.status).toBe("ACTIVE");
    expect(c.syncedThrough).toEqual(WINDOW.end);
    expect(c.lastSuccessAt).toEqual(new Date("2026-01-10T00:00:00Z"));
    const rows = await db().costBucket.findMany({ where: { orgId } });
    expect(rows.every((r) => r.sourceKey === connectionId && r.connectionId === connectionId && r.origin === "PROVIDER_API")).toBe(true);
  });

  it("running the same window again changes no row at all", async () => {
    const before = await db().costBucket.findMany({ where: { orgId }, orderBy: { id: "asc" } });
    const usageBefore = await db().usageBucket.findMany({ where: { orgId }, orderBy: { id: "asc" } });
    await syncWindows(connectionId, [WINDOW]);
    expect(await db().costBucket.findMany({ where: { orgId }, orderBy: { id: "asc" } })).toEqual(before);
    expect(await db().usageBucket.findMany({ where: { orgId }, orderBy: { id: "asc" } })).toEqual(usageBefore);
  });
});

describe("overlapping windows against a provider that answers any window", () => {
  const opts = { projects: 3, models: 2, pageSize: 7 };
  let provider: SyntheticProvider;
  let orgId: string;
  let connectionId: string;
  beforeEach(async () => {
    provider = await startSyntheticProvider("openai", opts);
    orgId = (await createOrgWithMembers("Sync Overlap")).org.id;
    connectionId = (await insertConnection(orgId, { provider: "openai", baseUrl: provider.baseUrl })).id;
  });
  afterEach(() => provider.close());

  it("A, then B overlapping A, then A again: every day counted once", async () => {
    const a = { start: day("2026-10-01"), end: day("2026-10-20") };
    const b = { start: day("2026-10-10"), end: day("2026-11-01") };
    await syncWindows(connectionId, [a]);
    expect(await costTotal({ orgId })).toBe(syntheticCostTotal("openai", opts, a.start, a.end).toString());
    await syncWindows(connectionId, [b]);
    await syncWindows(connectionId, [a]);
    const expected = syntheticCostTotal("openai", opts, a.start, b.end);
    expect(await costTotal({ orgId })).toBe(expected.toString());
    // 31 days × 3 projects × 2 models × (input + output line items); usage: one row per day × project × model.
    expect(await db().costBucket.count({ where: { orgId } })).toBe(31 * 3 * 2 * 2);
    expect(await db().usageBucket.count({ where: { orgId } })).toBe(31 * 3 * 2);
    // pageSize 7 splits a 19-day window into 3 pages per endpoint: 11 endpoints × 3 = 33 requests for A.
    expect(provider.requests.filter((r) => r.query.get("start_time") === String(a.start.getTime() / 1000))).toHaveLength(2 * 33);
  });
});
