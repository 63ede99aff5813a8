import { db } from "@/lib/db";
import { AppError } from "@/lib/errors";
import { rollupHour, type HourRollup } from "@/lib/gpu/rollup";
import { deleteExpiredSamples, firstSampleAt, floorHour, HOUR_MS, loadHourSnapshots, RAW_SAMPLE_RETENTION_MS, upsertHourRollups } from "@/lib/gpu/store";

// The roll-up job's work for one pool: load an hour's samples (+ the snapshot before), rollupHour,
// upsert the rows, move the pool's mark on. Hours are done in order, so a missed run (workers
// down) is caught up by the next one, up to the raw-sample retention window.

/** A safety bound on one run: the retention window plus a day of hours redone after late samples. */
const MAX_HOURS_PER_RUN = RAW_SAMPLE_RETENTION_MS / HOUR_MS + 24;

/**
 * Roll up every complete hour of the pool that is not rolled up yet (hours before `now`'s hour),
 * then delete expired raw samples. Idempotent: a second run finds nothing to do.
 */
export async function rollupPendingHours(poolId: string, now: Date): Promise<{ hours: number; deletedSamples: number }> {
  const until = floorHour(now);
  const earliest = floorHour(now.getTime() - RAW_SAMPLE_RETENTION_MS);
  let hours = 0;
  for (let i = 0; i < MAX_HOURS_PER_RUN; i++) {
    const pool = await db().gpuPool.findUnique({ where: { id: poolId }, select: { id: true, orgId: true, rolledUpUntil: true, scrapeIntervalSeconds: true } });
    if (!pool) throw new AppError("NOT_FOUND", `GPU pool ${poolId} no longer exists`);
    const first = pool.rolledUpUntil ?? (await firstSampleAt(pool.id));
    if (!first) break; // never scraped
    // Samples older than the window are gone: an outage longer than it is not rolled up.
    const hour = new Date(Math.max(floorHour(first).getTime(), earliest.getTime()));
    if (hour >= until) break;
    const rollup = rollupHour(await loadHourSnapshots(pool.id, hour), { hourStart: hour, intervalSeconds: pool.scrapeIntervalSeconds });
    const { advanced } = await upsertHourRollups(pool, [rollup], { from: pool.rolledUpUntil, to: new Date(hour.getTime() + HOUR_MS) });
    if (advanced) hours++; // else a late sample moved the mark back meanwhile: read it again
  }
  const pool = await db().gpuPool.findUniqueOrThrow({ where: { id: poolId }, select: { id: true, rolledUpUntil: true } });
  return { hours, deletedSamples: await deleteExpiredSamples(pool, now) };
}

/** Roll one hour up again from the samples still stored (the mark does not move). */
export async function rerollHour(poolId: string, hourStart: Date): Promise<HourRollup> {
  if (hourStart.getTime() % HOUR_MS !== 0) {
    throw new AppError("BAD_INPUT", `hour must be the start of an hour (UTC), got ${hourStart.toISOString()}`, { issues: [{ field: "hour", message: "must be the start of an hour" }] });
  }
  const pool = await db().gpuPool.findUnique({ where: { id: poolId }, select: { id: true, orgId: true, scrapeIntervalSeconds: true } });
  if (!pool) throw new AppError("NOT_FOUND", `GPU pool ${poolId} no longer exists`);
  const rollup = rollupHour(await loadHourSnapshots(pool.id, hourStart), { hourStart, intervalSeconds: pool.scrapeIntervalSeconds });
  await upsertHourRollups(pool, [rollup]);
  return rollup;
}
