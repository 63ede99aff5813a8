import type { Job } from "bullmq";
import { sendDelivery } from "@/lib/email/deliver";

// Thin: the delivery row holds the rendered message; lib records each attempt.
export async function sendEmailJob(payload: { deliveryId: string }, job: Job) {
  const finalAttempt = job.attemptsMade + 1 >= (job.opts.attempts ?? 1);
  return sendDelivery(payload.deliveryId, { finalAttempt });
}
