import { db, Prisma, type PrismaClient } from "@/lib/db";
import type { ScrapeSnapshot } from "@/lib/gpu/mapping";
import type { HourRollup } from "@/lib/gpu/rollup";
import { rowsToSnapshots, snapshotToRows, type SampleRow } from "@/lib/gpu/sample-rows";
import { dec } from "@/lib/money";

// GPU metrics in Postgres: raw samples of each scrape (all or nothing), the samples an hour's
// roll-up needs, the hour's rows (upserted: re-running an hour gives the same rows), retention.

export const HOUR_MS = 3_600_000;
/** Raw samples are kept this long after their hour is rolled up (catch-up after an outage, re-runs). */
export const RAW_SAMPLE_RETENTION_MS = 72 * HOUR_MS;
const INSERT_CHUNK = 5_000;
const ERROR_TEXT_MAX = 1_000;

export const floorHour = (t: Date | number) => new Date(Math.floor(new Date(t).getTime() / HOUR_MS) * HOUR_MS);

export interface SourceRef {
  id: string;
  orgId: string;
  poolId: string;
}

type Tx = Prisma.TransactionClient;

/**
 * Store one scrape's snapshots and mark the source healthy, in one transaction. Samples already
 * stored for the same source and time are replaced, so a retried or overlapping scrape (a
 * Prometheus range that repeats its first point) never duplicates. A sample for an hour that
 * is already rolled up moves the pool's roll-up mark back to that hour, so it is rolled up again.
 */
export async function writeScrapeSamples(source: SourceRef, snapshots: readonly ScrapeSnapshot[], scrapedThrough: Date): Promise<{ rows: number }> {
  const rows = snapshots.flatMap((s) => snapshotToRows(s, source.id));
  const times = [...new Set(snapshots.map((s) => s.scrapedAt.getTime()))].map((t) => new Date(t));
  await db().$transaction(async (tx) => {
    if (times.length) await tx.gpuMetricSample.deleteMany({ where: { sourceId: source.id, scrapedAt: { in: times } } });
    for (let i = 0; i < rows.length; i += INSERT_CHUNK) {
      await tx.gpuMetricSample.createMany({ data: rows.slice(i, i + INSERT_CHUNK).map((r) => ({ ...r, orgId: source.orgId, poolId: source.poolId })) });
    }
    await tx.gpuMetricSource.update({ where: { id: source.id }, data: { lastScrapeAt: scrapedThrough, lastError: null } });
    if (times.length) {
      const earliestHour = floorHour(Math.min(...times.map((t) => t.getTime())));
      await tx.$executeRaw`UPDATE "GpuPool" SET "rolledUpUntil" = ${earliestHour} WHERE "id" = ${source.poolId} AND "rolledUpUntil" > ${earliestHour}`;
    }
    await refreshPoolScrapeStatus(tx, source.poolId);
  });
  return { rows: rows.length };
}

/** A failed scrape writes no sample: only the error, on the source and (summarised) on the pool. */
export async function recordScrapeFailure(source: SourceRef, message: string): Promise<void> {
  await db().$transaction(async (tx) => {
    await tx.gpuMetricSource.update({ where: { id: source.id }, data: { lastError: message.slice(0, ERROR_TEXT_MAX) } });
    await refreshPoolScrapeStatus(tx, source.poolId);
  });
}

/** After a source is paused, retargeted or removed: the pool's status follows its sources. */
export async function refreshPoolStatus(poolId: string): Promise<void> {
  await db().$transaction((tx) => refreshPoolScrapeStatus(tx, poolId));
}

/** The pool shows its latest successful scrape and the first failing enabled source's error. */
async function refreshPoolScrapeStatus(tx: Tx, poolId: string): Promise<void> {
  const sources = await tx.gpuMetricSource.findMany({ where: { poolId, enabled: true }, orderBy: { createdAt: "asc" }, select: { lastScrapeAt: true, lastError: true } });
  const last = sources.map((s) => s.lastScrapeAt?.getTime() ?? 0).reduce((a, b) => Math.max(a, b), 0);
  await tx.gpuPool.update({
    where: { id: poolId },
    data: { lastScrapeAt: last ? new Date(last) : null, lastScrapeError: sources.find((s) => s.lastError)?.lastError ?? null },
  });
}

/** Time of the pool's oldest stored sample (where a first roll-up starts), or null. */
export async function firstSampleAt(poolId: string): Promise<Date | null> {
  const first = await db().gpuMetricSample.findFirst({ where: { poolId }, orderBy: { scrapedAt: "asc" }, select: { scrapedAt: true } });
  return first?.scrapedAt ?? null;
}

/**
 * What rollupHour needs for [hourStart, hourStart + 1 h): every snapshot inside the hour, plus,
 * per source, its last snapshot before the hour (looking back at most `lookbackMs`; counters
 * across an outage are then still counted as what was served, gauges see the gap).
 */
export async function loadHourSnapshots(poolId: string, hourStart: Date, lookbackMs = RAW_SAMPLE_RETENTION_MS): Promise<ScrapeSnapshot[]> {
  const hourEnd = new Date(hourStart.getTime() + HOUR_MS);
  const lookbackStart = new Date(hourStart.getTime() - lookbackMs);
  const rows = await db().$queryRaw<SampleRow[]>`
    WITH before AS (
      SELECT s."id" AS "sourceId",
        (SELECT m."scrapedAt" FROM "GpuMetricSample" m
          WHERE m."poolId" = ${poolId} AND m."sourceId" = s."id" AND m."scrapedAt" < ${hourStart} AND m."scrapedAt" >= ${lookbackStart}
          ORDER BY m."scrapedAt" DESC LIMIT 1) AS "scrapedAt"
      FROM "GpuMetricSource" s WHERE s."poolId" = ${poolId}
    )
    SELECT m."sourceId", m."scrapedAt", m."metric", m."seriesKey", m."host", m."gpuIndex", m."value"
    FROM "GpuMetricSample" m
    WHERE m."poolId" = ${poolId} AND m."scrapedAt" >= ${hourStart} AND m."scrapedAt" < ${hourEnd}
    UNION ALL
    SELECT m."sourceId", m."scrapedAt", m."metric", m."seriesKey", m."host", m."gpuIndex", m."value"
    FROM "GpuMetricSample" m JOIN before b ON b."sourceId" = m."sourceId" AND b."scrapedAt" = m."scrapedAt"
    WHERE m."poolId" = ${poolId}`;
  return rowsToSnapshots(rows, (sourceId) => sourceId);
}

/**
 * Store the roll-up of one or more hours of a pool: each hour's rows become exactly the roll-up's
 * rows (upsert on poolId+hour+gpuUuid / poolId+hour+modelName, rows no longer produced are
 * deleted), so re-running an hour leaves the same rows, ids included.
 *
 * `advance`: move the pool's roll-up mark from `from` to `to` in the same transaction, only if it
 * still is `from`: a late sample that moved it back meanwhile wins, and that hour is redone.
 */
export async function upsertHourRollups(
  pool: { id: string; orgId: string },
  rollups: readonly HourRollup[],
  advance?: { from: Date | null; to: Date },
  client: PrismaClient = db(), // the demo seed passes its own client
): Promise<{ advanced: boolean }> {
  return client.$transaction(
    async (tx) => {
      const hours = rollups.map((r) => r.hourStart.toISOString());
      const gpus = rollups.flatMap((r) => r.gpus.map((g) => ({ hour: r.hourStart.toISOString(), ...g })));
      const models = rollups.flatMap((r) => r.models.map((m) => ({ hour: r.hourStart.toISOString(), ...m })));
      const num = (v: { toFixed(): string } | number | null) => (v === null ? null : dec(v).toFixed());

      await tx.$executeRaw`
        DELETE FROM "GpuHourlyMetric" WHERE "poolId" = ${pool.id} AND "hour" = ANY(${hours}::timestamp(3)[])
          AND ("hour", "gpuUuid") NOT IN (SELECT * FROM unnest(${gpus.map((g) => g.hour)}::timestamp(3)[], ${gpus.map((g) => g.gpuUuid)}::text[]))`;
      if (gpus.length) {
        await tx.$executeRaw`
          INSERT INTO "GpuHourlyMetric" ("orgId", "poolId", "hour", "gpuUuid", "gpuIndex", "host", "gpuHours", "avgUtilisation", "avgPowerWatts", "energyKwh", "maxFbUsedMiB", "sampleCount")
          SELECT ${pool.orgId}, ${pool.id}, u.* FROM unnest(
            ${gpus.map((g) => g.hour)}::timestamp(3)[], ${gpus.map((g) => g.gpuUuid)}::text[], ${gpus.map((g) => g.gpuIndex)}::int[],
            ${gpus.map((g) => g.host ?? "")}::text[], ${gpus.map((g) => num(g.gpuHours))}::numeric[], ${gpus.map((g) => num(g.avgUtilisation))}::numeric[],
            ${gpus.map((g) => num(g.avgPowerWatts))}::numeric[], ${gpus.map((g) => num(g.energyKwh))}::numeric[], ${gpus.map((g) => num(g.maxFbUsedMiB))}::numeric[],
            ${gpus.map((g) => g.sampleCount)}::int[]) AS u
          ON CONFLICT ("poolId", "hour", "gpuUuid") DO UPDATE SET
            "gpuIndex" = EXCLUDED."gpuIndex", "host" = EXCLUDED."host", "gpuHours" = EXCLUDED."gpuHours", "avgUtilisation" = EXCLUDED."avgUtilisation",
            "avgPowerWatts" = EXCLUDED."avgPowerWatts", "energyKwh" = EXCLUDED."energyKwh", "maxFbUsedMiB" = EXCLUDED."maxFbUsedMiB", "sampleCount" = EXCLUDED."sampleCount"`;
      }

      await tx.$executeRaw`
        DELETE FROM "GpuHourlyTokens" WHERE "poolId" = ${pool.id} AND "hour" = ANY(${hours}::timestamp(3)[])
          AND ("hour", "modelName") NOT IN (SELECT * FROM unnest(${models.map((m) => m.hour)}::timestamp(3)[], ${models.map((m) => m.modelName)}::text[]))`;
      if (models.length) {
        await tx.$executeRaw`
          INSERT INTO "GpuHourlyTokens" ("orgId", "poolId", "hour", "modelName", "promptTokens", "generationTokens", "requests", "gapPromptTokens", "gapGenerationTokens", "gapSeconds")
          SELECT ${pool.orgId}, ${pool.id}, u.* FROM unnest(
            ${models.map((m) => m.hour)}::timestamp(3)[], ${models.map((m) => m.modelName)}::text[], ${models.map((m) => m.promptTokens.toString())}::bigint[],
            ${models.map((m) => m.generationTokens.toString())}::bigint[], ${models.map((m) => m.requests.toString())}::bigint[],
            ${models.map((m) => (m.gapPromptTokens ?? 0n).toString())}::bigint[], ${models.map((m) => (m.gapGenerationTokens ?? 0n).toString())}::bigint[], ${models.map((m) => m.gapSeconds ?? 0)}::int[]) AS u
          ON CONFLICT ("poolId", "hour", "modelName") DO UPDATE SET
            "promptTokens" = EXCLUDED."promptTokens", "generationTokens" = EXCLUDED."generationTokens", "requests" = EXCLUDED."requests",
            "gapPromptTokens" = EXCLUDED."gapPromptTokens", "gapGenerationTokens" = EXCLUDED."gapGenerationTokens", "gapSeconds" = EXCLUDED."gapSeconds"`;
      }

      if (!advance) return { advanced: false };
      const moved = advance.from
        ? await tx.$executeRaw`UPDATE "GpuPool" SET "rolledUpUntil" = ${advance.to} WHERE "id" = ${pool.id} AND "rolledUpUntil" = ${advance.from}`
        : await tx.$executeRaw`UPDATE "GpuPool" SET "rolledUpUntil" = ${advance.to} WHERE "id" = ${pool.id} AND "rolledUpUntil" IS NULL`;
      return { advanced: moved === 1 };
    },
    { timeout: 60_000 },
  );
}

/**
 * Delete raw samples no longer needed: older than the retention window, counted back from the
 * roll-up mark when that is behind `now` (samples of hours not yet rolled up are never deleted,
 * nor the one before the next hour to roll up, within the window).
 */
export async function deleteExpiredSamples(pool: { id: string; rolledUpUntil: Date | null }, now: Date, retentionMs = RAW_SAMPLE_RETENTION_MS): Promise<number> {
  const mark = pool.rolledUpUntil ? Math.min(pool.rolledUpUntil.getTime(), now.getTime()) : now.getTime();
  const { count } = await db().gpuMetricSample.deleteMany({ where: { poolId: pool.id, scrapedAt: { lt: new Date(mark - retentionMs) } } });
  return count;
}
