import type { Worker } from "bullmq";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { db } from "@/lib/db";
import { closeQueues, getQueue } from "@/lib/queues";
import { startWorker } from "@/workers/registry";
import { gpuScrapeJob } from "@/workers/gpu-scrape";
import { dcgmPage } from "../gpu/constructed-pages";
import { endlessBody, startLocalServer, type Handler, type LocalServer } from "../gpu/local-http-server";
import { createOrgWithMembers } from "../support/factories";
import { runJob } from "../support/gpu-jobs";

// Bad answers from a metrics target, through the scrape job and real Postgres: the job fails,
// the source (and its pool) show an error a person can act on, and NOT ONE sample of that scrape
// is written — counted in the database, before and after.

const GOOD = dcgmPage([{ index: 0, uuid: "GPU-good0000", host: "node-1", util: 50, power: "300.000000", fb: 1000 }]);
// 64 MiB of valid lines: over the 5 MiB cap by more than loopback socket buffers can absorb (with
// 8 MiB, a slow client under load let the server write the whole body into the buffers and finish).
const HUGE_BYTES = 64 * 1024 * 1024;
const huge = endlessBody(HUGE_BYTES);

const PAGES: Record<string, Handler> = {
  "/good": (_req, res) => void res.writeHead(200, { "content-type": "text/plain; version=0.0.4" }).end(GOOD),
  "/html": (_req, res) => void res.writeHead(200, { "content-type": "text/html; charset=utf-8" }).end("<!doctype html><html><body>Sign in to Grafana</body></html>"),
  "/missing": (_req, res) => void res.writeHead(404, { "content-type": "text/plain" }).end("404 page not found"),
  // A valid page with one garbage line in the middle: the whole scrape is refused.
  "/garbage": (_req, res) => void res.writeHead(200, { "content-type": "text/plain" }).end(GOOD.replace("# HELP DCGM_FI_DEV_GPU_UTIL", "this line is garbage\n# HELP DCGM_FI_DEV_GPU_UTIL")),
  "/nan": (_req, res) => void res.writeHead(200, { "content-type": "text/plain" }).end(GOOD.replace(/(DCGM_FI_DEV_POWER_USAGE\{[^}]*\}) 300\.000000/, "$1 NaN")),
  "/inf": (_req, res) => void res.writeHead(200, { "content-type": "text/plain" }).end(GOOD.replace(/(DCGM_FI_DEV_GPU_UTIL\{[^}]*\}) 50/, "$1 +Inf")),
  "/huge": huge.handler,
  "/unrelated": (_req, res) => void res.writeHead(200, { "content-type": "text/plain" }).end("# TYPE node_load1 gauge\nnode_load1 0.42\n"),
};

let server: LocalServer;
let worker: Worker;
let orgId: string;
const AT = "2026-01-01T00:00:00.000Z";

beforeAll(async () => {
  server = await startLocalServer((req, res) => PAGES[(req.url ?? "").split("?")[0]!]!(req, res));
  orgId = (await createOrgWithMembers("Bad Targets Co")).org.id;
  worker = startWorker("gpuScrape", gpuScrapeJob, { concurrency: 1 });
  await worker.waitUntilReady();
});

afterAll(async () => {
  await worker.close();
  await getQueue("gpuScrape").obliterate({ force: true });
  await closeQueues();
  await server.close();
});

async function poolWithSource(path: string) {
  const pool = await db().gpuPool.create({
    data: { orgId, name: `pool ${path}`, gpuModel: "L40S", gpuCount: 1, costModel: "CLOUD", hourlyRatePerGpu: "1", powerPricePerKwh: "0.1", sources: { create: { orgId, kind: "PROMETHEUS_TEXT", url: `${server.url}${path}` } } },
    include: { sources: true },
  });
  return { pool, source: pool.sources[0]! };
}

const samples = (sourceId: string) => db().gpuMetricSample.count({ where: { sourceId } });

describe("bad answers: the source shows the error and nothing of that scrape is written", () => {
  it.each([
    ["/html", /got an HTML page, not metrics/],
    ["/missing", /answered HTTP 404; nothing is served at this path/],
    ["/garbage", /Prometheus text, line \d+: the value is not a number \(\d+ bad lines in all\)$|Prometheus text, line \d+: the value is not a number$/],
    ["/nan", /DCGM_FI_DEV_POWER_USAGE\{.*\} is NaN, not a reading; the scrape is rejected/],
    ["/inf", /DCGM_FI_DEV_GPU_UTIL\{.*\} is \+Inf, not a reading/],
    ["/huge", /larger than the 5242880-byte cap/],
    ["/unrelated", /no GPU \(DCGM_FI_DEV_\*\) or served-model \(vllm:\*\) series/],
  ])("%s", async (path, message) => {
    const { pool, source } = await poolWithSource(path);
    const done = await runJob("gpuScrape", { sourceId: source.id, at: AT });
    expect(done.state).toBe("failed");
    expect(done.failedReason).toMatch(message);
    expect(await samples(source.id)).toBe(0);
    const after = await db().gpuMetricSource.findUniqueOrThrow({ where: { id: source.id } });
    expect(after.lastError).toMatch(message);
    expect(after.lastError).toContain(`${server.url}${path}`); // which target, in the message
    expect(after.lastScrapeAt).toBeNull();
    expect((await db().gpuPool.findUniqueOrThrow({ where: { id: pool.id } })).lastScrapeError).toBe(after.lastError);
  });

  it("the huge body is cut off at the cap: the server saw the client hang up before it finished", async () => {
    await huge.closed;
    expect(huge.stats.clientAborted).toBe(true);
    expect(huge.stats.finished).toBe(false);
    expect(huge.stats.bytesWritten).toBeLessThan(HUGE_BYTES);
  });

  it("a bad scrape after good ones leaves the stored rows and the last good scrape as they were; the next good one clears the error", async () => {
    const { pool, source } = await poolWithSource("/good");
    expect((await runJob("gpuScrape", { sourceId: source.id, at: "2026-01-01T00:00:00.000Z" })).state).toBe("completed");
    expect(await samples(source.id)).toBe(3); // one GPU × util, power, FB
    await db().gpuMetricSource.update({ where: { id: source.id }, data: { url: `${server.url}/nan` } });
    expect((await runJob("gpuScrape", { sourceId: source.id, at: "2026-01-01T00:01:00.000Z" })).state).toBe("failed");
    expect(await samples(source.id)).toBe(3);
    const failed = await db().gpuMetricSource.findUniqueOrThrow({ where: { id: source.id } });
    expect(failed.lastScrapeAt).toEqual(new Date("2026-01-01T00:00:00.000Z"));
    expect(failed.lastError).toMatch(/NaN/);
    await db().gpuMetricSource.update({ where: { id: source.id }, data: { url: `${server.url}/good` } });
    expect((await runJob("gpuScrape", { sourceId: source.id, at: "2026-01-01T00:02:00.000Z" })).state).toBe("completed");
    expect(await samples(source.id)).toBe(6);
    const healed = await db().gpuPool.findUniqueOrThrow({ where: { id: pool.id }, include: { sources: true } });
    expect([healed.lastScrapeError, healed.sources[0]!.lastError, healed.lastScrapeAt]).toEqual([null, null, new Date("2026-01-01T00:02:00.000Z")]);
  });
});
