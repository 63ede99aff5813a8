import type { ScrapeSnapshot } from "@/lib/gpu/mapping";

// Synthetic scrapes of the demo pool, hour by hour, as dcgm-exporter and vLLM would have answered
// them: four GPUs busy in office hours (UTC), power following utilisation, and vLLM's cumulative
// token counters, restarted every Sunday at 03:00 (a counter reset the roll-up must handle).
// Deterministic for a given random source. Pure.

export const DEMO_SCRAPE_SECONDS = 300;
export const DEMO_MODEL = "meta-llama/Llama-3.1-8B-Instruct";
const GPUS = 4;
const TOKENS_PER_SECOND_AT_FULL_LOAD = 2400; // per GPU
const PROMPT_SHARE = 0.7;
const TOKENS_PER_REQUEST = 1500;

export interface DemoPoolState {
  counters: { prompt: bigint; generation: bigint; requests: bigint };
  last: ScrapeSnapshot | null;
}

export function initialDemoState(): DemoPoolState {
  return { counters: { prompt: 0n, generation: 0n, requests: 0n }, last: null };
}

function snapshotAt(t: number, state: DemoPoolState, rand: () => number): ScrapeSnapshot {
  const at = new Date(t);
  const dow = at.getUTCDay(), h = at.getUTCHours();
  const busy = dow !== 0 && dow !== 6 && h >= 8 && h < 19;
  if (dow === 0 && h === 3 && at.getUTCMinutes() === 0) state.counters = { prompt: 0n, generation: 0n, requests: 0n }; // vLLM restarted
  let served = 0;
  const gpus = Array.from({ length: GPUS }, (_, g) => {
    const util = Math.round(Math.min(100, Math.max(0, (busy ? 68 : 9) + (rand() - 0.5) * 20)) * 10) / 10;
    served += Math.round((util / 100) * TOKENS_PER_SECOND_AT_FULL_LOAD * DEMO_SCRAPE_SECONDS);
    return { uuid: `GPU-demo-000${g}`, index: g, host: "gpu-node-1", modelName: "NVIDIA L40S", utilisationPct: util, powerWatts: Math.round((70 + util * 2.8) * 10) / 10, fbUsedMiB: 18_000 + Math.round(util * 100) };
  });
  const prompt = Math.round(served * PROMPT_SHARE);
  state.counters = {
    prompt: state.counters.prompt + BigInt(prompt),
    generation: state.counters.generation + BigInt(served - prompt),
    requests: state.counters.requests + BigInt(Math.round(served / TOKENS_PER_REQUEST)),
  };
  return {
    scrapedAt: at,
    target: "demo",
    gpus,
    models: [{ modelName: DEMO_MODEL, instance: "gpu-node-1:8000", promptTokensTotal: state.counters.prompt, generationTokensTotal: state.counters.generation, requestsTotal: state.counters.requests }],
    warnings: [],
  };
}

/**
 * The snapshots rollupHour needs for the hour starting at `hourStartMs`: the last one before it
 * and the hour's own (every DEMO_SCRAPE_SECONDS). Call for consecutive hours with the same state.
 */
export function demoHourSnapshots(hourStartMs: number, state: DemoPoolState, rand: () => number): ScrapeSnapshot[] {
  const before = state.last ?? snapshotAt(hourStartMs - DEMO_SCRAPE_SECONDS * 1000, state, rand);
  const hour: ScrapeSnapshot[] = [];
  for (let t = hourStartMs; t < hourStartMs + 3_600_000; t += DEMO_SCRAPE_SECONDS * 1000) hour.push(snapshotAt(t, state, rand));
  state.last = hour.at(-1)!;
  return [before, ...hour];
}
