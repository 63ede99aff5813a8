import { readFileSync } from "node:fs";
import { fileURLToPath } from "node:url";
import { describe, expect, it } from "vitest";
import { AppError } from "@/lib/errors";
import { DCGM_METRICS, mapSamplesToSnapshot, VLLM_METRICS } from "@/lib/gpu/mapping";
import { parseExpositionText } from "@/lib/gpu/prometheus-text";
import { thrown } from "../support/app-error";

const fixture = (name: string) => readFileSync(fileURLToPath(new URL(`../fixtures/gpu/${name}`, import.meta.url)), "utf8");
const at = new Date("2025-06-01T10:00:00Z");
const map = (body: string) => mapSamplesToSnapshot(parseExpositionText(body), { scrapedAt: at, target: "http://gpu-node-1:9400/metrics" });

describe("the metric names we map are the upstream projects' own", () => {
  it("dcgm-exporter's default-counters.csv lists GPU_UTIL, POWER_USAGE, FB_USED as gauges and TOTAL_ENERGY_CONSUMPTION as a counter", () => {
    const rows = fixture("dcgm-exporter.default-counters.csv")
      .split("\n")
      .filter((l) => l.trim() && !l.startsWith("#"))
      .map((l) => l.split(",").map((c) => c.trim()));
    const type = (name: string) => rows.find((r) => r[0] === name)?.[1];
    // "DCGM_FI_DEV_GPU_UTIL,      gauge, GPU utilization (in %)."
    expect(type(DCGM_METRICS.utilisation)).toBe("gauge");
    // "DCGM_FI_DEV_POWER_USAGE,              gauge, Power draw (in W)."
    expect(type(DCGM_METRICS.power)).toBe("gauge");
    // "DCGM_FI_DEV_FB_USED, gauge, Framebuffer memory used (in MiB)."
    expect(type(DCGM_METRICS.fbUsed)).toBe("gauge");
    // "DCGM_FI_DEV_TOTAL_ENERGY_CONSUMPTION, counter, Total energy consumption since boot (in mJ)."
    expect(type(DCGM_METRICS.energy)).toBe("counter");
  });

  it("vLLM v0.10.2 defines prompt_tokens, generation_tokens, request_success as counters (exposed with _total)", () => {
    const rows = fixture("vllm-metric-definitions.v0.10.2.csv").split("\n").map((l) => l.split(","));
    const type = (exposed: string) => rows.find((r) => `${r[0]}_total` === exposed)?.[1];
    expect(type(VLLM_METRICS.promptTokens)).toBe("counter"); // "vllm:prompt_tokens,counter,Number of prefill tokens processed"
    expect(type(VLLM_METRICS.generationTokens)).toBe("counter"); // "vllm:generation_tokens,counter,…"
    expect(type(VLLM_METRICS.requests)).toBe("counter"); // "vllm:request_success,counter,… (by finished_reason)"
  });
});

describe("mapSamplesToSnapshot on the real samples", () => {
  it("the dcgm README sample has none of the four gauges we read, so no GPU: clocks and temperatures are not used", () => {
    const snap = map(fixture("dcgm-exporter-readme-sample.prom"));
    expect(snap).toEqual({ scrapedAt: at, target: "http://gpu-node-1:9400/metrics", gpus: [], models: [], warnings: [] });
  });

  it("the vLLM docs sample has only a histogram, so no served-model counters", () => {
    expect(map(fixture("vllm-docs-sample.prom")).models).toEqual([]);
  });
});

// Constructed page (not a capture), in the label order and number formats the fixture README documents.
const DCGM_TWO_GPUS = `# HELP DCGM_FI_DEV_GPU_UTIL GPU utilization (in %).
# TYPE DCGM_FI_DEV_GPU_UTIL gauge
DCGM_FI_DEV_GPU_UTIL{gpu="0", UUID="GPU-aaaaaaaa-1111-2222-3333-444444444444", pci_bus_id="00000000:18:00.0", device="nvidia0", modelName="NVIDIA H100 80GB HBM3", Hostname="gpu-node-1"} 87
DCGM_FI_DEV_GPU_UTIL{gpu="1", UUID="GPU-bbbbbbbb-1111-2222-3333-444444444444", pci_bus_id="00000000:2a:00.0", device="nvidia1", modelName="NVIDIA H100 80GB HBM3", Hostname="gpu-node-1"} 0
# TYPE DCGM_FI_DEV_POWER_USAGE gauge
DCGM_FI_DEV_POWER_USAGE{gpu="0", UUID="GPU-aaaaaaaa-1111-2222-3333-444444444444", pci_bus_id="00000000:18:00.0", device="nvidia0", modelName="NVIDIA H100 80GB HBM3", Hostname="gpu-node-1"} 612.457000
DCGM_FI_DEV_POWER_USAGE{gpu="1", UUID="GPU-bbbbbbbb-1111-2222-3333-444444444444", pci_bus_id="00000000:2a:00.0", device="nvidia1", modelName="NVIDIA H100 80GB HBM3", Hostname="gpu-node-1"} 71.000000
# TYPE DCGM_FI_DEV_FB_USED gauge
DCGM_FI_DEV_FB_USED{gpu="0", UUID="GPU-aaaaaaaa-1111-2222-3333-444444444444", pci_bus_id="00000000:18:00.0", device="nvidia0", modelName="NVIDIA H100 80GB HBM3", Hostname="gpu-node-1"} 74213
DCGM_FI_DEV_FB_USED{gpu="1", UUID="GPU-bbbbbbbb-1111-2222-3333-444444444444", pci_bus_id="00000000:2a:00.0", device="nvidia1", modelName="NVIDIA H100 80GB HBM3", Hostname="gpu-node-1"} 9223372036854775794
# TYPE DCGM_FI_DEV_TOTAL_ENERGY_CONSUMPTION counter
DCGM_FI_DEV_TOTAL_ENERGY_CONSUMPTION{gpu="0", UUID="GPU-aaaaaaaa-1111-2222-3333-444444444444", pci_bus_id="00000000:18:00.0", device="nvidia0", modelName="NVIDIA H100 80GB HBM3", Hostname="gpu-node-1"} 912345678901234
# TYPE DCGM_FI_DEV_GPU_TEMP gauge
DCGM_FI_DEV_GPU_TEMP{gpu="0", UUID="GPU-aaaaaaaa-1111-2222-3333-444444444444", pci_bus_id="00000000:18:00.0", device="nvidia0", modelName="NVIDIA H100 80GB HBM3", Hostname="gpu-node-1"} NaN
`;

describe("mapSamplesToSnapshot: dcgm-exporter gauges per GPU", () => {
  it("reads each GPU's utilisation, power, framebuffer and energy; a sentinel is a missing reading", () => {
    const snap = map(DCGM_TWO_GPUS);
    expect(snap.gpus).toEqual([
      {
        uuid: "GPU-aaaaaaaa-1111-2222-3333-444444444444",
        index: 0, // gpu="0"
        host: "gpu-node-1", // Hostname="gpu-node-1"
        modelName: "NVIDIA H100 80GB HBM3",
        utilisationPct: 87, // DCGM_FI_DEV_GPU_UTIL{gpu="0", …} 87
        powerWatts: 612.457, // DCGM_FI_DEV_POWER_USAGE{gpu="0", …} 612.457000
        fbUsedMiB: 74213, // DCGM_FI_DEV_FB_USED{gpu="0", …} 74213
        energyMj: 912345678901234n, // DCGM_FI_DEV_TOTAL_ENERGY_CONSUMPTION{gpu="0", …} 912345678901234
      },
      {
        uuid: "GPU-bbbbbbbb-1111-2222-3333-444444444444",
        index: 1,
        host: "gpu-node-1",
        modelName: "NVIDIA H100 80GB HBM3",
        utilisationPct: 0, // … 0
        powerWatts: 71, // … 71.000000
        fbUsedMiB: null, // DCGM_FI_DEV_FB_USED{gpu="1", …} 9223372036854775794: "not supported", not 9.2e18 MiB
      },
    ]);
    expect(snap.warnings).toEqual([
      'line 10: DCGM_FI_DEV_FB_USED for GPU-bbbbbbbb-1111-2222-3333-444444444444 is DCGM\'s "no value" sentinel (9223372036854775794); treated as missing',
    ]);
  });

  it("ignores NaN on a metric it does not use (GPU_TEMP above), and accepts the lower-case `hostname` of the current template", () => {
    const snap = map('DCGM_FI_DEV_GPU_UTIL{gpu="3",UUID="GPU-c",device="nvidia3",modelName="NVIDIA L4",hostname="node-7"} 12\n');
    expect(snap.gpus[0]).toMatchObject({ uuid: "GPU-c", index: 3, host: "node-7", modelName: "NVIDIA L4", utilisationPct: 12, powerWatts: null });
  });

  it("Kubernetes labels (empty container/namespace/pod) change nothing; no Hostname → host null", () => {
    const snap = map('DCGM_FI_DEV_POWER_USAGE{gpu="0", UUID="GPU-k",container="",namespace="",pod=""} 300.5\n');
    expect(snap.gpus).toEqual([{ uuid: "GPU-k", index: 0, host: null, modelName: null, utilisationPct: null, powerWatts: 300.5, fbUsedMiB: null }]);
  });

  it("sums framebuffer use over MIG instances of one GPU (GPU_I_ID label)", () => {
    const body = ['DCGM_FI_DEV_FB_USED{gpu="0",UUID="GPU-m",GPU_I_PROFILE="3g.40gb",GPU_I_ID="1"} 1000', 'DCGM_FI_DEV_FB_USED{gpu="0",UUID="GPU-m",GPU_I_PROFILE="3g.40gb",GPU_I_ID="2"} 2500', ""].join("\n");
    expect(map(body).gpus[0]!.fbUsedMiB).toBe(3500);
  });

  it("skips a series without a UUID, with a warning naming the line", () => {
    const snap = map('DCGM_FI_DEV_GPU_UTIL{gpu="0"} 50\n');
    expect(snap.gpus).toEqual([]);
    expect(snap.warnings).toEqual(["line 1: DCGM_FI_DEV_GPU_UTIL has no UUID label; ignored"]);
  });

  it.each(["NaN", "+Inf", "-Inf"])("rejects the whole scrape when a used gauge is %s, naming the line", (value) => {
    const body = `DCGM_FI_DEV_GPU_UTIL{gpu="0",UUID="GPU-a"} 40\nDCGM_FI_DEV_POWER_USAGE{gpu="0",UUID="GPU-a"} ${value}\n`;
    const e = thrown(() => map(body));
    expect(e.code).toBe("BAD_INPUT");
    expect(e.message).toBe(`line 2: DCGM_FI_DEV_POWER_USAGE{gpu="0",UUID="GPU-a"} is ${value}, not a reading; the scrape is rejected`);
  });

  it("rejects a negative reading", () => {
    expect(thrown(() => map('DCGM_FI_DEV_FB_USED{UUID="GPU-a"} -5\n')).message).toContain("is negative");
  });
});

// Constructed page (not a capture): vLLM V1 with two data-parallel engines, as the README describes.
const VLLM_V1_TWO_ENGINES = `# HELP vllm:prompt_tokens_total Number of prefill tokens processed.
# TYPE vllm:prompt_tokens_total counter
vllm:prompt_tokens_total{engine="0",model_name="Qwen/Qwen3-0.6B"} 1500.0
vllm:prompt_tokens_total{engine="1",model_name="Qwen/Qwen3-0.6B"} 2500.0
# HELP vllm:prompt_tokens_created Number of prefill tokens processed.
# TYPE vllm:prompt_tokens_created gauge
vllm:prompt_tokens_created{engine="0",model_name="Qwen/Qwen3-0.6B"} 1.7599824e+09
# HELP vllm:generation_tokens_total Number of generation tokens processed.
# TYPE vllm:generation_tokens_total counter
vllm:generation_tokens_total{engine="0",model_name="Qwen/Qwen3-0.6B"} 30000.0
vllm:generation_tokens_total{engine="1",model_name="Qwen/Qwen3-0.6B"} 12345.0
# HELP vllm:request_success_total Count of successfully processed requests.
# TYPE vllm:request_success_total counter
vllm:request_success_total{engine="0",finished_reason="stop",model_name="Qwen/Qwen3-0.6B"} 12.0
vllm:request_success_total{engine="0",finished_reason="length",model_name="Qwen/Qwen3-0.6B"} 3.0
vllm:request_success_total{engine="0",finished_reason="abort",model_name="Qwen/Qwen3-0.6B"} 0.0
vllm:request_success_total{engine="1",finished_reason="stop",model_name="Qwen/Qwen3-0.6B"} 7.0
`;

describe("mapSamplesToSnapshot: vLLM counters per served model", () => {
  it("sums over engines and finished_reason, ignores _created, and keeps counters as bigints", () => {
    const snap = mapSamplesToSnapshot(parseExpositionText(VLLM_V1_TWO_ENGINES), { scrapedAt: at, target: "http://10.0.0.5:8000/metrics" });
    expect(snap.models).toEqual([
      {
        modelName: "Qwen/Qwen3-0.6B",
        instance: "http://10.0.0.5:8000/metrics", // no `instance` label in a direct scrape: the target
        promptTokensTotal: 4000n, // 1500.0 (engine 0) + 2500.0 (engine 1)
        generationTokensTotal: 42345n, // 30000.0 + 12345.0
        requestsTotal: 22n, // stop 12.0 + length 3.0 + abort 0.0 (engine 0) + stop 7.0 (engine 1)
      },
    ]);
    expect(snap.gpus).toEqual([]);
  });

  it("reads an older release (model_name only), a counter past 2^53 exactly, and a missing request counter as 0", () => {
    const body = 'vllm:prompt_tokens_total{model_name="m"} 1.2345678901234567e+16\nvllm:generation_tokens_total{model_name="m"} 9007199254740993\n';
    expect(map(body).models).toEqual([
      { modelName: "m", instance: "http://gpu-node-1:9400/metrics", promptTokensTotal: 12345678901234567n, generationTokensTotal: 9007199254740993n, requestsTotal: 0n },
    ]);
  });

  it("rejects +Inf on a token counter, naming the line", () => {
    const e = thrown(() => map('vllm:prompt_tokens_total{model_name="m"} 10\nvllm:generation_tokens_total{model_name="m"} +Inf\n'));
    expect(e.message).toMatch(/^line 2: vllm:generation_tokens_total\{model_name="m"\} is \+Inf/);
  });
});
