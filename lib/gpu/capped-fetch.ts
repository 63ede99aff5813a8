import { AppError } from "@/lib/errors";

// One GET with an honest User-Agent, a time-out over the whole exchange (headers and body), and
// a byte cap enforced while streaming: a target that answers with an endless body is cut off at
// maxBytes, it is never buffered whole.
//
// No SSRF guard here, on purpose: GPU metric targets (dcgm-exporter :9400, vLLM :8000, an internal
// Prometheus) live on private networks by nature, and only org admins configure them. The vendor
// document fetcher, which reaches the public internet, has the guard.

export const USER_AGENT = "Breakeven/0.1 (+gpu-metrics)";
export const DEFAULT_MAX_BYTES = 5 * 1024 * 1024;
const ERROR_BODY_BYTES = 64 * 1024;

export interface CappedFetchOptions {
  /** Injected for tests against other transports; defaults to the global fetch. */
  fetchImpl?: typeof fetch;
  timeoutMs: number;
  maxBytes?: number;
  accept: string;
}

export interface CappedResponse {
  status: number;
  contentType: string | null;
  text: string;
}

export async function fetchCapped(url: string, options: CappedFetchOptions): Promise<CappedResponse> {
  const fetchImpl = options.fetchImpl ?? fetch;
  const maxBytes = options.maxBytes ?? DEFAULT_MAX_BYTES;
  const where = redactUrl(url);
  const controller = new AbortController();
  let timedOut = false;
  const timer = setTimeout(() => {
    timedOut = true;
    controller.abort();
  }, options.timeoutMs);

  try {
    let res: Response;
    try {
      const { target, authorization } = splitCredentials(url);
      const headers: Record<string, string> = { "user-agent": USER_AGENT, accept: options.accept };
      if (authorization) headers.authorization = authorization;
      res = await fetchImpl(target, { headers, signal: controller.signal, redirect: "follow" });
    } catch (e) {
      throw unavailable(where, timedOut ? `no answer within ${options.timeoutMs} ms` : `could not connect (${causeOf(e)})`);
    }
    const declared = Number(res.headers.get("content-length") ?? "NaN");
    if (res.ok && declared > maxBytes) {
      controller.abort();
      throw tooLarge(where, maxBytes, `Content-Length ${declared}`);
    }
    // An error page is read only for its first bytes (Prometheus puts its error text there): a
    // 503 with a huge body is still reported as a 503, not as a size problem.
    const bytes = res.ok
      ? await readCapped(res, maxBytes, controller, where, () => timedOut, options.timeoutMs)
      : await readCapped(res, Math.min(maxBytes, ERROR_BODY_BYTES), controller, where, () => timedOut, options.timeoutMs, "truncate");
    let text: string;
    try {
      // An error page cut at 64 KiB may end mid-character: decode it leniently.
      text = new TextDecoder("utf-8", { fatal: res.ok }).decode(bytes);
    } catch {
      throw new AppError("UPSTREAM_BAD_RESPONSE", `${where}: the body is not UTF-8 text`, { url: where, status: res.status });
    }
    return { status: res.status, contentType: res.headers.get("content-type"), text };
  } finally {
    clearTimeout(timer);
  }
}

async function readCapped(
  res: Response,
  maxBytes: number,
  controller: AbortController,
  where: string,
  timedOut: () => boolean,
  timeoutMs: number,
  onOverflow: "throw" | "truncate" = "throw",
): Promise<Uint8Array> {
  if (!res.body) return new Uint8Array();
  const reader = res.body.getReader();
  const chunks: Uint8Array[] = [];
  let total = 0;
  for (;;) {
    let step: ReadableStreamReadResult<Uint8Array>;
    try {
      step = await reader.read();
    } catch (e) {
      throw unavailable(where, timedOut() ? `body not complete within ${timeoutMs} ms` : `connection lost while reading (${causeOf(e)})`);
    }
    if (step.done) break;
    if (total + step.value.byteLength > maxBytes) {
      // Stop reading and close the connection: the rest of the body is never downloaded.
      await reader.cancel().catch(() => undefined);
      controller.abort();
      if (onOverflow === "throw") throw tooLarge(where, maxBytes, `more than ${maxBytes} bytes received`);
      chunks.push(step.value.subarray(0, maxBytes - total));
      total = maxBytes;
      break;
    }
    total += step.value.byteLength;
    chunks.push(step.value);
  }
  const out = new Uint8Array(total);
  let offset = 0;
  for (const c of chunks) {
    out.set(c, offset);
    offset += c.byteLength;
  }
  return out;
}

/** Map a non-2xx status to the error code the worker registry acts on. */
export function statusError(where: string, status: number, what: string): AppError {
  const details = { url: where, status };
  if (status === 401 || status === 403) return new AppError("UPSTREAM_AUTH", `${where}: ${what} refused access (HTTP ${status}); check the target's credentials or network policy`, details);
  if (status === 429 || status >= 500) return new AppError("UPSTREAM_UNAVAILABLE", `${where}: ${what} answered HTTP ${status}; will retry at the next scrape`, details);
  if (status === 404) return new AppError("UPSTREAM_BAD_RESPONSE", `${where}: ${what} answered HTTP 404; nothing is served at this path (check the URL)`, details);
  return new AppError("UPSTREAM_BAD_RESPONSE", `${where}: ${what} answered HTTP ${status}`, details);
}

/** The URL as shown in errors and stored on snapshots: never with user:password. */
export function redactUrl(url: string): string {
  try {
    const u = new URL(url);
    u.username = "";
    u.password = "";
    return u.toString();
  } catch {
    return url;
  }
}

/** fetch refuses URLs with user:password; exporters behind a proxy with basic auth are written
 *  that way, so the credentials move to an Authorization header (and never into messages). */
function splitCredentials(url: string): { target: string; authorization: string | null } {
  let u: URL;
  try {
    u = new URL(url);
  } catch {
    return { target: url, authorization: null };
  }
  if (!u.username && !u.password) return { target: url, authorization: null };
  const pair = `${decodeURIComponent(u.username)}:${decodeURIComponent(u.password)}`;
  return { target: redactUrl(url), authorization: `Basic ${Buffer.from(pair, "utf8").toString("base64")}` };
}

function unavailable(where: string, why: string): AppError {
  return new AppError("UPSTREAM_UNAVAILABLE", `${where}: ${why}`, { url: where });
}

function tooLarge(where: string, maxBytes: number, why: string): AppError {
  return new AppError("PAYLOAD_TOO_LARGE", `${where}: the answer is larger than the ${maxBytes}-byte cap (${why}); reading stopped`, { url: where, maxBytes });
}

function causeOf(e: unknown): string {
  const cause = (e as { cause?: { code?: string; message?: string } })?.cause;
  return cause?.code ?? cause?.message ?? (e instanceof Error ? e.message : String(e));
}
