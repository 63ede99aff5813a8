import { Queue, type JobsOptions } from "bullmq";
import { z } from "zod";
import type { Redis } from "ioredis";
import { env } from "@/lib/env";
import { createRedis } from "@/lib/redis";
import { MAX_ATTEMPTS as CHANNEL_MAX_ATTEMPTS } from "@/lib/channels/retry";

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
  // One Slack / webhook message (lib/channels): about 24 hours of attempts on the schedule of
  // lib/channels/retry.ts, or sooner/later when the receiver sends Retry-After (backoff type "channel",
  // computed by the worker's backoffStrategy).
  channelDeliver: {
    name: "channel-deliver",
    payload: z.object({ deliveryId: z.string().min(1) }),
    options: { ...defaults, attempts: CHANNEL_MAX_ATTEMPTS, backoff: { type: "channel" }, removeOnFail: { count: 5000 } } satisfies JobsOptions,
  },
  // One scrape of one GPU metric source (a job scheduler per source, id `gpu-scrape-<sourceId>`,
  // every pool.scrapeIntervalSeconds). Never retried: the next tick is the retry. `at` pins the
  // tick (tests, "scrape now"); by default the time the scheduler made the job due.
  gpuScrape: {
    name: "gpu-scrape",
    payload: z.object({ sourceId: z.string().min(1), at: z.iso.datetime().optional() }),
    options: { ...defaults, attempts: 1, removeOnComplete: { count: 500 }, removeOnFail: { count: 1000 } } satisfies JobsOptions,
  },
  // GPU roll-up. No poolId: the hourly tick (scheduler `gpu-rollup-hourly`) that queues one job per
  // pool (jobId `gpu-rollup-<poolId>-<hourMs>`). poolId: roll up every hour not yet rolled up,
  // then delete expired raw samples. poolId + hour: roll that one hour up again.
  gpuRollup: {
    name: "gpu-rollup",
    payload: z.object({ poolId: z.string().min(1).optional(), hour: z.iso.datetime().optional() }),
    options: { ...defaults, attempts: 3 } satisfies JobsOptions,
  },
  // Hourly incremental sync of one provider connection (one job scheduler per connection,
  // id `sync-<connectionId>`): from its syncedThrough cursor, re-reading the last 3 days.
  providerSync: {
    name: "provider-sync",
    payload: z.object({ connectionId: z.string().min(1) }),
    options: defaults,
  },
  // History of one connection in 31-day windows; jobId `backfill-<connectionId>-<fromMs>-<toMs>`.
  providerBackfill: {
    name: "provider-backfill",
    payload: z.object({ connectionId: z.string().min(1), from: z.iso.datetime(), to: z.iso.datetime() }),
    options: defaults,
  },
  // Watch and alert jobs (scheduled in workers/watch-schedules.ts). Each run is complete on its own, so a
  // failed run is retried a few times and otherwise left to the next scheduled one.
  pricesPoll: {
    name: "prices-poll",
    payload: z.object({ format: z.enum(["litellm", "openrouter"]).optional() }),
    options: { ...defaults, attempts: 3 } satisfies JobsOptions,
  },
  documentsCheck: {
    name: "documents-check",
    /** no documentId = every enabled document */
    /** requestId: set by "check now" so the caller can tell its own job from one already queued */
    payload: z.object({ documentId: z.string().min(1).optional(), requestId: z.string().min(1).optional() }),
    options: { ...defaults, attempts: 3 } satisfies JobsOptions,
  },
  alertsEvaluate: {
    name: "alerts-evaluate",
    /** no orgId = every org with an enabled rule */
    payload: z.object({ orgId: z.string().min(1).optional() }),
    options: { ...defaults, attempts: 3 } satisfies JobsOptions,
  },
  // The weekly email of one saved Spend view (a job scheduler per report, id `view-report-<reportId>`,
  // cron from its weekday and UTC time). `at` pins the run (tests); by default the time it was due.
  viewReport: {
    name: "view-report",
    payload: z.object({ reportId: z.string().min(1), at: z.iso.datetime().optional() }),
    options: { ...defaults, attempts: 3 } satisfies JobsOptions,
  },
  // OpenTelemetry span upkeep (lib/otlp): settle recent days' dimension roll-ups and unit stats from the
  // raw span events, then create next month's partition and drop those past retention. `now` pins
  // the clock (tests); `lookbackDays` widens the days settled (the nightly run).
  otelMaintain: {
    name: "otel-maintain",
    payload: z.object({ now: z.iso.datetime().optional(), lookbackDays: z.number().int().min(0).max(31).optional() }),
    options: { ...defaults, attempts: 3 } satisfies JobsOptions,
  },
  // One run of one scheduled FOCUS drop (lib/focus/sources.ts): a job scheduler per enabled source, id
  // `focus-source-<sourceId>`, hourly or daily; "import now" uses jobId `focus-source-now-<sourceId>`.
  // Never retried: the run records its failure on the source, and the next scheduled run is the retry.
  focusSource: {
    name: "focus-source",
    payload: z.object({ sourceId: z.string().min(1), requestId: z.string().min(1).optional() }),
    options: { ...defaults, attempts: 1, removeOnComplete: { count: 500 }, removeOnFail: { count: 1000 } } satisfies JobsOptions,
  },
  alertsDigest: {
    name: "alerts-digest",
    payload: z.object({}),
    options: { ...defaults, attempts: 3 } satisfies JobsOptions,
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

/**
 * A fixed minute of the hour for a scheduled job of one record (FNV-1a of its id), so a thousand
 * connections or FOCUS drops do not all call out at :00.
 */
export function spreadMinute(id: string): number {
  let h = 2166136261;
  for (const ch of id) h = Math.imul(h ^ ch.charCodeAt(0), 16777619) >>> 0;
  return h % 60;
}
