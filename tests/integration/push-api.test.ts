import { beforeAll, describe, expect, it } from "vitest";
import { POST } from "@/app/api/v1/usage/route";
import { GET as openapi } from "@/app/api/v1/openapi.json/route";
import { createApiToken, revokeApiToken } from "@/lib/api-tokens/tokens";
import { db } from "@/lib/db";
import { Decimal } from "@/lib/money";
import { PUSH_EXAMPLE } from "@/lib/ingest/openapi";
import { createOrgWithMembers } from "../support/factories";
import { costTotal, day } from "../support/connections";
import { orgContext } from "../support/org-context";

// POST /api/v1/usage through its real route handler, against the real Postgres.

const MODEL = "push-test-model"; // its own catalog entry, so other tests' prices cannot interfere
let a: Awaited<ReturnType<typeof createOrgWithMembers>>;
let b: Awaited<ReturnType<typeof createOrgWithMembers>>;
let tokenA: string;
let tokenB: string;

function push(token: string | null, body: unknown) {
  const headers: Record<string, string> = { "content-type": "application/json" };
  if (token) headers.authorization = `Bearer ${token}`;
  return POST(new Request("http://localhost:3999/api/v1/usage", { method: "POST", headers, body: typeof body === "string" ? body : JSON.stringify(body) }));
}

const event = (id: string, extra: Record<string, unknown> = {}) => ({ id, provider: "OpenAI", model: MODEL, timestamp: "2026-11-20T10:00:00Z", projectId: "web", inputTokens: 1000, outputTokens: 200, ...extra });

beforeAll(async () => {
  a = await createOrgWithMembers("Push A");
  b = await createOrgWithMembers("Push B");
  tokenA = (await createApiToken(orgContext(a), "ci")).token;
  tokenB = (await createApiToken(orgContext(b), "ci")).token;
  // $2 / $8 per 1M input / output tokens from 2026-01-01.
  await db().modelPriceVersion.create({ data: { provider: "openai", model: MODEL, effectiveFrom: day("2026-01-01"), inputPerMTok: new Decimal(2), outputPerMTok: new Decimal(8), source: "test" } });
});

describe("push API", () => {
  it("a valid batch is stored and rolled up into the day's buckets; a cost given is billed, one missing is estimated", async () => {
    const res = await push(tokenA, { records: [event("e1", { cost: "0.01" }), event("e2", { cost: 0.02 }), event("e3"), event("e4", { timestamp: "2026-11-21T23:59:59+00:00", requests: 5 })] });
    expect(res.status).toBe(200);
    expect(await res.json()).toEqual({ accepted: 4, duplicates: 0, errors: [] });
    expect(await db().usageEvent.count({ where: { orgId: a.org.id } })).toBe(4);
    const nov20 = await db().usageBucket.findFirstOrThrow({ where: { orgId: a.org.id, day: day("2026-11-20") } });
    expect([nov20.provider, nov20.model, nov20.projectId, nov20.usageKind, nov20.sourceKey, nov20.origin]).toEqual(["openai", MODEL, "web", "completions", "push", "PUSH"]);
    expect([nov20.inputTokens, nov20.outputTokens, nov20.requests]).toEqual([3000n, 600n, 3n]);
    // Catalog price of one event: 1000 × $2/1M + 200 × $8/1M = 0.002 + 0.0016 = 0.0036; three on Nov 20.
    expect(nov20.estimatedCost?.toString()).toBe("0.0108");
    // Billed: 0.01 + 0.02 = 0.03; e3 has no cost, so 0.0036 is added as an estimate.
    expect(await costTotal({ orgId: a.org.id, day: day("2026-11-20"), estimated: false })).toBe("0.03");
    expect(await costTotal({ orgId: a.org.id, day: day("2026-11-20"), estimated: true })).toBe("0.0036");
    expect(await costTotal({ orgId: a.org.id, day: day("2026-11-21"), estimated: true })).toBe("0.0036");
  });

  it("a cost in another currency than the org's (USD) is refused with its record and field named; nothing is stored", async () => {
    const before = await db().usageEvent.count({ where: { orgId: b.org.id } });
    const res = await push(tokenB, { records: [event("x1", { cost: "1.00" }), event("x2", { cost: "2.00", currency: "EUR" })] });
    expect(res.status).toBe(400);
    const body = (await res.json()) as { errors?: { index: number; field: string; message: string }[] };
    expect(body.errors).toEqual([{ index: 1, id: "x2", field: "currency", message: expect.stringMatching(/^"EUR" is not this organisation's billing currency \(USD\)/) }]);
    expect(await db().usageEvent.count({ where: { orgId: b.org.id } })).toBe(before);
  });

  it("the same batch again is all duplicates and changes nothing", async () => {
    const before = await db().usageBucket.findMany({ where: { orgId: a.org.id }, orderBy: { id: "asc" } });
    const res = await push(tokenA, { records: [event("e1", { cost: "0.01" }), event("e2", { cost: 0.02 }), event("e3"), event("e4", { timestamp: "2026-11-21T23:59:59+00:00", requests: 5 })] });
    expect(await res.json()).toEqual({ accepted: 0, duplicates: 4, errors: [] });
    expect(await db().usageBucket.findMany({ where: { orgId: a.org.id }, orderBy: { id: "asc" } })).toEqual(before);
    expect(await costTotal({ orgId: a.org.id })).toBe("0.0372");
  });

  it("a batch mixing seen and new ids adds only the new ones", async () => {
    const res = await push(tokenA, { records: [event("e1", { cost: "0.01" }), event("e5", { cost: "0.5" })] });
    expect(await res.json()).toEqual({ accepted: 1, duplicates: 1, errors: [] });
    expect(await costTotal({ orgId: a.org.id, day: day("2026-11-20"), estimated: false })).toBe("0.53");
  });

  it("one bad item: 400 naming index, id and field, and nothing of the batch is stored", async () => {
    const before = await db().usageEvent.count({ where: { orgId: a.org.id } });
    const res = await push(tokenA, { records: [event("n1"), event("n2", { inputTokens: -3 }), event("n3")] });
    expect(res.status).toBe(400);
    const body = (await res.json()) as { accepted: number; duplicates: number; errors: unknown[] };
    expect(body.accepted).toBe(0);
    expect(body.duplicates).toBe(0);
    expect(body.errors).toEqual([{ index: 1, id: "n2", field: "inputTokens", message: "must be a whole number from 0 to 1,000,000,000,000" }]);
    expect(await db().usageEvent.count({ where: { orgId: a.org.id } })).toBe(before);
    expect(await db().usageEvent.count({ where: { orgId: a.org.id, idempotencyKey: { in: ["n1", "n3"] } } })).toBe(0);
  });

  it("oversized: 5,001 records or more than 5 MB is 413, nothing stored", async () => {
    const many = Array.from({ length: 5001 }, (_, i) => event(`big-${i}`));
    const res = await push(tokenA, { records: many });
    expect(res.status).toBe(413);
    expect(((await res.json()) as { error: { message: string } }).error.message).toBe("5001 records in one batch; the limit is 5000");
    const huge = JSON.stringify({ records: [event("huge", { tags: { blob: "x".repeat(400) } })], pad: "y".repeat(5 * 1024 * 1024) });
    const res2 = await push(tokenA, huge);
    expect(res2.status).toBe(413);
    expect(await db().usageEvent.count({ where: { orgId: a.org.id, idempotencyKey: { startsWith: "big-" } } })).toBe(0);
    expect(await db().usageEvent.count({ where: { orgId: a.org.id, idempotencyKey: "huge" } })).toBe(0);
  });

  it("a wrong, missing or revoked token is 401 and stores nothing", async () => {
    const before = await db().usageEvent.count();
    for (const token of [null, "bk_not-a-real-token", tokenA.slice(0, -1)]) {
      const res = await push(token, { records: [event("w1")] });
      expect(res.status).toBe(401);
      expect(res.headers.get("www-authenticate")).toContain("Bearer");
    }
    const revoked = await createApiToken(orgContext(a), "old");
    await revokeApiToken(orgContext(a), revoked.id);
    expect((await push(revoked.token, { records: [event("w1")] })).status).toBe(401);
    expect(await db().usageEvent.count()).toBe(before);
  });

  it("a token of another org writes into that org only; ids are per org", async () => {
    const aTotal = await costTotal({ orgId: a.org.id });
    const res = await push(tokenB, { records: [event("e1", { cost: "7" })] }); // e1 exists in A, not in B
    expect(await res.json()).toEqual({ accepted: 1, duplicates: 0, errors: [] });
    expect(await costTotal({ orgId: b.org.id })).toBe("7");
    expect(await costTotal({ orgId: a.org.id })).toBe(aTotal);
    expect(await db().usageEvent.count({ where: { orgId: b.org.id } })).toBe(1);
  });

  it("serves an OpenAPI 3 description whose example batch is accepted as is", async () => {
    const doc = (await (await openapi()).json()) as { openapi: string; paths: Record<string, unknown>; webhooks: Record<string, unknown>; components: { schemas: Record<string, unknown> } };
    expect(doc.openapi).toMatch(/^3\./);
    expect(Object.keys(doc.paths)).toEqual(["/api/v1/usage"]);
    // the alert webhook payload is published in the same document (issue 19)
    expect(Object.keys(doc.webhooks)).toEqual(["alert"]);
    expect(doc.components.schemas).toHaveProperty("AlertWebhookPayload");
    expect(doc.components.schemas).toHaveProperty("UsageRecord");
    const res = await push(tokenB, PUSH_EXAMPLE);
    expect(await res.json()).toEqual({ accepted: 2, duplicates: 0, errors: [] });
  });
});
