import { db } from "@/lib/db";
import type { AllowListInput } from "@/lib/net/ssrf";
import { AppError, isAppError } from "@/lib/errors";
import type { ScrapeSnapshot } from "@/lib/gpu/mapping";
import { queryPrometheusRange, scrapePrometheusText } from "@/lib/gpu/scrape";
import { unscheduleSourceScrape } from "@/lib/gpu/schedule";
import { recordScrapeFailure, writeScrapeSamples } from "@/lib/gpu/store";
import { rowExists } from "@/lib/db/row-exists";

// One tick of one metric source: fetch, map, store all or nothing. What the scrape job runs.

/** A Prometheus source catches up at most this far back after an outage (≤ 360 points at 60 s). */
export const MAX_BACKFILL_MS = 6 * 3_600_000;

export type CollectOutcome =
  | { status: "stored"; snapshots: number; rows: number }
  | { status: "skipped"; reason: string };

export interface CollectOptions {
  allowList?: AllowListInput;
  maxBytes?: number;
  /** The first read of the source; tests inject a database that answers "no row" wrongly. */
  loadSource?: (sourceId: string) => Promise<SourceWithPool | null>;
}

type SourceWithPool = NonNullable<Awaited<ReturnType<typeof readSource>>>;

function readSource(sourceId: string) {
  return db().gpuMetricSource.findUnique({ where: { id: sourceId }, include: { pool: { select: { scrapeIntervalSeconds: true } } } });
}

/**
 * Scrape source `sourceId` for the tick `at`. On any fault of the target (unreachable, HTTP error,
 * HTML, bad lines, NaN, over the size cap) nothing is written, the error is recorded on the
 * source and its pool, and the AppError is rethrown so the job shows as failed.
 */
export async function collectSource(sourceId: string, at: Date, options: CollectOptions = {}): Promise<CollectOutcome> {
  const source = await (options.loadSource ?? readSource)(sourceId);
  if (!source) {
    // Only a confirmed deletion stops the scraping; a read that failed throws before this point.
    if (!(await rowExists("gpuMetricSource", sourceId))) {
      await unscheduleSourceScrape(sourceId); // a scheduler left behind by a deletion made while Redis was down
      return { status: "skipped", reason: "source deleted" };
    }
    const message = "The database answered that this source does not exist, but it does: the scrape was not stored and is retried at the next tick.";
    const doubtful = await readSource(sourceId);
    if (doubtful) await recordScrapeFailure(doubtful, message);
    throw new AppError("INTERNAL", `GPU metric source ${sourceId}: ${message}`, { sourceId });
  }
  if (!source.enabled) return { status: "skipped", reason: "source disabled" };
  const intervalSeconds = source.pool.scrapeIntervalSeconds;
  // Half the interval, within 2..15 s: a slow target must not make scrapes pile up.
  const timeoutMs = Math.min(15_000, Math.max(2_000, intervalSeconds * 500));

  let snapshots: ScrapeSnapshot[];
  let through = at;
  try {
    if (source.kind === "PROMETHEUS_TEXT") {
      const snapshot = await scrapePrometheusText(source.url, { timeoutMs, now: at, allowList: options.allowList, maxBytes: options.maxBytes });
      if (snapshot.gpus.length === 0 && snapshot.models.length === 0) {
        throw new AppError("UPSTREAM_BAD_RESPONSE", `${snapshot.target}: the page has no GPU (DCGM_FI_DEV_*) or served-model (vllm:*) series; check that this is a dcgm-exporter or vLLM /metrics URL`, { url: snapshot.target });
      }
      snapshots = [snapshot];
    } else {
      const window = prometheusWindow(source.lastScrapeAt, at, intervalSeconds);
      if (!window) return { status: "skipped", reason: "already queried up to this tick" };
      snapshots = await queryPrometheusRange(source.url, { ...window, stepSeconds: intervalSeconds, timeoutMs, allowList: options.allowList, maxBytes: options.maxBytes });
      // The last point Prometheus evaluated: the next range starts there, on the same grid.
      through = new Date(window.start.getTime() + Math.floor((window.end.getTime() - window.start.getTime()) / (intervalSeconds * 1000)) * intervalSeconds * 1000);
    }
  } catch (e) {
    if (isAppError(e)) await recordScrapeFailure(source, e.message);
    throw e;
  }
  const { rows } = await writeScrapeSamples(source, snapshots, through);
  return { status: "stored", snapshots: snapshots.length, rows };
}

/**
 * The range to ask a Prometheus server for at tick `at`: from the last point already stored (asked
 * again: storing it twice replaces it) to the tick, at most MAX_BACKFILL_MS back; the first time,
 * one step back so the range has two points. Prometheus evaluates start, start + step, … ≤ end.
 */
export function prometheusWindow(lastScrapeAt: Date | null, at: Date, stepSeconds: number): { start: Date; end: Date } | null {
  const end = at.getTime();
  const earliest = end - MAX_BACKFILL_MS;
  const start = lastScrapeAt ? Math.max(lastScrapeAt.getTime(), earliest) : end - stepSeconds * 1000;
  if (start >= end) return null;
  return { start: new Date(start), end: new Date(end) };
}
