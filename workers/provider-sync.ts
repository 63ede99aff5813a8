import { UnrecoverableError, type Job } from "bullmq";
import { recordSyncFailure, type ClientOverrides } from "@/lib/connections/sync";
import { runBackfill, runIncrementalSync } from "@/lib/connections/jobs";

// Thin processors for the two provider jobs: run the sync in lib/, and on failure store the error on
// the connection, then either let BullMQ retry (429/5xx/time-outs after the client's own retries)
// or stop at once (401/403, malformed body, repeated cursor): retrying those cannot help.

async function failed(connectionId: string, e: unknown, job: Job): Promise<Error> {
  const lastAttempt = job.attemptsMade + 1 >= (job.opts.attempts ?? 1);
  const failure = await recordSyncFailure(connectionId, e, { finalAttempt: lastAttempt });
  if (!failure.retry) return new UnrecoverableError(failure.message);
  return e instanceof Error ? e : new Error(failure.message);
}

/** `client` is for tests and benchmarks (short time-outs); the registry passes none. */
export async function providerSyncJob(payload: { connectionId: string }, job: Job, client?: ClientOverrides) {
  try {
    return await runIncrementalSync(payload.connectionId, { client });
  } catch (e) {
    throw await failed(payload.connectionId, e, job);
  }
}

export async function providerBackfillJob(payload: { connectionId: string; from: string; to: string }, job: Job, client?: ClientOverrides) {
  try {
    return await runBackfill(payload.connectionId, job, payload, { client });
  } catch (e) {
    throw await failed(payload.connectionId, e, job);
  }
}
