import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { sum } from "@/lib/money";
import { createProviderClient } from "@/lib/providers/client";
import type { CostBucketRow } from "@/lib/providers/types";
import { fixtureJson, startFixtureServer, type FixtureServer } from "@/tests/support/fixture-server";

const KEY = "sk-ant-admin01-test-0123456789abcdef";
const USAGE = "/v1/organizations/usage_report/messages";
const COST = "/v1/organizations/cost_report";
const CURSOR = "page_MjAyNi0wMS0wM1QwMDowMDowMFo=";
const WINDOW = { start: new Date("2026-01-01T00:00:00Z"), end: new Date("2026-01-04T00:00:00Z") };
const WS = "wrkspc_01JwQvzr7rXLA5AGx3HKfFUJ";

let server: FixtureServer;
beforeEach(async () => {
  server = await startFixtureServer();
});
afterEach(async () => {
  await server.close();
});

function client(extra: Partial<Parameters<typeof createProviderClient>[0]> = {}) {
  return createProviderClient({ provider: "anthropic", apiKey: KEY, baseUrl: server.baseUrl, allowList: ["127.0.0.1"], sleep: async () => {}, ...extra });
}

describe("Anthropic client: usage report over two pages", () => {
  it("returns messages rows with input split into uncached / cache read / cache write", async () => {
    server.on({ path: USAGE, query: { page: null } }, { body: fixtureJson("anthropic-usage-report.page1.json") });
    server.on({ path: USAGE, query: { page: CURSOR } }, { body: fixtureJson("anthropic-usage-report.page2.json") });
    const c = client();
    const rows = await c.fetchUsage(WINDOW);
    expect(rows.map((r) => [r.day, r.usageKind, r.model, r.projectId, r.inputTokens, r.cachedInputTokens, r.cacheWriteTokens, r.outputTokens, r.units?.toString() ?? null])).toEqual([
      // Sorted by natural key (day, project, model, kind). Default workspace (null) → ""; cache write = 0 + 120000
      ["2026-01-01", "messages", "claude-sonnet-4-20250514", "", 96010n, 0n, 120000n, 18804n, null],
      // cache write = ephemeral_5m 45000 + ephemeral_1h 0
      ["2026-01-01", "messages", "claude-opus-4-6", WS, 182340n, 910220n, 45000n, 40115n, null],
      ["2026-01-01", "web_search_calls", "claude-opus-4-6", WS, 0n, 0n, 0n, 0n, "12"],
      ["2026-01-03", "messages", "claude-3-5-haiku-20241022", WS, 5120n, 0n, 0n, 830n, null],
    ]);
    // All input on 2026-01-01 = (182340 + 910220 + 45000) + (96010 + 0 + 120000) = 1137560 + 216010 = 1353570.
    const day1 = rows.filter((r) => r.day === "2026-01-01" && r.usageKind === "messages");
    expect(day1.reduce((a, r) => a + r.inputTokens + r.cachedInputTokens + r.cacheWriteTokens, 0n)).toBe(1353570n);

    expect(c.stats.requests).toBe(2);
    const [first, second] = server.requests;
    // Bracket arrays, RFC 3339 times, 1d buckets, 31 buckets per page.
    expect(first!.url).toBe(`${USAGE}?starting_at=2026-01-01T00:00:00Z&ending_at=2026-01-04T00:00:00Z&bucket_width=1d&group_by[]=model&group_by[]=workspace_id&group_by[]=service_tier&limit=31`);
    expect(second!.query.get("page")).toBe(CURSOR);
    expect(first!.headers["x-api-key"]).toBe(KEY);
    expect(first!.headers["anthropic-version"]).toBe("2023-06-01");
    expect(first!.headers.authorization).toBeUndefined();
  });
});

describe("Anthropic client: cost report over two pages", () => {
  it("converts cents to dollars exactly and totals per day and workspace", async () => {
    server.on({ path: COST, query: { page: null } }, { body: fixtureJson("anthropic-cost-report.page1.json") });
    server.on({ path: COST, query: { page: CURSOR } }, { body: fixtureJson("anthropic-cost-report.page2.json") });
    const rows = await client().fetchCosts(WINDOW);
    expect(rows).toHaveLength(7);
    // By hand, cents ÷ 100:
    // 2026-01-01: 123.78912 + 1500 + 0.1 + 45.6 + 30 = 1699.48912 cents = $16.9948912
    // 2026-01-03: 5.25 + 12.5 = 17.75 cents = $0.1775; window = $17.1723912
    // workspace WS: 123.78912 + 1500 + 30 + 5.25 = 1659.03912 cents = $16.5903912
    // default workspace "": 0.1 + 45.6 + 12.5 = 58.2 cents = $0.582
    const total = (pred: (r: CostBucketRow) => boolean) => sum(rows.filter(pred).map((r) => r.amount)).toString();
    expect(total((r) => r.day === "2026-01-01")).toBe("16.9948912");
    expect(total((r) => r.day === "2026-01-03")).toBe("0.1775");
    expect(total(() => true)).toBe("17.1723912");
    expect(total((r) => r.projectId === WS)).toBe("16.5903912");
    expect(total((r) => r.projectId === "")).toBe("0.582");
    // Per model: sonnet = 123.78912 + 1500 + 0.1 + 45.6 = 1669.48912 cents; non-token rows carry model "".
    expect(total((r) => r.model === "claude-sonnet-4-20250514")).toBe("16.6948912");
    expect(total((r) => r.model === "")).toBe("0.3525"); // web search 30 + code execution 5.25 cents
    expect(rows.every((r) => r.currency === "usd")).toBe(true);

    expect(server.requests).toHaveLength(2);
    expect(server.requests[0]!.query.getAll("group_by[]")).toEqual(["workspace_id", "description"]);
    expect(server.requests[0]!.query.get("limit")).toBe("31");
    expect(server.requests[1]!.query.get("page")).toBe(CURSOR);
  });
});

describe("Anthropic client: testConnection", () => {
  it("one cost-report call for yesterday with limit 1", async () => {
    server.on({ path: COST }, { body: fixtureJson("anthropic-cost-report.json") });
    const result = await client({ now: () => new Date("2026-01-05T12:00:00Z") }).testConnection();
    expect(result).toEqual({ ok: true, message: "Connected: the Anthropic cost report answered for organisation data." });
    expect(server.requests.map((r) => r.url)).toEqual([`${COST}?starting_at=2026-01-04T00:00:00Z&ending_at=2026-01-05T00:00:00Z&bucket_width=1d&limit=1`]);
  });

  it("a 403 says which report the key cannot read, the status, Anthropic's words and what that means", async () => {
    server.on({ path: COST }, { status: 403, body: { type: "error", error: { type: "permission_error", message: "This key is not an admin key" }, request_id: "req_1" } });
    const result = await client().testConnection();
    expect(result.ok).toBe(false);
    expect(result.message).toBe(
      "Anthropic cost report is not available to this key (HTTP 403: \u201cThis key is not an admin key\u201d). The rest is still synced; where billed dollars are missing, spend is priced from the catalog and marked estimated.",
    );
    expect(!result.ok && result.detail).toContain('GET /v1/organizations/cost_report → HTTP 403\n{"type":"error"');
  });
});
