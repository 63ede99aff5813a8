import { AppError } from "@/lib/errors";
import { dec, Decimal } from "@/lib/money";
import type { MetricSample } from "@/lib/gpu/prometheus-text";

// Samples (from a scrape or a Prometheus range query) → one normalised ScrapeSnapshot:
// dcgm-exporter gauges per GPU, vLLM counters per served model. Everything else is ignored.

/** dcgm-exporter names (etc/default-counters.csv); the energy counter is only there where enabled. */
export const DCGM_METRICS = {
  utilisation: "DCGM_FI_DEV_GPU_UTIL", // gauge, %
  power: "DCGM_FI_DEV_POWER_USAGE", // gauge, W
  fbUsed: "DCGM_FI_DEV_FB_USED", // gauge, MiB
  energy: "DCGM_FI_DEV_TOTAL_ENERGY_CONSUMPTION", // counter, mJ since boot
} as const;

/** vLLM counters, as exposed with the `_total` suffix. */
export const VLLM_METRICS = {
  promptTokens: "vllm:prompt_tokens_total",
  generationTokens: "vllm:generation_tokens_total",
  requests: "vllm:request_success_total", // one series per finished_reason: summed
} as const;

export const METRICS_USED: readonly string[] = [...Object.values(DCGM_METRICS), ...Object.values(VLLM_METRICS)];

export interface GpuReading {
  uuid: string;
  /** `gpu` label: the index on its host. */
  index: number | null;
  /** `Hostname` (older dcgm-exporter and most captures) or `hostname` (current template). */
  host: string | null;
  modelName: string | null;
  /** null = no reading: the series is absent or carries a DCGM "blank" sentinel. */
  utilisationPct: number | null;
  powerWatts: number | null;
  fbUsedMiB: number | null;
  /** Energy since boot, mJ (counter); absent where the exporter does not collect it. */
  energyMj?: bigint;
}

/**
 * Cumulative counters of one served model on one server. Counters are bigints: token counters
 * pass 2^53 on a busy fleet, and the roll-up subtracts them exactly.
 */
export interface ModelCounters {
  modelName: string;
  /** Which server: the `instance` label (Prometheus API) or the scraped target. Counters of two
   *  replicas of a model must not be mixed, or one replica's restart looks like everyone's. */
  instance: string;
  promptTokensTotal: bigint;
  generationTokensTotal: bigint;
  requestsTotal: bigint;
}

export interface ScrapeSnapshot {
  scrapedAt: Date;
  /** The scraped URL (without credentials) or the Prometheus base URL. */
  target: string;
  gpus: GpuReading[];
  models: ModelCounters[];
  /** What was read but not used (sentinels, series without a UUID or model_name). */
  warnings: string[];
}

// DCGM writes "no value" as BLANK + 0..15 (dcgm_structs.h: DCGM_INT64_BLANK 0x7ffffffffffffff0,
// DCGM_FP64_BLANK 2^47; +1 not found, +2 not supported, +3 not permissioned …). The four fields we
// read are INT64 or FP64 in dcgm_fields.h, so only those two ranges apply.
const INT64_BLANK = new Decimal("9223372036854775792");
const FP64_BLANK = new Decimal("140737488355328");

export function isDcgmBlank(value: string): boolean {
  const d = safeDecimal(value);
  if (!d) return false;
  return d.gte(INT64_BLANK) || (d.gte(FP64_BLANK) && d.lte(FP64_BLANK.plus(15)));
}

/**
 * Map one scrape's samples. Throws BAD_INPUT naming the sample (line) when a metric we use has a
 * NaN, ±Inf or negative value: a scrape that says NaN watts is not trusted in part, so the whole
 * scrape is an error and nothing of it is stored (the pool shows the error).
 */
export function mapSamplesToSnapshot(samples: readonly MetricSample[], context: { scrapedAt: Date; target: string }): ScrapeSnapshot {
  const gpus = new Map<string, GpuReading>();
  const models = new Map<string, ModelCounters>();
  const warnings: string[] = [];

  for (const s of samples) {
    if (!METRICS_USED.includes(s.name)) continue;
    const number = readNumber(s);
    if (s.name.startsWith("DCGM_")) mapDcgmSample(s, number, gpus, warnings);
    else mapVllmSample(s, context.target, models, warnings);
  }

  return {
    scrapedAt: context.scrapedAt,
    target: context.target,
    gpus: [...gpus.values()].sort((a, b) => (a.host ?? "").localeCompare(b.host ?? "") || (a.index ?? 0) - (b.index ?? 0) || a.uuid.localeCompare(b.uuid)),
    models: [...models.values()].sort((a, b) => a.modelName.localeCompare(b.modelName) || a.instance.localeCompare(b.instance)),
    warnings,
  };
}

function mapDcgmSample(s: MetricSample, value: number, gpus: Map<string, GpuReading>, warnings: string[]): void {
  const uuid = s.labels.UUID;
  if (!uuid) {
    warnings.push(`${s.where}: ${s.name} has no UUID label; ignored`);
    return;
  }
  let gpu = gpus.get(uuid);
  if (!gpu) {
    const index = s.labels.gpu !== undefined && /^\d+$/.test(s.labels.gpu) ? Number(s.labels.gpu) : null;
    const host = s.labels.Hostname || s.labels.hostname || null;
    gpu = { uuid, index, host, modelName: s.labels.modelName || null, utilisationPct: null, powerWatts: null, fbUsedMiB: null };
    gpus.set(uuid, gpu);
  }
  if (isDcgmBlank(s.value)) {
    warnings.push(`${s.where}: ${s.name} for ${uuid} is DCGM's "no value" sentinel (${s.value}); treated as missing`);
    return;
  }
  switch (s.name) {
    case DCGM_METRICS.utilisation:
      setOnce(gpu, "utilisationPct", value, s, warnings);
      break;
    case DCGM_METRICS.power:
      setOnce(gpu, "powerWatts", value, s, warnings);
      break;
    case DCGM_METRICS.fbUsed:
      // MIG instances (GPU_I_ID label) each report their own framebuffer use: the GPU's is the sum.
      if (s.labels.GPU_I_ID !== undefined && gpu.fbUsedMiB !== null) gpu.fbUsedMiB += value;
      else setOnce(gpu, "fbUsedMiB", value, s, warnings);
      break;
    case DCGM_METRICS.energy:
      if (gpu.energyMj === undefined) gpu.energyMj = counterValue(s);
      break;
  }
}

function setOnce(gpu: GpuReading, field: "utilisationPct" | "powerWatts" | "fbUsedMiB", value: number, s: MetricSample, warnings: string[]): void {
  if (gpu[field] === null) gpu[field] = value;
  else warnings.push(`${s.where}: second ${s.name} series for ${gpu.uuid}; the first is kept`);
}

function mapVllmSample(s: MetricSample, target: string, models: Map<string, ModelCounters>, warnings: string[]): void {
  const modelName = s.labels.model_name;
  if (!modelName) {
    warnings.push(`${s.where}: ${s.name} has no model_name label; ignored`);
    return;
  }
  const instance = s.labels.instance || target;
  const key = `${instance}\u0000${modelName}`;
  let model = models.get(key);
  if (!model) {
    // A counter not yet exposed (no request has finished with that reason) counts as 0.
    model = { modelName, instance, promptTokensTotal: 0n, generationTokensTotal: 0n, requestsTotal: 0n };
    models.set(key, model);
  }
  // Summed over every other label: engine="0", "1"… (vLLM V1 data parallel) and finished_reason.
  const v = counterValue(s);
  if (s.name === VLLM_METRICS.promptTokens) model.promptTokensTotal += v;
  else if (s.name === VLLM_METRICS.generationTokens) model.generationTokensTotal += v;
  else model.requestsTotal += v;
}

function readNumber(s: MetricSample): number {
  const n = Number(s.value);
  if (!Number.isFinite(n)) {
    throw new AppError("BAD_INPUT", `${s.where}: ${s.name}${formatLabels(s.labels)} is ${s.value}, not a reading; the scrape is rejected`, {
      issues: [{ field: s.where, message: `${s.name} is ${s.value}` }],
    });
  }
  if (n < 0) {
    throw new AppError("BAD_INPUT", `${s.where}: ${s.name}${formatLabels(s.labels)} is negative (${s.value}); the scrape is rejected`, {
      issues: [{ field: s.where, message: `${s.name} is negative` }],
    });
  }
  return n;
}

/** Counters are floats in the text format ("1234.0", "1.2e+16"); tokens are whole, so floor. */
function counterValue(s: MetricSample): bigint {
  return BigInt(dec(s.value).floor().toFixed(0));
}

function safeDecimal(value: string): Decimal | null {
  try {
    const d = new Decimal(value);
    return d.isFinite() ? d : null;
  } catch {
    return null;
  }
}

function formatLabels(labels: Readonly<Record<string, string>>): string {
  const pairs = Object.entries(labels).filter(([k, v]) => v !== "" && ["UUID", "gpu", "model_name", "engine", "finished_reason", "instance"].includes(k));
  return pairs.length ? `{${pairs.map(([k, v]) => `${k}="${v}"`).join(",")}}` : "";
}
