import type { Job } from "bullmq";
import { collectSource } from "@/lib/gpu/collect";

// Thin: one tick of one GPU metric source. The tick is `at` when given, else the time the
// scheduler made the job due (timestamp + delay), so scrapes of one source are exactly one
// interval apart whatever the queue latency.
export async function gpuScrapeJob(payload: { sourceId: string; at?: string }, job: Job) {
  const at = payload.at ? new Date(payload.at) : new Date(job.timestamp + (job.opts.delay ?? 0));
  return collectSource(payload.sourceId, at);
}
