import type { Worker } from "bullmq";
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from "vitest";
import { db } from "@/lib/db";
import { getQueue } from "@/lib/queues";
import { backfillJobWindows, requestSync, startBackfill, syncNowJobId } from "@/lib/connections/jobs";
import { backfillMonths } from "@/lib/connections/schemas";
import { providerBackfillJob, providerSyncJob } from "@/workers/provider-sync";
import { startWorker } from "@/workers/registry";
import { createOrgWithMembers } from "../support/factories";
import { costTotal, insertConnection } from "../support/connections";
import { orgContext } from "../support/org-context";
import { thrown } from "../support/app-error";
import { startFixtureServer, type FixtureServer } from "../support/fixture-server";
import { waitForJob } from "../support/jobs";
import {
  ANTHROPIC_COSTS, ANTHROPIC_USAGE, OPENAI_COMPLETIONS, OPENAI_COSTS, anthropicCostBucket, anthropicUsageBucket, openAiCompletionsBucket, openAiCostBucket, pages, serveEmptyOpenAiUsage,
} from "../support/provider-playback";

process.env.FETCH_ALLOW_LIST = "127.0.0.1";

// Class 3 of issue 13 (the admin picks the backfill's start month, up to the providers' 36 months)
// and the "Sync now" / "Backfill" answers (never a false "queued"), through real BullMQ workers,
// a local provider server and Postgres.

const FAST = { retry: { maxAttempts: 2, baseDelayMs: 10, maxDelayMs: 50, timeoutMs: 5000, maxRetryAfterMs: 1000 } };
const NOW = new Date("2026-01-10T12:00:00Z");

let server: FixtureServer;
let workers: Worker[] = [];
beforeAll(async () => {
  workers = [
    startWorker("providerBackfill", (p, job) => providerBackfillJob(p, job, FAST), { concurrency: 1 }),
    startWorker("providerSync", (p, job) => providerSyncJob(p, job, FAST), { concurrency: 1 }),
  ];
  await Promise.all(workers.map((w) => w.waitUntilReady()));
});
afterAll(async () => {
  await Promise.all(workers.map((w) => w.close()));
});
beforeEach(async () => {
  server = await startFixtureServer();
});
afterEach(() => server.close());

const emptyOpenAi = { object: "page", data: [], has_more: false, next_page: null };
const emptyAnthropic = { data: [], has_more: false, next_page: null };

describe.each(["openai", "anthropic"] as const)("3. a backfill from the month the admin picks (%s)", (slug) => {
  it("reads from the 1st of that month, stores every bucket of the range to the token, and refuses a 37th month naming the field", async () => {
    const f = await createOrgWithMembers(`Backfill ${slug}`);
    const ctx = orgContext(f);
    const id = (await insertConnection(f.org.id, { provider: slug, baseUrl: server.baseUrl })).id;
    // November 2025 → 10 January 2026: 3 windows, one per calendar month (January through the 10th).
    const months = backfillMonths({ startMonth: "2025-11" }, NOW);
    expect(months).toBe(3);
    // Hand-worked: 2025-11-01 has 70,000 input / 7,000 output tokens and $1.25; 2026-01-05 has 30,000 / 3,000 and $0.75.
    if (slug === "openai") {
      const first = String(Date.parse("2025-11-01T00:00:00Z") / 1000);
      const third = String(Date.parse("2026-01-01T00:00:00Z") / 1000);
      server.on({ path: OPENAI_COSTS, query: { start_time: first } }, { body: pages("openai", "c", [openAiCostBucket("2025-11-01", [{ project: "p", lineItem: "input_tokens", dollars: 1.25 }])])[0] });
      server.on({ path: OPENAI_COSTS, query: { start_time: third } }, { body: pages("openai", "c", [openAiCostBucket("2026-01-05", [{ project: "p", lineItem: "input_tokens", dollars: 0.75 }])])[0] });
      server.on({ path: OPENAI_COMPLETIONS, query: { start_time: first } }, { body: pages("openai", "u", [openAiCompletionsBucket("2025-11-01", [{ model: "m", project: "p", uncached: 70_000, output: 7_000, requests: 7 }])])[0] });
      server.on({ path: OPENAI_COMPLETIONS, query: { start_time: third } }, { body: pages("openai", "u", [openAiCompletionsBucket("2026-01-05", [{ model: "m", project: "p", uncached: 30_000, output: 3_000, requests: 3 }])])[0] });
      server.on({ path: OPENAI_COSTS }, { body: emptyOpenAi });
      server.on({ path: OPENAI_COMPLETIONS }, { body: emptyOpenAi });
      serveEmptyOpenAiUsage(server);
    } else {
      const first = "2025-11-01T00:00:00Z";
      const third = "2026-01-01T00:00:00Z";
      server.on({ path: ANTHROPIC_COSTS, query: { starting_at: first } }, { body: pages("anthropic", "c", [anthropicCostBucket("2025-11-01", [{ workspace: "p", model: "m", description: "M Usage - Input Tokens", cents: "125" }])])[0] });
      server.on({ path: ANTHROPIC_COSTS, query: { starting_at: third } }, { body: pages("anthropic", "c", [anthropicCostBucket("2026-01-05", [{ workspace: "p", model: "m", description: "M Usage - Input Tokens", cents: "75" }])])[0] });
      server.on({ path: ANTHROPIC_USAGE, query: { starting_at: first } }, { body: pages("anthropic", "u", [anthropicUsageBucket("2025-11-01", [{ model: "m", workspace: "p", uncached: 70_000, output: 7_000 }])])[0] });
      server.on({ path: ANTHROPIC_USAGE, query: { starting_at: third } }, { body: pages("anthropic", "u", [anthropicUsageBucket("2026-01-05", [{ model: "m", workspace: "p", uncached: 30_000, output: 3_000 }])])[0] });
      server.on({ path: ANTHROPIC_COSTS }, { body: emptyAnthropic });
      server.on({ path: ANTHROPIC_USAGE }, { body: emptyAnthropic });
    }

    const status = await startBackfill(ctx, id, months, NOW);
    expect(status.message).toBe("Backfill queued from November 2025.");
    const job = await getQueue("providerBackfill").getJob(status.jobId!);
    expect(backfillJobWindows(job!.data as { from: string; to: string }).map((w) => w.start.toISOString().slice(0, 10))).toEqual(["2025-11-01", "2025-12-01", "2026-01-01"]);
    // Pressed again while it waits or runs: the truth, not a second "queued".
    expect((await startBackfill(ctx, id, months, NOW)).message).toBe("A backfill of the same months is already queued or running.");

    const { state } = await waitForJob("providerBackfill", status.jobId!);
    expect(state).toBe("completed");
    const usage = await db().usageBucket.aggregate({ where: { sourceKey: id }, _sum: { inputTokens: true, outputTokens: true } });
    expect(usage._sum).toEqual({ inputTokens: 100_000n, outputTokens: 10_000n });
    expect(await costTotal({ orgId: f.org.id, estimated: false })).toBe("2");
    const costsPath = slug === "openai" ? OPENAI_COSTS : ANTHROPIC_COSTS;
    expect(server.requests.filter((r) => r.path === costsPath)).toHaveLength(3);
    const row = await db().providerConnection.findUniqueOrThrow({ where: { id } });
    expect([row.status, row.backfillProgress, row.backfillMonths]).toEqual(["ACTIVE", 100, 3]);

    expect(backfillMonths({ startMonth: "2023-02" }, NOW)).toBe(36);
    const tooFar = thrown(() => backfillMonths({ startMonth: "2023-01" }, NOW));
    expect(tooFar.details.issues).toEqual([{ field: "startMonth", message: "at most 36 months back: the providers' usage and cost APIs keep no older history" }]);
    expect((thrown(() => backfillMonths({ startMonth: "2026-02" }, NOW))).details.issues).toEqual([{ field: "startMonth", message: "must not be after this month" }]);
  });
});

describe("Sync now", () => {
  it("queues once; pressed again it says already queued, and once done, synced less than a minute ago", async () => {
    const f = await createOrgWithMembers("Sync now");
    const id = (await insertConnection(f.org.id, { provider: "anthropic", baseUrl: server.baseUrl })).id;
    server.on({ path: ANTHROPIC_COSTS }, { body: emptyAnthropic });
    server.on({ path: ANTHROPIC_USAGE }, { body: emptyAnthropic });
    // Hold the worker off until both presses are in: pause this queue's worker.
    const syncWorker = workers[1]!;
    await syncWorker.pause();
    const [a, b] = await Promise.all([requestSync({ orgId: f.org.id }, id), requestSync({ orgId: f.org.id }, id)]);
    expect([a, b].filter((x) => x.queued)).toHaveLength(1);
    expect([a, b].find((x) => !x.queued)!.message).toBe("A sync is already queued: nothing more to do.");
    syncWorker.resume();
    expect((await waitForJob("providerSync", syncNowJobId(id))).state).toBe("completed");
    expect(await requestSync({ orgId: f.org.id }, id)).toEqual({ queued: false, message: "Synced less than a minute ago: the next sync can be requested in a minute." });
    expect((await db().providerConnection.findUniqueOrThrow({ where: { id } })).status).toBe("ACTIVE");
  });
});
