import { afterEach, describe, expect, it } from "vitest";
import { AppError } from "@/lib/errors";
import { scrapePrometheusText, USER_AGENT } from "@/lib/gpu/scrape";
import { dcgmPage } from "./constructed-pages";
import { endlessBody, LOCAL, playback, startLocalServer, type Handler, type LocalServer } from "./local-http-server";

// scrapePrometheusText against a real HTTP server on 127.0.0.1: a scrape returns a snapshot or
// throws one AppError, and never returns part of a bad answer.

let server: LocalServer | undefined;
afterEach(async () => {
  await server?.close();
  server = undefined;
});

async function serve(handler: Handler): Promise<string> {
  server = await startLocalServer(handler);
  return server.url;
}

async function scrapeError(url: string, options: Partial<Parameters<typeof scrapePrometheusText>[1]> = {}): Promise<AppError> {
  try {
    const result = await scrapePrometheusText(url, { allowList: LOCAL, timeoutMs: 2000, ...options });
    throw new Error(`expected an AppError, got a snapshot with ${result.gpus.length} GPUs`);
  } catch (e) {
    if (e instanceof AppError) return e;
    throw e;
  }
}

const oneGpu = dcgmPage([{ index: 0, uuid: "GPU-a", host: "node-1", util: 55, power: "350.250000", fb: 1024 }]);

describe("scrapePrometheusText: a good page", () => {
  it("sends an honest User-Agent, asks for the text format, and stamps the snapshot with `now`", async () => {
    const url = await serve(playback({ "/metrics": [{ body: oneGpu }] }));
    const now = new Date("2025-06-01T10:00:00Z");
    const snap = await scrapePrometheusText(`${url}/metrics`, { allowList: LOCAL, timeoutMs: 2000, now });
    expect(server!.requests[0]!.headers["user-agent"]).toBe("Breakeven/0.1 (+gpu-metrics)");
    expect(USER_AGENT).toBe("Breakeven/0.1 (+gpu-metrics)");
    expect(server!.requests[0]!.headers.accept).toMatch(/^text\/plain;version=0\.0\.4/);
    expect(snap.scrapedAt).toBe(now);
    expect(snap.target).toBe(`${url}/metrics`);
    expect(snap.gpus).toEqual([{ uuid: "GPU-a", index: 0, host: "node-1", modelName: "NVIDIA H100 80GB HBM3", utilisationPct: 55, powerWatts: 350.25, fbUsedMiB: 1024 }]);
  });

  it("sends user:password from the URL as basic auth, and never puts it into the snapshot or errors", async () => {
    const url = await serve(playback({ "/metrics": [{ body: oneGpu }, { status: 503, body: "down" }] }));
    const withCreds = url.replace("http://", "http://scraper:s3cret@");
    expect((await scrapePrometheusText(`${withCreds}/metrics`, { allowList: LOCAL, timeoutMs: 2000 })).target).toBe(`${url}/metrics`);
    expect(server!.requests[0]!.headers.authorization).toBe(`Basic ${Buffer.from("scraper:s3cret").toString("base64")}`);
    const e = await scrapeError(`${withCreds}/metrics`);
    expect(e.message).not.toContain("s3cret");
  });
});

describe("scrapePrometheusText: bad answers are errors, nothing is returned", () => {
  it("HTML body (a login page answered with 200) → UPSTREAM_BAD_RESPONSE", async () => {
    const url = await serve(playback({ "/metrics": [{ contentType: "text/html; charset=utf-8", body: "<!doctype html><title>Sign in</title>" }] }));
    const e = await scrapeError(`${url}/metrics`);
    expect(e.code).toBe("UPSTREAM_BAD_RESPONSE");
    expect(e.message).toContain("HTML");
  });

  it("HTML even when served as text/plain", async () => {
    const url = await serve(playback({ "/metrics": [{ body: "\n<html><body>nginx</body></html>" }] }));
    expect((await scrapeError(`${url}/metrics`)).message).toContain("HTML");
  });

  it("404 → UPSTREAM_BAD_RESPONSE with the status", async () => {
    const url = await serve(playback({}));
    const e = await scrapeError(`${url}/metricz`);
    expect(e.code).toBe("UPSTREAM_BAD_RESPONSE");
    expect(e.details.status).toBe(404);
    expect(e.message).toContain("HTTP 404");
  });

  it("503 → UPSTREAM_UNAVAILABLE (retry at the next scrape)", async () => {
    const url = await serve(playback({ "/metrics": [{ status: 503, body: "exporter restarting" }] }));
    const e = await scrapeError(`${url}/metrics`);
    expect(e.code).toBe("UPSTREAM_UNAVAILABLE");
    expect(e.details.status).toBe(503);
  });

  it("garbage lines → UPSTREAM_BAD_RESPONSE naming the first bad line number", async () => {
    const body = `${oneGpu}Traceback (most recent call last):\n`;
    const badLine = body.split("\n").length - 1; // the traceback is the last, non-empty line
    const url = await serve(playback({ "/metrics": [{ body }] }));
    const e = await scrapeError(`${url}/metrics`);
    expect(e.code).toBe("UPSTREAM_BAD_RESPONSE");
    expect(e.message).toContain(`line ${badLine}: the value is not a number`);
    expect(e.details.issues).toEqual([{ field: `line ${badLine}`, message: "the value is not a number" }]);
    expect(e.message).not.toContain("Traceback"); // the target's text never reaches the message
  });

  it.each(["NaN", "+Inf", "-Inf"])("a %s power reading → the scrape is rejected", async (value) => {
    const url = await serve(playback({ "/metrics": [{ body: dcgmPage([{ index: 0, uuid: "GPU-a", host: "node-1", util: 55, power: value, fb: 1024 }]) }] }));
    const e = await scrapeError(`${url}/metrics`);
    expect(e.code).toBe("UPSTREAM_BAD_RESPONSE");
    expect(e.message).toMatch(/: line \d+: DCGM_FI_DEV_POWER_USAGE/);
    expect(e.message).toContain(`DCGM_FI_DEV_POWER_USAGE{gpu="0",UUID="GPU-a"} is ${value}, not a reading`);
  });

  it("a body past the cap → PAYLOAD_TOO_LARGE, and the download is cut off mid-stream", async () => {
    const endless = endlessBody(50 * 1024 * 1024);
    const url = await serve(endless.handler);
    const e = await scrapeError(`${url}/metrics`, { maxBytes: 256 * 1024 });
    expect(e.code).toBe("PAYLOAD_TOO_LARGE");
    expect(e.details.maxBytes).toBe(262144);
    await endless.closed; // the server sees the hang-up a moment after the client errors
    expect(endless.stats.clientAborted).toBe(true);
    expect(endless.stats.finished).toBe(false);
    expect(endless.stats.bytesWritten).toBeLessThan(50 * 1024 * 1024);
  });

  it("a 503 with a huge error page is still reported as the 503 (error pages are read only in part)", async () => {
    const endless = endlessBody(50 * 1024 * 1024);
    const url = await serve((req, res) => {
      res.statusCode = 503;
      return endless.handler(req, res);
    });
    const e = await scrapeError(`${url}/metrics`);
    expect(e.code).toBe("UPSTREAM_UNAVAILABLE");
    expect(e.details.status).toBe(503);
  });

  it("a declared Content-Length past the cap is refused before reading", async () => {
    const url = await serve((_req, res) => {
      res.writeHead(200, { "content-type": "text/plain", "content-length": String(10 * 1024 * 1024) });
      res.write("up 1\n");
    });
    const e = await scrapeError(`${url}/metrics`, { maxBytes: 1024 });
    expect(e.code).toBe("PAYLOAD_TOO_LARGE");
    expect(e.message).toContain("Content-Length 10485760");
  });

  it("no answer within timeoutMs → UPSTREAM_UNAVAILABLE", async () => {
    const url = await serve(() => undefined); // accepts, never answers
    const started = Date.now();
    const e = await scrapeError(`${url}/metrics`, { timeoutMs: 150 });
    expect(e.code).toBe("UPSTREAM_UNAVAILABLE");
    expect(e.message).toContain("no answer within 150 ms");
    expect(Date.now() - started).toBeLessThan(2000);
  });

  it("nothing listening → UPSTREAM_UNAVAILABLE", async () => {
    const url = await serve(() => undefined);
    await server!.close();
    server = undefined;
    const e = await scrapeError(`${url}/metrics`);
    expect(e.code).toBe("UPSTREAM_UNAVAILABLE");
    expect(e.message).toContain("could not connect");
  });
});
