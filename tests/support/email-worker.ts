import type { Worker } from "bullmq";
import { afterAll, beforeAll } from "vitest";
import { closeQueues, getQueue } from "@/lib/queues";
import { startWorker } from "@/workers/registry";
import { sendEmailJob } from "@/workers/send-email";

/** The real email worker on this run's Redis prefix for one test file; its queue emptied afterwards. Register after any beforeAll that sets SMTP_URL. */
export function useEmailWorker(): void {
  let worker: Worker;
  beforeAll(async () => {
    worker = startWorker("email", sendEmailJob, { concurrency: 1 });
    await worker.waitUntilReady();
  });
  afterAll(async () => {
    await worker.close();
    await getQueue("email").obliterate({ force: true });
    await closeQueues();
  });
}
