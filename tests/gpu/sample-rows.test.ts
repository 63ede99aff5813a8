import { describe, expect, it } from "vitest";
import type { ScrapeSnapshot } from "@/lib/gpu/mapping";
import { rollupHour } from "@/lib/gpu/rollup";
import { GPU_SEEN, rowsToSnapshots, snapshotToRows } from "@/lib/gpu/sample-rows";

// Snapshot → GpuMetricSample rows → snapshot: what the roll-up reads back from Postgres must be
// what the scrape saw, so a roll-up over stored samples equals the roll-up over the live snapshots.

const at = (s: number) => new Date(Date.UTC(2026, 0, 1, 10, 0, s));
const snapshot = (t: number, prompt: bigint, instance: string): ScrapeSnapshot => ({
  scrapedAt: at(t),
  target: "http://node-1:9400/metrics",
  gpus: [
    { uuid: "GPU-1", index: 0, host: "node-1", modelName: "NVIDIA L40S", utilisationPct: 42.5, powerWatts: 250.25, fbUsedMiB: 1024 },
    // every reading missing (DCGM sentinels): still a GPU that was seen
    { uuid: "GPU-2", index: 1, host: null, modelName: null, utilisationPct: null, powerWatts: null, fbUsedMiB: null },
  ],
  models: [
    { modelName: "org/model@v2", instance, promptTokensTotal: prompt, generationTokensTotal: 2n * prompt, requestsTotal: 7n },
    { modelName: "org/model@v2", instance: "vllm-2:8000", promptTokensTotal: 5n, generationTokensTotal: 6n, requestsTotal: 1n },
  ],
  warnings: [],
});

describe("GpuMetricSample rows", () => {
  it("one row per present reading and counter; a GPU with no reading gets one GPU_SEEN row", () => {
    const rows = snapshotToRows(snapshot(0, 1000n, "vllm-1:8000"), "src1");
    // GPU-1: 3 readings; GPU-2: GPU_SEEN; 2 replicas × 3 counters → 10 rows
    expect(rows).toHaveLength(10);
    expect(rows.filter((r) => r.seriesKey === "GPU-2")).toEqual([{ sourceId: "src1", scrapedAt: at(0), metric: GPU_SEEN, seriesKey: "GPU-2", host: "", gpuIndex: 1, value: 1 }]);
    // a replica's series key carries its instance; the model name (with its own "@") is kept whole
    expect(rows.filter((r) => r.metric === "vllm:prompt_tokens_total").map((r) => [r.seriesKey, r.host, r.value])).toEqual([
      ["org/model@v2@vllm-1:8000", "vllm-1:8000", 1000],
      ["org/model@v2@vllm-2:8000", "vllm-2:8000", 5],
    ]);
  });

  it("round-trips: rebuilt snapshots roll up exactly like the originals", () => {
    const snaps = [snapshot(-60, 1000n, "vllm-1:8000"), snapshot(0, 1600n, "vllm-1:8000"), snapshot(60, 100n, "vllm-1:8000")];
    const rows = snaps.flatMap((s) => snapshotToRows(s, "src1"));
    const rebuilt = rowsToSnapshots([...rows].reverse(), () => "http://node-1:9400/metrics");
    expect(rebuilt.map((s) => s.scrapedAt)).toEqual([at(-60), at(0), at(60)]);
    expect(rebuilt[1]!.models.find((m) => m.instance === "vllm-1:8000")).toEqual({ modelName: "org/model@v2", instance: "vllm-1:8000", promptTokensTotal: 1600n, generationTokensTotal: 3200n, requestsTotal: 7n });
    expect(rebuilt[1]!.gpus.find((g) => g.uuid === "GPU-2")).toEqual({ uuid: "GPU-2", index: 1, host: null, modelName: null, utilisationPct: null, powerWatts: null, fbUsedMiB: null });
    const options = { hourStart: at(0), intervalSeconds: 60 };
    const strip = (r: ReturnType<typeof rollupHour>) => ({ ...r, gpus: r.gpus.map((g) => ({ ...g, modelName: null })) }); // the product name is not stored
    expect(rollupHour(rebuilt, options)).toEqual(strip(rollupHour(snaps, options)));
  });
});
