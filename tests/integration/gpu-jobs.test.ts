import type { Worker } from "bullmq";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { db } from "@/lib/db";
import { scheduleSourceScrape, scrapeSchedulerId, unscheduleSourceScrape } from "@/lib/gpu/schedule";
import { floorHour, HOUR_MS } from "@/lib/gpu/store";
import { closeQueues, getQueue } from "@/lib/queues";
import { startWorker } from "@/workers/registry";
import { gpuRollupJob } from "@/workers/gpu-rollup";
import { gpuScrapeJob } from "@/workers/gpu-scrape";
import { dcgmPage, vllmPage, type GpuState } from "../gpu/constructed-pages";
import { playback, startLocalServer, type Handler, type LocalServer, type ScriptedAnswer } from "../gpu/local-http-server";
import { createOrgWithMembers } from "../support/factories";
import { runJob } from "../support/gpu-jobs";
import { waitFor } from "../support/smtp";

// The JOB path end to end: scrape jobs (BullMQ, real Redis) fetch from a real HTTP server on
// 127.0.0.1 that plays back a scripted series of pages, write raw samples to Postgres; the roll-up
// job turns them into GpuHourlyMetric / GpuHourlyTokens rows. Expected values are worked by hand.
//
// The hour under test is two hours ago (the roll-up only rolls complete hours, and keeps 72 h of
// raw samples), so every time below is an offset in seconds from HOUR.

const HOUR = new Date(floorHour(Date.now()).getTime() - 2 * HOUR_MS);
const at = (offsetSeconds: number) => new Date(HOUR.getTime() + offsetSeconds * 1000).toISOString();
const INTERVAL = 600;

let workers: Worker[] = [];
let server: LocalServer | undefined;
let orgId: string;

beforeAll(async () => {
  orgId = (await createOrgWithMembers("Gpu Jobs Co")).org.id;
  workers = [startWorker("gpuScrape", gpuScrapeJob, { concurrency: 1 }), startWorker("gpuRollup", gpuRollupJob, { concurrency: 1 })];
  await Promise.all(workers.map((w) => w.waitUntilReady()));
});

afterAll(async () => {
  await Promise.all(workers.map((w) => w.close()));
  await getQueue("gpuScrape").obliterate({ force: true });
  await getQueue("gpuRollup").obliterate({ force: true });
  await closeQueues();
  await server?.close();
});

async function createPool(name: string, sources: Array<{ kind: "PROMETHEUS_TEXT" | "PROMETHEUS_API"; url: string }>) {
  return db().gpuPool.create({
    data: {
      orgId, name, gpuModel: "NVIDIA H100 80GB HBM3", gpuCount: 2, costModel: "CLOUD", pricingTerm: "ON_DEMAND", hourlyRatePerGpu: "2.50",
      powerPricePerKwh: "0.10", pue: "1.2", scrapeIntervalSeconds: INTERVAL,
      sources: { create: sources.map((s) => ({ orgId, ...s })) },
    },
    include: { sources: { orderBy: { url: "asc" } } },
  });
}

const plain = <T,>(rows: T[]) => JSON.parse(JSON.stringify(rows, (_k, v) => (typeof v === "bigint" ? v.toString() : v))) as unknown[];

describe("scrape jobs → raw samples → roll-up job → hourly rows (Prometheus text targets)", () => {
  // One dcgm-exporter (2 GPUs) and two vLLM servers; interval 600 s; ticks at −600 (the last
  // scrape before the hour), 0, 600 … 3000. A 503 stores nothing; SKIP = that tick never ran.
  //
  // tick   dcgm (GPU-a util %, W | GPU-b)           llama (prompt, gen, requests)    qwen
  //  −600  a 50%, 300 W | b 0%, 100 W               1000, 5000, 10                   100, 200, 1
  //     0  a 50%, 300 W | b 0%, 100 W               1500, 6000, 12                   100, 200, 1
  //   600  a 70%, 400 W | b 0%, 100 W               2500, 8000, 15                   300, 600, 3
  //  1200  503 (missed scrape)                       3000, 9000, 17                   503
  //  1800  a 90%, 400 W | b missing from the page   503                              SKIP
  //  2400  a 10%, 200 W | b 0%, 100 W                400, 700, 3   ← server RESTART   1300, 2600, 9
  //  3000  a 10%, 200 W | b 0%, 100 W (FB sentinel)  900, 1700, 6                     1300, 2600, 9
  const TICKS = [-600, 0, 600, 1200, 1800, 2400, 3000];
  const gpuA = (util: number, power: number, fb: number): GpuState => ({ index: 0, uuid: "GPU-aaaaaaaa", host: "node-1", util, power: power.toFixed(6), fb });
  const gpuB = (fb: number | string = 500): GpuState => ({ index: 1, uuid: "GPU-bbbbbbbb", host: "node-1", util: 0, power: "100.000000", fb });
  const page = (body: string): ScriptedAnswer => ({ body });
  const DOWN: ScriptedAnswer = { status: 503, body: "Service Unavailable" };
  const llama = (prompt: number, gen: number, finished: Record<string, number>) => page(vllmPage([{ model: "meta-llama/Llama-3.1-8B-Instruct", engine: "0", prompt: `${prompt}.0`, generation: `${gen}.0`, finished }]));
  const qwen = (prompt: number, gen: number, stop: number) => page(vllmPage([{ model: "Qwen/Qwen3-0.6B", prompt: `${prompt}.0`, generation: `${gen}.0`, finished: { stop } }]));
  const script: Record<string, Array<ScriptedAnswer | null>> = {
    "/dcgm/metrics": [
      page(dcgmPage([gpuA(50, 300, 1000), gpuB()])),
      page(dcgmPage([gpuA(50, 300, 2000), gpuB()])),
      page(dcgmPage([gpuA(70, 400, 3000), gpuB()])),
      DOWN,
      page(dcgmPage([gpuA(90, 400, 8000)])),
      page(dcgmPage([gpuA(10, 200, 4000), gpuB()])),
      page(dcgmPage([gpuA(10, 200, 4000), gpuB("9223372036854775794")])),
    ],
    "/llama/metrics": [
      llama(1000, 5000, { stop: 8, length: 2 }),
      llama(1500, 6000, { stop: 10, length: 2 }),
      llama(2500, 8000, { stop: 12, length: 3 }),
      llama(3000, 9000, { stop: 14, length: 3 }),
      DOWN,
      llama(400, 700, { stop: 3 }),
      llama(900, 1700, { stop: 5, length: 1 }),
    ],
    "/qwen/metrics": [qwen(100, 200, 1), qwen(100, 200, 1), qwen(300, 600, 3), DOWN, null, qwen(1300, 2600, 9), qwen(1300, 2600, 9)],
  };

  let pool: Awaited<ReturnType<typeof createPool>>;
  const sourceOf = (path: string) => pool.sources.find((s) => s.url.endsWith(path))!;
  const outcomes: string[] = [];
  const afterMissedScrape: { dcgmError: string | null; poolError: string | null; rowsAtMissedTick: number } = { dcgmError: null, poolError: null, rowsAtMissedTick: -1 };

  beforeAll(async () => {
    const answers = Object.fromEntries(Object.entries(script).map(([path, list]) => [path, list.filter((a): a is ScriptedAnswer => a !== null)]));
    // After the ticks, Qwen's missed 1800 tick is scraped late (last test): 700 prompt, 1400 generation, 5 requests.
    answers["/qwen/metrics"]!.push(qwen(700, 1400, 5));
    server = await startLocalServer(playback(answers));
    pool = await createPool("Text targets", Object.keys(script).map((path) => ({ kind: "PROMETHEUS_TEXT" as const, url: `${server!.url}${path}` })));
    for (const [i, offset] of TICKS.entries()) {
      for (const path of Object.keys(script)) {
        if (script[path]![i] === null) continue;
        const done = await runJob("gpuScrape", { sourceId: sourceOf(path).id, at: at(offset) });
        outcomes.push(`${offset} ${path} ${done.state}`);
      }
      if (offset === 1200) {
        const dcgm = await db().gpuMetricSource.findUniqueOrThrow({ where: { id: sourceOf("/dcgm/metrics").id } });
        const p = await db().gpuPool.findUniqueOrThrow({ where: { id: pool.id } });
        afterMissedScrape.dcgmError = dcgm.lastError;
        afterMissedScrape.poolError = p.lastScrapeError;
        afterMissedScrape.rowsAtMissedTick = await db().gpuMetricSample.count({ where: { sourceId: dcgm.id, scrapedAt: new Date(at(1200)) } });
      }
    }
  });

  it("a failed scrape writes nothing and the source and pool show its error until the next success", async () => {
    expect(outcomes.filter((o) => o.endsWith("failed"))).toEqual(["1200 /dcgm/metrics failed", "1200 /qwen/metrics failed", "1800 /llama/metrics failed"]);
    expect(afterMissedScrape.rowsAtMissedTick).toBe(0);
    expect(afterMissedScrape.dcgmError).toMatch(/dcgm\/metrics: the metrics target answered HTTP 503/);
    expect(afterMissedScrape.poolError).toBe(afterMissedScrape.dcgmError);
    // Raw rows: dcgm 3 readings × 2 GPUs at −600, 0, 600, 2400 (24) + GPU-a alone at 1800 (3)
    //   + at 3000 GPU-a 3 and GPU-b 2 (its FB is DCGM's sentinel: missing) = 32;
    //   llama 6 answered scrapes × 3 counters = 18; qwen 5 × 3 = 15 → 65.
    expect(await db().gpuMetricSample.count({ where: { poolId: pool.id } })).toBe(65);
    const sources = await db().gpuMetricSource.findMany({ where: { poolId: pool.id } });
    expect(sources.map((s) => [s.lastError, s.lastScrapeAt?.toISOString()])).toEqual(sources.map(() => [null, at(3000)]));
    expect((await db().gpuPool.findUniqueOrThrow({ where: { id: pool.id } })).lastScrapeError).toBeNull();
  });

  it("the roll-up job writes the hand-computed GPU-hours, kWh and tokens", async () => {
    const done = await runJob("gpuRollup", { poolId: pool.id });
    expect(done.state).toBe("completed");
    const gpus = await db().gpuHourlyMetric.findMany({ where: { poolId: pool.id, hour: HOUR }, orderBy: { gpuUuid: "asc" } });
    // GPU-a, intervals (a, b] belong to the hour of b: (−600,0] (0,600] (600,1800] (1800,2400] (2400,3000]
    //   (600 → 1800 is one missed scrape = exactly 2 × interval: integrated as a straight line)
    //   seconds  600 + 600 + 1200 + 600 + 600 = 3600 s = 1 GPU-hour
    //   energy   600×300 + 600×350 + 1200×400 + 600×300 + 600×200 = 1,170,000 J ÷ 3,600,000 = 0.325 kWh
    //   power    1,170,000 J ÷ 3600 s = 325 W; util (600×50 + 600×60 + 1200×80 + 600×50 + 600×10) ÷ 3600 = 55 %
    // GPU-b, absent 600 → 2400 (1800 s > 2 × 600: a gap): (−600,0] + (0,600] + (2400,3000] = 1800 s = 0.5 h;
    //   100 W × 1800 s = 180,000 J = 0.05 kWh; FB max over 500, 500, 500 (the sentinel is missing) = 500
    expect(gpus.map((g) => ({ uuid: g.gpuUuid, index: g.gpuIndex, host: g.host, h: g.gpuHours.toString(), kwh: g.energyKwh.toString(), util: g.avgUtilisation?.toString(), w: g.avgPowerWatts?.toString(), fb: g.maxFbUsedMiB?.toString(), n: g.sampleCount }))).toEqual([
      { uuid: "GPU-aaaaaaaa", index: 0, host: "node-1", h: "1", kwh: "0.325", util: "55", w: "325", fb: "8000", n: 5 },
      { uuid: "GPU-bbbbbbbb", index: 1, host: "node-1", h: "0.5", kwh: "0.05", util: "0", w: "100", fb: "500", n: 4 },
    ]);
    const tokens = (await db().gpuHourlyTokens.findMany({ where: { poolId: pool.id, hour: HOUR } })).sort((a, b) => a.modelName.localeCompare(b.modelName));
    // Llama steps: (−600,0] +500 +1000 +2; (0,600] +1000 +2000 +3; (600,1200] +500 +1000 +2;
    //   (1200,2400] counters fell 3000 → 400: RESET across the 503 → only the new counts 400, 700, 3;
    //   (2400,3000] +500 +1000 +3 → prompt 2900, generation 5700, requests 13
    // Qwen: (0,600] +200 +400 +2; (600,2400] is 1,800 s > 2 × 600 s, an outage: its +1000 +2000 are gap tokens
    //   (served at an unknown time during it), kept apart with the gap's 1,800 s → 200, 400, 2; gap 1000, 2000
    expect(tokens.map((t) => [t.modelName, t.promptTokens, t.generationTokens, t.requests, t.gapPromptTokens, t.gapGenerationTokens, t.gapSeconds])).toEqual([
      ["meta-llama/Llama-3.1-8B-Instruct", 2900n, 5700n, 13n, 0n, 0n, 0],
      ["Qwen/Qwen3-0.6B", 200n, 400n, 2n, 1000n, 2000n, 1800],
    ]);
    // Complete hours are rolled up through the hour before the current one.
    const p = await db().gpuPool.findUniqueOrThrow({ where: { id: pool.id } });
    expect(p.rolledUpUntil!.getTime()).toBeGreaterThanOrEqual(HOUR.getTime() + 2 * HOUR_MS);
    // The hour before HOUR holds only the −600 scrape: seen, nothing counted.
    const before = await db().gpuHourlyMetric.findMany({ where: { poolId: pool.id, hour: new Date(HOUR.getTime() - HOUR_MS) } });
    expect(before.map((g) => g.gpuHours.toString())).toEqual(["0", "0"]);
  });

  it("re-running the roll-up for the hour gives the same rows (ids included); a second catch-up finds nothing to do", async () => {
    const read = async () => ({
      gpus: plain(await db().gpuHourlyMetric.findMany({ where: { poolId: pool.id }, orderBy: [{ hour: "asc" }, { gpuUuid: "asc" }] })),
      tokens: plain(await db().gpuHourlyTokens.findMany({ where: { poolId: pool.id }, orderBy: [{ hour: "asc" }, { modelName: "asc" }] })),
    });
    const first = await read();
    expect((await runJob("gpuRollup", { poolId: pool.id, hour: HOUR.toISOString() })).state).toBe("completed");
    expect(await read()).toEqual(first);
    const again = await runJob("gpuRollup", { poolId: pool.id });
    expect(again.result).toEqual({ hours: 0, deletedSamples: 0 });
    expect(await read()).toEqual(first);
  });

  it("a late sample for a rolled-up hour moves the roll-up mark back, and that hour is redone", async () => {
    const source = sourceOf("/qwen/metrics");
    // Qwen's missing 1800 tick arrives late (the same server: the same series): 700, 1400, 5.
    expect((await runJob("gpuScrape", { sourceId: source.id, at: at(1800) })).state).toBe("completed");
    expect((await db().gpuPool.findUniqueOrThrow({ where: { id: pool.id } })).rolledUpUntil).toEqual(HOUR);
    await runJob("gpuRollup", { poolId: pool.id });
    const qwenRow = await db().gpuHourlyTokens.findFirstOrThrow({ where: { poolId: pool.id, hour: HOUR, modelName: "Qwen/Qwen3-0.6B" } });
    // Same totals: (600,1800] +400 +800 +2 and (1800,2400] +600 +1200 +4 add up to the +1000 +2000 +6 seen before.
    expect([qwenRow.promptTokens, qwenRow.generationTokens, qwenRow.requests]).toEqual([1200n, 2400n, 8n]);
  });
});

describe("scrape jobs against a Prometheus server's HTTP API (query_range)", () => {
  // The server answers /api/v1/query_range in the documented shape for any start/end/step, from
  // the table below (offsets from HOUR, step 600 s). Two replicas of model "m" (instance label);
  // replica 2 restarts between 600 and 1200 s. GPU: 40 %, 250 W throughout.
  //
  //  t        −600  0     600   1200  1800  2400  3000
  //  r1 prompt   0  100   200   300   400   500   600     gen 2 × prompt   requests t/600 + 1
  //  r2 prompt 1000 1100  1200   50   150   250   350     gen 2000 2200 2400 100 300 500 700   requests 10 11 12 1 2 3 4
  const T = [-600, 0, 600, 1200, 1800, 2400, 3000];
  const r2Prompt = [1000, 1100, 1200, 50, 150, 250, 350];
  const r2Gen = [2000, 2200, 2400, 100, 300, 500, 700];
  const r2Req = [10, 11, 12, 1, 2, 3, 4];
  const gpuLabels = { gpu: "0", UUID: "GPU-promgpu0", Hostname: "node-9", modelName: "NVIDIA A100-SXM4-80GB", instance: "node-9:9400", job: "dcgm" };
  const value = (query: string, replica: 0 | 1 | 2, i: number): number | null => {
    if (query === "DCGM_FI_DEV_GPU_UTIL") return replica === 0 ? 40 : null;
    if (query === "DCGM_FI_DEV_POWER_USAGE") return replica === 0 ? 250 : null;
    if (query === "DCGM_FI_DEV_FB_USED") return replica === 0 ? 1000 : null;
    if (replica === 0) return null;
    if (query === "vllm:prompt_tokens_total") return replica === 1 ? i * 100 : r2Prompt[i]!;
    if (query === "vllm:generation_tokens_total") return replica === 1 ? i * 200 : r2Gen[i]!;
    if (query === "vllm:request_success_total") return replica === 1 ? i : r2Req[i]!;
    return null;
  };
  const queries: URLSearchParams[] = [];
  const prometheus: Handler = (req, res) => {
    const url = new URL(req.url ?? "", "http://x");
    if (url.pathname !== "/prom/api/v1/query_range") return void res.writeHead(404).end("404 page not found");
    queries.push(url.searchParams);
    const query = url.searchParams.get("query")!;
    const [start, end, step] = ["start", "end", "step"].map((k) => Number(url.searchParams.get(k)));
    const result = ([0, 1, 2] as const).flatMap((replica) => {
      const values: Array<[number, string]> = [];
      for (let s = start!; s <= end!; s += step!) {
        const i = T.indexOf(s - HOUR.getTime() / 1000);
        const v = i === -1 ? null : value(query, replica, i);
        if (v !== null) values.push([s, String(v)]);
      }
      if (!values.length) return [];
      const labels = replica === 0 ? gpuLabels : { instance: `vllm-${replica}:8000`, job: "vllm", model_name: "m", ...(query.startsWith("vllm:request") ? { finished_reason: "stop" } : {}) };
      return [{ metric: { __name__: query, ...labels }, values }];
    });
    res.writeHead(200, { "content-type": "application/json" }).end(JSON.stringify({ status: "success", data: { resultType: "matrix", result } }));
  };

  let pool: Awaited<ReturnType<typeof createPool>>;
  let promServer: LocalServer;
  beforeAll(async () => {
    promServer = await startLocalServer(prometheus);
    pool = await createPool("Prometheus API", [{ kind: "PROMETHEUS_API", url: `${promServer.url}/prom/` }]);
  });
  afterAll(async () => promServer.close());

  it("first tick asks one step back; a later tick catches up from the last stored point without duplicating it", async () => {
    const source = pool.sources[0]!;
    expect((await runJob("gpuScrape", { sourceId: source.id, at: at(0) })).state).toBe("completed");
    // 7 metrics queried per tick; the first range is [−600, 0]: 2 points × (GPU 3 rows + 2 replicas × 3 counters) = 18 rows
    expect(queries.slice(0, 7).map((q) => [q.get("start"), q.get("end"), q.get("step")])).toEqual(Array(7).fill([String(HOUR.getTime() / 1000 - 600), String(HOUR.getTime() / 1000), "600"]));
    expect(await db().gpuMetricSample.count({ where: { sourceId: source.id } })).toBe(18);
    expect((await runJob("gpuScrape", { sourceId: source.id, at: at(3000) })).state).toBe("completed");
    // The second range starts at the last stored point (0 s): 6 points, the one at 0 replaced → 7 points × 9 rows = 63
    expect(queries[7]!.get("start")).toBe(String(HOUR.getTime() / 1000));
    expect(await db().gpuMetricSample.count({ where: { sourceId: source.id } })).toBe(63);
    expect((await db().gpuMetricSource.findUniqueOrThrow({ where: { id: source.id } })).lastScrapeAt).toEqual(new Date(at(3000)));
  });

  it("rolls up to hand-computed GPU-hours, kWh and tokens, with one replica's restart", async () => {
    expect((await runJob("gpuRollup", { poolId: pool.id })).state).toBe("completed");
    const [gpu] = await db().gpuHourlyMetric.findMany({ where: { poolId: pool.id, hour: HOUR } });
    // 6 intervals of 600 s ending in the hour = 3600 s = 1 GPU-hour; 250 W × 3600 s = 900,000 J = 0.25 kWh
    expect([gpu!.gpuHours.toString(), gpu!.energyKwh.toString(), gpu!.avgPowerWatts?.toString(), gpu!.avgUtilisation?.toString()]).toEqual(["1", "0.25", "250", "40"]);
    const tokens = await db().gpuHourlyTokens.findMany({ where: { poolId: pool.id, hour: HOUR } });
    // r1: 6 steps × 100 = 600 prompt, × 200 = 1200 generation, 6 requests.
    // r2: prompt 100 + 100 + 50 (reset: the new count) + 100 + 100 + 100 = 550;
    //     generation 200 + 200 + 100 + 200 + 200 + 200 = 1100; requests 1 + 1 + 1 + 1 + 1 + 1 = 6
    // model m = 600 + 550 = 1150 prompt, 1200 + 1100 = 2300 generation, 12 requests
    expect(tokens.map((t) => [t.modelName, t.promptTokens, t.generationTokens, t.requests])).toEqual([["m", 1150n, 2300n, 12n]]);
  });
});

describe("the schedulers drive the jobs", () => {
  it("a source's scrape scheduler runs a scrape stamped with its due time (no `at`)", async () => {
    const page = dcgmPage([{ index: 0, uuid: "GPU-sched000", host: "node-7", util: 20, power: "150.000000", fb: 10 }]);
    const exporter = await startLocalServer((_req, res) => void res.writeHead(200, { "content-type": "text/plain" }).end(page));
    try {
      const pool = await createPool("Scheduled", [{ kind: "PROMETHEUS_TEXT", url: `${exporter.url}/metrics` }]);
      const source = pool.sources[0]!;
      await scheduleSourceScrape(source, 3600); // an `every` scheduler runs its first job at once
      const sample = await waitFor(() => db().gpuMetricSample.findFirst({ where: { sourceId: source.id } }), "a scheduled scrape");
      const after = await db().gpuMetricSource.findUniqueOrThrow({ where: { id: source.id } });
      expect(after.lastScrapeAt).toEqual(sample.scrapedAt);
      // the job's due time (timestamp + delay) is what BullMQ encodes in the scheduled job's id
      const jobs = await getQueue("gpuScrape").getJobs(["completed"]);
      const ran = jobs.find((j) => j.data.sourceId === source.id && j.id?.startsWith("repeat:"));
      expect(ran?.id).toBe(`repeat:${scrapeSchedulerId(source.id)}:${sample.scrapedAt.getTime()}`);
      await unscheduleSourceScrape(source.id);
    } finally {
      await exporter.close();
    }
  });

  it("the hourly tick queues one roll-up job per pool, named by pool and hour", async () => {
    const pool = await db().gpuPool.findFirstOrThrow({ where: { orgId, name: "Scheduled" } });
    const tick = await runJob("gpuRollup", {});
    expect(tick.state).toBe("completed");
    expect((tick.result as { pools: number }).pools).toBeGreaterThanOrEqual(3); // this file's three, and any other file's
    const jobId = `gpu-rollup-${pool.id}-${floorHour(Date.now()).getTime()}`;
    const done = await waitFor(async () => ((await getQueue("gpuRollup").getJob(jobId))?.finishedOn ? getQueue("gpuRollup").getJob(jobId) : null), "the pool's roll-up job");
    expect(done!.data).toEqual({ poolId: pool.id });
    // Its only sample is in the current hour: nothing complete to roll up yet.
    expect(done!.returnvalue).toEqual({ hours: 0, deletedSamples: 0 });
  });
});
