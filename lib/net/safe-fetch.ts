import http, { type IncomingMessage } from "node:http";
import https from "node:https";
import type { LookupFunction } from "node:net";
import { isIP } from "node:net";
import { createWriteStream } from "node:fs";
import { rm } from "node:fs/promises";
import { Transform } from "node:stream";
import { pipeline } from "node:stream/promises";
import zlib from "node:zlib";
import { fetchAllowList } from "@/lib/env";
import { AppError } from "@/lib/errors";
import { parseAllowList, resolveAndCheck, type AllowList, type AllowListInput, type CheckedTarget, type Resolver } from "@/lib/net/ssrf";

// THE outbound HTTP client of the product: provider billing APIs (default or custom base URL), GPU
// metric sources, Prometheus servers, price catalogs and watched documents all go through safeFetch,
// and nothing else in lib/ or workers/ opens a connection (tests/net/one-client.test.ts enforces it).
//
// Each hop: parse → resolve (with a DNS time-out) → check EVERY address with the SSRF guard → connect
// to the checked address only (a custom `lookup` pins it, so DNS rebinding between check and connect
// cannot move the socket) → redirects followed by hand, each hop re-checked → body read through the
// decompressor with the byte cap counted AFTER decompression → connect / headers / whole-exchange
// time-outs and an AbortSignal that destroy the socket. node:http is used rather than global fetch
// because fetch offers no way to pin the address.
//
// Credentials: a request carrying a credential (an Authorization-like header of any name, or
// user:password in the URL) never follows a redirect to another origin: it fails with a clear error.
// A request without one follows it, but with none of the caller's headers.

export interface SafeFetchOptions {
  userAgent: string;
  /** default: HTML, text and anything else */
  accept?: string;
  /** default: FETCH_ALLOW_LIST */
  allowList?: AllowListInput;
  resolver?: Resolver;
  /** DNS answer (default 5 s) */
  dnsTimeoutMs?: number;
  /** TCP (and TLS) connection (default 10 s) */
  connectTimeoutMs?: number;
  /** request sent → response headers (default: the whole time-out) */
  headersTimeoutMs?: number;
  /** the whole exchange, every redirect and the body included (default 15 s) */
  timeoutMs?: number;
  /** the caller's abort: destroys the socket and rejects at once */
  signal?: AbortSignal;
  /** decoded body cap (default 5 MB) */
  maxBytes?: number;
  /** a non-2xx body is read only this far (default 64 KiB) and cut, not refused: a huge error page is still its status */
  errorBodyBytes?: number;
  maxRedirects?: number;
  /** from the previous fetch, for a conditional request */
  etag?: string | null;
  lastModified?: string | null;
  /** extra request headers (credentials included); never sent to another origin */
  headers?: Record<string, string>;
  /** refuse a 2xx body that is not valid UTF-8 (instead of decoding it leniently) */
  strictUtf8?: boolean;
  /** a POST body (alert channels): sent once, and a redirect answer is returned as it is, never followed */
  body?: { contentType: string; text: string };
}

interface Common {
  /** the URL answered, without user:password */
  finalUrl: string;
  etag: string | null;
  lastModified: string | null;
  /** every URL visited before finalUrl */
  redirects: string[];
}
export type SafeFetchResult =
  | (Common & { status: 304; ok: false; notModified: true })
  | (Common & {
      status: number;
      ok: boolean;
      notModified: false;
      body: string;
      /** the error body was longer than errorBodyBytes and was cut */
      truncated: boolean;
      contentType: string | null;
      headers: Record<string, string | string[] | undefined>;
    });

export const DEFAULT_MAX_BYTES = 5 * 1024 * 1024;
const DEFAULT_TIMEOUT_MS = 15_000;
const DEFAULT_CONNECT_TIMEOUT_MS = 10_000;
const DEFAULT_ERROR_BODY_BYTES = 64 * 1024;
const REDIRECT_STATUSES = new Set([301, 302, 303, 307, 308]);
const DEFAULT_ACCEPT = "text/html,application/xhtml+xml,text/markdown,text/plain;q=0.9,*/*;q=0.5";
/** Header names that carry a credential, whatever the vendor calls it (x-api-key, api-key, x-auth-token, …). */
const CREDENTIAL_HEADER = /auth|cookie|key|token|secret|session|passw|credential|signature/i;

export function isCredentialHeader(name: string): boolean {
  return CREDENTIAL_HEADER.test(name);
}

let cachedAllowList: { source: string; list: AllowList } | undefined;
function defaultAllowList(): AllowList {
  const entries = fetchAllowList();
  const source = entries.join(",");
  if (cachedAllowList?.source !== source) cachedAllowList = { source, list: parseAllowList(entries) };
  return cachedAllowList.list;
}

export async function safeFetch(url: string | URL, options: SafeFetchOptions): Promise<SafeFetchResult> {
  const maxBytes = options.maxBytes ?? DEFAULT_MAX_BYTES;
  const answer = await exchange(url, options);
  if (answer.notModified) return answer.result;
  const { res, common, target, deadline, timeoutMs } = answer;
  const status = res.statusCode ?? 0;
  const ok = status >= 200 && status <= 299;
  const contentType = header(res, "content-type");
  const { bytes, truncated } = await readCapped(res, {
    maxBytes: ok ? maxBytes : Math.min(maxBytes, options.errorBodyBytes ?? DEFAULT_ERROR_BODY_BYTES),
    onOverflow: ok ? "refuse" : "truncate",
    deadline,
    timeoutMs,
    url: target.url.href,
    signal: options.signal,
  });
  const body = decode(bytes, contentType, ok && options.strictUtf8 === true, target.url.href);
  return { ...common, status, ok, notModified: false, body, truncated, contentType, headers: res.headers };
}

export type SafeFetchFileResult =
  | (Common & { status: 304; ok: false; notModified: true })
  | (Common & { status: number; ok: true; notModified: false; /** decoded bytes written to the file */ bytes: number; contentType: string | null; headers: Record<string, string | string[] | undefined> })
  | (Common & { status: number; ok: false; notModified: false; /** the error body, cut at errorBodyBytes; nothing is written to the file */ body: string; truncated: boolean; contentType: string | null; headers: Record<string, string | string[] | undefined> });

/**
 * The same exchange as safeFetch (every hop checked, the socket pinned, redirects re-checked, the same
 * credential rule), but a 2xx body is written to `path` as it arrives (a file of gigabytes is never held
 * in memory), decoded through the decompressor with `maxBytes` counted after decompression. Over the cap,
 * or on a time-out or abort, the exchange fails and the partial file is removed. A non-2xx answer writes
 * nothing and returns its error body as text. The default time-out is the one of safeFetch: set
 * `timeoutMs` to what a large file needs.
 */
export async function safeFetchToFile(url: string | URL, path: string, options: SafeFetchOptions): Promise<SafeFetchFileResult> {
  const answer = await exchange(url, { accept: "*/*", ...options });
  if (answer.notModified) return answer.result;
  const { res, common, target, deadline, timeoutMs } = answer;
  const status = res.statusCode ?? 0;
  const contentType = header(res, "content-type");
  if (status < 200 || status > 299) {
    const maxBytes = Math.min(options.maxBytes ?? DEFAULT_MAX_BYTES, options.errorBodyBytes ?? DEFAULT_ERROR_BODY_BYTES);
    const { bytes, truncated } = await readCapped(res, { maxBytes, onOverflow: "truncate", deadline, timeoutMs, url: target.url.href, signal: options.signal });
    return { ...common, status, ok: false, notModified: false, body: decode(bytes, contentType, false, target.url.href), truncated, contentType, headers: res.headers };
  }
  const bytes = await writeCapped(res, path, { maxBytes: options.maxBytes ?? DEFAULT_MAX_BYTES, deadline, timeoutMs, url: target.url.href, signal: options.signal });
  return { ...common, status, ok: true, notModified: false, bytes, contentType, headers: res.headers };
}

type Exchange =
  | { notModified: true; result: Common & { status: 304; ok: false; notModified: true } }
  | { notModified: false; res: IncomingMessage; common: Common; target: CheckedTarget; deadline: number; timeoutMs: number };

/** Every hop up to the answer that is not a redirect: its response, body unread. */
async function exchange(url: string | URL, options: SafeFetchOptions): Promise<Exchange> {
  const maxRedirects = options.maxRedirects ?? 5;
  const timeoutMs = options.timeoutMs ?? DEFAULT_TIMEOUT_MS;
  const deadline = Date.now() + timeoutMs;
  const allowList = options.allowList ?? defaultAllowList();
  const start = withoutUserinfo(url);
  const baseHeaders: Record<string, string> = {
    "user-agent": options.userAgent,
    accept: options.accept ?? DEFAULT_ACCEPT,
    "accept-encoding": "gzip, deflate, br",
  };
  let headers: Record<string, string> = { ...baseHeaders, ...lowerKeys(options.headers ?? {}) };
  if (start.authorization) headers.authorization = start.authorization;
  if (options.etag) headers["if-none-match"] = options.etag;
  if (options.lastModified) headers["if-modified-since"] = options.lastModified;
  const credentialed = Object.keys(headers).some(isCredentialHeader);

  const redirects: string[] = [];
  let current: string | URL = start.url;
  for (;;) {
    throwIfAborted(options.signal, String(current));
    const hopDeadline = deadline - Date.now();
    if (hopDeadline <= 0) throw timeoutError(String(current), timeoutMs);
    const target = await resolveAndCheck(current, {
      resolver: options.resolver,
      allowList,
      dnsTimeoutMs: Math.min(options.dnsTimeoutMs ?? 5_000, hopDeadline),
      signal: options.signal,
    });
    const res = await request(target, headers, {
      deadline,
      timeoutMs,
      connectTimeoutMs: options.connectTimeoutMs ?? DEFAULT_CONNECT_TIMEOUT_MS,
      headersTimeoutMs: options.headersTimeoutMs ?? timeoutMs,
      signal: options.signal,
      body: options.body,
    });
    const location = header(res, "location");
    // A POST is never re-sent to another address: its redirect is the answer (a webhook receiver misconfigured).
    if (REDIRECT_STATUSES.has(res.statusCode ?? 0) && location && !options.body) {
      res.destroy(); // the redirect body is never read
      if (redirects.length >= maxRedirects) {
        throw new AppError("UPSTREAM_BAD_RESPONSE", `Too many redirects (more than ${maxRedirects}) starting at ${start.url}`, { url: start.url, redirects });
      }
      let next: URL;
      try {
        next = new URL(location, target.url);
      } catch {
        throw new AppError("UPSTREAM_BAD_RESPONSE", `${target.url.href} redirected to an invalid address`, { url: target.url.href });
      }
      if (next.origin !== target.url.origin) {
        if (credentialed) {
          throw new AppError(
            "UPSTREAM_BAD_RESPONSE",
            `${target.url.href} redirected to another origin (${next.origin}); a request carrying credentials never follows a redirect to another origin. Use the final address as the URL if it is the right one.`,
            { url: target.url.href, redirectedTo: next.origin, crossOriginRedirect: true },
          );
        }
        // Another origin gets none of the caller's headers: conditional headers belonged to the first.
        headers = { ...baseHeaders };
      }
      redirects.push(target.url.href);
      current = withoutUserinfo(next).url;
      continue;
    }
    const common: Common = { finalUrl: target.url.href, etag: header(res, "etag"), lastModified: header(res, "last-modified"), redirects };
    if (res.statusCode === 304) {
      res.destroy();
      return { notModified: true, result: { ...common, status: 304, ok: false, notModified: true } };
    }
    return { notModified: false, res, common, target, deadline, timeoutMs };
  }
}

/**
 * Refuse, as a field error a form can show, a URL the client would refuse (scheme, address after DNS,
 * allow-list): checked when the URL is saved, and again on every fetch (DNS answers change). A name
 * that does not resolve yet is accepted here: every fetch resolves and checks it again.
 */
export async function assertFetchable(url: string, field: string, options: { resolver?: Resolver; allowList?: AllowListInput } = {}): Promise<void> {
  try {
    await resolveAndCheck(withoutUserinfo(url).url, { resolver: options.resolver, allowList: options.allowList ?? defaultAllowList() });
  } catch (e) {
    if (e instanceof AppError && e.code === "UPSTREAM_UNAVAILABLE") return;
    if (!(e instanceof AppError)) throw e;
    throw new AppError("BAD_INPUT", `${field}: ${e.message}`, { issues: [{ field, message: e.message }] });
  }
}

/** One GET (or the caller's POST) to the checked target, connected only to its first checked address. */
function request(
  target: CheckedTarget,
  headers: Record<string, string>,
  limits: { deadline: number; timeoutMs: number; connectTimeoutMs: number; headersTimeoutMs: number; signal?: AbortSignal; body?: { contentType: string; text: string } },
): Promise<IncomingMessage> {
  const { url, hostname } = target;
  const pinned = target.addresses[0]!;
  const lookup: LookupFunction = (host, opts, callback) => {
    // Never consult DNS again: the only answer is the address the guard approved.
    if (host !== hostname) return callback(new Error(`unexpected lookup of ${host}`), "", 4);
    if ((opts as { all?: boolean }).all) (callback as unknown as (e: null, a: { address: string; family: number }[]) => void)(null, [pinned]);
    else callback(null, pinned.address, pinned.family);
  };
  const secure = url.protocol === "https:";
  const remaining = limits.deadline - Date.now();
  return new Promise((resolve, reject) => {
    let settled = false;
    const req = (secure ? https : http).request({
      method: limits.body ? "POST" : "GET",
      hostname,
      port: url.port || (secure ? 443 : 80),
      path: `${url.pathname}${url.search}`,
      headers: limits.body ? { ...headers, "content-type": limits.body.contentType, "content-length": String(Buffer.byteLength(limits.body.text)) } : headers,
      lookup,
      agent: false, // a fresh connection per request: no pooled socket to another address is ever reused
      ...(secure && !isIP(hostname) ? { servername: hostname } : {}),
    });
    const timers: NodeJS.Timeout[] = [];
    const finish = () => {
      settled = true;
      timers.forEach(clearTimeout);
      limits.signal?.removeEventListener("abort", onAbort);
    };
    const fail = (e: AppError) => {
      if (settled) return;
      finish();
      req.destroy();
      reject(e);
    };
    const onAbort = () => fail(abortedError(url.href));
    if (limits.signal?.aborted) return onAbort();
    limits.signal?.addEventListener("abort", onAbort, { once: true });
    const overall = Math.min(remaining, limits.headersTimeoutMs);
    timers.push(setTimeout(() => fail(timeoutError(url.href, overall === remaining ? limits.timeoutMs : limits.headersTimeoutMs)), overall));
    const connectTimer = setTimeout(() => fail(new AppError("UPSTREAM_UNAVAILABLE", `${url.href}: no connection within ${limits.connectTimeoutMs} ms`, { url: url.href, timedOut: true })), Math.min(remaining, limits.connectTimeoutMs));
    timers.push(connectTimer);
    req.on("socket", (socket) => socket.once(secure ? "secureConnect" : "connect", () => clearTimeout(connectTimer)));
    req.on("response", (res) => {
      if (settled) return void res.destroy();
      finish();
      resolve(res);
    });
    req.on("error", (e) => fail(e instanceof AppError ? e : new AppError("UPSTREAM_UNAVAILABLE", `Fetching ${url.href} failed: ${e.message}`, { url: url.href })));
    req.end(limits.body?.text);
  });
}

/** Read the decompressed body up to maxBytes (a 10 KB gzip can inflate to gigabytes): refuse beyond it, or cut. */
function readCapped(
  res: IncomingMessage,
  o: { maxBytes: number; onOverflow: "refuse" | "truncate"; deadline: number; timeoutMs: number; url: string; signal?: AbortSignal },
): Promise<{ bytes: Buffer; truncated: boolean }> {
  const declared = Number(res.headers["content-length"]);
  if (o.onOverflow === "refuse" && Number.isFinite(declared) && declared > o.maxBytes) {
    res.destroy();
    return Promise.reject(tooLarge(o.url, o.maxBytes, `Content-Length ${declared}`));
  }
  const encoding = String(res.headers["content-encoding"] ?? "identity").toLowerCase();
  const inflate =
    encoding === "gzip" || encoding === "x-gzip" ? zlib.createGunzip() : encoding === "deflate" ? zlib.createInflate() : encoding === "br" ? zlib.createBrotliDecompress() : null;
  const stream = inflate ? res.pipe(inflate) : res;

  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    let size = 0;
    let done = false;
    const stop = () => {
      done = true;
      clearTimeout(timer);
      o.signal?.removeEventListener("abort", onAbort);
      res.destroy(); // closes the socket: the rest of the body is never downloaded
      inflate?.destroy();
    };
    const fail = (e: AppError) => {
      if (done) return;
      stop();
      reject(e);
    };
    const onAbort = () => fail(abortedError(o.url));
    const timer = setTimeout(() => fail(timeoutError(o.url, o.timeoutMs)), Math.max(0, o.deadline - Date.now()));
    if (o.signal?.aborted) return onAbort();
    o.signal?.addEventListener("abort", onAbort, { once: true });
    stream.on("data", (chunk: Buffer) => {
      if (done) return;
      if (size + chunk.length > o.maxBytes) {
        if (o.onOverflow === "refuse") return fail(tooLarge(o.url, o.maxBytes, `more than ${o.maxBytes} bytes received`));
        chunks.push(chunk.subarray(0, o.maxBytes - size));
        stop();
        return resolve({ bytes: Buffer.concat(chunks), truncated: true });
      }
      size += chunk.length;
      chunks.push(chunk);
    });
    stream.on("end", () => {
      if (done) return;
      stop();
      resolve({ bytes: Buffer.concat(chunks), truncated: false });
    });
    stream.on("error", (e: Error) => fail(new AppError("UPSTREAM_BAD_RESPONSE", `Reading ${o.url} failed: ${e.message}`, { url: o.url })));
    res.on("error", (e: Error) => fail(new AppError("UPSTREAM_UNAVAILABLE", `Reading ${o.url} failed: ${e.message}`, { url: o.url })));
  });
}

/** Write the decompressed body to `path`, refusing (and removing the partial file) beyond maxBytes, the deadline or an abort. */
async function writeCapped(res: IncomingMessage, path: string, o: { maxBytes: number; deadline: number; timeoutMs: number; url: string; signal?: AbortSignal }): Promise<number> {
  const declared = Number(res.headers["content-length"]);
  const encoding = String(res.headers["content-encoding"] ?? "identity").toLowerCase();
  const inflate =
    encoding === "gzip" || encoding === "x-gzip" ? zlib.createGunzip() : encoding === "deflate" ? zlib.createInflate() : encoding === "br" ? zlib.createBrotliDecompress() : null;
  if (!inflate && Number.isFinite(declared) && declared > o.maxBytes) {
    res.destroy();
    throw tooLarge(o.url, o.maxBytes, `Content-Length ${declared}`);
  }
  let size = 0;
  let failure: AppError | null = null;
  const stopWith = (e: AppError) => {
    failure ??= e;
    controller.abort();
  };
  const controller = new AbortController();
  const timer = setTimeout(() => stopWith(timeoutError(o.url, o.timeoutMs)), Math.max(0, o.deadline - Date.now()));
  const onAbort = () => stopWith(abortedError(o.url));
  if (o.signal?.aborted) onAbort();
  o.signal?.addEventListener("abort", onAbort, { once: true });
  const cap = new Transform({
    transform(chunk: Buffer, _enc, done) {
      size += chunk.length;
      if (size > o.maxBytes) {
        failure ??= tooLarge(o.url, o.maxBytes, `more than ${o.maxBytes} bytes received`);
        return done(failure);
      }
      done(null, chunk);
    },
  });
  try {
    await pipeline([res, ...(inflate ? [inflate] : []), cap, createWriteStream(path)], { signal: controller.signal });
    return size;
  } catch (e) {
    res.destroy(); // closes the socket: the rest of the body is never downloaded
    await rm(path, { force: true });
    if (failure) throw failure;
    if (e instanceof AppError) throw e;
    const message = e instanceof Error ? e.message : String(e);
    throw new AppError(inflate ? "UPSTREAM_BAD_RESPONSE" : "UPSTREAM_UNAVAILABLE", `Reading ${o.url} failed: ${message}`, { url: o.url });
  } finally {
    clearTimeout(timer);
    o.signal?.removeEventListener("abort", onAbort);
  }
}

function decode(bytes: Buffer, contentType: string | null, strict: boolean, url: string): string {
  if (strict) {
    try {
      return new TextDecoder("utf-8", { fatal: true }).decode(bytes);
    } catch {
      throw new AppError("UPSTREAM_BAD_RESPONSE", `${url}: the body is not UTF-8 text`, { url });
    }
  }
  const charset = /charset\s*=\s*"?([\w-]+)/i.exec(contentType ?? "")?.[1];
  try {
    return new TextDecoder(charset ?? "utf-8").decode(bytes);
  } catch {
    return new TextDecoder("utf-8").decode(bytes); // unknown label: UTF-8 is the web's default
  }
}

/** user:password moves out of the URL into a Basic Authorization header (and never into a message). */
function withoutUserinfo(url: string | URL): { url: string; authorization: string | null } {
  let u: URL;
  try {
    u = new URL(url);
  } catch {
    return { url: String(url), authorization: null }; // resolveAndCheck names the bad URL
  }
  if (!u.username && !u.password) return { url: u.href, authorization: null };
  const pair = `${decodeURIComponent(u.username)}:${decodeURIComponent(u.password)}`;
  u.username = "";
  u.password = "";
  return { url: u.href, authorization: `Basic ${Buffer.from(pair, "utf8").toString("base64")}` };
}

/** The URL as shown in messages and stored on records: never with user:password. */
export function redactUrl(url: string): string {
  return withoutUserinfo(url).url;
}

function header(res: IncomingMessage, name: string): string | null {
  const v = res.headers[name];
  return Array.isArray(v) ? (v[0] ?? null) : (v ?? null);
}

function lowerKeys(h: Record<string, string>): Record<string, string> {
  return Object.fromEntries(Object.entries(h).map(([k, v]) => [k.toLowerCase(), v]));
}

function throwIfAborted(signal: AbortSignal | undefined, url: string) {
  if (signal?.aborted) throw abortedError(url);
}

function abortedError(url: string): AppError {
  return new AppError("UPSTREAM_UNAVAILABLE", `Fetching ${url} was aborted`, { url, aborted: true });
}

function timeoutError(url: string, ms: number): AppError {
  return new AppError("UPSTREAM_UNAVAILABLE", `Fetching ${url} timed out: no complete answer within ${ms} ms`, { url, timedOut: true });
}

function tooLarge(url: string, maxBytes: number, why: string): AppError {
  return new AppError("PAYLOAD_TOO_LARGE", `${url} is larger than ${maxBytes} bytes (${why}); refusing to read more`, { url, maxBytes, why });
}
