import { AppError, isAppError } from "@/lib/errors";
import { fetchCapped, redactUrl, statusError } from "@/lib/gpu/capped-fetch";
import { mapSamplesToSnapshot, METRICS_USED, type ScrapeSnapshot } from "@/lib/gpu/mapping";
import { looksLikeHtml, parseExpositionText } from "@/lib/gpu/prometheus-text";
import { matricesToSnapshots, readQueryRangeAnswer } from "@/lib/gpu/prometheus-api";

// The two ways metrics come in: scrape an exporter's /metrics ourselves, or ask the Prometheus
// server that already scrapes it. Both return ScrapeSnapshots or throw one AppError: a scrape is
// all or nothing, so a caller never stores half of a bad answer.

export { DEFAULT_MAX_BYTES, USER_AGENT } from "@/lib/gpu/capped-fetch";

export interface ScrapeOptions {
  fetchImpl?: typeof fetch;
  timeoutMs: number;
  /** Cap on the (decompressed) body; default 5 MB, far above a real exporter page (tens of KB). */
  maxBytes?: number;
  /** Time to stamp the snapshot with, normally the scheduler's tick, so scrapes a minute apart
   *  are exactly 60 s apart whatever the network latency. Defaults to the time of the answer. */
  now?: Date;
}

// Ask for the classic text format: the parser does not read OpenMetrics or protobuf.
const ACCEPT_TEXT = "text/plain;version=0.0.4;q=1.0, */*;q=0.1";

/** GET one exporter's metrics page and map it. Throws an AppError (nothing returned) on any fault. */
export async function scrapePrometheusText(url: string, options: ScrapeOptions): Promise<ScrapeSnapshot> {
  const where = redactUrl(url);
  const answer = await fetchCapped(url, { ...options, accept: ACCEPT_TEXT });
  if (answer.status < 200 || answer.status > 299) throw statusError(where, answer.status, "the metrics target");
  try {
    const samples = parseExpositionText(answer.text, { contentType: answer.contentType });
    return mapSamplesToSnapshot(samples, { scrapedAt: options.now ?? new Date(), target: where });
  } catch (e) {
    // The body is the target's, not the user's: report it as a bad upstream answer.
    if (isAppError(e) && e.code === "BAD_INPUT") throw new AppError("UPSTREAM_BAD_RESPONSE", `${where}: ${e.message}`, { ...e.details, url: where });
    throw e;
  }
}

export interface RangeQueryOptions {
  start: Date;
  end: Date;
  /** Should equal the scrape interval: Prometheus fills a step from the latest sample within
   *  its 5-minute look-back, so a larger step hides gaps and a smaller one repeats samples. */
  stepSeconds: number;
  fetchImpl?: typeof fetch;
  timeoutMs: number;
  maxBytes?: number;
}

/**
 * Query a Prometheus server's /api/v1/query_range for each metric we use, and return one
 * ScrapeSnapshot per evaluation timestamp (oldest first).
 */
export async function queryPrometheusRange(baseUrl: string, options: RangeQueryOptions): Promise<ScrapeSnapshot[]> {
  if (!(options.end.getTime() > options.start.getTime())) {
    throw new AppError("BAD_INPUT", "query_range: end must be after start", { issues: [{ field: "end", message: "must be after start" }] });
  }
  if (!(options.stepSeconds > 0)) {
    throw new AppError("BAD_INPUT", "query_range: stepSeconds must be positive", { issues: [{ field: "stepSeconds", message: "must be positive" }] });
  }
  const base = baseUrl.replace(/\/+$/, "");
  const where = redactUrl(base);
  const matrices = await Promise.all(
    METRICS_USED.map(async (query) => {
      const params = new URLSearchParams({
        query,
        start: String(options.start.getTime() / 1000),
        end: String(options.end.getTime() / 1000),
        step: String(options.stepSeconds),
      });
      const answer = await fetchCapped(`${base}/api/v1/query_range?${params}`, { ...options, accept: "application/json" });
      return { query, series: readQueryRangeAnswer(parseJsonAnswer(answer, where, query), { where, query }) };
    }),
  );
  try {
    return matricesToSnapshots(matrices, where);
  } catch (e) {
    if (isAppError(e) && e.code === "BAD_INPUT") throw new AppError("UPSTREAM_BAD_RESPONSE", `${where}: ${e.message}`, { ...e.details, url: where });
    throw e;
  }
}

/** Prometheus answers errors as JSON too (400 bad_data, 422 execution, 503 timeout): read those
 *  for their text; anything else that is not JSON is an HTTP-level fault. */
function parseJsonAnswer(answer: { status: number; contentType: string | null; text: string }, where: string, query: string): unknown {
  const html = looksLikeHtml(answer.text, answer.contentType);
  let body: unknown = undefined;
  if (!html) {
    try {
      body = JSON.parse(answer.text);
    } catch {
      body = undefined;
    }
  }
  const isEnvelope = typeof body === "object" && body !== null && "status" in body;
  if (answer.status < 200 || answer.status > 299) {
    if (isEnvelope) return body; // its status "error" and text are reported by readQueryRangeAnswer
    throw statusError(where, answer.status, "Prometheus");
  }
  if (html) throw new AppError("UPSTREAM_BAD_RESPONSE", `${where}: got an HTML page, not the Prometheus API (check the base URL)`, { url: where, query });
  if (body === undefined) throw new AppError("UPSTREAM_BAD_RESPONSE", `${where}: query_range for ${query} did not answer JSON`, { url: where, query });
  return body;
}
