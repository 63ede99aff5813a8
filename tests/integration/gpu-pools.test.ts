import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { db } from "@/lib/db";
import { scrapeSchedulerId } from "@/lib/gpu/schedule";
import { closeQueues, getQueue } from "@/lib/queues";
import { GET as listRoute, POST as createRoute } from "@/app/api/orgs/[org]/gpu-pools/route";
import { DELETE as deleteRoute, PATCH as patchRoute } from "@/app/api/orgs/[org]/gpu-pools/[poolId]/route";
import { POST as addSourceRoute } from "@/app/api/orgs/[org]/gpu-pools/[poolId]/sources/route";
import { DELETE as deleteSourceRoute, PATCH as patchSourceRoute } from "@/app/api/orgs/[org]/gpu-pools/[poolId]/sources/[sourceId]/route";
import { createOrgWithMembers } from "../support/factories";
import { params, requestAs } from "../support/session";

// GPU pool settings through the route handlers (real session cookie, real Postgres and Redis):
// who may change them, field-named validation errors, and the scrape schedulers following them.

let f: Awaited<ReturnType<typeof createOrgWithMembers>>;
const as = (role: "OWNER" | "ENGINEERING" | "FINANCE") => ({ id: f.members[role].id, email: f.members[role].email });
const base = () => `/api/orgs/${f.org.slug}/gpu-pools`;

const CLOUD_POOL = { name: "H100 cloud", gpuModel: "NVIDIA H100 80GB", gpuCount: 8, costModel: "CLOUD", pricingTerm: "RESERVED", hourlyRatePerGpu: "2.10", powerPricePerKwh: "0", pue: "1", staffFteShare: "0.25", staffAnnualCost: "180000", comparableProvider: "openai", comparableModel: "gpt-4o-mini", scrapeIntervalSeconds: 30 };

beforeAll(async () => {
  f = await createOrgWithMembers("Gpu Settings Co", ["OWNER", "ENGINEERING", "FINANCE"]);
});
afterAll(async () => {
  await getQueue("gpuScrape").obliterate({ force: true });
  await closeQueues();
});

async function call<T = Record<string, unknown>>(handler: (req: Request, ctx: never) => Promise<Response>, role: "OWNER" | "ENGINEERING" | "FINANCE", url: string, p: Record<string, string>, init: { method?: string; body?: unknown } = {}) {
  const res = await handler(await requestAs(as(role), url, init), params({ org: f.org.slug, ...p }) as never);
  return { status: res.status, body: (await res.json()) as T };
}

describe("GPU pool settings", () => {
  let poolId: string;
  let sourceId: string;

  it("an engineer creates a cloud pool; the answer carries the stored settings", async () => {
    const res = await call<{ pool: { id: string; hourlyRatePerGpu: string; pricingTerm: string; purchasePrice: null; scrapeIntervalSeconds: number; idleUtilisationPct: string; sources: unknown[] } }>(createRoute, "ENGINEERING", base(), {}, { method: "POST", body: CLOUD_POOL });
    expect(res.status).toBe(201);
    expect(res.body.pool).toMatchObject({ hourlyRatePerGpu: "2.1", pricingTerm: "RESERVED", purchasePrice: null, scrapeIntervalSeconds: 30, idleUtilisationPct: "10", sources: [] });
    poolId = res.body.pool.id;
  });

  it("finance may read the pools but not change them (403)", async () => {
    const list = await call<{ pools: { name: string }[] }>(listRoute, "FINANCE", base(), {});
    expect(list.body.pools.map((p) => p.name)).toEqual(["H100 cloud"]);
    expect((await call(createRoute, "FINANCE", base(), {}, { method: "POST", body: { ...CLOUD_POOL, name: "x" } })).status).toBe(403);
    expect((await call(patchRoute, "FINANCE", `${base()}/${poolId}`, { poolId }, { method: "PATCH", body: { gpuCount: 1 } })).status).toBe(403);
  });

  it("bad input names every bad field, and nothing is stored", async () => {
    const res = await call<{ error: { code: string; issues: { field: string; message: string }[] } }>(createRoute, "OWNER", base(), {}, {
      method: "POST",
      body: { name: " ", gpuModel: "L40S", gpuCount: 0, costModel: "OWNED", purchasePrice: "-5", amortisationMonths: 0, powerPricePerKwh: "0.1", pue: "0.9", staffFteShare: "2", staffAnnualCost: "0", scrapeIntervalSeconds: 5 },
    });
    expect(res.status).toBe(400);
    expect(Object.fromEntries(res.body.error.issues.map((i) => [i.field, i.message]))).toEqual({
      name: "is required",
      scrapeIntervalSeconds: "must be at least 15 seconds",
      gpuCount: "must be at least 1 GPU",
      purchasePrice: "must not be negative",
      residualValue: "must not exceed the purchase price", // the default residual 0 is above −5
      amortisationMonths: "must be at least 1 month",
      pue: "must be at least 1.0 (PUE is facility power ÷ IT power)",
      staffFteShare: "must be between 0 and 1 (a share of one full-time engineer)",
    });
    expect(await db().gpuPool.count({ where: { orgId: f.org.id } })).toBe(1);
  });

  it("a second pool with the same name is a 409 on the name field", async () => {
    const res = await call<{ error: { issues: { field: string }[] } }>(createRoute, "OWNER", base(), {}, { method: "POST", body: CLOUD_POOL });
    expect(res.status).toBe(409);
    expect(res.body.error.issues.map((i) => i.field)).toEqual(["name"]);
  });

  it("adding a source schedules its scrape every scrapeIntervalSeconds; a URL with a password is refused", async () => {
    const refused = await call<{ error: { issues: { field: string; message: string }[] } }>(addSourceRoute, "ENGINEERING", `${base()}/${poolId}/sources`, { poolId }, { method: "POST", body: { kind: "PROMETHEUS_TEXT", url: "http://user:pw@node-1:9400/metrics" } });
    expect(refused.status).toBe(400);
    expect(refused.body.error.issues).toEqual([{ field: "url", message: "must not contain a user name or password" }]);
    const res = await call<{ source: { id: string; url: string; lastScrapeAt: null; lastError: null } }>(addSourceRoute, "ENGINEERING", `${base()}/${poolId}/sources`, { poolId }, { method: "POST", body: { kind: "PROMETHEUS_API", url: "http://prometheus:9090/api/v1/query_range" } });
    expect(res.status).toBe(201);
    expect(res.body.source).toMatchObject({ url: "http://prometheus:9090", lastScrapeAt: null, lastError: null });
    sourceId = res.body.source.id;
    const scheduler = await getQueue("gpuScrape").getJobScheduler(scrapeSchedulerId(sourceId));
    expect(scheduler?.every).toBe(30_000);
    expect(scheduler?.template?.data).toEqual({ sourceId });
  });

  it("changing the pool's interval reschedules its sources; switching to owned clears the cloud fields", async () => {
    const res = await call<{ pool: Record<string, unknown> }>(patchRoute, "ENGINEERING", `${base()}/${poolId}`, { poolId }, {
      method: "PATCH",
      body: { costModel: "OWNED", purchasePrice: "250000", amortisationMonths: 36, residualValue: "25000", scrapeIntervalSeconds: 120 },
    });
    expect(res.status).toBe(200);
    expect(res.body.pool).toMatchObject({ costModel: "OWNED", purchasePrice: "250000", hourlyRatePerGpu: null, pricingTerm: null, gpuCount: 8, name: "H100 cloud" });
    expect((await getQueue("gpuScrape").getJobScheduler(scrapeSchedulerId(sourceId)))?.every).toBe(120_000);
  });

  it("disabling a source removes its scheduler and its error from the pool; deleting the pool removes everything", async () => {
    await db().gpuMetricSource.update({ where: { id: sourceId }, data: { lastError: "http://prometheus:9090: could not connect (ECONNREFUSED)" } });
    await db().gpuPool.update({ where: { id: poolId }, data: { lastScrapeError: "http://prometheus:9090: could not connect (ECONNREFUSED)" } });
    const off = await call<{ source: { enabled: boolean } }>(patchSourceRoute, "ENGINEERING", `${base()}/${poolId}/sources/${sourceId}`, { poolId, sourceId }, { method: "PATCH", body: { enabled: false } });
    expect(off.body.source.enabled).toBe(false);
    expect((await db().gpuPool.findUniqueOrThrow({ where: { id: poolId } })).lastScrapeError).toBeNull();
    expect(await getQueue("gpuScrape").getJobScheduler(scrapeSchedulerId(sourceId))).toBeUndefined();
    await call(patchSourceRoute, "ENGINEERING", `${base()}/${poolId}/sources/${sourceId}`, { poolId, sourceId }, { method: "PATCH", body: { enabled: true } });
    expect(await getQueue("gpuScrape").getJobScheduler(scrapeSchedulerId(sourceId))).toBeDefined();
    expect((await call(deleteRoute, "ENGINEERING", `${base()}/${poolId}`, { poolId }, { method: "DELETE" })).status).toBe(200);
    expect(await getQueue("gpuScrape").getJobScheduler(scrapeSchedulerId(sourceId))).toBeUndefined();
    expect(await db().gpuMetricSource.count({ where: { id: sourceId } })).toBe(0);
    expect((await call(deleteSourceRoute, "ENGINEERING", `${base()}/${poolId}/sources/${sourceId}`, { poolId, sourceId }, { method: "DELETE" })).status).toBe(404);
  });
});
