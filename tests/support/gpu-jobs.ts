import { randomBytes } from "node:crypto";
import { enqueue, getQueue, type Payload, type QueueKey } from "@/lib/queues";

export interface FinishedJob {
  state: "completed" | "failed";
  result: unknown;
  failedReason: string | undefined;
}

/**
 * Queue one job through the real Redis and wait for a worker (started by the test with the
 * registry's startWorker) to finish it. Polls the job's state: no timing in assertions.
 */
export async function runJob<K extends QueueKey>(key: K, payload: Payload<K>, timeoutMs = 30_000): Promise<FinishedJob> {
  const job = await enqueue(key, payload, { jobId: `test-${key}-${randomBytes(6).toString("hex")}` });
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const state = await job.getState();
    if (state === "completed" || state === "failed") {
      const done = (await getQueue(key).getJob(job.id!))!;
      return { state, result: done.returnvalue, failedReason: done.failedReason };
    }
    if (Date.now() > deadline) throw new Error(`job ${key} ${job.id} still ${state} after ${timeoutMs} ms`);
    await new Promise((r) => setTimeout(r, 25));
  }
}
