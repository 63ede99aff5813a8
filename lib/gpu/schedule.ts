import { db } from "@/lib/db";
import { enqueue, getQueue } from "@/lib/queues";
import { floorHour } from "@/lib/gpu/store";

// The GPU job schedulers (BullMQ upsertJobScheduler): one scrape scheduler per enabled source,
// every pool.scrapeIntervalSeconds, and one hourly roll-up tick. Pool and source changes call
// these at once; the workers call syncScrapeSchedulers at start and every hour, so a change made
// while Redis was unreachable is still applied.

export const ROLLUP_SCHEDULER_ID = "gpu-rollup-hourly";
/** A few minutes past the hour: the last scrape of the previous hour has landed by then. */
export const ROLLUP_PATTERN = "3 * * * *";

export const scrapeSchedulerId = (sourceId: string) => `gpu-scrape-${sourceId}`;
const SCRAPE_PREFIX = "gpu-scrape-";

export async function scheduleSourceScrape(source: { id: string; enabled: boolean }, intervalSeconds: number): Promise<void> {
  if (!source.enabled) {
    await unscheduleSourceScrape(source.id);
    return;
  }
  // Upserting an unchanged scheduler keeps its next run: calling this again is harmless.
  await getQueue("gpuScrape").upsertJobScheduler(scrapeSchedulerId(source.id), { every: intervalSeconds * 1000 }, { name: "gpu-scrape", data: { sourceId: source.id } });
}

export async function unscheduleSourceScrape(sourceId: string): Promise<void> {
  await getQueue("gpuScrape").removeJobScheduler(scrapeSchedulerId(sourceId));
}

/** Make Redis's scrape schedulers match the database: one per enabled source, none else. */
export async function syncScrapeSchedulers(): Promise<{ scheduled: number; removed: number }> {
  const sources = await db().gpuMetricSource.findMany({ where: { enabled: true }, select: { id: true, enabled: true, pool: { select: { scrapeIntervalSeconds: true } } } });
  for (const s of sources) await scheduleSourceScrape(s, s.pool.scrapeIntervalSeconds);
  const wanted = new Set(sources.map((s) => scrapeSchedulerId(s.id)));
  let removed = 0;
  for (const scheduler of await getQueue("gpuScrape").getJobSchedulers(0, -1)) {
    if (scheduler.key.startsWith(SCRAPE_PREFIX) && !wanted.has(scheduler.key)) {
      // Read the one source again before stopping its scrapes: a list that missed a row must not.
      const again = await db().gpuMetricSource.findUnique({ where: { id: scheduler.key.slice(SCRAPE_PREFIX.length) }, select: { enabled: true } });
      if (again?.enabled) continue;
      await getQueue("gpuScrape").removeJobScheduler(scheduler.key);
      removed++;
    }
  }
  return { scheduled: sources.length, removed };
}

/** Started by the workers: the hourly roll-up tick and every source's scrape scheduler. */
export async function scheduleGpuJobs(): Promise<void> {
  await getQueue("gpuRollup").upsertJobScheduler(ROLLUP_SCHEDULER_ID, { pattern: ROLLUP_PATTERN, tz: "UTC" }, { name: "gpu-rollup", data: {} });
  await syncScrapeSchedulers();
}

/** The hourly tick: one roll-up job per pool (its jobId makes a second tick in the hour a no-op). */
export async function queuePoolRollups(now: Date): Promise<number> {
  const pools = await db().gpuPool.findMany({ select: { id: true } });
  const hourMs = floorHour(now).getTime();
  for (const p of pools) await enqueue("gpuRollup", { poolId: p.id }, { jobId: `gpu-rollup-${p.id}-${hourMs}` });
  return pools.length;
}
