import { AppError, isAppError } from "@/lib/errors";
import { safeFetch } from "@/lib/net/safe-fetch";
import type { AllowListInput } from "@/lib/net/ssrf";
import { isRetryableStatus, retryWait } from "@/lib/providers/retry-policy";
import type { ClientStats, RetryPolicy } from "@/lib/providers/types";

// Provider request policy: time-outs, retries (429 / 5xx / time-out), error translation, pagination.
// Per-provider modules only build URLs and parse pages. The transport is lib/net's guarded client
// (SSRF guard on default and custom base URLs alike; a credentialed call never follows a redirect to
// another origin).

/** A provider page can be large (31 days × every project and line item): well above a web page. */
const MAX_PAGE_BYTES = 64 * 1024 * 1024;
const USER_AGENT = "Breakeven billing sync";

export const DEFAULT_RETRY: Required<RetryPolicy> = {
  maxAttempts: 5,
  baseDelayMs: 500,
  maxDelayMs: 30_000,
  timeoutMs: 30_000,
  maxRetryAfterMs: 60_000,
};

/** A loop guard beyond the repeated-cursor check: 1,000 pages is years of daily buckets. */
export const MAX_PAGES = 1000;

export interface HttpContext {
  /** Display name used in every message: "OpenAI", "Anthropic". */
  providerName: string;
  /** Only so it can be scrubbed from any text we pass on; never sent anywhere but the header. */
  apiKey: string;
  /** FETCH_ALLOW_LIST unless given (tests point base URLs at 127.0.0.1) */
  allowList?: AllowListInput;
  retry: Required<RetryPolicy>;
  sleep: (ms: number) => Promise<void>;
  random: () => number;
  /** Clock for HTTP-date Retry-After headers. */
  now: () => Date;
  stats: ClientStats;
}

export const realSleep = (ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms));

/**
 * Query string with keys as written (OpenAI repeats `group_by=`, Anthropic uses `group_by[]=`) and
 * values encoded; ":" is legal in a query and stays readable in RFC 3339 times.
 */
export function buildQuery(params: ReadonlyArray<readonly [string, string | number]>): string {
  return params.map(([k, v]) => `${k}=${encodeURIComponent(String(v)).replace(/%3A/gi, ":")}`).join("&");
}

export function joinUrl(baseUrl: string, path: string, query: string): string {
  return `${baseUrl.replace(/\/+$/, "")}${path}${query ? `?${query}` : ""}`;
}

/** Remove the key (and anything shaped like a secret key) from text that may reach logs or users. */
export function redactSecrets(text: string, apiKey: string): string {
  let out = apiKey ? text.split(apiKey).join("[redacted]") : text;
  out = out.replace(/sk-[A-Za-z0-9_\-*]{6,}/g, "sk-[redacted]");
  return out;
}

/** The provider's own words from an error body: both OpenAI and Anthropic use `error.message`. */
export function providerErrorMessage(bodyText: string): string {
  try {
    const body = JSON.parse(bodyText) as { error?: { message?: unknown }; message?: unknown };
    const message = body?.error?.message ?? body?.message;
    if (typeof message === "string" && message.trim()) return message.trim();
  } catch {
    // not JSON: fall through to the raw text
  }
  const text = bodyText.trim().slice(0, 200);
  return text || "no error message in the response";
}

/** At most this much of a failed response body is kept (redacted) as the error's raw detail. */
const RAW_DETAIL_CHARS = 2000;

/** A 2xx body that is not JSON: a maintenance or login page, or a body cut off in transit. */
function describeNonJson(text: string, contentType: string | null): string {
  const looksHtml = /html/i.test(contentType ?? "") || /^\s*<(!doctype|html|head|body)/i.test(text);
  return looksHtml ? "returned an HTML page instead of JSON" : "returned a body that is not JSON";
}

/**
 * GET a JSON body. Retries 429, 5xx, time-outs and non-JSON 2xx bodies (waiting the provider's
 * Retry-After when it gives one, else capped exponential back-off with jitter); throws AppError
 * for everything else. Every error carries the HTTP status, the provider's own message and the
 * raw (redacted) body, so the connection can say what happened and show the detail on request.
 */
export async function getJson(ctx: HttpContext, url: string, headers: Record<string, string>, what: string): Promise<unknown> {
  const { retry, providerName } = ctx;
  const endpoint = endpointPath(url);
  let last: { problem: string; status: number | null; providerMessage: string | null; raw: string } = { problem: "", status: null, providerMessage: null, raw: "" };
  for (let attempt = 1; attempt <= retry.maxAttempts; attempt++) {
    ctx.stats.requests++;
    if (attempt > 1) ctx.stats.retries++;
    const isLast = attempt === retry.maxAttempts;

    let response: { status: number; ok: boolean; headers: Headers };
    let text: string;
    try {
      // One time-out for headers and body: a server that stalls mid-body is a time-out too.
      const res = await safeFetch(url, { userAgent: USER_AGENT, accept: "application/json", headers, timeoutMs: retry.timeoutMs, maxBytes: MAX_PAGE_BYTES, maxRedirects: 3, allowList: ctx.allowList });
      if (res.notModified) throw new AppError("UPSTREAM_BAD_RESPONSE", "HTTP 304 to an unconditional request");
      response = { status: res.status, ok: res.ok, headers: headersOf(res.headers) };
      text = res.body;
    } catch (e) {
      // Refused address, cross-origin redirect, oversized page: repeating cannot help.
      if (!isAppError(e) || e.code !== "UPSTREAM_UNAVAILABLE") throw isAppError(e) ? new AppError(e.code, `${providerName} ${what}: ${redactSecrets(e.message, ctx.apiKey)}`, e.details) : e;
      const problem = e.details?.timedOut ? `no answer within ${retry.timeoutMs} ms` : `network error (${redactSecrets(e.message, ctx.apiKey)})`;
      last = { problem, status: null, providerMessage: null, raw: `GET ${endpoint}: ${problem}` };
      if (!isLast) await ctx.sleep(retryWait(retry, { retry: attempt, retryAfter: null, now: ctx.now(), random: ctx.random }).delayMs);
      continue;
    }

    const status = response.status;
    const raw = `GET ${endpoint} → HTTP ${status}\n${redactSecrets(text.slice(0, RAW_DETAIL_CHARS), ctx.apiKey)}`;
    if (response.ok) {
      try {
        return JSON.parse(text);
      } catch {
        // A maintenance page answered with 200 is a passing state of the provider, not a format change.
        const problem = describeNonJson(text, response.headers.get("content-type"));
        last = { problem, status, providerMessage: null, raw };
        if (!isLast) await ctx.sleep(retryWait(retry, { retry: attempt, retryAfter: response.headers.get("retry-after"), now: ctx.now(), random: ctx.random }).delayMs);
        continue;
      }
    }

    const message = redactSecrets(providerErrorMessage(text), ctx.apiKey);
    const details = { status, providerMessage: text.trim() ? message : null, endpoint: what, provider: providerName, raw };
    if (status === 401) {
      // Retrying a refused key only risks locking the account: fail at once.
      throw new AppError("UPSTREAM_AUTH", `${providerName}: ${message}`, details);
    }
    if (status === 403 || status === 404) {
      // Keys and accounts without access to one endpoint exist (no cost access, no such usage
      // kind): the caller decides whether the others are enough.
      throw new AppError("UPSTREAM_ENDPOINT_UNAVAILABLE", `${providerName} ${what} is not available to this key (HTTP ${status}): ${message}`, details);
    }
    if (isRetryableStatus(status)) {
      const wait = retryWait(retry, { retry: attempt, retryAfter: response.headers.get("retry-after"), now: ctx.now(), random: ctx.random });
      if (status === 429 && isLast) {
        throw new AppError("UPSTREAM_RATE_LIMITED", `${providerName} rate-limited ${what} ${attempt} times: ${message}`, { ...details, retryAfterMs: wait.delayMs, attempts: attempt });
      }
      last = { problem: `HTTP ${status}: ${message}`, status, providerMessage: details.providerMessage, raw };
      if (!isLast) await ctx.sleep(wait.delayMs);
      continue;
    }
    // Other 4xx: our request or the endpoint is wrong; repeating it cannot help.
    throw new AppError("UPSTREAM_BAD_RESPONSE", `${providerName} rejected ${what} (HTTP ${status}): ${message}`, details);
  }
  const problem = redactSecrets(last.problem, ctx.apiKey);
  const lead = last.status != null && last.status < 300 ? `${providerName} ${what} ${problem} after ${retry.maxAttempts} attempts` : `${providerName} is unavailable for ${what} after ${retry.maxAttempts} attempts: ${problem}`;
  throw new AppError("UPSTREAM_UNAVAILABLE", lead, {
    attempts: retry.maxAttempts,
    status: last.status,
    providerMessage: last.providerMessage,
    endpoint: what,
    provider: providerName,
    raw: last.raw,
  });
}

function headersOf(raw: Record<string, string | string[] | undefined>): Headers {
  const headers = new Headers();
  for (const [k, v] of Object.entries(raw)) if (v !== undefined) headers.set(k, Array.isArray(v) ? v.join(", ") : v);
  return headers;
}

/** The path of a request URL (never its query: that is noise in an error, and the host may be a proxy). */
function endpointPath(url: string): string {
  try {
    return new URL(url).pathname;
  } catch {
    return url;
  }
}

export interface Page {
  has_more: boolean;
  next_page?: string | null;
}

/**
 * Follow `next_page` until `has_more` is false. A cursor the API hands out twice would loop for
 * ever (and double-count), so it fails the fetch at once.
 */
export async function collectPages<P extends Page>(ctx: HttpContext, what: string, fetchPage: (cursor: string | null) => Promise<P>): Promise<P[]> {
  const pages: P[] = [];
  const seen = new Set<string>();
  let cursor: string | null = null;
  for (;;) {
    const page = await fetchPage(cursor);
    pages.push(page);
    if (!page.has_more) return pages;
    const next = page.next_page ?? null;
    if (!next) {
      throw new AppError("UPSTREAM_BAD_RESPONSE", `${ctx.providerName} ${what}: next_page: missing while has_more is true`);
    }
    if (seen.has(next)) {
      throw new AppError("UPSTREAM_BAD_RESPONSE", `${ctx.providerName} ${what}: next_page: repeated cursor ${JSON.stringify(next)} after ${pages.length} pages`, {
        cursor: next,
      });
    }
    if (pages.length >= MAX_PAGES) {
      throw new AppError("UPSTREAM_BAD_RESPONSE", `${ctx.providerName} ${what}: more than ${MAX_PAGES} pages; narrow the window`);
    }
    seen.add(next);
    cursor = next;
  }
}

export type QueryParam = readonly [string, string | number];

/**
 * Every page of a paginated endpoint, each page's rows apart (so a bucket served on two pages can
 * be told from two parts of one bucket): follows `next_page` (as the `page` parameter) to the end
 * through collectPages, so both providers share the cursor-loop and repeated-cursor rules.
 */
export async function fetchPageRows<Row>(
  ctx: HttpContext,
  endpoint: { baseUrl: string; path: string; headers: Record<string, string>; what: string },
  params: QueryParam[],
  parse: (json: unknown) => Page & { rows: Row[] },
): Promise<Row[][]> {
  const all = await collectPages(ctx, endpoint.what, async (cursor) => {
    const query = buildQuery(cursor ? [...params, ["page", cursor]] : params);
    return parse(await getJson(ctx, joinUrl(endpoint.baseUrl, endpoint.path, query), endpoint.headers, endpoint.what));
  });
  return all.map((p) => p.rows);
}
