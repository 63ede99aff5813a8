import { AppError, isAppError } from "@/lib/errors";
import { safeFetch } from "@/lib/net/safe-fetch";
import type { AllowListInput } from "@/lib/net/ssrf";
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
  // Anthropic's spend-cap 429 carries no Retry-After; wait a while rather than hammer it.
  defaultRetryAfterMs: 10_000,
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

/** Full-jitter exponential back-off before retry number `retry` (1-based). */
export function backoffDelayMs(policy: Required<RetryPolicy>, retry: number, random: () => number): number {
  const ceiling = Math.min(policy.maxDelayMs, policy.baseDelayMs * 2 ** (retry - 1));
  return Math.floor(random() * ceiling);
}

/** Retry-After in whole seconds (the documented form), capped; the default when absent or unreadable. */
export function retryAfterMs(header: string | null, policy: Required<RetryPolicy>): number {
  const seconds = header != null && /^\s*\d+\s*$/.test(header) ? Number(header) : NaN;
  const ms = Number.isFinite(seconds) ? seconds * 1000 : policy.defaultRetryAfterMs;
  return Math.min(ms, policy.maxRetryAfterMs);
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

/** GET a JSON body, retrying what is worth retrying; throws AppError for everything else. */
export async function getJson(ctx: HttpContext, url: string, headers: Record<string, string>, what: string): Promise<unknown> {
  const { retry, providerName } = ctx;
  let lastProblem = "";
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
      lastProblem = e.details?.timedOut ? `no answer within ${retry.timeoutMs} ms` : `network error (${redactSecrets(e.message, ctx.apiKey)})`;
      if (!isLast) await ctx.sleep(backoffDelayMs(retry, attempt, ctx.random));
      continue;
    }

    const status = response.status;
    if (response.ok) return parseJsonBody(text, ctx, what);

    const message = redactSecrets(providerErrorMessage(text), ctx.apiKey);
    if (status === 401 || status === 403) {
      // Retrying a refused key only risks locking the account: fail at once.
      throw new AppError("UPSTREAM_AUTH", `${providerName}: ${message}`, { status, providerMessage: message });
    }
    if (status === 429) {
      const waitMs = retryAfterMs(response.headers.get("retry-after"), retry);
      if (isLast) {
        throw new AppError("UPSTREAM_RATE_LIMITED", `${providerName} rate-limited ${what} ${attempt} times: ${message}`, { status, retryAfterMs: waitMs });
      }
      await ctx.sleep(waitMs);
      continue;
    }
    if (status >= 500) {
      lastProblem = `HTTP ${status}: ${message}`;
      if (!isLast) await ctx.sleep(backoffDelayMs(retry, attempt, ctx.random));
      continue;
    }
    // Other 4xx: our request or the endpoint is wrong; repeating it cannot help.
    throw new AppError("UPSTREAM_BAD_RESPONSE", `${providerName} rejected ${what} (HTTP ${status}): ${message}`, { status });
  }
  throw new AppError("UPSTREAM_UNAVAILABLE", `${providerName} is unavailable for ${what} after ${retry.maxAttempts} attempts: ${redactSecrets(lastProblem, ctx.apiKey)}`, {
    attempts: retry.maxAttempts,
  });
}

function headersOf(raw: Record<string, string | string[] | undefined>): Headers {
  const headers = new Headers();
  for (const [k, v] of Object.entries(raw)) if (v !== undefined) headers.set(k, Array.isArray(v) ? v.join(", ") : v);
  return headers;
}

function parseJsonBody(text: string, ctx: HttpContext, what: string): unknown {
  try {
    return JSON.parse(text);
  } catch {
    const preview = redactSecrets(text.slice(0, 80), ctx.apiKey);
    throw new AppError("UPSTREAM_BAD_RESPONSE", `${ctx.providerName} ${what}: (body): not JSON: ${JSON.stringify(preview)}`);
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
 * Every row of a paginated endpoint: follows `next_page` (as the `page` parameter) to the end
 * through collectPages, so both providers share the cursor-loop and repeated-cursor rules.
 */
export async function fetchAllRows<Row>(
  ctx: HttpContext,
  endpoint: { baseUrl: string; path: string; headers: Record<string, string>; what: string },
  params: QueryParam[],
  parse: (json: unknown) => Page & { rows: Row[] },
): Promise<Row[]> {
  const all = await collectPages(ctx, endpoint.what, async (cursor) => {
    const query = buildQuery(cursor ? [...params, ["page", cursor]] : params);
    return parse(await getJson(ctx, joinUrl(endpoint.baseUrl, endpoint.path, query), endpoint.headers, endpoint.what));
  });
  return all.flatMap((p) => p.rows);
}
