import { DCGM_METRICS, VLLM_METRICS, type GpuReading, type ModelCounters, type ScrapeSnapshot } from "@/lib/gpu/mapping";

// ScrapeSnapshot ⇄ GpuMetricSample rows (one row per metric per series per scrape). Pure.
//
// What a row holds, and why:
//  - dcgm series: seriesKey = GPU UUID, host, gpuIndex; one row per reading that is not missing.
//    A GPU whose three readings are all missing (DCGM sentinels) gets one GPU_SEEN row, so it is
//    still observed (GPU-hours) when the snapshot is rebuilt.
//  - inference series: seriesKey = `${modelName}@${instance}` and host = instance, so two replicas
//    of a model stay two counter series (one restarting must not look like both), and the model
//    name is recovered exactly by stripping `@${host}` (a model name may itself contain "@").
//  - value is a float8: exact for counters up to 2^53 (9×10^15 tokens on one server).
//  - Not stored: the GPU's product name (the pool has its GPU model) and the energy counter (the
//    roll-up integrates power instead).

export const GPU_SEEN = "breakeven:gpu_seen";

export interface SampleRow {
  sourceId: string;
  scrapedAt: Date;
  metric: string;
  seriesKey: string;
  host: string;
  gpuIndex: number | null;
  value: number;
}

export function snapshotToRows(snapshot: ScrapeSnapshot, sourceId: string): SampleRow[] {
  const rows: SampleRow[] = [];
  const base = { sourceId, scrapedAt: snapshot.scrapedAt };
  for (const g of snapshot.gpus) {
    const gpu = { ...base, seriesKey: g.uuid, host: g.host ?? "", gpuIndex: g.index };
    const readings: Array<[string, number | null]> = [
      [DCGM_METRICS.utilisation, g.utilisationPct],
      [DCGM_METRICS.power, g.powerWatts],
      [DCGM_METRICS.fbUsed, g.fbUsedMiB],
    ];
    const present = readings.filter((r): r is [string, number] => r[1] !== null);
    if (present.length === 0) rows.push({ ...gpu, metric: GPU_SEEN, value: 1 });
    for (const [metric, value] of present) rows.push({ ...gpu, metric, value });
  }
  for (const m of snapshot.models) {
    const model = { ...base, seriesKey: `${m.modelName}@${m.instance}`, host: m.instance, gpuIndex: null };
    rows.push({ ...model, metric: VLLM_METRICS.promptTokens, value: Number(m.promptTokensTotal) });
    rows.push({ ...model, metric: VLLM_METRICS.generationTokens, value: Number(m.generationTokensTotal) });
    rows.push({ ...model, metric: VLLM_METRICS.requests, value: Number(m.requestsTotal) });
  }
  return rows;
}

/** Rows (of any number of scrapes and sources) → one snapshot per source and scrape time, oldest first. */
export function rowsToSnapshots(rows: readonly SampleRow[], targetOf: (sourceId: string) => string): ScrapeSnapshot[] {
  const snapshots = new Map<string, { snap: ScrapeSnapshot; gpus: Map<string, GpuReading>; models: Map<string, ModelCounters> }>();
  for (const r of rows) {
    const key = `${r.sourceId}\u0000${r.scrapedAt.getTime()}`;
    let entry = snapshots.get(key);
    if (!entry) {
      entry = { snap: { scrapedAt: r.scrapedAt, target: targetOf(r.sourceId), gpus: [], models: [], warnings: [] }, gpus: new Map(), models: new Map() };
      snapshots.set(key, entry);
    }
    if (r.metric === GPU_SEEN || r.metric.startsWith("DCGM_")) addGpuRow(entry.gpus, r);
    else addModelRow(entry.models, r);
  }
  return [...snapshots.values()]
    .map(({ snap, gpus, models }) => ({ ...snap, gpus: [...gpus.values()], models: [...models.values()] }))
    .sort((a, b) => a.scrapedAt.getTime() - b.scrapedAt.getTime() || a.target.localeCompare(b.target));
}

function addGpuRow(gpus: Map<string, GpuReading>, r: SampleRow): void {
  let g = gpus.get(r.seriesKey);
  if (!g) {
    g = { uuid: r.seriesKey, index: r.gpuIndex, host: r.host || null, modelName: null, utilisationPct: null, powerWatts: null, fbUsedMiB: null };
    gpus.set(r.seriesKey, g);
  }
  if (r.metric === DCGM_METRICS.utilisation) g.utilisationPct = r.value;
  else if (r.metric === DCGM_METRICS.power) g.powerWatts = r.value;
  else if (r.metric === DCGM_METRICS.fbUsed) g.fbUsedMiB = r.value;
}

function addModelRow(models: Map<string, ModelCounters>, r: SampleRow): void {
  let m = models.get(r.seriesKey);
  if (!m) {
    const suffix = `@${r.host}`;
    const modelName = r.seriesKey.endsWith(suffix) ? r.seriesKey.slice(0, -suffix.length) : r.seriesKey;
    m = { modelName, instance: r.host, promptTokensTotal: 0n, generationTokensTotal: 0n, requestsTotal: 0n };
    models.set(r.seriesKey, m);
  }
  const v = BigInt(Math.round(r.value));
  if (r.metric === VLLM_METRICS.promptTokens) m.promptTokensTotal = v;
  else if (r.metric === VLLM_METRICS.generationTokens) m.generationTokensTotal = v;
  else if (r.metric === VLLM_METRICS.requests) m.requestsTotal = v;
}
