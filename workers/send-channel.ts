import type { BackoffStrategy, Job } from "bullmq";
import { attemptChannelDelivery, ChannelAttemptFailed } from "@/lib/channels/deliver";
import { retryDelayMs } from "@/lib/channels/retry";

// Thin: the delivery row holds the rendered body; lib sends it through the guarded client and records the attempt.
export async function sendChannelJob(payload: { deliveryId: string }, job: Job) {
  const finalAttempt = job.attemptsMade + 1 >= (job.opts.attempts ?? 1);
  return attemptChannelDelivery(payload.deliveryId, { finalAttempt });
}

/** The "channel" backoff: the schedule in lib/channels/retry.ts, or the receiver's Retry-After. */
export const channelBackoff: BackoffStrategy = (attemptsMade, _type, err) => retryDelayMs(attemptsMade, err instanceof ChannelAttemptFailed ? err.retryAfterMs : null);
