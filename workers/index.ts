import type { Worker } from "bullmq";
import { env } from "@/lib/env";
import { disconnectDb } from "@/lib/db";
import { logger } from "@/lib/log";
import { closeQueues } from "@/lib/queues";
import { startWorker } from "./registry";
import { sendEmailJob } from "./send-email";
import { channelBackoff, sendChannelJob } from "./send-channel";
import { scheduleGpuJobs } from "@/lib/gpu/schedule";
import { gpuRollupJob } from "./gpu-rollup";
import { gpuScrapeJob } from "./gpu-scrape";
import { ensureSyncSchedulers } from "@/lib/connections/jobs";
import { providerBackfillJob, providerSyncJob } from "./provider-sync";
import { pollPricesJob } from "./poll-prices";
import { checkDocumentsJob } from "./check-documents";
import { evaluateAlertsJob } from "./evaluate-alerts";
import { sendDigestsJob } from "./send-digests";
import { otelMaintainJob } from "./otel-maintain";
import { upsertWatchSchedules } from "./watch-schedules";
import { viewReportJob } from "./view-report";
import { ensureReportSchedulers } from "@/lib/spend/view-report-schedule";
import { ensureFocusSourceSchedulers } from "@/lib/focus/sources";
import { focusSourceJob } from "./focus-source";

// Starts every worker and job scheduler. On SIGTERM/SIGINT: stop taking jobs, let in-flight ones
// finish (BullMQ's close waits for them; a job cut off by the hard time-out is returned to the
// queue as stalled and retried), then close queues, Prisma and Redis.

const SHUTDOWN_TIMEOUT_MS = 30_000;

export async function startWorkers(): Promise<Worker[]> {
  env(); // validate configuration first: a malformed variable stops start-up, naming it
  const workers = [startWorker("email", sendEmailJob), startWorker("channelDeliver", sendChannelJob, { backoffStrategy: channelBackoff })];
  workers.push(startWorker("gpuScrape", gpuScrapeJob), startWorker("gpuRollup", gpuRollupJob));
  workers.push(startWorker("providerSync", (p, job) => providerSyncJob(p, job)), startWorker("providerBackfill", (p, job) => providerBackfillJob(p, job)));
  // Watch and alert jobs: one run at a time each (they walk every document / org themselves).
  workers.push(
    startWorker("pricesPoll", pollPricesJob, { concurrency: 1 }),
    startWorker("documentsCheck", checkDocumentsJob, { concurrency: 1 }),
    startWorker("alertsEvaluate", evaluateAlertsJob, { concurrency: 1 }),
    startWorker("alertsDigest", sendDigestsJob, { concurrency: 1 }),
    startWorker("otelMaintain", otelMaintainJob, { concurrency: 1 }),
    startWorker("viewReport", viewReportJob, { concurrency: 1 }),
    // A FOCUS drop can be a gigabyte: one import at a time (a source's scheduled run and its "import now" never overlap).
    startWorker("focusSource", focusSourceJob, { concurrency: 1 }),
  );
  await Promise.all(workers.map((w) => w.waitUntilReady()));
  await upsertWatchSchedules(); // prices, vendor documents, alert evaluation, daily digest (cron from env)
  await scheduleGpuJobs(); // GPU scrape schedulers per source + the hourly roll-up tick
  await ensureSyncSchedulers(); // hourly incremental sync per provider connection that is not paused
  await ensureReportSchedulers(); // the weekly email of each saved view that has one
  await ensureFocusSourceSchedulers(); // hourly or daily run of each enabled scheduled FOCUS drop
  return workers;
}

async function main() {
  let workers: Worker[];
  try {
    workers = await startWorkers();
  } catch (e) {
    process.stderr.write(`${e instanceof Error ? e.message : String(e)}\n`);
    process.exit(1);
  }
  logger.info("workers started", { queues: workers.map((w) => w.name) });
  let stopping = false;
  const stop = async (signal: string) => {
    if (stopping) return;
    stopping = true;
    logger.info("shutting down workers", { signal });
    const timer = setTimeout(() => {
      logger.error("shutdown timed out; exiting with jobs still running (they will be retried)");
      process.exit(1);
    }, SHUTDOWN_TIMEOUT_MS);
    await Promise.all(workers.map((w) => w.close()));
    await closeQueues();
    await disconnectDb();
    clearTimeout(timer);
    logger.info("workers stopped");
    process.exit(0);
  };
  process.on("SIGTERM", () => void stop("SIGTERM"));
  process.on("SIGINT", () => void stop("SIGINT"));
}

if (import.meta.url === `file://${process.argv[1]}`) void main();
