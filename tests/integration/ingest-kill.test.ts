import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { db } from "@/lib/db";
import { getQueue } from "@/lib/queues";
import { backfillJobWindows, backfillStatus, startBackfill } from "@/lib/connections/jobs";
import { createOrgWithMembers } from "../support/factories";
import { costTotal, insertConnection } from "../support/connections";
import { orgContext } from "../support/org-context";
import { startSyntheticProvider, syntheticCostTotal, type SyntheticProvider } from "../support/synthetic-provider";
import { startWorkersProcess, type WorkersProcess } from "../support/workers-process";

// The local provider servers listen on 127.0.0.1, which the SSRF guard on base URLs refuses unless allow-listed.
process.env.FETCH_ALLOW_LIST = "127.0.0.1";

// Kill test: the workers PROCESS is killed with SIGKILL while a backfill window is in flight (the
// provider holds that window's second page), then a new workers process starts. BullMQ hands the
// stalled job to it; windows committed before the kill are kept and skipped, the interrupted one
// is read again, and the totals end exactly right: nothing lost, nothing counted twice.


// A fixed "today" (the backfill's range comes from it; the worker only caps its cursor at the real
// clock, which is later). On 2026-12-02 the real clock gave a 1-day second window: one page, so the
// held "page 2" never came and the test hung until its time-out.
const NOW = new Date("2026-11-20T12:00:00Z");
// The restarted workers also schedule the hourly incremental sync, on the real clock: when its minute fell inside
// the test (2026-12-03 00:51), it read 21 November to "today" and the totals gained 12 days. The account has no
// data after the test's today, as a real one would not, so that sync finds nothing to add.
const OPTS = { projects: 3, models: 2, pageSize: 10, until: new Date("2026-11-21T00:00:00Z") };
let provider: SyntheticProvider;
let workers: WorkersProcess | undefined;
beforeAll(async () => {
  provider = await startSyntheticProvider("openai", OPTS);
});
afterAll(async () => {
  await workers?.stop();
  await provider.close();
});

describe("a backfill whose worker is killed mid-window", () => {
  it("ends with exactly the provider's totals after a restart", { timeout: 240_000 }, async () => {
    const f = await createOrgWithMembers("Kill Test");
    const ctx = orgContext(f);
    const connection = await insertConnection(f.org.id, { provider: "openai", baseUrl: provider.baseUrl });

    workers = await startWorkersProcess();
    const status = await startBackfill(ctx, connection.id, 2, NOW);
    const job = await getQueue("providerBackfill").getJob(status.jobId!);
    const [first, second, ...rest] = backfillJobWindows(job!.data as { from: string; to: string });
    // Two months: October (31 days: 4 pages of 10) and 1–20 November (20 days: 2 pages).
    expect([first!.start, first!.end, second!.end]).toEqual([new Date("2026-10-01T00:00:00Z"), new Date("2026-11-01T00:00:00Z"), new Date("2026-11-21T00:00:00Z")]);
    expect(rest).toEqual([]);

    // Hold page 2 of the second window's completions: the first window is committed by then.
    const windowTwo = String(second!.start.getTime() / 1000);
    const held = provider.hold((path, q) => path.endsWith("/usage/completions") && q.get("start_time") === windowTwo && q.has("page"));
    // If the worker dies or the job ends first, say so instead of waiting for the time-out.
    let arrived = false;
    void held.arrived.then(() => (arrived = true));
    while (!arrived) {
      if (workers.child.exitCode !== null) throw new Error(`workers exited before the held page:\n${workers.output()}`);
      const state = await job!.getState();
      if (state === "completed" || state === "failed") throw new Error(`the backfill ${state} without requesting the held page`);
      await new Promise((r) => setTimeout(r, 100));
    }
    workers.child.kill("SIGKILL");
    await workers.exited;

    // Exactly the first window is in the database; nothing of the second.
    expect(await costTotal({ orgId: f.org.id })).toBe(syntheticCostTotal("openai", OPTS, first!.start, first!.end).toString());
    expect((await db().providerConnection.findUniqueOrThrow({ where: { id: connection.id } })).syncedThrough).toEqual(first!.end);

    held.release();
    workers = await startWorkersProcess();
    const deadline = Date.now() + 200_000;
    let s = await backfillStatus(ctx, connection.id);
    while (s.state !== "completed" && s.state !== "failed" && Date.now() < deadline) {
      await new Promise((r) => setTimeout(r, 250));
      s = await backfillStatus(ctx, connection.id);
    }
    expect(s).toMatchObject({ state: "completed", percent: 100, windowsDone: 2, windowsTotal: 2, error: null });

    // BullMQ saw the killed run as stalled and handed the job to the new process.
    expect((await getQueue("providerBackfill").getJob(status.jobId!))!.stalledCounter).toBe(1);

    const to = second!.end;
    expect(await costTotal({ orgId: f.org.id })).toBe(syntheticCostTotal("openai", OPTS, first!.start, to).toString());
    const days = (to.getTime() - first!.start.getTime()) / 86_400_000;
    expect(await db().costBucket.count({ where: { orgId: f.org.id } })).toBe(days * 3 * 2 * 2);
    expect(await db().usageBucket.count({ where: { orgId: f.org.id } })).toBe(days * 3 * 2);
    // The committed first window was not read again after the restart: one pass of its 4 pages (31 days / 10).
    const firstStart = String(first!.start.getTime() / 1000);
    expect(provider.requests.filter((r) => r.path.endsWith("/usage/completions") && r.query.get("start_time") === firstStart)).toHaveLength(4);
  });
});
