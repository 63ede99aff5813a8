import { AppError } from "@/lib/errors";
import { dec, Decimal } from "@/lib/money";
import type { GpuReading, ModelCounters, ScrapeSnapshot } from "@/lib/gpu/mapping";

// One pool's snapshots → the hour's row per GPU and per served model. Pure.
//
// Time accounting, the one rule everything below follows:
//  - Each series (a GPU by UUID; a model on one server) is looked at as its own sequence of
//    observations, so snapshots of several targets (one dcgm-exporter per host, vLLM apart) mix.
//  - The interval between two consecutive observations (a, b] belongs to the hour that contains
//    b, the later one. The hour [H, H+1h) therefore needs its own snapshots plus the last one
//    before H (for the interval that ends at its first observation). Consecutive hours then add
//    up exactly: no interval is counted twice or dropped; attribution lags by at most one
//    scrape interval. With scrapes stamped on the tick (scrape's `now`) an hour gets exactly
//    3,600 s; with jittered stamps one hour may get 3,600.4 s and the next 3,599.6 s.
//  - Gauges (GPU-hours, utilisation, power → energy): an interval longer than 2 × the expected
//    scrape interval is a gap: not observed, not integrated. One missed scrape (exactly 2 ×) is
//    within tolerance: integrated as a straight line between its neighbours.
//  - Counters (tokens, requests): see modelRows.

export interface GpuHourRow {
  gpuUuid: string;
  gpuIndex: number | null;
  host: string | null;
  modelName: string | null;
  /** Observed time in the hour (sum of counted intervals), hours. */
  gpuHours: Decimal;
  /** Time-weighted mean utilisation over intervals with a reading at both ends, %; null if none. */
  avgUtilisation: number | null;
  /** Energy ÷ time over intervals with a power reading at both ends, W; null if none. */
  avgPowerWatts: number | null;
  /** Trapezoid integral of power over counted intervals, kWh (IT energy, before PUE). */
  energyKwh: Decimal;
  maxFbUsedMiB: number | null;
  /** Observations inside the hour (the one before the hour is not counted). */
  sampleCount: number;
}

export interface ModelHourRow {
  modelName: string;
  promptTokens: bigint;
  generationTokens: bigint;
  requests: bigint;
  /** Server restarts seen in the hour (summed over replicas). */
  counterResets: number;
  sampleCount: number;
  /**
   * Counted across an unobserved gap that ends in this hour (a step longer than 2 × the scrape
   * interval): served at some time during the gap, so kept apart, never in the hour's own counts.
   * Absent = 0.
   */
  gapPromptTokens?: bigint;
  gapGenerationTokens?: bigint;
  /** The longest such gap, seconds. */
  gapSeconds?: number;
}

export interface HourRollup {
  hourStart: Date;
  gpus: GpuHourRow[];
  models: ModelHourRow[];
}

const HOUR_MS = 3_600_000;
const JOULES_PER_KWH = new Decimal(3_600_000);

export function rollupHour(snapshots: readonly ScrapeSnapshot[], options: { hourStart: Date; intervalSeconds: number }): HourRollup {
  if (!(options.intervalSeconds > 0)) {
    throw new AppError("BAD_INPUT", "roll-up: intervalSeconds must be positive", { issues: [{ field: "intervalSeconds", message: "must be positive" }] });
  }
  const start = options.hourStart.getTime();
  const window = { start, end: start + HOUR_MS, maxGapMs: 2 * options.intervalSeconds * 1000 };

  const gpuSeries = new Map<string, Observation<GpuReading>[]>();
  const modelSeries = new Map<string, Observation<ModelCounters>[]>();
  for (const snap of snapshots) {
    const t = snap.scrapedAt.getTime();
    if (t >= window.end) continue;
    for (const gpu of snap.gpus) push(gpuSeries, gpu.uuid, { t, value: gpu });
    for (const m of snap.models) push(modelSeries, `${m.instance}\u0000${m.modelName}`, { t, value: m });
  }

  const gpus: GpuHourRow[] = [];
  for (const series of gpuSeries.values()) {
    const row = gpuRow(hourView(series, window.start), window.maxGapMs);
    if (row) gpus.push(row);
  }
  gpus.sort((a, b) => (a.host ?? "").localeCompare(b.host ?? "") || (a.gpuIndex ?? 0) - (b.gpuIndex ?? 0) || a.gpuUuid.localeCompare(b.gpuUuid));

  return { hourStart: new Date(start), gpus, models: modelRows(modelSeries, window.start, window.maxGapMs) };
}

interface Observation<T> {
  t: number;
  value: T;
}

/** The last observation before the hour (if any) and the observations inside it, in time order. */
function hourView<T>(series: Observation<T>[], start: number): { before: Observation<T> | null; inside: Observation<T>[] } {
  const sorted = [...series].sort((a, b) => a.t - b.t);
  const before = sorted.filter((o) => o.t < start).at(-1) ?? null;
  return { before, inside: sorted.filter((o) => o.t >= start) };
}

function gpuRow(view: { before: Observation<GpuReading> | null; inside: Observation<GpuReading>[] }, maxGapMs: number): GpuHourRow | null {
  const last = view.inside.at(-1);
  if (!last) return null; // not seen in this hour at all
  const points = view.before ? [view.before, ...view.inside] : view.inside;

  let observedMs = 0;
  let utilPctSeconds = 0;
  let utilSeconds = 0;
  let energyJ = new Decimal(0);
  let powerMs = 0;
  for (let i = 1; i < points.length; i++) {
    const a = points[i - 1]!;
    const b = points[i]!;
    const dtMs = b.t - a.t;
    if (dtMs <= 0 || dtMs > maxGapMs) continue; // duplicate timestamp, or a gap: not observed
    observedMs += dtMs;
    const ua = a.value.utilisationPct;
    const ub = b.value.utilisationPct;
    if (ua !== null && ub !== null) {
      utilPctSeconds += ((ua + ub) / 2) * (dtMs / 1000); // %·s: trapezoid
      utilSeconds += dtMs / 1000;
    }
    const pa = a.value.powerWatts;
    const pb = b.value.powerWatts;
    if (pa !== null && pb !== null) {
      energyJ = energyJ.plus(dec(pa).plus(dec(pb)).div(2).times(dec(dtMs).div(1000))); // J = W × s: trapezoid
      powerMs += dtMs;
    }
  }

  const fb = view.inside.map((o) => o.value.fbUsedMiB).filter((v): v is number => v !== null);
  return {
    gpuUuid: last.value.uuid,
    gpuIndex: last.value.index,
    host: last.value.host,
    modelName: last.value.modelName,
    gpuHours: dec(observedMs).div(HOUR_MS), // h = ms ÷ 3,600,000
    avgUtilisation: utilSeconds > 0 ? utilPctSeconds / utilSeconds : null, // % = %·s ÷ s
    avgPowerWatts: powerMs > 0 ? energyJ.div(dec(powerMs).div(1000)).toNumber() : null, // W = J ÷ s
    energyKwh: energyJ.div(JOULES_PER_KWH), // kWh = J ÷ 3,600,000
    maxFbUsedMiB: fb.length ? Math.max(...fb) : null,
    sampleCount: view.inside.length,
  };
}

/**
 * Tokens and requests served in the hour, per model, summed over the servers that serve it.
 *
 * Per server, the increase of a step (a, b] is b − a (Prometheus `increase()` without its
 * extrapolation to the window edges). A COUNTER RESET — a value lower than the one before — means
 * the server restarted and counted up from 0 again, so the step's increase is b itself. A restart
 * resets all of a server's counters at once: if any of the three went down, all three are taken as
 * reset, so a counter that had already climbed back past its old value is not read as b − a.
 *
 * Gaps never invent tokens and never pile them on one hour: a step longer than 2 × the scrape
 * interval is an outage, and what the counters grew by across it (b − a, or b after a restart) is
 * kept as the hour's gap tokens, with the gap's length, apart from its observed counts. What a
 * crashed process served between a and its crash died with its counters: the restart is counted. A server's first
 * observation ever (no earlier one) contributes nothing: its starting count is not known to be
 * from this hour.
 */
function modelRows(series: Map<string, Observation<ModelCounters>[]>, start: number, maxGapMs: number): ModelHourRow[] {
  const rows = new Map<string, ModelHourRow>();
  for (const obs of series.values()) {
    const view = hourView(obs, start);
    const first = view.inside[0];
    if (!first) continue;
    const modelName = first.value.modelName;
    const row = rows.get(modelName) ?? { modelName, promptTokens: 0n, generationTokens: 0n, requests: 0n, counterResets: 0, sampleCount: 0 };
    rows.set(modelName, row);
    row.sampleCount += view.inside.length;
    const points = view.before ? [view.before, ...view.inside] : view.inside;
    for (let i = 1; i < points.length; i++) {
      const a = points[i - 1]!.value;
      const b = points[i]!.value;
      const reset = b.promptTokensTotal < a.promptTokensTotal || b.generationTokensTotal < a.generationTokensTotal || b.requestsTotal < a.requestsTotal;
      if (reset) row.counterResets++;
      const prompt = reset ? b.promptTokensTotal : b.promptTokensTotal - a.promptTokensTotal;
      const generation = reset ? b.generationTokensTotal : b.generationTokensTotal - a.generationTokensTotal;
      const stepMs = points[i]!.t - points[i - 1]!.t;
      if (stepMs > maxGapMs) {
        // An outage: what the counters grew by was served at an unknown time during it (up to the
        // 72 h a raw sample is kept). Marked as gap tokens of this hour, never put in its own counts.
        row.gapPromptTokens = (row.gapPromptTokens ?? 0n) + prompt;
        row.gapGenerationTokens = (row.gapGenerationTokens ?? 0n) + generation;
        row.gapSeconds = Math.max(row.gapSeconds ?? 0, Math.round(stepMs / 1000));
        continue;
      }
      row.promptTokens += prompt;
      row.generationTokens += generation;
      row.requests += reset ? b.requestsTotal : b.requestsTotal - a.requestsTotal;
    }
  }
  return [...rows.values()].sort((a, b) => a.modelName.localeCompare(b.modelName));
}

function push<T>(map: Map<string, Observation<T>[]>, key: string, o: Observation<T>): void {
  const list = map.get(key);
  if (list) list.push(o);
  else map.set(key, [o]);
}
