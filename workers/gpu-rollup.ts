import { rerollHour, rollupPendingHours } from "@/lib/gpu/rollup-runner";
import { queuePoolRollups, syncScrapeSchedulers } from "@/lib/gpu/schedule";

// Thin: the hourly tick fans out one job per pool (and re-syncs the scrape schedulers); a pool's
// job rolls up its pending hours, or one given hour again.
export async function gpuRollupJob(payload: { poolId?: string; hour?: string }) {
  const now = new Date();
  if (!payload.poolId) {
    const schedulers = await syncScrapeSchedulers();
    return { pools: await queuePoolRollups(now), schedulers };
  }
  if (payload.hour) {
    const r = await rerollHour(payload.poolId, new Date(payload.hour));
    return { hour: r.hourStart.toISOString(), gpus: r.gpus.length, models: r.models.length };
  }
  return rollupPendingHours(payload.poolId, now);
}
