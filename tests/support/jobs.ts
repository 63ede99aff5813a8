import type { Job } from "bullmq";
import { getQueue, type QueueKey } from "@/lib/queues";

/** Poll a job until BullMQ says it is completed or failed (generous deadline: this is not a timing test). */
export async function waitForJob(key: QueueKey, jobId: string, deadlineMs = 120_000): Promise<{ state: "completed" | "failed"; job: Job }> {
  const until = Date.now() + deadlineMs;
  for (;;) {
    const job = await getQueue(key).getJob(jobId);
    const state = job ? await job.getState() : "missing";
    // Fetched again once finished: the copy read before getState() may predate the last attempt.
    if (job && (state === "completed" || state === "failed")) return { state, job: (await getQueue(key).getJob(jobId))! };
    if (Date.now() > until) throw new Error(`job ${jobId} still ${state} after ${deadlineMs} ms`);
    await new Promise((r) => setTimeout(r, 100));
  }
}
