import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { AppError } from "@/lib/errors";
import { createProviderClient } from "@/lib/providers/client";
import { fixtureJson, fixtureText, startFixtureServer, type FixtureServer } from "@/tests/support/fixture-server";

// Provider faults played by a real local HTTP server. The sleep is injected and recorded, so the
// waits the client chose are asserted without actually waiting.

const OPENAI_KEY = "sk-admin-secret-KEY-0123456789";
const ANTHROPIC_KEY = "sk-ant-admin01-secret-KEY-0123456789";
const COSTS = "/v1/organization/costs";
const WINDOW = { start: new Date("2026-01-01T00:00:00Z"), end: new Date("2026-01-04T00:00:00Z") };
const ONE_PAGE = fixtureJson("openai-costs.json");

let server: FixtureServer;
let sleeps: number[];
beforeEach(async () => {
  server = await startFixtureServer();
  sleeps = [];
});
afterEach(async () => {
  await server.close();
});

function openai(retry: Record<string, number> = {}) {
  return createProviderClient({
    provider: "openai",
    apiKey: OPENAI_KEY,
    baseUrl: server.baseUrl, allowList: ["127.0.0.1"],
    retry: { maxAttempts: 3, baseDelayMs: 100, maxDelayMs: 1000, timeoutMs: 2000, ...retry },
    sleep: async (ms) => void sleeps.push(ms),
    random: () => 0.5,
  });
}

async function failure(p: Promise<unknown>): Promise<AppError> {
  try {
    await p;
  } catch (e) {
    if (e instanceof AppError) return e;
    throw e;
  }
  throw new Error("expected the call to fail");
}

describe("429 Too Many Requests", () => {
  it("waits the Retry-After seconds, then succeeds", async () => {
    server.on({ path: COSTS }, { status: 429, headers: { "retry-after": "7" }, body: fixtureJson("openai-error-429.json") }, { body: ONE_PAGE });
    const c = openai();
    const rows = await c.fetchCosts(WINDOW);
    expect(rows.map((r) => r.amount.toString())).toEqual(["0.06"]);
    expect(sleeps).toEqual([7000]);
    expect(server.requests).toHaveLength(2);
    expect(c.stats).toEqual({ requests: 2, retries: 1 });
  });

  it("caps an absurd Retry-After, and backs off with jitter when there is none (0.5 × 100 × 2)", async () => {
    server.on({ path: COSTS }, { status: 429, headers: { "retry-after": "86400" } }, { status: 429 }, { body: ONE_PAGE });
    await openai({ maxRetryAfterMs: 60_000 }).fetchCosts(WINDOW);
    expect(sleeps).toEqual([60_000, 100]);
  });

  it("Retry-After as an HTTP date, on 429 and on 503: waits until that time by the client's clock", async () => {
    const now = () => new Date("2026-10-21T07:27:30Z");
    server.on(
      { path: COSTS },
      { status: 503, headers: { "retry-after": "Wed, 21 Oct 2026 07:28:00 GMT" } },
      { status: 429, headers: { "retry-after": "Wed, 21 Oct 2026 07:27:45 GMT" } },
      { body: ONE_PAGE },
    );
    const c = createProviderClient({ provider: "openai", apiKey: OPENAI_KEY, baseUrl: server.baseUrl, allowList: ["127.0.0.1"], retry: { maxAttempts: 3, baseDelayMs: 100, maxDelayMs: 1000, timeoutMs: 2000 }, sleep: async (ms) => void sleeps.push(ms), random: () => 0.5, now });
    await c.fetchCosts(WINDOW);
    expect(sleeps).toEqual([30_000, 15_000]);
  });

  it("gives up after maxAttempts as UPSTREAM_RATE_LIMITED carrying the wait", async () => {
    server.on({ path: COSTS }, { status: 429, headers: { "retry-after": "2" }, body: fixtureJson("openai-error-429.json") });
    const e = await failure(openai().fetchCosts(WINDOW));
    expect(e.code).toBe("UPSTREAM_RATE_LIMITED");
    expect(e.details.retryAfterMs).toBe(2000);
    expect(e.message).toContain("Rate limit reached for requests");
    expect(server.requests).toHaveLength(3);
    expect(sleeps).toEqual([2000, 2000]);
  });
});

describe("5xx and time-outs", () => {
  it("500 then success: one retry after a full-jitter back-off (0.5 × 100 ms)", async () => {
    server.on({ path: COSTS }, { status: 500, body: { error: { message: "The server had an error" } } }, { body: ONE_PAGE });
    const rows = await openai().fetchCosts(WINDOW);
    expect(rows).toHaveLength(1);
    expect(sleeps).toEqual([50]);
    expect(server.requests).toHaveLength(2);
  });

  it("back-off doubles per retry and is capped: 0.5 × 100, 0.5 × 200, then 0.5 × min(400, 300)", async () => {
    server.on({ path: COSTS }, { status: 503 }, { status: 502 }, { status: 529 }, { body: ONE_PAGE });
    await openai({ maxAttempts: 4, maxDelayMs: 300 }).fetchCosts(WINDOW);
    expect(sleeps).toEqual([50, 100, 150]);
  });

  it("5xx on every attempt → UPSTREAM_UNAVAILABLE after maxAttempts", async () => {
    server.on({ path: COSTS }, { status: 500, body: { error: { message: "The server had an error" } } });
    const e = await failure(openai().fetchCosts(WINDOW));
    expect(e.code).toBe("UPSTREAM_UNAVAILABLE");
    expect(e.message).toContain("after 3 attempts");
    expect(e.message).toContain("HTTP 500");
    expect(server.requests).toHaveLength(3);
  });

  it("a response slower than timeoutMs is abandoned and retried", async () => {
    server.on({ path: COSTS }, { delayMs: 1500, body: ONE_PAGE }, { body: ONE_PAGE });
    const started = Date.now();
    const rows = await openai({ timeoutMs: 150 }).fetchCosts(WINDOW);
    expect(rows).toHaveLength(1);
    expect(server.requests).toHaveLength(2);
    expect(Date.now() - started).toBeLessThan(1500); // did not wait for the slow answer
  });

  it("time-outs on every attempt → UPSTREAM_UNAVAILABLE naming the time-out", async () => {
    server.on({ path: COSTS }, { delayMs: 1500, body: ONE_PAGE });
    const e = await failure(openai({ timeoutMs: 100, maxAttempts: 2 }).fetchCosts(WINDOW));
    expect(e.code).toBe("UPSTREAM_UNAVAILABLE");
    expect(e.message).toContain("no answer within 100 ms");
    expect(server.requests).toHaveLength(2);
  });
});

describe("bad bodies and cursors", () => {
  it("a 200 with a body cut short is transient: retried, and the next answer is used", async () => {
    server.on({ path: COSTS }, { body: '{"object":"page","data":[' }, { body: ONE_PAGE });
    const rows = await openai().fetchCosts(WINDOW);
    expect(rows.map((r) => r.amount.toString())).toEqual(["0.06"]);
    expect(sleeps).toEqual([50]);
  });

  it("a 200 maintenance page on every try: UPSTREAM_UNAVAILABLE, \"returned an HTML page instead of JSON\"", async () => {
    server.on({ path: COSTS }, { headers: { "content-type": "text/html" }, body: "<!DOCTYPE html><html><body>Down for maintenance</body></html>" });
    const e = await failure(openai().fetchCosts(WINDOW));
    expect(e.code).toBe("UPSTREAM_UNAVAILABLE");
    expect(e.message).toBe("OpenAI costs returned an HTML page instead of JSON after 3 attempts");
    expect(e.details.status).toBe(200);
    expect(server.requests).toHaveLength(3);
  });

  it("a schema mismatch names the field", async () => {
    const text = fixtureText("openai-costs.page2.json").replace('"value": 0.98', '"value": "0.98"');
    server.on({ path: COSTS }, { body: text });
    const e = await failure(openai().fetchCosts(WINDOW));
    expect(e.code).toBe("UPSTREAM_BAD_RESPONSE");
    expect(e.message).toContain("data[0].results[1].amount.value: expected number");
  });

  it("a cursor handed out twice fails at once instead of looping", async () => {
    const page1 = fixtureJson("openai-costs.page1.json") as { next_page: string };
    const loop = { ...(fixtureJson("openai-costs.page2.json") as object), has_more: true, next_page: page1.next_page };
    server.on({ path: COSTS, query: { page: null } }, { body: page1 });
    server.on({ path: COSTS, query: { page: page1.next_page } }, { body: loop });
    const e = await failure(openai().fetchCosts(WINDOW));
    expect(e.code).toBe("UPSTREAM_BAD_RESPONSE");
    expect(e.message).toContain("repeated cursor");
    expect(e.message).toContain(page1.next_page);
    expect(server.requests).toHaveLength(2);
  });

  it("has_more without a next_page is refused", async () => {
    server.on({ path: COSTS }, { body: { ...(ONE_PAGE as object), has_more: true, next_page: null } });
    expect((await failure(openai().fetchCosts(WINDOW))).message).toContain("next_page: missing while has_more is true");
  });

  it("another 4xx (400) is not retried", async () => {
    server.on({ path: COSTS }, { status: 400, body: { error: { message: "limit must be at most 180" } } });
    const e = await failure(openai().fetchCosts(WINDOW));
    expect(e.code).toBe("UPSTREAM_BAD_RESPONSE");
    expect(e.message).toBe("OpenAI rejected costs (HTTP 400): limit must be at most 180");
    expect(server.requests).toHaveLength(1);
  });
});

describe("401/403: refused credentials", () => {
  it("OpenAI 401 → UPSTREAM_AUTH with OpenAI's message, one request, and no key anywhere", async () => {
    // Providers sometimes echo the key back; it must not survive into our error.
    server.on({ path: COSTS }, { status: 401, body: { error: { message: `Incorrect API key provided: ${OPENAI_KEY}.`, type: "invalid_request_error", param: null, code: "invalid_api_key" } } });
    const e = await failure(openai().fetchCosts(WINDOW));
    expect(e.code).toBe("UPSTREAM_AUTH");
    expect(e.message).toMatch(/^OpenAI: Incorrect API key provided: /);
    expect(server.requests).toHaveLength(1);
    expect(sleeps).toEqual([]);
    const everything = JSON.stringify({ message: e.message, details: e.details, stack: e.stack });
    expect(everything).not.toContain(OPENAI_KEY);
    expect(everything).not.toContain("secret-KEY");
  });

  it("Anthropic 401 → UPSTREAM_AUTH with Anthropic's message, one request", async () => {
    const path = "/v1/organizations/usage_report/messages";
    server.on({ path }, { status: 401, body: { type: "error", error: { type: "authentication_error", message: "invalid x-api-key" }, request_id: "req_011CSHoEeqs5C35K2UUqR7Fy" } });
    const c = createProviderClient({ provider: "anthropic", apiKey: ANTHROPIC_KEY, baseUrl: server.baseUrl, allowList: ["127.0.0.1"], sleep: async (ms) => void sleeps.push(ms) });
    const e = await failure(c.fetchUsage(WINDOW));
    expect(e.code).toBe("UPSTREAM_AUTH");
    expect(e.message).toBe("Anthropic: invalid x-api-key");
    expect(server.requests).toHaveLength(1);
    expect(JSON.stringify({ m: e.message, d: e.details })).not.toContain(ANTHROPIC_KEY);
  });

  it("Anthropic 429 with retry-after (the documented body) then success", async () => {
    const path = "/v1/organizations/cost_report";
    server.on({ path }, { status: 429, headers: { "retry-after": "3" }, body: fixtureJson("anthropic-error-429.json") }, { body: { ...(fixtureJson("anthropic-cost-report.json") as object), has_more: false, next_page: null } });
    const c = createProviderClient({ provider: "anthropic", apiKey: ANTHROPIC_KEY, baseUrl: server.baseUrl, allowList: ["127.0.0.1"], sleep: async (ms) => void sleeps.push(ms) });
    const rows = await c.fetchCosts(WINDOW);
    expect(rows.map((r) => r.amount.toString())).toEqual(["1.2378912"]);
    expect(sleeps).toEqual([3000]);
  });
});

describe("inputs the client refuses before any request", () => {
  it("an empty or inverted window", async () => {
    const e = await failure(openai().fetchCosts({ start: WINDOW.end, end: WINDOW.start }));
    expect(e.code).toBe("BAD_INPUT");
    expect(server.requests).toHaveLength(0);
  });

  it("an unknown provider", () => {
    expect(() => createProviderClient({ provider: "mistral", apiKey: "k" })).toThrow(/No billing client for provider "mistral"/);
  });
});
