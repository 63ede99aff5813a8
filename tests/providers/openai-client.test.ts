import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { sum } from "@/lib/money";
import { createProviderClient } from "@/lib/providers/client";
import type { CostBucketRow } from "@/lib/providers/types";
import { fixtureJson, startFixtureServer, type FixtureServer } from "@/tests/support/fixture-server";

const KEY = "sk-admin-test-0123456789abcdef";
const COSTS = "/v1/organization/costs";
const COMPLETIONS = "/v1/organization/usage/completions";
// 2026-01-01T00:00:00Z .. 2026-01-04T00:00:00Z, the window the composed page fixtures cover.
const WINDOW = { start: new Date("2026-01-01T00:00:00Z"), end: new Date("2026-01-04T00:00:00Z") };

let server: FixtureServer;
beforeEach(async () => {
  server = await startFixtureServer();
});
afterEach(async () => {
  await server.close();
});

function client(extra: Partial<Parameters<typeof createProviderClient>[0]> = {}) {
  return createProviderClient({ provider: "openai", apiKey: KEY, baseUrl: server.baseUrl, allowList: ["127.0.0.1"], sleep: async () => {}, ...extra });
}

const plain = (r: CostBucketRow) => [r.day, r.projectId, r.lineItem, r.amount.toString(), r.quantity?.toString() ?? null];

describe("OpenAI client: costs over two pages", () => {
  beforeEach(() => {
    server.on({ path: COSTS, query: { page: null } }, { body: fixtureJson("openai-costs.page1.json") });
    server.on({ path: COSTS, query: { page: "page_AAAAAGlXLYAAAAAAaVjcAAAAAABpWNwA" } }, { body: fixtureJson("openai-costs.page2.json") });
  });

  it("returns one row per day/project/line item with the fixture's dollars", async () => {
    const rows = await client().fetchCosts(WINDOW);
    // Sorted by natural key. 2026-01-02's bucket is empty, so no row (a gap, not a zero).
    expect(rows.map(plain)).toEqual([
      ["2026-01-01", "proj_Lm8nP3qR5sT0uV6w", "Image models", "0.04", "1"],
      ["2026-01-01", "proj_Xk2mQ9aB7cD4eF1g", "input_tokens", "1.875", "750000"],
      ["2026-01-01", "proj_Xk2mQ9aB7cD4eF1g", "output_tokens", "3.2", "320000"],
      ["2026-01-03", "proj_Lm8nP3qR5sT0uV6w", "input_tokens", "0.0031", null],
      ["2026-01-03", "proj_Xk2mQ9aB7cD4eF1g", "input_tokens", "0.6125", "245000"],
      ["2026-01-03", "proj_Xk2mQ9aB7cD4eF1g", "output_tokens", "0.98", "98000"],
    ]);
    // By hand: 2026-01-01 = 1.875 + 3.2 + 0.04 = 5.115; 2026-01-03 = 0.6125 + 0.98 + 0.0031 = 1.5956;
    // window = 6.7106. proj_Xk2… = 1.875 + 3.2 + 0.6125 + 0.98 = 6.6675; proj_Lm8… = 0.04 + 0.0031 = 0.0431.
    const total = (pred: (r: CostBucketRow) => boolean) => sum(rows.filter(pred).map((r) => r.amount)).toString();
    expect(total((r) => r.day === "2026-01-01")).toBe("5.115");
    expect(total((r) => r.day === "2026-01-03")).toBe("1.5956");
    expect(total(() => true)).toBe("6.7106");
    expect(total((r) => r.projectId === "proj_Xk2mQ9aB7cD4eF1g")).toBe("6.6675");
    expect(total((r) => r.projectId === "proj_Lm8nP3qR5sT0uV6w")).toBe("0.0431");
    expect(rows.every((r) => r.provider === "openai" && r.currency === "usd" && r.model === "")).toBe(true);
  });

  it("makes exactly two requests with the documented query and the bearer key", async () => {
    const c = client();
    await c.fetchCosts(WINDOW);
    expect(server.requests).toHaveLength(2);
    expect(c.stats).toEqual({ requests: 2, retries: 0 });
    const [first, second] = server.requests;
    // Repeated keys, not brackets; 1d buckets; the largest page the costs endpoint allows.
    expect(first!.url).toBe(`${COSTS}?start_time=1767225600&end_time=1767484800&bucket_width=1d&group_by=project_id&group_by=line_item&limit=180`);
    expect(second!.query.getAll("group_by")).toEqual(["project_id", "line_item"]);
    expect(second!.query.get("page")).toBe("page_AAAAAGlXLYAAAAAAaVjcAAAAAABpWNwA");
    expect(first!.headers.authorization).toBe(`Bearer ${KEY}`);
  });
});

describe("OpenAI client: completions usage over two pages", () => {
  it("merges nothing it should not, and reads tokens by kind", async () => {
    server.on({ path: COMPLETIONS, query: { page: null } }, { body: fixtureJson("openai-usage-completions.page1.json") });
    server.on({ path: COMPLETIONS, query: { page: "page_AAAAAGlYTQAAAAAAaVjcAAAAAABpWNwA" } }, { body: fixtureJson("openai-usage-completions.page2.json") });
    const rows = await client({ usageKinds: ["completions"] }).fetchUsage(WINDOW);
    // inputTokens = input_uncached_tokens: 861000 − 201000 cached − 0 written = 660000; 139500 − 41500 = 98000.
    expect(rows.map((r) => [r.day, r.model, r.projectId, r.inputTokens, r.cachedInputTokens, r.cacheWriteTokens, r.outputTokens, r.requests])).toEqual([
      ["2026-01-01", "gpt-4o-2024-08-06", "proj_Lm8nP3qR5sT0uV6w", 98000n, 41500n, 0n, 22700n, 87n],
      ["2026-01-01", "gpt-4o-mini-2024-07-18", "proj_Xk2mQ9aB7cD4eF1g", 660000n, 201000n, 0n, 183000n, 1240n],
      ["2026-01-03", "gpt-4o-mini-2024-07-18", "proj_Xk2mQ9aB7cD4eF1g", 1800n, 0n, 0n, 240n, 3n],
    ]);
    // gpt-4o-mini over the window: output 183000 + 240 = 183240; requests 1240 + 3 = 1243.
    const mini = rows.filter((r) => r.model === "gpt-4o-mini-2024-07-18");
    expect(mini.reduce((a, r) => a + r.outputTokens, 0n)).toBe(183240n);
    expect(mini.reduce((a, r) => a + r.requests, 0n)).toBe(1243n);

    expect(server.requests).toHaveLength(2);
    const first = server.requests[0]!;
    // batch too: Batch API tokens are billed at their own rate (one result per flag, summed into one bucket).
    expect(first.query.getAll("group_by")).toEqual(["project_id", "model", "batch"]);
    expect(first.query.get("limit")).toBe("31");
    expect(first.query.get("bucket_width")).toBe("1d");
    expect(server.requests[1]!.query.get("page")).toBe("page_AAAAAGlYTQAAAAAAaVjcAAAAAABpWNwA");
  });

  it("reads every usage endpoint by default, one request each here, with project-only grouping where that is all there is", async () => {
    const files: Record<string, string> = {
      completions: "openai-usage-completions.page2.json",
      embeddings: "openai-usage-embeddings.json",
      moderations: "openai-usage-moderations.json",
      images: "openai-usage-images.json",
      audio_speeches: "openai-usage-audio-speeches.json",
      audio_transcriptions: "openai-usage-audio-transcriptions.json",
      vector_stores: "openai-usage-vector-stores.json",
      code_interpreter_sessions: "openai-usage-code-interpreter-sessions.json",
      file_search_calls: "openai-usage-file-search-calls.json",
      web_search_calls: "openai-usage-web-search-calls.json",
    };
    for (const [kind, file] of Object.entries(files)) server.on({ path: `/v1/organization/usage/${kind}` }, { body: fixtureJson(file) });
    const rows = await client().fetchUsage({ start: new Date("2024-11-01T00:00:00Z"), end: new Date("2026-01-04T00:00:00Z") });
    expect(server.requests).toHaveLength(10);
    expect(new Set(rows.map((r) => r.usageKind))).toEqual(new Set(Object.keys(files)));
    const vector = server.requests.find((r) => r.path.endsWith("/vector_stores"))!;
    expect(vector.query.getAll("group_by")).toEqual(["project_id"]);
    const images = rows.find((r) => r.usageKind === "images")!;
    expect([images.day, images.units?.toString(), images.unit, images.requests]).toEqual(["2024-11-01", "2", "images", 2n]);
  });
});

describe("OpenAI client: merging and edge buckets", () => {
  it("sums results sharing a natural key (e.g. split by API key) exactly: 0.1 + 0.2 = 0.3", async () => {
    const result = (value: number, api_key_id: string) => ({ object: "organization.costs.result", amount: { value, currency: "usd" }, line_item: "output_tokens", project_id: "proj_a", api_key_id, quantity: 10, quantity_unit: "tokens" });
    // A partial edge bucket starting 13:00 UTC still belongs to its UTC day.
    const body = { object: "page", data: [{ object: "bucket", start_time: 1767272400, end_time: 1767312000, results: [result(0.1, "key_1"), result(0.2, "key_2")] }], has_more: false, next_page: null };
    server.on({ path: COSTS }, { body });
    const rows = await client().fetchCosts({ start: new Date("2026-01-01T13:00:00Z"), end: new Date("2026-01-02T00:00:00Z") });
    expect(rows.map(plain)).toEqual([["2026-01-01", "proj_a", "output_tokens", "0.3", "20"]]);
    expect(server.requests[0]!.query.get("start_time")).toBe("1767272400");
  });
});

describe("OpenAI client: testConnection", () => {
  const now = () => new Date("2026-01-05T12:34:56Z");

  it("one call for yesterday with limit 1 and says so in words", async () => {
    server.on({ path: COSTS }, { body: fixtureJson("openai-costs.json") });
    const result = await client({ now }).testConnection();
    expect(result).toEqual({ ok: true, message: "Connected: the OpenAI Costs API answered for organisation data." });
    expect(server.requests).toHaveLength(1);
    // 2026-01-04T00:00Z = 1767484800, 2026-01-05T00:00Z = 1767571200.
    expect(server.requests[0]!.url).toBe(`${COSTS}?start_time=1767484800&end_time=1767571200&bucket_width=1d&limit=1`);
  });

  it("reports a refused key with OpenAI's own message and without the key", async () => {
    server.on({ path: COSTS }, { status: 401, body: { error: { message: "Invalid authorization header", type: "invalid_request_error", param: null, code: null } } });
    const result = await client({ now }).testConnection();
    expect(result.message).toBe("OpenAI refused the admin key (HTTP 401: \u201cInvalid authorization header\u201d). Create a new admin key in the OpenAI console and use \u201cReplace key\u201d.");
    expect(JSON.stringify(result)).not.toContain(KEY);
  });
});
