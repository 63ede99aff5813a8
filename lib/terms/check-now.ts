import { randomUUID } from "node:crypto";
import { getQueue, QUEUES } from "@/lib/queues";

// "Check now" for one watched document. The answer must be true: it says "queued" only when this request
// put a job in the queue, and otherwise why not — a check for the document is already waiting or running,
// or the document was fetched less than a minute ago (the page cannot have said anything new we would see).

export type ManualCheckAnswer =
  | { queued: true; message: string }
  | { queued: false; reason: "already-queued" | "checked-recently"; message: string };

/** A manual check within this long of the last fetch is refused (the schedule and the button share the fetcher). */
export const MANUAL_CHECK_MIN_INTERVAL_MS = 60_000;

const BUSY_STATES = new Set(["waiting", "active", "delayed", "prioritized", "waiting-children"]);

/**
 * The pure decision: given when the document was last fetched (or last failed) and the state of the job a
 * previous "check now" left in the queue, may we queue one now?
 */
export function decideManualCheck(input: { lastAttemptAt: Date | null; pendingJobState: string | null; now: Date }): ManualCheckAnswer | null {
  if (input.pendingJobState && BUSY_STATES.has(input.pendingJobState)) {
    return { queued: false, reason: "already-queued", message: input.pendingJobState === "active" ? "A check of this document is running now." : "A check of this document is already queued." };
  }
  if (input.lastAttemptAt && input.now.getTime() - input.lastAttemptAt.getTime() < MANUAL_CHECK_MIN_INTERVAL_MS) {
    return { queued: false, reason: "checked-recently", message: "This document was checked less than a minute ago; try again in a minute." };
  }
  return null;
}

/** The one job id a manual check of a document uses, so two clicks cannot queue two fetches. */
export function manualCheckJobId(documentId: string): string {
  return `documents-check-${documentId}-manual`;
}

/**
 * Queue a manual check unless decideManualCheck refuses. BullMQ's add() with an existing job id adds nothing (and
 * still returns a Job built from our arguments): the request id stored in Redis tells us whether the job is ours, so a
 * click racing another click is told "already queued", never "queued".
 */
export async function queueManualCheck(documentId: string, lastAttemptAt: Date | null, now: Date = new Date()): Promise<ManualCheckAnswer> {
  const queue = getQueue("documentsCheck");
  const jobId = manualCheckJobId(documentId);
  const existing = await queue.getJob(jobId);
  const state = existing ? await existing.getState() : null;
  const refusal = decideManualCheck({ lastAttemptAt, pendingJobState: state, now });
  if (refusal) return refusal;
  if (existing) await existing.remove().catch(() => undefined); // finished: make room for this one under the same id
  const requestId = randomUUID();
  const data = QUEUES.documentsCheck.payload.parse({ documentId, requestId });
  await queue.add(QUEUES.documentsCheck.name, data, { jobId });
  // add() hands back a Job built from OUR arguments even when the id existed: read what Redis holds.
  const stored = await queue.getJob(jobId);
  if ((stored?.data as { requestId?: string } | undefined)?.requestId !== requestId) {
    return { queued: false, reason: "already-queued", message: "A check of this document is already queued." };
  }
  return { queued: true, message: "Check queued: the result appears here within a few minutes." };
}
