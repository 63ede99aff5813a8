import { env } from "@/lib/env";
import { settleRecent } from "@/lib/otlp/settle";
import { spanStore } from "@/lib/otlp/span-store";
import type { Payload } from "@/lib/queues";

// Thin: settle recent days of span events into roll-ups, then keep the partitions (retention).
export async function otelMaintainJob(payload: Payload<"otelMaintain">) {
  const now = payload.now ? new Date(payload.now) : new Date();
  const settled = await settleRecent(now, payload.lookbackDays);
  const partitions = await spanStore().maintain(now, env().OTLP_SPAN_RETENTION_DAYS);
  return { settled: settled.length, ...partitions };
}
