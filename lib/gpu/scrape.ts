import { AppError, isAppError } from "@/lib/errors";
import { redactUrl, safeFetch } from "@/lib/net/safe-fetch";
import type { AllowListInput } from "@/lib/net/ssrf";
import { mapSamplesToSnapshot, METRICS_USED, type ScrapeSnapshot } from "@/lib/gpu/mapping";
import { looksLikeHtml, parseExpositionText } from "@/lib/gpu/prometheus-text";
import { matricesToSnapshots, readQueryRangeAnswer } from "@/lib/gpu/prometheus-api";

// The two ways metrics come in: scrape an exporter's /metrics ourselves, or ask the Prometheus
// server that already scrapes it. Both return ScrapeSnapshots or throw one AppError: a scrape is
// all or nothing, so a caller never stores half of a bad answer.

export { DEFAULT_MAX_BYTES } from "@/lib/net/safe-fetch";
export const USER_AGENT = "Breakeven/0.1 (+gpu-metrics)";

// Exporters and Prometheus live on private networks by nature: the operator opens those networks
// with FETCH_ALLOW_LIST (lib/net); an org's engineer typing a URL cannot reach anything else.
interface FetchOptions {
  /** default FETCH_ALLOW_LIST */
  allowList?: AllowListInput;
  timeoutMs: number;
  maxBytes?: number;
}

export interface ScrapeOptions extends FetchOptions {
  /** Time to stamp the snapshot with, normally the scheduler's tick, so scrapes a minute apart
   *  are exactly 60 s apart whatever the network latency. Defaults to the time of the answer. */
  now?: Date;
}

// Ask for the classic text format: the parser does not read OpenMetrics or protobuf.
const ACCEPT_TEXT = "text/plain;version=0.0.4;q=1.0, */*;q=0.1";

/** GET one exporter's metrics page and map it. Throws an AppError (nothing returned) on any fault. */
export async function scrapePrometheusText(url: string, options: ScrapeOptions): Promise<ScrapeSnapshot> {
  const where = redactUrl(url);
  const answer = await fetchMetrics(url, options, ACCEPT_TEXT);
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

export interface RangeQueryOptions extends FetchOptions {
  start: Date;
  end: Date;
  /** Should equal the scrape interval: Prometheus fills a step from the latest sample within
   *  its 5-minute look-back, so a larger step hides gaps and a smaller one repeats samples. */
  stepSeconds: number;
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
      const answer = await fetchMetrics(`${base}/api/v1/query_range?${params}`, options, "application/json");
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

/**
 * One GET through the guarded client. A good body must be UTF-8 text within the cap (default 5 MB,
 * far above a real exporter page of tens of KB); an error page is read only for its first 64 KiB
 * (Prometheus puts its error text there), so a 503 with a huge body is still reported as a 503.
 */
async function fetchMetrics(url: string, options: FetchOptions, accept: string): Promise<{ status: number; contentType: string | null; text: string }> {
  const where = redactUrl(url);
  let res;
  try {
    res = await safeFetch(url, { userAgent: USER_AGENT, accept, allowList: options.allowList, timeoutMs: options.timeoutMs, maxBytes: options.maxBytes, strictUtf8: true, maxRedirects: 3 });
  } catch (e) {
    if (!isAppError(e)) throw e;
    if (e.code === "PAYLOAD_TOO_LARGE") throw new AppError(e.code, `${where}: the answer is larger than the ${String(e.details.maxBytes)}-byte cap (${String(e.details.why)}); reading stopped`, { url: where, maxBytes: e.details.maxBytes });
    if (e.code === "UPSTREAM_UNAVAILABLE") {
      const why = e.details.timedOut ? `no answer within ${options.timeoutMs} ms` : `could not connect (${e.message})`;
      throw new AppError(e.code, `${where}: ${why}`, { url: where });
    }
    throw e; // REFUSED and redirect faults name the URL and the reason already
  }
  if (res.notModified) throw statusError(where, 304, "the target");
  return { status: res.status, contentType: res.contentType, text: res.body };
}

/** Map a non-2xx status to the error code the worker registry acts on. */
export function statusError(where: string, status: number, what: string): AppError {
  const details = { url: where, status };
  if (status === 401 || status === 403) return new AppError("UPSTREAM_AUTH", `${where}: ${what} refused access (HTTP ${status}); check the target's credentials or network policy`, details);
  if (status === 429 || status >= 500) return new AppError("UPSTREAM_UNAVAILABLE", `${where}: ${what} answered HTTP ${status}; will retry at the next scrape`, details);
  if (status === 404) return new AppError("UPSTREAM_BAD_RESPONSE", `${where}: ${what} answered HTTP 404; nothing is served at this path (check the URL)`, details);
  return new AppError("UPSTREAM_BAD_RESPONSE", `${where}: ${what} answered HTTP ${status}`, details);
}
