import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { AppError } from "@/lib/errors";
import { effectiveCostPerMillionTokens, poolCostForPeriod } from "@/lib/gpu/cost";
import type { ScrapeSnapshot } from "@/lib/gpu/mapping";
import { rollupHour } from "@/lib/gpu/rollup";
import { scrapePrometheusText } from "@/lib/gpu/scrape";
import { dcgmPage, vllmPage, type GpuState } from "./constructed-pages";
import { LOCAL, playback, startLocalServer, type LocalServer, type ScriptedAnswer } from "./local-http-server";

// An hour of a pool, played back by a real HTTP server: one dcgm-exporter (2 GPUs) and two vLLM
// servers. Scrape interval 600 s; ticks at 09:50 (the last scrape before the hour) and 10:00,
// 10:10 … 10:50. Each tick scrapes each target; a failed scrape stores nothing.
//
// tick        dcgm (GPU-a: util %, W | GPU-b)        llama (prompt, gen, requests)   qwen
// 09:50 −600  a 50%, 300 W | b 0%, 100 W              1000, 5000, 10                  100, 200, 1
// 10:00    0  a 50%, 300 W | b 0%, 100 W              1500, 6000, 12                  100, 200, 1
// 10:10  600  a 70%, 400 W | b 0%, 100 W              2500, 8000, 15                  300, 600, 3
// 10:20 1200  503 (missed scrape)                      3000, 9000, 17                  503
// 10:30 1800  a 90%, 400 W | b missing from the page   503                             (tick skipped)
// 10:40 2400  a 10%, 200 W | b 0%, 100 W               400, 700, 3  ← RESTART          1300, 2600, 9
// 10:50 3000  a 10%, 200 W | b 0%, 100 W (FB sentinel) 900, 1700, 6                   1300, 2600, 9

const HOUR = new Date("2025-06-01T10:00:00Z");
const INTERVAL = 600;
const TICKS = [-600, 0, 600, 1200, 1800, 2400, 3000];

const gpuA = (util: number, power: number, fb: number): GpuState => ({ index: 0, uuid: "GPU-aaaaaaaa", host: "node-1", util, power: power.toFixed(6), fb });
const gpuB = (fb: number | string = 500): GpuState => ({ index: 1, uuid: "GPU-bbbbbbbb", host: "node-1", util: 0, power: "100.000000", fb });
const page = (body: string): ScriptedAnswer => ({ body });
const DOWN: ScriptedAnswer = { status: 503, body: "Service Unavailable" };
const SKIP = null;

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
    [1000, 5000, { stop: 8, length: 2 }],
    [1500, 6000, { stop: 10, length: 2 }],
    [2500, 8000, { stop: 12, length: 3 }],
    [3000, 9000, { stop: 14, length: 3 }],
    null,
    [400, 700, { stop: 3 }],
    [900, 1700, { stop: 5, length: 1 }],
  ].map((row) => (row ? page(vllmPage([{ model: "meta-llama/Llama-3.1-8B-Instruct", engine: "0", prompt: `${row[0]}.0`, generation: `${row[1]}.0`, finished: row[2] as Record<string, number> }])) : DOWN)),
  "/qwen/metrics": [
    page(vllmPage([{ model: "Qwen/Qwen3-0.6B", prompt: "100.0", generation: "200.0", finished: { stop: 1 } }])),
    page(vllmPage([{ model: "Qwen/Qwen3-0.6B", prompt: "100.0", generation: "200.0", finished: { stop: 1 } }])),
    page(vllmPage([{ model: "Qwen/Qwen3-0.6B", prompt: "300.0", generation: "600.0", finished: { stop: 3 } }])),
    DOWN,
    SKIP,
    page(vllmPage([{ model: "Qwen/Qwen3-0.6B", prompt: "1300.0", generation: "2600.0", finished: { stop: 9 } }])),
    page(vllmPage([{ model: "Qwen/Qwen3-0.6B", prompt: "1300.0", generation: "2600.0", finished: { stop: 9 } }])),
  ],
};

let server: LocalServer;
const snapshots: ScrapeSnapshot[] = [];
const failures: string[] = [];

beforeAll(async () => {
  // The server answers each path's requests in order; a skipped tick is simply never requested.
  const answers = Object.fromEntries(Object.entries(script).map(([path, list]) => [path, list.filter((a): a is ScriptedAnswer => a !== null)]));
  server = await startLocalServer(playback(answers));
  for (const [i, offset] of TICKS.entries()) {
    const now = new Date(HOUR.getTime() + offset * 1000);
    for (const path of Object.keys(script)) {
      if (script[path]![i] === SKIP) continue;
      try {
        snapshots.push(await scrapePrometheusText(`${server.url}${path}`, { allowList: LOCAL, timeoutMs: 2000, now }));
      } catch (e) {
        if (!(e instanceof AppError)) throw e;
        failures.push(`${offset} ${path} ${e.code}`);
      }
    }
  }
});

afterAll(async () => {
  await server.close();
});

describe("an hour played back over HTTP: scrape → roll-up", () => {
  it("stores nothing for the failed scrapes", () => {
    expect(failures).toEqual(["1200 /dcgm/metrics UPSTREAM_UNAVAILABLE", "1200 /qwen/metrics UPSTREAM_UNAVAILABLE", "1800 /llama/metrics UPSTREAM_UNAVAILABLE"]);
    expect(snapshots).toHaveLength(7 * 3 - 3 - 1); // 21 tick×target, 3 answered 503, 1 skipped
  });

  it("GPU-a: a missed scrape (600 → 1800 s, exactly 2 × interval) is integrated", () => {
    const a = rollupHour(snapshots, { hourStart: HOUR, intervalSeconds: INTERVAL }).gpus.find((g) => g.gpuUuid === "GPU-aaaaaaaa")!;
    // Each interval belongs to the hour of its later sample: (−600,0], (0,600], (600,1800], (1800,2400], (2400,3000]
    //   seconds:   600 + 600 + 1200 + 600 + 600           = 3600 s = 1 GPU-hour
    //   energy J:  600×300 + 600×350 + 1200×400 + 600×300 + 600×200
    //            = 180,000 + 210,000 + 480,000 + 180,000 + 120,000 = 1,170,000 J = 0.325 kWh
    //   avg power: 1,170,000 J ÷ 3600 s = 325 W
    //   util:      (600×50 + 600×60 + 1200×80 + 600×50 + 600×10) ÷ 3600 = 198,000 ÷ 3600 = 55 %
    //   max FB:    in-hour samples 2000, 3000, 8000, 4000, 4000 MiB → 8000 (09:50's 1000 is not this hour's)
    expect(a.gpuHours.toString()).toBe("1");
    expect(a.energyKwh.toString()).toBe("0.325");
    expect(a.avgPowerWatts).toBe(325);
    expect(a.avgUtilisation).toBe(55);
    expect(a.maxFbUsedMiB).toBe(8000);
    expect(a.sampleCount).toBe(5);
    expect(a).toMatchObject({ gpuIndex: 0, host: "node-1", modelName: "NVIDIA H100 80GB HBM3" });
  });

  it("GPU-b: absent from 600 to 2400 s (1800 s > 2 × 600) is a gap, neither observed nor integrated", () => {
    const b = rollupHour(snapshots, { hourStart: HOUR, intervalSeconds: INTERVAL }).gpus.find((g) => g.gpuUuid === "GPU-bbbbbbbb")!;
    // counted: (−600,0] + (0,600] + (2400,3000] = 1800 s = 0.5 GPU-hour; 100 W × 1800 s = 180,000 J = 0.05 kWh
    // FB at 3000 s is DCGM's sentinel (missing): max over 500, 500, 500 = 500
    expect(b.gpuHours.toString()).toBe("0.5");
    expect(b.energyKwh.toString()).toBe("0.05");
    expect(b.avgPowerWatts).toBe(100);
    expect(b.avgUtilisation).toBe(0);
    expect(b.maxFbUsedMiB).toBe(500);
    expect(b.sampleCount).toBe(4);
  });

  it("tokens: a restart during one missed scrape counts only the post-restart value; an outage is kept as gap tokens", () => {
    const models = rollupHour(snapshots, { hourStart: HOUR, intervalSeconds: INTERVAL }).models;
    // Llama, steps ending in the hour:
    //   (−600,0]  1500−1000=500   6000−5000=1000   12−10=2
    //   (0,600]   2500−1500=1000  8000−6000=2000   15−12=3
    //   (600,1200] 3000−2500=500  9000−8000=1000   17−15=2
    //   (1200,2400] counters fell (3000→400): RESET across the 503 → 400, 700, 3
    //   (2400,3000] 900−400=500   1700−700=1000    6−3=3
    //   prompt 2900, generation 5700, requests 13, one reset
    // Qwen: (−600,0] +0; (0,600] +200 +400 +2; (600,2400] is 1,800 s > 2 × 600 s, an outage: what the counters
    //   grew by across it (1300−300=1000, 2600−600=2000) is kept as gap tokens, not as the hour's; (2400,3000] +0
    //   → prompt 200, generation 400, requests 2; gap 1000 / 2000 over 1,800 s
    expect(models).toEqual([
      { modelName: "meta-llama/Llama-3.1-8B-Instruct", promptTokens: 2900n, generationTokens: 5700n, requests: 13n, counterResets: 1, sampleCount: 5 },
      { modelName: "Qwen/Qwen3-0.6B", promptTokens: 200n, generationTokens: 400n, requests: 2n, counterResets: 0, sampleCount: 4, gapPromptTokens: 1000n, gapGenerationTokens: 2000n, gapSeconds: 1800 },
    ]);
  });

  it("prices the hour: 2 cloud GPUs at $2.50/GPU-h, PUE 1.2, $0.10/kWh → $/1M tokens", () => {
    const hour = rollupHour(snapshots, { hourStart: HOUR, intervalSeconds: INTERVAL });
    const energyKwh = hour.gpus.reduce((acc, g) => acc.plus(g.energyKwh), hour.gpus[0]!.energyKwh.times(0));
    const pool = { costModel: "CLOUD", pricingTerm: "ON_DEMAND", hourlyRatePerGpu: "2.50", gpuCount: 2, powerPricePerKwh: "0.10", pue: "1.2", staffFteShare: 0, staffAnnualCost: 0 };
    const cost = poolCostForPeriod(pool, { hours: 1, energyKwh });
    // hardware 2.50 × 2 × 1 h = 5.00; energy (0.325 + 0.05) kWh × 1.2 × 0.10 = 0.045; total 5.045
    expect(cost.total.toString()).toBe("5.045");
    // tokens observed in the hour 2900 + 5700 + 200 + 400 = 9,200 (Qwen's gap tokens were served during the outage,
    // not in this hour) → 5.045 ÷ 9,200 × 1,000,000 = 548.3695652…
    const effective = effectiveCostPerMillionTokens(cost.total, hour.models);
    expect(effective.totalTokens).toBe(9200n);
    expect(effective.overall!.toFixed(6)).toBe("548.369565");
  });
});
