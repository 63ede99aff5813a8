import { describe, expect, it } from "vitest";
import { db } from "@/lib/db";
import type { ScrapeSnapshot } from "@/lib/gpu/mapping";
import { rollupPendingHours } from "@/lib/gpu/rollup-runner";
import { deleteExpiredSamples, floorHour, HOUR_MS, RAW_SAMPLE_RETENTION_MS, writeScrapeSamples } from "@/lib/gpu/store";
import { createOrgWithMembers } from "../support/factories";

// Raw samples are deleted once they are older than the retention window (72 h) counted back from
// the roll-up mark, never while their hour still waits to be rolled up inside the window.

const NOW = new Date(floorHour(Date.now()).getTime() + 30 * 60_000); // half past the current hour
const gpuSnapshot = (t: number): ScrapeSnapshot => ({
  scrapedAt: new Date(t), target: "t", warnings: [], models: [],
  gpus: [{ uuid: "GPU-r", index: 0, host: "h", modelName: null, utilisationPct: 30, powerWatts: 200, fbUsedMiB: 5 }],
});

async function poolWithSource(name: string) {
  const { org } = await createOrgWithMembers(name);
  const pool = await db().gpuPool.create({ data: { orgId: org.id, name, gpuModel: "L4", gpuCount: 1, costModel: "CLOUD", hourlyRatePerGpu: "1", powerPricePerKwh: "0.1", sources: { create: { orgId: org.id, kind: "PROMETHEUS_TEXT", url: "http://x/metrics" } } }, include: { sources: true } });
  return { pool, source: { ...pool.sources[0]!, poolId: pool.id } };
}

describe("raw sample retention", () => {
  it("after the roll-up, samples older than 72 h are deleted; the hours inside the window are rolled up", async () => {
    const { pool, source } = await poolWithSource("Retention Co");
    const hour = floorHour(NOW).getTime();
    const old = hour - 80 * HOUR_MS + 10 * 60_000; // outside the window: never rolled up, deleted
    const recent = hour - 3 * HOUR_MS + 10 * 60_000; // two scrapes a minute apart, three hours ago
    for (const t of [old, recent, recent + 60_000]) await writeScrapeSamples(source, [gpuSnapshot(t)], new Date(t));
    expect(await db().gpuMetricSample.count({ where: { poolId: pool.id } })).toBe(9); // 3 readings × 3 scrapes

    const r = await rollupPendingHours(pool.id, NOW);
    // hours from NOW − 72 h (the window's start) to the current hour: 72 rolled up
    expect(r).toEqual({ hours: 72, deletedSamples: 3 });
    expect(await db().gpuMetricSample.count({ where: { poolId: pool.id } })).toBe(6);
    const rows = await db().gpuHourlyMetric.findMany({ where: { poolId: pool.id } });
    // the recent hour: one 60 s interval = 1/60 GPU-hour (0.016667 at 6 places); 200 W × 60 s = 12,000 J = 0.003333 kWh
    expect(rows.map((m) => [m.hour.getTime(), m.gpuHours.toString(), m.energyKwh.toString()])).toEqual([[hour - 3 * HOUR_MS, "0.016667", "0.003333"]]);
    expect((await db().gpuPool.findUniqueOrThrow({ where: { id: pool.id } })).rolledUpUntil).toEqual(floorHour(NOW));
  });

  it("samples of hours not rolled up yet are kept even past 72 h from now (counted from the mark)", async () => {
    const { pool, source } = await poolWithSource("Behind Co");
    const t = NOW.getTime() - 90 * HOUR_MS;
    await writeScrapeSamples(source, [gpuSnapshot(t)], new Date(t));
    const mark = new Date(floorHour(NOW).getTime() - 100 * HOUR_MS); // the roll-up is 100 h behind
    expect(await deleteExpiredSamples({ id: pool.id, rolledUpUntil: mark }, NOW)).toBe(0);
    expect(await deleteExpiredSamples({ id: pool.id, rolledUpUntil: null }, NOW, RAW_SAMPLE_RETENTION_MS)).toBe(3);
  });
});
