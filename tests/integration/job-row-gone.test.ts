import { describe, expect, it } from "vitest";
import { db } from "@/lib/db";
import { AppError } from "@/lib/errors";
import { getQueue } from "@/lib/queues";
import { collectSource } from "@/lib/gpu/collect";
import { scheduleSourceScrape, scrapeSchedulerId, syncScrapeSchedulers } from "@/lib/gpu/schedule";
import { runIncrementalSync, scheduleSync, syncSchedulerId } from "@/lib/connections/jobs";
import { createOrgWithMembers } from "../support/factories";
import { insertConnection } from "../support/connections";

// A job that reads "no row" for what it works on stops for good (drops its scheduler) only when a
// second read confirms the row is gone. When the database answered wrongly (the row is there), the
// job fails, is retried at the next tick, and the error is shown on the pool: never a silent skip.
// The wrong first answer is injected: a database that misbehaves on demand cannot run here.

process.env.FETCH_ALLOW_LIST = "127.0.0.1";

const hasScheduler = async (queue: "gpuScrape" | "providerSync", id: string) => (await getQueue(queue).getJobSchedulers(0, -1)).some((s) => s.key === id);

async function poolWithSource(orgId: string) {
  const pool = await db().gpuPool.create({
    data: { orgId, name: `pool ${Math.random()}`, gpuModel: "L40S", gpuCount: 1, costModel: "CLOUD", hourlyRatePerGpu: "1", powerPricePerKwh: "0.1", sources: { create: { orgId, kind: "PROMETHEUS_TEXT", url: "http://127.0.0.1:9/metrics" } } },
    include: { sources: true },
  });
  await scheduleSourceScrape(pool.sources[0]!, 60);
  return { pool, source: pool.sources[0]! };
}

describe("GPU scrape: the source read as missing", () => {
  it("while it exists: the job fails, the scheduler stays, and the pool shows why", async () => {
    const { pool, source } = await poolWithSource((await createOrgWithMembers("Flaky DB")).org.id);
    const e = await collectSource(source.id, new Date("2026-01-01T00:00:00Z"), { loadSource: async () => null }).catch((x: unknown) => x);
    expect(e).toBeInstanceOf(AppError);
    expect((e as AppError).message).toBe(`GPU metric source ${source.id}: The database answered that this source does not exist, but it does: the scrape was not stored and is retried at the next tick.`);
    expect(await hasScheduler("gpuScrape", scrapeSchedulerId(source.id))).toBe(true);
    expect((await db().gpuPool.findUniqueOrThrow({ where: { id: pool.id } })).lastScrapeError).toBe(
      "The database answered that this source does not exist, but it does: the scrape was not stored and is retried at the next tick.",
    );
  });

  it("really deleted: the scheduler is dropped and the job says so", async () => {
    const { source } = await poolWithSource((await createOrgWithMembers("Deleted source")).org.id);
    await db().gpuMetricSource.delete({ where: { id: source.id } });
    expect(await collectSource(source.id, new Date("2026-01-01T00:00:00Z"))).toEqual({ status: "skipped", reason: "source deleted" });
    expect(await hasScheduler("gpuScrape", scrapeSchedulerId(source.id))).toBe(false);
  });

  it("the hourly re-sync keeps the scheduler of an enabled source and drops only confirmed orphans", async () => {
    const { source } = await poolWithSource((await createOrgWithMembers("Resync")).org.id);
    await getQueue("gpuScrape").upsertJobScheduler(scrapeSchedulerId("orphan-source"), { every: 60_000 }, { name: "gpu-scrape", data: { sourceId: "orphan-source" } });
    await syncScrapeSchedulers();
    expect([await hasScheduler("gpuScrape", scrapeSchedulerId(source.id)), await hasScheduler("gpuScrape", scrapeSchedulerId("orphan-source"))]).toEqual([true, false]);
  });
});

describe("provider sync: the connection read as missing", () => {
  it("really deleted: the hourly scheduler is dropped, the run reports gone", async () => {
    const orgId = (await createOrgWithMembers("Deleted connection")).org.id;
    const c = await insertConnection(orgId, { provider: "openai", baseUrl: "http://127.0.0.1:9" });
    await scheduleSync(c.id);
    await db().providerConnection.delete({ where: { id: c.id } });
    expect((await runIncrementalSync(c.id)).status).toBe("gone");
    expect(await hasScheduler("providerSync", syncSchedulerId(c.id))).toBe(false);
  });
});
