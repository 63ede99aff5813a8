import type { Job } from "bullmq";
import { db } from "@/lib/db";
import { AppError } from "@/lib/errors";
import { inOrg, type OrgContext } from "@/lib/auth/tenancy";
import { backfillStart, incrementalWindows, monthWindows, syncHorizon } from "@/lib/ingest/windows";
import { enqueue, getQueue, queueConnection, spreadMinute } from "@/lib/queues";
import { env } from "@/lib/env";
import { confirmConnectionGone, syncWindows, type SyncOptions, type SyncReport } from "@/lib/connections/sync";

// Scheduling and running a connection's jobs: the hourly incremental sync (a BullMQ job scheduler
// per connection) and the backfill (one job per requested range, progress reported per window).

export const syncSchedulerId = (connectionId: string) => `sync-${connectionId}`;

/**
 * A fixed minute of each hour per connection (hash of its id), so a thousand connections do not
 * all call their providers at :00.
 */
export function syncCronPattern(connectionId: string): string {
  return `${spreadMinute(connectionId)} * * * *`;
}

export async function scheduleSync(connectionId: string): Promise<void> {
  await getQueue("providerSync").upsertJobScheduler(syncSchedulerId(connectionId), { pattern: syncCronPattern(connectionId), tz: "UTC" }, { name: "provider-sync", data: { connectionId } });
}

export async function unscheduleSync(connectionId: string): Promise<void> {
  await getQueue("providerSync").removeJobScheduler(syncSchedulerId(connectionId));
}

/** At worker start: every connection that is not paused has its scheduler (Redis may have been emptied). */
export async function ensureSyncSchedulers(): Promise<number> {
  const connections = await db().providerConnection.findMany({ where: { status: { not: "PAUSED" } }, select: { id: true } });
  for (const c of connections) await scheduleSync(c.id);
  return connections.length;
}

/** The incremental job: from the stored cursor (minus the restatement days) through today. */
export async function runIncrementalSync(connectionId: string, opts: SyncOptions = {}): Promise<SyncReport> {
  const now = opts.now ?? (() => new Date());
  const c = await db().providerConnection.findUnique({ where: { id: connectionId }, select: { syncedThrough: true } });
  if (!c) {
    await confirmConnectionGone(connectionId); // throws (the job is retried) when the row is there after all
    await unscheduleSync(connectionId); // a scheduler left behind by a deletion made while Redis was down
    return { status: "gone", windows: 0, costRows: 0, usageRows: 0, requests: 0, retries: 0 };
  }
  return syncWindows(connectionId, incrementalWindows(c.syncedThrough, now()), opts);
}

// ---- Sync now --------------------------------------------------------------------------------

/** At most one "Sync now" per connection per minute: the hourly schedule does the rest. */
export const SYNC_NOW_COOLDOWN_MS = 60_000;

export const syncNowJobId = (connectionId: string) => `sync-now-${connectionId}`;

export interface SyncNowAnswer {
  /** True only when this request queued a sync. */
  queued: boolean;
  message: string;
}

/**
 * "Sync now": queue the incremental sync at once, unless one is already waiting or running, or one
 * was requested less than a minute ago. A Redis SET NX marker makes two presses at the same instant
 * queue one job, and each press is told the truth about its own request.
 */
export async function requestSync(ctx: Pick<OrgContext, "orgId">, connectionId: string): Promise<SyncNowAnswer> {
  const c = await db().providerConnection.findFirst({ where: inOrg(ctx, { id: connectionId }), select: { id: true, status: true } });
  if (!c) throw new AppError("NOT_FOUND", "Connection not found");
  if (c.status === "PAUSED") throw new AppError("CONFLICT", "The connection is paused: resume it before syncing.");
  const queue = getQueue("providerSync");
  const jobId = syncNowJobId(c.id);
  const marker = `${env().QUEUE_PREFIX}:sync-now:${c.id}`;
  const claimed = await queueConnection().set(marker, "1", "PX", SYNC_NOW_COOLDOWN_MS, "NX");
  const existing = await queue.getJob(jobId);
  const state = existing ? await existing.getState() : null;
  // No job yet but the marker taken: another press is between its claim and its enqueue.
  const pending = state === "waiting" || state === "active" || state === "delayed" || state === "prioritized" || (!claimed && !existing);
  if (pending) return { queued: false, message: "A sync is already queued: nothing more to do." };
  if (!claimed) {
    return state === "failed"
      ? { queued: false, message: "The sync requested less than a minute ago failed (see the error above); try again in a minute." }
      : { queued: false, message: "Synced less than a minute ago: the next sync can be requested in a minute." };
  }
  if (existing) await existing.remove(); // the last manual run finished; its id is free for this one
  await enqueue("providerSync", { connectionId: c.id }, { jobId });
  return { queued: true, message: "Sync queued: it starts within seconds." };
}

// ---- Backfill -------------------------------------------------------------------------------

export interface BackfillProgress {
  windowsDone: number;
  windowsTotal: number;
  percent: number;
}

export const backfillJobId = (connectionId: string, from: Date, to: Date) => `backfill-${connectionId}-${from.getTime()}-${to.getTime()}`;

/** Windows a backfill job reads, from its payload; the same payload always gives the same windows. */
export function backfillJobWindows(payload: { from: string; to: string }) {
  return monthWindows(new Date(payload.from), new Date(payload.to));
}

function progressOf(job: Pick<Job, "progress">): BackfillProgress | null {
  const p = job.progress as Partial<BackfillProgress> | number | undefined;
  return typeof p === "object" && p && typeof p.windowsDone === "number" && typeof p.windowsTotal === "number" ? (p as BackfillProgress) : null;
}

/**
 * The backfill job. Windows committed before a crash are skipped on the re-run (their count is in
 * the job's progress, which BullMQ keeps); re-reading one would be harmless, only slower.
 */
export async function runBackfill(connectionId: string, job: Pick<Job, "progress" | "updateProgress">, payload: { from: string; to: string }, opts: SyncOptions = {}): Promise<SyncReport> {
  const windows = backfillJobWindows(payload);
  const already = Math.min(progressOf(job)?.windowsDone ?? 0, windows.length);
  const report = await syncWindows(connectionId, windows.slice(already), {
    ...opts,
    onWindow: async (done, _total, window) => {
      const progress: BackfillProgress = { windowsDone: already + done, windowsTotal: windows.length, percent: Math.floor(((already + done) * 100) / windows.length) };
      await job.updateProgress(progress);
      await db().providerConnection.update({ where: { id: connectionId }, data: { backfillProgress: progress.percent } });
      await opts.onWindow?.(done, _total, window);
    },
  });
  return report;
}

export interface BackfillStatus {
  jobId: string | null;
  state: "none" | "waiting" | "active" | "completed" | "failed";
  percent: number;
  windowsDone: number;
  windowsTotal: number;
  error: string | null;
}

/** Queue a backfill of `months` for an org's connection; the same range already queued or running is returned, not queued twice. */
export async function startBackfill(ctx: Pick<OrgContext, "orgId" | "userId" | "clientIp">, connectionId: string, months: number, now: Date): Promise<BackfillStatus & { message: string }> {
  const c = await db().providerConnection.findFirst({ where: inOrg(ctx, { id: connectionId }), select: { id: true, status: true } });
  if (!c) throw new AppError("NOT_FOUND", "Connection not found");
  if (c.status === "PAUSED") throw new AppError("CONFLICT", "The connection is paused: resume it before a backfill.");
  const from = backfillStart(now, months);
  const to = syncHorizon(now);
  const jobId = backfillJobId(c.id, from, to);
  const queue = getQueue("providerBackfill");
  const existing = await queue.getJob(jobId);
  if (existing) {
    const state = await existing.getState();
    // A finished run of the same range may be run again; a waiting or running one is not duplicated.
    if (state === "completed" || state === "failed") await existing.remove();
    // The job itself, not the connection row: a request at the same instant may not have written the row yet.
    else return { ...(await describeBackfill(jobId, null)), message: "A backfill of the same months is already queued or running." };
  }
  await enqueue("providerBackfill", { connectionId: c.id, from: from.toISOString(), to: to.toISOString() }, { jobId });
  await db().providerConnection.update({ where: { id: c.id }, data: { backfillJobId: jobId, backfillProgress: 0, backfillMonths: months } });
  await db().auditLog.create({ data: { orgId: ctx.orgId, actorUserId: ctx.userId, ip: ctx.clientIp ?? null, action: "connection.backfill", targetType: "ProviderConnection", targetId: c.id, data: { months } } });
  return { ...(await backfillStatus(ctx, connectionId)), message: `Backfill queued from ${from.toLocaleString("en-US", { month: "long", year: "numeric", timeZone: "UTC" })}.` };
}

export async function backfillStatus(ctx: Pick<OrgContext, "orgId">, connectionId: string): Promise<BackfillStatus> {
  const c = await db().providerConnection.findFirst({ where: inOrg(ctx, { id: connectionId }), select: { backfillJobId: true, backfillProgress: true } });
  if (!c) throw new AppError("NOT_FOUND", "Connection not found");
  return describeBackfill(c.backfillJobId, c.backfillProgress);
}

export async function describeBackfill(jobId: string | null, storedPercent: number | null): Promise<BackfillStatus> {
  const none: BackfillStatus = { jobId, state: "none", percent: storedPercent ?? 0, windowsDone: 0, windowsTotal: 0, error: null };
  if (!jobId) return none;
  const job = await getQueue("providerBackfill").getJob(jobId);
  // Finished jobs are trimmed from Redis eventually; the connection row keeps the last percentage.
  if (!job) return { ...none, state: storedPercent === 100 ? "completed" : "none" };
  const state = await job.getState();
  const p = progressOf(job);
  const base = { jobId, percent: p?.percent ?? 0, windowsDone: p?.windowsDone ?? 0, windowsTotal: p?.windowsTotal ?? backfillJobWindows(job.data as { from: string; to: string }).length, error: null };
  // A run that stopped because the connection was paused completes without reaching 100%.
  if (state === "completed") return { ...base, state, percent: (job.returnvalue as SyncReport | undefined)?.status === "done" ? 100 : base.percent };
  if (state === "failed") return { ...base, state, error: job.failedReason || "failed" };
  if (state === "active") return { ...base, state };
  return { ...base, state: "waiting" };
}
