import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { db } from "@/lib/db";
import { dec } from "@/lib/money";
import { getQueue } from "@/lib/queues";
import { backfillStatus, startBackfill, syncSchedulerId } from "@/lib/connections/jobs";
import { ROLLUP_SCHEDULER_ID } from "@/lib/gpu/schedule";
import { utcDay } from "@/lib/ingest/windows";
import { createOrgWithMembers } from "../support/factories";
import { insertConnection } from "../support/connections";
import { orgContext } from "../support/org-context";
import { startSyntheticProvider, syntheticCostTotal, type SyntheticProvider } from "../support/synthetic-provider";
import { startWorkersProcess, type WorkersProcess } from "../support/workers-process";

process.env.FETCH_ALLOW_LIST = "127.0.0.1";

// Class 10 of issue 13: users scale out by starting more `workers` processes on the same Redis.
// Two real processes start at once; then a connection's sync schedule ticks three times, a backfill
// is requested twice at the same instant, and the GPU roll-up tick fires three times within the
// hour. Each scheduled sync, each backfill window and each pool's hourly roll-up runs exactly once:
// counted in both processes' logs, in the provider's requests and in the stored totals.

const OPTS = { projects: 2, models: 1 };
// The backfill's range comes from this fixed "today": October 2026 and 1–20 November (two windows),
// days the incremental syncs (around the real today) never touch.
const NOW = new Date("2026-11-20T12:00:00Z");
const TICKS = 3;

let provider: SyntheticProvider;
let workers: WorkersProcess[] = [];
beforeAll(async () => {
  provider = await startSyntheticProvider("openai", OPTS);
});
afterAll(async () => {
  await Promise.all(workers.map((w) => w.stop()));
  await provider.close();
});

/** Every "job completed" line of one queue in both processes' logs, as jobId → how many times. */
function completions(queue: string): Map<string, number> {
  const counts = new Map<string, number>();
  for (const w of workers) {
    for (const line of w.output().split("\n")) {
      if (!line.startsWith("{")) continue;
      const entry = JSON.parse(line) as { msg?: string; queue?: string; jobId?: string };
      if (entry.msg === "job completed" && entry.queue === queue) counts.set(entry.jobId!, (counts.get(entry.jobId!) ?? 0) + 1);
    }
  }
  return counts;
}

async function until(what: string, check: () => Promise<boolean> | boolean, deadlineMs = 120_000) {
  const end = Date.now() + deadlineMs;
  while (!(await check())) {
    if (Date.now() > end) throw new Error(`${what}: not reached.\n${workers.map((w) => w.output()).join("\n---\n")}`);
    await new Promise((r) => setTimeout(r, 200));
  }
}

describe("two workers processes on one Redis", () => {
  it("run each scheduled sync, backfill window and roll-up exactly once", { timeout: 240_000 }, async () => {
    const f = await createOrgWithMembers("Scaled out");
    const ctx = orgContext(f);
    const connection = await insertConnection(f.org.id, { provider: "openai", baseUrl: provider.baseUrl });
    const pool = await db().gpuPool.create({ data: { orgId: f.org.id, name: "scaled pool", gpuModel: "L40S", gpuCount: 1, costModel: "CLOUD", hourlyRatePerGpu: "1", powerPricePerKwh: "0.1" } });

    workers = await Promise.all([startWorkersProcess(), startWorkersProcess()]);

    // The schedules tick faster than hourly for the test: same scheduler ids as production, TICKS runs each.
    await getQueue("providerSync").upsertJobScheduler(syncSchedulerId(connection.id), { every: 1000, limit: TICKS }, { name: "provider-sync", data: { connectionId: connection.id } });
    await getQueue("gpuRollup").upsertJobScheduler(ROLLUP_SCHEDULER_ID, { every: 1000, limit: TICKS }, { name: "gpu-rollup", data: {} });
    // Two presses at the same instant (two web requests): one backfill job.
    const [a, b] = await Promise.all([startBackfill(ctx, connection.id, 2, NOW), startBackfill(ctx, connection.id, 2, NOW)]);
    expect(a.jobId).toBe(b.jobId);

    await until("three scheduled syncs", () => [...completions("provider-sync").keys()].filter((id) => id.includes(syncSchedulerId(connection.id))).length >= TICKS);
    await until("the backfill", async () => (await backfillStatus(ctx, connection.id)).state === "completed");
    await until("three roll-up ticks and the pool's roll-up", () => {
      const ids = [...completions("gpu-rollup").keys()];
      return ids.filter((id) => id.includes(ROLLUP_SCHEDULER_ID)).length >= TICKS && ids.some((id) => id.startsWith(`gpu-rollup-${pool.id}-`));
    });
    // Nothing of this test left waiting, delayed or running (earlier test files leave other schedulers behind).
    await until("idle", async () => {
      const open = ["waiting", "active", "delayed", "prioritized"] as const;
      const syncs = (await getQueue("providerSync").getJobs([...open])).filter((j) => (j.data as { connectionId?: string }).connectionId === connection.id);
      const backfills = (await getQueue("providerBackfill").getJobs([...open])).filter((j) => (j.data as { connectionId?: string }).connectionId === connection.id);
      const rollups = (await getQueue("gpuRollup").getJobs([...open])).filter((j) => !(j.data as { poolId?: string }).poolId || (j.data as { poolId?: string }).poolId === pool.id);
      return syncs.length + backfills.length + rollups.length === 0;
    });

    // Each sync job completed once, and each made exactly one window's requests (1 costs request: 4 days ≤ 31).
    const syncs = new Map([...completions("provider-sync")].filter(([jobId]) => jobId.includes(syncSchedulerId(connection.id))));
    expect([...syncs.values()]).toEqual(Array(TICKS).fill(1));
    const today = utcDay(new Date());
    const incrementalStart = String((today.getTime() - 3 * 86_400_000) / 1000);
    expect(provider.requests.filter((r) => r.path === "/v1/organization/costs" && r.query.get("start_time") === incrementalStart)).toHaveLength(TICKS);

    // The backfill: one job, run once; each of its two windows read once; the stored dollars are the provider's to the cent.
    expect([...completions("provider-backfill").values()]).toEqual([1]);
    for (const start of ["2026-10-01", "2026-11-01"]) {
      expect(provider.requests.filter((r) => r.path === "/v1/organization/costs" && r.query.get("start_time") === String(Date.parse(`${start}T00:00:00Z`) / 1000))).toHaveLength(1);
    }
    const from = new Date("2026-10-01T00:00:00Z");
    const to = new Date("2026-11-21T00:00:00Z");
    const stored = await db().costBucket.aggregate({ where: { sourceKey: connection.id, day: { gte: from, lt: to } }, _sum: { amount: true } });
    expect(dec(stored._sum.amount!.toString()).toString()).toBe(syntheticCostTotal("openai", OPTS, from, to).toString());

    // Roll-up: TICKS tick jobs, each once; the pool's roll-up for this hour queued by all of them, run once.
    const rollups = completions("gpu-rollup");
    expect([...rollups.keys()].filter((id) => id.includes(ROLLUP_SCHEDULER_ID))).toHaveLength(TICKS);
    const poolRuns = [...rollups.entries()].filter(([id]) => id.startsWith(`gpu-rollup-${pool.id}-`));
    expect(poolRuns.map(([, n]) => n)).toEqual(poolRuns.length === 1 ? [1] : [1, 1]); // [1, 1] only if the ticks straddled an hour
    expect([...rollups.values()].every((n) => n === 1)).toBe(true);
  });
});
