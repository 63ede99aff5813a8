import http, { type IncomingMessage } from "node:http";
import https from "node:https";
import type { LookupFunction } from "node:net";
import { isIP } from "node:net";
import zlib from "node:zlib";
import { AppError } from "@/lib/errors";
import { resolveAndCheck, type AllowListInput, type CheckedTarget, type Resolver } from "@/lib/net/ssrf";

// Fetch a URL that a user typed (vendor documents) without letting it reach inside our network:
// every hop is resolved and checked by the SSRF guard BEFORE a socket opens, and the socket is then
// pinned to the checked address through a custom `lookup`, so a DNS answer that changes between check
// and connect (DNS rebinding) cannot redirect it. Redirects are followed by hand so each is re-checked.
// We use node:http(s) rather than global fetch because fetch offers no way to pin the address.

export interface SafeFetchOptions {
  userAgent: string;
  allowList?: AllowListInput;
  resolver?: Resolver;
  /** whole fetch, all redirects included (default 15 s) */
  timeoutMs?: number;
  /** decoded body cap (default 5 MB) */
  maxBytes?: number;
  maxRedirects?: number;
  /** from the previous fetch, for a conditional request */
  etag?: string | null;
  lastModified?: string | null;
  /** extra request headers; Authorization and Cookie are dropped when a redirect leaves the origin */
  headers?: Record<string, string>;
}

interface Common {
  finalUrl: string;
  etag: string | null;
  lastModified: string | null;
  /** every URL visited before finalUrl */
  redirects: string[];
}
export type SafeFetchResult =
  | (Common & { status: 304; notModified: true })
  | (Common & { status: number; notModified: false; body: string; contentType: string | null; headers: Record<string, string | string[] | undefined> });

export const DEFAULT_MAX_BYTES = 5 * 1024 * 1024;
const DEFAULT_TIMEOUT_MS = 15_000;
const REDIRECT_STATUSES = new Set([301, 302, 303, 307, 308]);
const CREDENTIAL_HEADERS = ["authorization", "cookie", "proxy-authorization"];

export async function safeFetch(url: string | URL, options: SafeFetchOptions): Promise<SafeFetchResult> {
  const maxBytes = options.maxBytes ?? DEFAULT_MAX_BYTES;
  const maxRedirects = options.maxRedirects ?? 5;
  const deadline = Date.now() + (options.timeoutMs ?? DEFAULT_TIMEOUT_MS);
  const headers: Record<string, string> = {
    "user-agent": options.userAgent,
    accept: "text/html,application/xhtml+xml,text/markdown,text/plain;q=0.9,*/*;q=0.5",
    "accept-encoding": "gzip, deflate, br",
    ...lowerKeys(options.headers ?? {}),
  };
  if (options.etag) headers["if-none-match"] = options.etag;
  if (options.lastModified) headers["if-modified-since"] = options.lastModified;

  const redirects: string[] = [];
  let current = url;
  for (;;) {
    const target = await resolveAndCheck(current, { resolver: options.resolver, allowList: options.allowList });
    const res = await request(target, headers, deadline);
    const location = res.headers.location;
    if (REDIRECT_STATUSES.has(res.statusCode ?? 0) && location) {
      res.resume(); // discard the redirect body
      if (redirects.length >= maxRedirects) {
        throw new AppError("UPSTREAM_BAD_RESPONSE", `Too many redirects (more than ${maxRedirects}) starting at ${String(url)}`, { url: String(url), redirects });
      }
      const next = new URL(location, target.url);
      if (next.origin !== target.url.origin) for (const h of CREDENTIAL_HEADERS) delete headers[h];
      redirects.push(target.url.href);
      current = next;
      continue;
    }
    const common: Common = {
      finalUrl: target.url.href,
      etag: header(res, "etag"),
      lastModified: header(res, "last-modified"),
      redirects,
    };
    if (res.statusCode === 304) {
      res.resume();
      return { ...common, status: 304, notModified: true };
    }
    const contentType = header(res, "content-type");
    const bytes = await readCapped(res, maxBytes, deadline, target.url.href);
    return { ...common, status: res.statusCode ?? 0, notModified: false, body: decode(bytes, contentType), contentType, headers: res.headers };
  }
}

/** One GET to the checked target, connected only to its first checked address. */
function request(target: CheckedTarget, headers: Record<string, string>, deadline: number): Promise<IncomingMessage> {
  const { url, hostname } = target;
  const pinned = target.addresses[0]!;
  const lookup: LookupFunction = (host, opts, callback) => {
    // Never consult DNS again: the only answer is the address the guard approved.
    if (host !== hostname) return callback(new Error(`unexpected lookup of ${host}`), "", 4);
    if ((opts as { all?: boolean }).all) (callback as unknown as (e: null, a: { address: string; family: number }[]) => void)(null, [pinned]);
    else callback(null, pinned.address, pinned.family);
  };
  const secure = url.protocol === "https:";
  const remaining = deadline - Date.now();
  return new Promise((resolve, reject) => {
    if (remaining <= 0) return reject(timeoutError(url.href));
    const req = (secure ? https : http).request({
      method: "GET",
      hostname,
      port: url.port || (secure ? 443 : 80),
      path: `${url.pathname}${url.search}`,
      headers,
      lookup,
      agent: false, // a fresh connection per request: no pooled socket to another address is ever reused
      ...(secure && !isIP(hostname) ? { servername: hostname } : {}),
    });
    const timer = setTimeout(() => req.destroy(timeoutError(url.href)), remaining);
    req.on("response", (res) => {
      clearTimeout(timer);
      resolve(res);
    });
    req.on("error", (e) => {
      clearTimeout(timer);
      reject(e instanceof AppError ? e : new AppError("UPSTREAM_UNAVAILABLE", `Fetching ${url.href} failed: ${e.message}`, { url: url.href }));
    });
    req.end();
  });
}

/** Read the (decompressed) body, refusing past maxBytes: a 10 KB gzip can inflate to gigabytes. */
function readCapped(res: IncomingMessage, maxBytes: number, deadline: number, url: string): Promise<Buffer> {
  const declared = Number(res.headers["content-length"]);
  if (Number.isFinite(declared) && declared > maxBytes) {
    res.destroy();
    return Promise.reject(tooLarge(url, maxBytes));
  }
  const encoding = String(res.headers["content-encoding"] ?? "identity").toLowerCase();
  const inflate =
    encoding === "gzip" || encoding === "x-gzip" ? zlib.createGunzip() : encoding === "deflate" ? zlib.createInflate() : encoding === "br" ? zlib.createBrotliDecompress() : null;
  const stream = inflate ? res.pipe(inflate) : res;

  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    let size = 0;
    let done = false;
    const fail = (e: AppError) => {
      if (done) return;
      done = true;
      clearTimeout(timer);
      res.destroy();
      inflate?.destroy();
      reject(e);
    };
    const timer = setTimeout(() => fail(timeoutError(url)), Math.max(0, deadline - Date.now()));
    stream.on("data", (chunk: Buffer) => {
      size += chunk.length;
      if (size > maxBytes) return fail(tooLarge(url, maxBytes));
      chunks.push(chunk);
    });
    stream.on("end", () => {
      if (done) return;
      done = true;
      clearTimeout(timer);
      resolve(Buffer.concat(chunks));
    });
    stream.on("error", (e: Error) => fail(new AppError("UPSTREAM_BAD_RESPONSE", `Reading ${url} failed: ${e.message}`, { url })));
    res.on("error", (e: Error) => fail(new AppError("UPSTREAM_UNAVAILABLE", `Reading ${url} failed: ${e.message}`, { url })));
  });
}

function decode(bytes: Buffer, contentType: string | null): string {
  const charset = /charset\s*=\s*"?([\w-]+)/i.exec(contentType ?? "")?.[1];
  try {
    return new TextDecoder(charset ?? "utf-8").decode(bytes);
  } catch {
    return new TextDecoder("utf-8").decode(bytes); // unknown label: UTF-8 is the web's default
  }
}

function header(res: IncomingMessage, name: string): string | null {
  const v = res.headers[name];
  return Array.isArray(v) ? (v[0] ?? null) : (v ?? null);
}

function lowerKeys(h: Record<string, string>): Record<string, string> {
  return Object.fromEntries(Object.entries(h).map(([k, v]) => [k.toLowerCase(), v]));
}

function timeoutError(url: string): AppError {
  return new AppError("UPSTREAM_UNAVAILABLE", `Fetching ${url} timed out`, { url });
}

function tooLarge(url: string, maxBytes: number): AppError {
  return new AppError("PAYLOAD_TOO_LARGE", `${url} is larger than ${maxBytes} bytes; refusing to read more`, { url, maxBytes });
}
