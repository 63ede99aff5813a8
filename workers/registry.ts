import { UnrecoverableError, Worker, type BackoffStrategy, type Job, type Processor } from "bullmq";
import type { ZodType } from "zod";
import { env } from "@/lib/env";
import { isAppError } from "@/lib/errors";
import { logger } from "@/lib/log";
import { createRedis } from "@/lib/redis";
import { QUEUES, type QueueKey } from "@/lib/queues";

// The one place workers are created: each gets its own Redis connection, its payload parsed with
// the queue contract's schema, one log line per outcome, and AppErrors translated once: errors
// that retrying cannot fix (bad payload, bad credentials, bad input) become UnrecoverableError.

const PERMANENT = new Set(["BAD_INPUT", "UPSTREAM_AUTH", "NOT_FOUND", "FORBIDDEN", "REFUSED"]);

export type JobHandler<T> = (payload: T, job: Job) => Promise<unknown>;

export function startWorker<K extends QueueKey>(
  key: K,
  handler: JobHandler<ReturnType<(typeof QUEUES)[K]["payload"]["parse"]>>,
  opts: { concurrency?: number; backoffStrategy?: BackoffStrategy } = {},
): Worker {
  const def = QUEUES[key];
  const processor: Processor = async (job) => {
    const parsed = (def.payload as ZodType).safeParse(job.data);
    if (!parsed.success) throw new UnrecoverableError(`invalid payload for ${def.name}: ${parsed.error.issues.map((i) => `${i.path.join(".")}: ${i.message}`).join("; ")}`);
    try {
      return await handler(parsed.data as never, job);
    } catch (e) {
      if (isAppError(e) && PERMANENT.has(e.code)) throw new UnrecoverableError(e.message);
      throw e;
    }
  };
  const worker = new Worker(def.name, processor, {
    connection: createRedis(),
    prefix: env().QUEUE_PREFIX,
    concurrency: opts.concurrency ?? env().WORKER_CONCURRENCY,
    ...(opts.backoffStrategy ? { settings: { backoffStrategy: opts.backoffStrategy } } : {}),
  });
  worker.on("completed", (job) => logger.info("job completed", { queue: def.name, jobId: job.id, attempts: job.attemptsMade, ms: job.finishedOn && job.processedOn ? job.finishedOn - job.processedOn : undefined }));
  worker.on("failed", (job, err) =>
    logger.warn("job failed", { queue: def.name, jobId: job?.id, attempt: job?.attemptsMade, final: job ? job.attemptsMade >= (job.opts.attempts ?? 1) || err instanceof UnrecoverableError : true, error: err.message }),
  );
  worker.on("error", (err) => logger.error("worker error", { queue: def.name, error: err.message }));
  return worker;
}
