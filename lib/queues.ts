import { Queue, type JobsOptions } from "bullmq";
import { z } from "zod";
import type { Redis } from "ioredis";
import { env } from "@/lib/env";
import { createRedis } from "@/lib/redis";

// The one queue contract, imported by producers (web, other jobs) and consumers (workers/).
// Payloads carry ids and windows, never secrets. A field added later must be optional so jobs
// already waiting in Redis still parse.

const defaults: JobsOptions = {
  attempts: 5,
  backoff: { type: "exponential", delay: 5_000, jitter: 0.5 },
  removeOnComplete: { count: 1000 },
  removeOnFail: { count: 5000 },
};

export const QUEUES = {
  email: {
    name: "email-deliver",
    payload: z.object({ deliveryId: z.string().min(1) }),
    options: { ...defaults, attempts: 6, backoff: { type: "exponential", delay: 15_000, jitter: 0.5 } } satisfies JobsOptions,
  },
} as const;

export type QueueKey = keyof typeof QUEUES;
export type Payload<K extends QueueKey> = z.infer<(typeof QUEUES)[K]["payload"]>;

let connection: Redis | undefined;
const queues = new Map<string, Queue>();

export function queueConnection(): Redis {
  connection ??= createRedis();
  return connection;
}

export function getQueue(key: QueueKey): Queue {
  const def = QUEUES[key];
  let q = queues.get(def.name);
  if (!q) {
    q = new Queue(def.name, { connection: queueConnection(), prefix: env().QUEUE_PREFIX, defaultJobOptions: def.options });
    queues.set(def.name, q);
  }
  return q;
}

/** Validate and enqueue. `jobId` (no colons) makes the same natural job impossible to queue twice. */
export async function enqueue<K extends QueueKey>(key: K, payload: Payload<K>, opts: JobsOptions = {}) {
  const data = QUEUES[key].payload.parse(payload);
  return getQueue(key).add(QUEUES[key].name, data, opts);
}

export async function closeQueues(): Promise<void> {
  await Promise.all([...queues.values()].map((q) => q.close()));
  queues.clear();
  connection?.disconnect();
  connection = undefined;
}
