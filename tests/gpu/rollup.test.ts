import { describe, expect, it } from "vitest";
import type { GpuReading, ModelCounters, ScrapeSnapshot } from "@/lib/gpu/mapping";
import { rollupHour, type GpuHourRow } from "@/lib/gpu/rollup";

// rollupHour on hand-built snapshots: the time-accounting rules one by one.

const HOUR = new Date("2025-06-01T10:00:00Z");
const at = (seconds: number) => new Date(HOUR.getTime() + seconds * 1000);

function gpu(power: number | null, util: number | null = 50, uuid = "GPU-1"): GpuReading {
  return { uuid, index: 0, host: "h", modelName: "L4", utilisationPct: util, powerWatts: power, fbUsedMiB: 10 };
}
function model(prompt: number, generation: number, requests: number, instance = "vllm:8000"): ModelCounters {
  return { modelName: "m", instance, promptTokensTotal: BigInt(prompt), generationTokensTotal: BigInt(generation), requestsTotal: BigInt(requests) };
}
function snap(seconds: number, parts: { gpus?: GpuReading[]; models?: ModelCounters[] }): ScrapeSnapshot {
  return { scrapedAt: at(seconds), target: "t", gpus: parts.gpus ?? [], models: parts.models ?? [], warnings: [] };
}
// Back to J and s for readable expectations (kWh and h of these small cases are repeating decimals).
const joules = (row: GpuHourRow) => row.energyKwh.times(3_600_000).toDecimalPlaces(20).toNumber();
const seconds = (row: GpuHourRow) => row.gpuHours.times(3600).toDecimalPlaces(20).toNumber();
const rollup = (snaps: ScrapeSnapshot[], intervalSeconds = 60, hourStart = HOUR) => rollupHour(snaps, { hourStart, intervalSeconds });

describe("rollupHour: GPU time and energy", () => {
  it("scrapes every minute at 600 W: each hour is exactly 1 GPU-hour and 0.6 kWh, and consecutive hours add up", () => {
    // samples at 09:00:00 … 11:59:00; hour 10 counts the 60 intervals ending at 10:00 … 10:59
    const snaps = Array.from({ length: 180 }, (_, i) => snap(-3600 + i * 60, { gpus: [gpu(600)] }));
    const ten = rollup(snaps).gpus[0]!;
    const eleven = rollup(snaps, 60, at(3600)).gpus[0]!;
    expect(ten.gpuHours.toString()).toBe("1"); // 60 × 60 s = 3600 s
    expect(ten.energyKwh.toString()).toBe("0.6"); // 600 W × 3600 s = 2,160,000 J ÷ 3,600,000 J/kWh
    expect(ten.sampleCount).toBe(60);
    expect(eleven.gpuHours.plus(ten.gpuHours).toString()).toBe("2");
  });

  it("a gap of exactly 2 × interval is integrated, a longer one is not", () => {
    // interval 60 s; samples at 0, 120 (one missed scrape), 241 (121 s later: a gap)
    const row = rollup([snap(0, { gpus: [gpu(100)] }), snap(120, { gpus: [gpu(300)] }), snap(241, { gpus: [gpu(300)] })]).gpus[0]!;
    // counted: (0,120] only: 120 s; trapezoid (100 + 300)/2 W × 120 s = 24,000 J (0.00666… kWh)
    expect(seconds(row)).toBe(120);
    expect(joules(row)).toBe(24000);
    expect(row.avgPowerWatts).toBe(200);
  });

  it("a sentinel (null) power reading leaves its intervals observed but not integrated", () => {
    // 0: 100 W, 60: no reading, 120: 100 W, 180: 100 W → only (120,180] has power at both ends
    const row = rollup([0, 60, 120, 180].map((s, i) => snap(s, { gpus: [gpu(i === 1 ? null : 100)] }))).gpus[0]!;
    expect(seconds(row)).toBe(180); // three intervals observed
    expect(joules(row)).toBe(6000); // 100 W × 60 s
    expect(row.avgPowerWatts).toBe(100);
  });

  it("utilisation is time-weighted over intervals with a reading at both ends; none → null", () => {
    // (0,60]: (0+100)/2 = 50 for 60 s; (60,180]: (100+40)/2 = 70 for 120 s → (3000 + 8400) ÷ 180 = 63.33…
    const row = rollup([snap(0, { gpus: [gpu(1, 0)] }), snap(60, { gpus: [gpu(1, 100)] }), snap(180, { gpus: [gpu(1, 40)] })]).gpus[0]!;
    expect(row.avgUtilisation).toBeCloseTo(11400 / 180, 12);
    expect(rollup([snap(0, { gpus: [gpu(1, null)] }), snap(60, { gpus: [gpu(1, null)] })]).gpus[0]!.avgUtilisation).toBeNull();
  });

  it("uses only the last snapshot before the hour, ignores those after it, and has no row for a GPU not seen in the hour", () => {
    const snaps = [
      snap(-600, { gpus: [gpu(1000), gpu(5, 5, "GPU-gone")] }), // older than the last one before the hour: unused
      snap(-60, { gpus: [gpu(100)] }),
      snap(0, { gpus: [gpu(100)] }),
      snap(3600, { gpus: [gpu(9999)] }), // next hour's
    ];
    const rows = rollup(snaps).gpus;
    expect(rows.map((r) => r.gpuUuid)).toEqual(["GPU-1"]);
    expect(joules(rows[0]!)).toBe(6000); // (−60,0] at 100 W only
    expect(rows[0]!.sampleCount).toBe(1);
  });

  it("skips a duplicate timestamp and refuses a non-positive interval", () => {
    const row = rollup([snap(0, { gpus: [gpu(100)] }), snap(0, { gpus: [gpu(100)] }), snap(60, { gpus: [gpu(100)] })]).gpus[0]!;
    expect(seconds(row)).toBe(60);
    expect(() => rollup([], 0)).toThrow(/intervalSeconds must be positive/);
  });
});

describe("rollupHour: counters", () => {
  it("a series' first observation ever contributes nothing (its start is unknown)", () => {
    const m = rollup([snap(0, { models: [model(500, 900, 5)] }), snap(60, { models: [model(600, 1000, 6)] })]).models;
    expect(m).toEqual([{ modelName: "m", promptTokens: 100n, generationTokens: 100n, requests: 1n, counterResets: 0, sampleCount: 2 }]);
  });

  it("one counter falling means the server restarted: all three count their new value", () => {
    // prompt 1000 → 1200 looks like +200, but generation 5000 → 300 fell: restart, so +1200, +300, +11
    const m = rollup([snap(-60, { models: [model(1000, 5000, 10)] }), snap(0, { models: [model(1200, 300, 11)] })]).models[0]!;
    expect([m.promptTokens, m.generationTokens, m.requests, m.counterResets]).toEqual([1200n, 300n, 11n, 1]);
  });

  it("a long gap (2,460 s > 2 × 60 s) is an outage: later − earlier is kept as gap tokens, not piled on the hour", () => {
    const m = rollup([snap(-60, { models: [model(100, 100, 1)] }), snap(2400, { models: [model(5100, 9100, 41)] })]).models[0]!;
    expect([m.promptTokens, m.generationTokens, m.requests]).toEqual([0n, 0n, 0n]);
    expect([m.gapPromptTokens, m.gapGenerationTokens, m.gapSeconds]).toEqual([5000n, 9000n, 2460]);
  });

  it("a restart after an outage: the post-restart count is gap tokens (when it was served is unknown), the restart is counted", () => {
    // 72 h of silence, then the server is back with fresh counters 700 / 300: none of it lands in the hour's own counts
    const m = rollup([snap(-72 * 3600, { models: [model(90_000, 80_000, 500)] }), snap(600, { models: [model(700, 300, 4)] }), snap(660, { models: [model(760, 330, 5)] })]).models[0]!;
    expect([m.promptTokens, m.generationTokens, m.requests, m.counterResets]).toEqual([60n, 30n, 1n, 1]);
    expect([m.gapPromptTokens, m.gapGenerationTokens, m.gapSeconds]).toEqual([700n, 300n, 72 * 3600 + 600]);
  });

  it("keeps replicas apart and sums them per model", () => {
    const snaps = [
      snap(-60, { models: [model(100, 0, 0, "a"), model(900, 0, 0, "b")] }),
      snap(0, { models: [model(150, 0, 0, "a"), model(20, 0, 0, "b")] }), // a: +50; b restarted: +20
    ];
    expect(rollup(snaps).models[0]).toMatchObject({ promptTokens: 70n, counterResets: 1, sampleCount: 2 });
  });

  it("counts past 2^53 exactly", () => {
    const big = 2n ** 60n;
    const m = rollup([snap(-60, { models: [{ ...model(0, 0, 0), promptTokensTotal: big }] }), snap(0, { models: [{ ...model(0, 0, 0), promptTokensTotal: big + 7n }] })]).models[0]!;
    expect(m.promptTokens).toBe(7n);
  });
});
