// Metrics pages CONSTRUCTED for the tests (not captures): the real samples in tests/fixtures/gpu
// carry none of the series the roll-up needs, so these follow what that README documents —
// dcgm-exporter's label order `gpu, UUID, pci_bus_id, device, modelName, Hostname` with the space
// after the first comma, values as "0" or "67.351000", and vLLM V1's `engine` label, `_total`
// counters with `_created` companions, colon names.

export interface GpuState {
  index: number;
  uuid: string;
  host: string;
  util: number | string;
  power: number | string;
  fb: number | string;
  energyMj?: number | string;
}

export function dcgmPage(gpus: readonly GpuState[]): string {
  const labels = (g: GpuState) =>
    `{gpu="${g.index}", UUID="${g.uuid}", pci_bus_id="00000000:${(0x18 + g.index).toString(16)}:00.0", device="nvidia${g.index}", modelName="NVIDIA H100 80GB HBM3", Hostname="${g.host}"}`;
  const family = (name: string, type: string, help: string, value: (g: GpuState) => number | string | undefined) => {
    const rows = gpus.filter((g) => value(g) !== undefined).map((g) => `${name}${labels(g)} ${value(g)}`);
    return rows.length ? [`# HELP ${name} ${help}`, `# TYPE ${name} ${type}`, ...rows] : [];
  };
  return [
    ...family("DCGM_FI_DEV_GPU_TEMP", "gauge", "GPU temperature (in C).", () => 41),
    ...family("DCGM_FI_DEV_POWER_USAGE", "gauge", "Power draw (in W).", (g) => g.power),
    ...family("DCGM_FI_DEV_TOTAL_ENERGY_CONSUMPTION", "counter", "Total energy consumption since boot (in mJ).", (g) => g.energyMj),
    ...family("DCGM_FI_DEV_GPU_UTIL", "gauge", "GPU utilization (in %).", (g) => g.util),
    ...family("DCGM_FI_DEV_FB_USED", "gauge", "Framebuffer memory used (in MiB).", (g) => g.fb),
    "",
  ].join("\n");
}

export interface ServedModelState {
  model: string;
  engine?: string;
  prompt: number | string;
  generation: number | string;
  /** request_success_total per finished_reason */
  finished: Record<string, number>;
}

export function vllmPage(models: readonly ServedModelState[]): string {
  const labels = (m: ServedModelState, extra = "") => `{${m.engine !== undefined ? `engine="${m.engine}",` : ""}${extra}model_name="${m.model}"}`;
  const lines: string[] = [
    "# HELP vllm:num_requests_running Number of requests in model execution batches.",
    "# TYPE vllm:num_requests_running gauge",
    ...models.map((m) => `vllm:num_requests_running${labels(m)} 2.0`),
    "# HELP vllm:prompt_tokens_total Number of prefill tokens processed.",
    "# TYPE vllm:prompt_tokens_total counter",
    ...models.map((m) => `vllm:prompt_tokens_total${labels(m)} ${m.prompt}`),
    "# HELP vllm:prompt_tokens_created Number of prefill tokens processed.",
    "# TYPE vllm:prompt_tokens_created gauge",
    ...models.map((m) => `vllm:prompt_tokens_created${labels(m)} 1.7599824e+09`),
    "# HELP vllm:generation_tokens_total Number of generation tokens processed.",
    "# TYPE vllm:generation_tokens_total counter",
    ...models.map((m) => `vllm:generation_tokens_total${labels(m)} ${m.generation}`),
    "# HELP vllm:request_success_total Count of successfully processed requests.",
    "# TYPE vllm:request_success_total counter",
    ...models.flatMap((m) => Object.entries(m.finished).map(([reason, n]) => `vllm:request_success_total${labels(m, `finished_reason="${reason}",`)} ${n.toFixed(1)}`)),
    "",
  ];
  return lines.join("\n");
}
