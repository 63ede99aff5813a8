import { existsSync, readFileSync } from "node:fs";
import { mkdtempSync, rmSync } from "node:fs";
import net from "node:net";
import { tmpdir } from "node:os";
import { join } from "node:path";
import zlib from "node:zlib";
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it, vi, type MockInstance } from "vitest";
import { safeFetch, safeFetchToFile, type SafeFetchOptions } from "@/lib/net/safe-fetch";
import type { Resolver } from "@/lib/net/ssrf";
import { startLocalServer, type LocalServer } from "./local-server";

// Every test talks to real servers on 127.0.0.1. A spy on net.Socket.prototype.connect records every
// outgoing connection attempt, so "refused before any socket opens" is asserted, not assumed.

let server: LocalServer;
let other: LocalServer;
let connectSpy: MockInstance;
let hangingResponses: Array<() => void> = [];
const closedByClient: string[] = [];
const BINARY = Buffer.from(Array.from({ length: 3 * 256 }, (_, i) => i % 256));

const base: SafeFetchOptions = { userAgent: "BreakevenTest/1.0", allowList: ["127.0.0.1"], timeoutMs: 5_000 };
const never: Resolver = async () => {
  throw new Error("the resolver must not be consulted in this test");
};
const resolverOf = (...addresses: string[]) => vi.fn<Resolver>(async () => addresses.map((address) => ({ address, family: 4 as const })));
const dialledHosts = () =>
  connectSpy.mock.calls.map((call) => {
    const first = call[0] as unknown;
    const opts = (Array.isArray(first) ? first[0] : first) as { host?: string };
    return opts.host;
  });

beforeAll(async () => {
  other = await startLocalServer((req, res) => {
    res.setHeader("content-type", "text/plain");
    res.end(`other saw authorization=${req.headers.authorization ?? "none"} x-api-key=${String(req.headers["x-api-key"] ?? "none")} x-trace=${String(req.headers["x-trace"] ?? "none")}`);
  });
  server = await startLocalServer((req, res) => {
    const path = req.url ?? "/";
    if (path === "/post-echo") {
      let body = "";
      req.on("data", (c: Buffer) => (body += c.toString("utf8")));
      req.on("end", () => res.end(`${req.method} ${req.headers["content-type"]} ${req.headers["content-length"]} ${body}`));
      return;
    }
    if (path === "/doc") {
      res.setHeader("content-type", "text/plain; charset=utf-8");
      res.end("hello");
    } else if (path === "/to-metadata") {
      res.writeHead(302, { location: "http://169.254.169.254/latest/meta-data/iam/security-credentials/" }).end();
    } else if (path === "/r1") {
      res.writeHead(301, { location: "/r2" }).end();
    } else if (path === "/r2") {
      res.writeHead(307, { location: `${server.origin}/doc` }).end();
    } else if (path === "/loop") {
      res.writeHead(302, { location: "/loop" }).end();
    } else if (path === "/to-same") {
      res.writeHead(302, { location: "/echo" }).end();
    } else if (path === "/echo") {
      res.end(`authorization=${req.headers.authorization ?? "none"} x-api-key=${String(req.headers["x-api-key"] ?? "none")}`);
    } else if (path === "/to-other") {
      res.writeHead(302, { location: `${other.origin}/` }).end();
    } else if (path === "/etag") {
      if (req.headers["if-none-match"] === '"v1"') res.writeHead(304, { etag: '"v1"' }).end();
      else res.writeHead(200, { etag: '"v1"', "content-type": "text/plain" }).end("versioned");
    } else if (path === "/last-modified") {
      const stamp = "Wed, 15 Nov 2023 00:30:00 GMT";
      if (req.headers["if-modified-since"] === stamp) res.writeHead(304).end();
      else res.writeHead(200, { "last-modified": stamp }).end("dated");
    } else if (path === "/big-declared") {
      res.writeHead(200, { "content-length": String(6 * 1024 * 1024) });
      res.write(Buffer.alloc(1024)); // the header alone must be enough to refuse
    } else if (path === "/big-chunked") {
      res.writeHead(200, { "content-type": "text/plain" });
      const chunk = Buffer.alloc(16 * 1024, 97);
      let sent = 0;
      const pump = () => {
        while (sent < 64 && res.write(chunk)) sent++;
        if (sent < 64) res.once("drain", pump);
        else res.end();
      };
      pump();
    } else if (path === "/binary") {
      // 0..255 repeated: not text, so a decoder in the path would change it
      res.writeHead(200, { "content-type": "application/octet-stream", etag: '"bin1"' }).end(BINARY);
    } else if (path === "/binary-gzip-encoded") {
      res.writeHead(200, { "content-encoding": "gzip", "content-type": "application/octet-stream" }).end(zlib.gzipSync(BINARY));
    } else if (path === "/gzip-bomb") {
      res.writeHead(200, { "content-encoding": "gzip", "content-type": "text/plain" }).end(zlib.gzipSync(Buffer.alloc(8 * 1024 * 1024)));
    } else if (path === "/gzip") {
      res.writeHead(200, { "content-encoding": "gzip", "content-type": "text/plain; charset=utf-8" }).end(zlib.gzipSync("Terms of use — compressed"));
    } else if (path === "/latin1") {
      res.writeHead(200, { "content-type": "text/plain; charset=iso-8859-1" }).end(Buffer.from([0x43, 0x61, 0x66, 0xe9]));
    } else if (path === "/big-error") {
      res.writeHead(500, { "content-type": "text/plain" }).end(Buffer.alloc(200 * 1024, 120));
    } else if (path === "/hang-watched") {
      res.writeHead(200, { "content-type": "text/plain" });
      res.write("first bytes ");
      req.socket.once("close", () => closedByClient.push(path));
      hangingResponses.push(() => res.end());
    } else if (path === "/hang") {
      hangingResponses.push(() => res.end());
    } else {
      res.writeHead(404).end("not found");
    }
  });
});

afterAll(async () => {
  hangingResponses.forEach((end) => end());
  await Promise.all([server.close(), other.close()]);
});

beforeEach(() => {
  server.requests.length = 0;
  other.requests.length = 0;
  connectSpy = vi.spyOn(net.Socket.prototype, "connect");
});
afterEach(() => connectSpy.mockRestore());

describe("safeFetch refuses before any socket opens", () => {
  it.each([
    "http://127.0.0.1:PORT/doc", // our own live server, but not allow-listed in this test
    "http://10.0.0.5/",
    "http://172.16.0.1/",
    "http://192.168.1.1/",
    "http://169.254.169.254/latest/meta-data/",
    "http://[::1]/",
    "http://[::ffff:127.0.0.1]:PORT/doc",
  ])("%s", async (template) => {
    const url = template.replace("PORT", String(server.port));
    await expect(safeFetch(url, { ...base, allowList: [], resolver: never })).rejects.toMatchObject({ code: "REFUSED" });
    expect(connectSpy).not.toHaveBeenCalled();
    expect(server.requests).toHaveLength(0);
  });

  it("a hostname the injected resolver maps to 10.0.0.5", async () => {
    const resolver = resolverOf("10.0.0.5");
    await expect(safeFetch("http://terms.vendor.example/", { ...base, resolver })).rejects.toMatchObject({ code: "REFUSED", details: { address: "10.0.0.5" } });
    expect(resolver).toHaveBeenCalledTimes(1);
    expect(connectSpy).not.toHaveBeenCalled();
  });

  it("a hostname with one private address among public ones", async () => {
    const resolver = resolverOf("93.184.216.34", "192.168.0.10", "93.184.216.35");
    await expect(safeFetch("https://terms.vendor.example/", { ...base, resolver })).rejects.toMatchObject({ code: "REFUSED", details: { address: "192.168.0.10" } });
    expect(connectSpy).not.toHaveBeenCalled();
  });

  it("a non-http scheme", async () => {
    await expect(safeFetch("file:///etc/passwd", { ...base, resolver: never })).rejects.toMatchObject({ code: "REFUSED" });
    expect(connectSpy).not.toHaveBeenCalled();
  });

  it("a redirect from the allow-listed local server to the metadata address, at the redirect hop", async () => {
    await expect(safeFetch(`${server.origin}/to-metadata`, { ...base, resolver: never })).rejects.toMatchObject({
      code: "REFUSED",
      details: { address: "169.254.169.254" },
    });
    expect(server.requests.map((r) => r.url)).toEqual(["/to-metadata"]);
    expect(dialledHosts()).toEqual(["127.0.0.1"]); // one connection, to the local server only
  });
});

describe("safeFetch against allowed servers", () => {
  it("fetches a body with its metadata", async () => {
    const r = await safeFetch(`${server.origin}/doc`, { ...base, resolver: never });
    expect(r).toMatchObject({ status: 200, notModified: false, body: "hello", contentType: "text/plain; charset=utf-8", finalUrl: `${server.origin}/doc`, redirects: [] });
    expect(server.requests[0]!.headers["user-agent"]).toBe("BreakevenTest/1.0");
  });

  it("pins the connection to the checked address: a resolver that rebinds on its second answer is asked once", async () => {
    const resolver = vi.fn<Resolver>().mockResolvedValueOnce([{ address: "127.0.0.1", family: 4 }]).mockResolvedValue([{ address: "10.0.0.5", family: 4 }]);
    const r = await safeFetch(`http://rebind.test:${server.port}/doc`, { ...base, allowList: ["127.0.0.1", "rebind.test"], resolver });
    expect(r).toMatchObject({ status: 200, body: "hello" });
    expect(resolver).toHaveBeenCalledTimes(1);
    // the socket was asked for the name, and our lookup answered with the checked address: no DNS involved
    expect(dialledHosts()).toEqual(["rebind.test"]);
    expect(server.requests[0]!.headers.host).toBe(`rebind.test:${server.port}`);
  });

  it("follows relative and absolute redirects, re-checking each hop", async () => {
    const r = await safeFetch(`${server.origin}/r1`, { ...base, resolver: never });
    expect(r).toMatchObject({ status: 200, body: "hello", finalUrl: `${server.origin}/doc`, redirects: [`${server.origin}/r1`, `${server.origin}/r2`] });
    expect(connectSpy).toHaveBeenCalledTimes(3);
  });

  it("POSTs a body (alert channels) and never follows a redirect with it", async () => {
    const body = { contentType: "application/json", text: '{"text":"héllo"}' };
    const r = await safeFetch(`${server.origin}/post-echo`, { ...base, resolver: never, body });
    // 16 characters, 17 bytes: é is two bytes in UTF-8
    expect(r).toMatchObject({ status: 200, body: 'POST application/json 17 {"text":"héllo"}' });
    const redirected = await safeFetch(`${server.origin}/r1`, { ...base, resolver: never, body });
    expect(redirected).toMatchObject({ status: 301, ok: false, redirects: [] });
    expect(connectSpy).toHaveBeenCalledTimes(2);
  });

  it("gives up after 5 redirects", async () => {
    await expect(safeFetch(`${server.origin}/loop`, { ...base, resolver: never })).rejects.toMatchObject({ code: "UPSTREAM_BAD_RESPONSE", message: expect.stringContaining("Too many redirects") });
    expect(server.requests).toHaveLength(6);
  });

  it.each<Record<string, string>>([{ authorization: "Bearer secret" }, { "x-api-key": "sk-ant-admin-secret" }, { "X-Custom-Token": "t0k" }])(
    "a credentialed request (%o) never follows a redirect to another origin: a clear error, nothing sent there",
    async (credential) => {
      await expect(safeFetch(`${server.origin}/to-other`, { ...base, resolver: never, headers: credential })).rejects.toMatchObject({
        code: "UPSTREAM_BAD_RESPONSE",
        message: expect.stringContaining("a request carrying credentials never follows a redirect to another origin"),
        details: { redirectedTo: other.origin },
      });
      expect(other.requests).toHaveLength(0);
    },
  );

  it("user:password in the URL is a credential too, sent as Basic auth and never to another origin", async () => {
    const withCreds = server.origin.replace("http://", "http://alice:pw@");
    await expect(safeFetch(`${withCreds}/to-other`, { ...base, resolver: never })).rejects.toMatchObject({ details: { crossOriginRedirect: true } });
    expect(server.requests[0]!.headers.authorization).toBe(`Basic ${Buffer.from("alice:pw").toString("base64")}`);
    expect(other.requests).toHaveLength(0);
  });

  it("a credentialed request follows a same-origin redirect with its credentials", async () => {
    const r = await safeFetch(`${server.origin}/to-same`, { ...base, resolver: never, headers: { "x-api-key": "k1" } });
    expect(r.notModified === false && r.body).toBe("authorization=none x-api-key=k1");
  });

  it("an uncredentialed request crosses origins with none of the caller's headers", async () => {
    const r = await safeFetch(`${server.origin}/to-other`, { ...base, resolver: never, headers: { "x-trace": "abc" } });
    expect(server.requests[0]!.headers["x-trace"]).toBe("abc");
    expect(r.notModified === false && r.body).toBe("other saw authorization=none x-api-key=none x-trace=none");
  });

  it("sends If-None-Match and reports 304 as not modified", async () => {
    const first = await safeFetch(`${server.origin}/etag`, { ...base, resolver: never });
    expect(first).toMatchObject({ status: 200, body: "versioned", etag: '"v1"' });
    const second = await safeFetch(`${server.origin}/etag`, { ...base, resolver: never, etag: first.etag });
    expect(second).toMatchObject({ status: 304, notModified: true, etag: '"v1"' });
    expect(server.requests[1]!.headers["if-none-match"]).toBe('"v1"');
  });

  it("sends If-Modified-Since", async () => {
    const first = await safeFetch(`${server.origin}/last-modified`, { ...base, resolver: never });
    expect(first.lastModified).toBe("Wed, 15 Nov 2023 00:30:00 GMT");
    const second = await safeFetch(`${server.origin}/last-modified`, { ...base, resolver: never, lastModified: first.lastModified });
    expect(second.notModified).toBe(true);
  });

  it("decompresses gzip and honours the charset", async () => {
    expect(await safeFetch(`${server.origin}/gzip`, { ...base, resolver: never })).toMatchObject({ body: "Terms of use — compressed" });
    expect(await safeFetch(`${server.origin}/latin1`, { ...base, resolver: never })).toMatchObject({ body: "Café" });
  });
});

describe("safeFetch caps size and time", () => {
  it("refuses a declared Content-Length over the cap (5 MB by default)", async () => {
    await expect(safeFetch(`${server.origin}/big-declared`, { ...base, resolver: never })).rejects.toMatchObject({ code: "PAYLOAD_TOO_LARGE" });
  });

  it("stops reading a chunked body once it passes maxBytes", async () => {
    await expect(safeFetch(`${server.origin}/big-chunked`, { ...base, resolver: never, maxBytes: 100_000 })).rejects.toMatchObject({ code: "PAYLOAD_TOO_LARGE", details: { maxBytes: 100_000 } });
  });

  it("caps the decompressed size, so a small gzip bomb is refused", async () => {
    await expect(safeFetch(`${server.origin}/gzip-bomb`, { ...base, resolver: never, maxBytes: 1024 * 1024 })).rejects.toMatchObject({ code: "PAYLOAD_TOO_LARGE" });
  });

  it("times out a server that never answers", async () => {
    const started = Date.now();
    await expect(safeFetch(`${server.origin}/hang`, { ...base, resolver: never, timeoutMs: 300 })).rejects.toMatchObject({ code: "UPSTREAM_UNAVAILABLE", message: expect.stringContaining("timed out") });
    expect(Date.now() - started).toBeLessThan(3_000);
  });
});

describe("safeFetch time-outs and abort", () => {
  it("a DNS answer that never comes is a time-out, and no socket opens", async () => {
    const silent: Resolver = () => new Promise(() => undefined);
    await expect(safeFetch("http://slow-dns.example/", { ...base, resolver: silent, dnsTimeoutMs: 50 })).rejects.toMatchObject({
      code: "UPSTREAM_UNAVAILABLE",
      message: "DNS lookup gave no answer within 50 ms",
    });
    expect(connectSpy).not.toHaveBeenCalled();
  });

  it("headers that never come are a time-out of their own", async () => {
    await expect(safeFetch(`${server.origin}/hang`, { ...base, resolver: never, headersTimeoutMs: 100 })).rejects.toMatchObject({ code: "UPSTREAM_UNAVAILABLE", details: { timedOut: true } });
  });

  it("an abort in the middle of the body rejects at once and closes the connection", async () => {
    const controller = new AbortController();
    const pending = safeFetch(`${server.origin}/hang-watched`, { ...base, resolver: never, signal: controller.signal });
    await vi.waitFor(() => expect(server.requests.map((r) => r.url)).toContain("/hang-watched"));
    controller.abort();
    await expect(pending).rejects.toMatchObject({ code: "UPSTREAM_UNAVAILABLE", details: { aborted: true } });
    await vi.waitFor(() => expect(closedByClient).toContain("/hang-watched"));
  });

  it("an already aborted signal opens nothing", async () => {
    await expect(safeFetch(`${server.origin}/doc`, { ...base, resolver: never, signal: AbortSignal.abort() })).rejects.toMatchObject({ details: { aborted: true } });
    expect(connectSpy).not.toHaveBeenCalled();
  });

  it("an error page is read only to 64 KiB and cut, keeping its status", async () => {
    const r = await safeFetch(`${server.origin}/big-error`, { ...base, resolver: never });
    expect(r).toMatchObject({ status: 500, ok: false, truncated: true });
    expect(r.notModified === false && r.body.length).toBe(64 * 1024);
  });
});

describe("safeFetchToFile: the body streamed to a file", () => {
  let dir: string;
  beforeAll(() => {
    dir = mkdtempSync(join(tmpdir(), "safe-fetch-file-"));
  });
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  it("writes the exact bytes of a binary body and reports its size and validators", async () => {
    const path = join(dir, "binary");
    const r = await safeFetchToFile(`${server.origin}/binary`, path, { ...base, resolver: never });
    expect(r).toMatchObject({ status: 200, ok: true, notModified: false, bytes: 768, etag: '"bin1"' });
    expect(readFileSync(path).equals(BINARY)).toBe(true);
  });

  it("decodes a Content-Encoding: gzip body on the way to the file", async () => {
    const path = join(dir, "decoded");
    const r = await safeFetchToFile(`${server.origin}/binary-gzip-encoded`, path, { ...base, resolver: never });
    expect(r).toMatchObject({ ok: true, bytes: 768 });
    expect(readFileSync(path).equals(BINARY)).toBe(true);
  });

  it("follows checked redirects and sends conditional headers (304 writes nothing)", async () => {
    const path = join(dir, "redirected");
    expect(await safeFetchToFile(`${server.origin}/r1`, path, { ...base, resolver: never })).toMatchObject({ ok: true, bytes: 5, redirects: [`${server.origin}/r1`, `${server.origin}/r2`] });
    expect(readFileSync(path, "utf8")).toBe("hello");
    const notModifiedPath = join(dir, "not-modified");
    expect(await safeFetchToFile(`${server.origin}/etag`, notModifiedPath, { ...base, resolver: never, etag: '"v1"' })).toMatchObject({ status: 304, notModified: true });
    expect(existsSync(notModifiedPath)).toBe(false);
  });

  it("refuses a private address before any socket opens, and a redirect to the metadata service at its hop", async () => {
    const path = join(dir, "refused");
    await expect(safeFetchToFile("http://drops.vendor.example/focus.csv", path, { ...base, resolver: resolverOf("10.0.0.5") })).rejects.toMatchObject({ code: "REFUSED", details: { address: "10.0.0.5" } });
    expect(connectSpy).not.toHaveBeenCalled();
    await expect(safeFetchToFile(`${server.origin}/to-metadata`, path, { ...base, resolver: never })).rejects.toMatchObject({ code: "REFUSED", details: { address: "169.254.169.254" } });
    expect(existsSync(path)).toBe(false);
  });

  it("a credential never follows a redirect to another origin", async () => {
    const path = join(dir, "cross");
    await expect(safeFetchToFile(`${server.origin}/to-other`, path, { ...base, resolver: never, headers: { authorization: "Bearer drop-secret" } })).rejects.toMatchObject({ details: { crossOriginRedirect: true } });
    expect(other.requests).toHaveLength(0);
  });

  it("caps the decoded bytes (a chunked body and a gzip bomb), removing the partial file", async () => {
    const path = join(dir, "capped");
    await expect(safeFetchToFile(`${server.origin}/big-chunked`, path, { ...base, resolver: never, maxBytes: 100_000 })).rejects.toMatchObject({ code: "PAYLOAD_TOO_LARGE", details: { maxBytes: 100_000 } });
    expect(existsSync(path)).toBe(false);
    await expect(safeFetchToFile(`${server.origin}/gzip-bomb`, path, { ...base, resolver: never, maxBytes: 1024 * 1024 })).rejects.toMatchObject({ code: "PAYLOAD_TOO_LARGE" });
    expect(existsSync(path)).toBe(false);
    await expect(safeFetchToFile(`${server.origin}/big-declared`, path, { ...base, resolver: never })).rejects.toMatchObject({ code: "PAYLOAD_TOO_LARGE", details: { why: `Content-Length ${6 * 1024 * 1024}` } });
  });

  it("an error status writes nothing and returns its (cut) error body", async () => {
    const path = join(dir, "error");
    const r = await safeFetchToFile(`${server.origin}/big-error`, path, { ...base, resolver: never });
    expect(r).toMatchObject({ status: 500, ok: false, truncated: true });
    expect(existsSync(path)).toBe(false);
  });

  it("times out mid-body and aborts at once, closing the connection and removing the file", async () => {
    const path = join(dir, "hang");
    await expect(safeFetchToFile(`${server.origin}/hang-watched`, path, { ...base, resolver: never, timeoutMs: 300 })).rejects.toMatchObject({ code: "UPSTREAM_UNAVAILABLE", details: { timedOut: true } });
    expect(existsSync(path)).toBe(false);
    closedByClient.length = 0;
    const controller = new AbortController();
    const pending = safeFetchToFile(`${server.origin}/hang-watched`, path, { ...base, resolver: never, signal: controller.signal });
    await vi.waitFor(() => expect(server.requests.filter((r) => r.url === "/hang-watched")).toHaveLength(2));
    controller.abort();
    await expect(pending).rejects.toMatchObject({ code: "UPSTREAM_UNAVAILABLE", details: { aborted: true } });
    await vi.waitFor(() => expect(closedByClient).toContain("/hang-watched"));
    expect(existsSync(path)).toBe(false);
  });
});
