import { env } from "@/lib/env";
import { getQueue, type QueueKey } from "@/lib/queues";

// The periodic watch and alert jobs, as BullMQ job schedulers (idempotent: upserting the same id again only
// updates its pattern, so every worker process may call this at start-up). Cron patterns are UTC, from env.
export async function upsertWatchSchedules(): Promise<void> {
  const e = env();
  const schedules: { key: QueueKey; pattern: string; data: Record<string, never> }[] = [
    { key: "pricesPoll", pattern: e.PRICE_POLL_CRON, data: {} },
    { key: "documentsCheck", pattern: e.DOCUMENT_POLL_CRON, data: {} },
    { key: "alertsEvaluate", pattern: e.ALERT_EVALUATE_CRON, data: {} },
    { key: "alertsDigest", pattern: e.ALERT_DIGEST_CRON, data: {} },
  ];
  for (const s of schedules) {
    const queue = getQueue(s.key);
    await queue.upsertJobScheduler(`${queue.name}-schedule`, { pattern: s.pattern, tz: "UTC" }, { name: queue.name, data: s.data });
  }
  // Span upkeep: today's and yesterday's splits every 10 minutes; the whole settle window nightly,
  // with partition maintenance on every run (cheap: a catalog query when nothing changes).
  const otel = getQueue("otelMaintain");
  await otel.upsertJobScheduler("otel-maintain-recent", { pattern: "*/10 * * * *", tz: "UTC" }, { name: otel.name, data: { lookbackDays: 1 } });
  await otel.upsertJobScheduler("otel-maintain-nightly", { pattern: "20 0 * * *", tz: "UTC" }, { name: otel.name, data: {} });
}
