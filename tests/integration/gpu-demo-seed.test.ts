import { beforeAll, describe, expect, it } from "vitest";
import { db } from "@/lib/db";
import { DEMO_MODEL, DEMO_SCRAPE_SECONDS, demoHourSnapshots, initialDemoState } from "@/lib/demo/gpu-synthetic";
import { mulberry32 } from "@/lib/demo/generate";
import { seedDemo } from "@/lib/demo/seed";
import { rollupHour } from "@/lib/gpu/rollup";

// The demo pool's hourly rows come from synthetic 5-minute scrapes through rollupHour and the
// roll-up job's upsert. Checked here against the synthetic scrapes themselves.

const NOW = new Date("2026-03-10T05:30:00Z");
let poolId: string;
const hours = (Date.UTC(2026, 2, 10, 5) - Date.UTC(2025, 2, 1)) / 3_600_000; // 2025-03-01 00:00 … 2026-03-10 04:00

beforeAll(async () => {
  await seedDemo(db(), NOW, { slug: "demo-gpu-seed" });
  const org = await db().organization.findUniqueOrThrow({ where: { slug: "demo-gpu-seed" } });
  poolId = (await db().gpuPool.findFirstOrThrow({ where: { orgId: org.id, name: "On-prem L40S" } })).id;
}, 120_000);

describe("demo GPU pool through the roll-up", () => {
  it("one row per GPU and one per model for every hour, each GPU observed the whole hour; the mark is at the last hour", async () => {
    expect(hours).toBe(8981); // 2025-03-01 → 2026-03-10 = 365 + 9 = 374 days × 24 h = 8,976 h, + 00:00 … 04:00 = 8,981
    expect(await db().gpuHourlyMetric.count({ where: { poolId } })).toBe(4 * hours);
    expect(await db().gpuHourlyTokens.count({ where: { poolId } })).toBe(hours);
    // 12 scrapes × 300 s + the interval from the scrape before the hour = 3,600 s = 1 GPU-hour, every row
    expect(await db().gpuHourlyMetric.count({ where: { poolId, NOT: { gpuHours: 1 } } })).toBe(0);
    expect(await db().gpuHourlyMetric.count({ where: { poolId, sampleCount: { not: 12 } } })).toBe(0);
    expect((await db().gpuPool.findUniqueOrThrow({ where: { id: poolId } })).rolledUpUntil).toEqual(new Date("2026-03-10T05:00:00Z"));
  });

  it("the stored rows equal a replay of the synthetic scrapes rolled up hour by hour (a Sunday restart included)", async () => {
    // Replay the generator from the first hour to Sunday 2025-03-02 04:00, rolling up the
    // restart hour (03:00: counters start again from 0) and the hour after.
    const rand = mulberry32(7);
    const state = initialDemoState();
    const rolled = new Map<number, ReturnType<typeof rollupHour>>();
    for (let t = Date.UTC(2025, 2, 1); t <= Date.UTC(2025, 2, 2, 4); t += 3_600_000) {
      rolled.set(t, rollupHour(demoHourSnapshots(t, state, rand), { hourStart: new Date(t), intervalSeconds: DEMO_SCRAPE_SECONDS }));
    }
    for (const t of [Date.UTC(2025, 2, 1, 10), Date.UTC(2025, 2, 2, 3), Date.UTC(2025, 2, 2, 4)]) {
      const r = rolled.get(t)!;
      const tokens = await db().gpuHourlyTokens.findUniqueOrThrow({ where: { poolId_hour_modelName: { poolId, hour: new Date(t), modelName: DEMO_MODEL } } });
      expect([tokens.promptTokens, tokens.generationTokens, tokens.requests]).toEqual([r.models[0]!.promptTokens, r.models[0]!.generationTokens, r.models[0]!.requests]);
      const gpu0 = await db().gpuHourlyMetric.findUniqueOrThrow({ where: { poolId_hour_gpuUuid: { poolId, hour: new Date(t), gpuUuid: "GPU-demo-0000" } } });
      expect(gpu0.energyKwh.toFixed(6)).toBe(r.gpus[0]!.energyKwh.toFixed(6));
      expect(gpu0.avgUtilisation!.toFixed(3)).toBe(r.gpus[0]!.avgUtilisation!.toFixed(3));
    }
    expect(rolled.get(Date.UTC(2025, 2, 2, 3))!.models[0]!.counterResets).toBe(1);
  });
});
