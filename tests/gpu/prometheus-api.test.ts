import { afterEach, describe, expect, it } from "vitest";
import { AppError } from "@/lib/errors";
import { METRICS_USED } from "@/lib/gpu/mapping";
import { rollupHour } from "@/lib/gpu/rollup";
import { queryPrometheusRange } from "@/lib/gpu/scrape";
import { LOCAL, startLocalServer, type Handler, type LocalServer } from "./local-http-server";

// queryPrometheusRange against a real local server that answers /api/v1/query_range in the shape
// the Prometheus HTTP API documents:
//   {"status":"success","data":{"resultType":"matrix","result":[{"metric":{…},"values":[[<unix s>,"<value>"],…]}]}}
//   {"status":"error","errorType":"bad_data","error":"…"} (HTTP 400), "timeout" (HTTP 503), …

const HOUR = new Date("2025-06-01T10:00:00Z");
const START = new Date(HOUR.getTime() - 600_000); // 09:50, the last point before the hour
const END = new Date(HOUR.getTime() + 3_000_000); // 10:50
const STEP = 600;
const times = [-600, 0, 600, 1200, 1800, 2400, 3000].map((s) => HOUR.getTime() / 1000 + s);

const gpuLabels = { gpu: "0", UUID: "GPU-aaaaaaaa", Hostname: "node-1", modelName: "NVIDIA A100-SXM4-80GB", instance: "node-1:9400", job: "dcgm" };
const series = (name: string, labels: Record<string, string>, values: readonly (number | string)[]) => ({
  metric: { __name__: name, ...labels },
  values: values.map((v, i) => [times[i]!, String(v)] as const),
});
const replica = (n: number) => ({ instance: `vllm-${n}:8000`, job: "vllm", model_name: "m" });

// Two replicas of model "m". Replica 2 restarts between 600 s and 1200 s.
const MATRICES: Record<string, unknown[]> = {
  DCGM_FI_DEV_GPU_UTIL: [series("DCGM_FI_DEV_GPU_UTIL", gpuLabels, [40, 40, 40, 40, 40, 40, 40])],
  DCGM_FI_DEV_POWER_USAGE: [series("DCGM_FI_DEV_POWER_USAGE", gpuLabels, [250, 250, 250, 250, 250, 250, 250])],
  DCGM_FI_DEV_FB_USED: [series("DCGM_FI_DEV_FB_USED", gpuLabels, [100, 200, 300, 400, 500, 600, 700])],
  DCGM_FI_DEV_TOTAL_ENERGY_CONSUMPTION: [], // not enabled on this exporter: an empty matrix
  "vllm:prompt_tokens_total": [
    series("vllm:prompt_tokens_total", replica(1), [0, 100, 200, 300, 400, 500, 600]),
    series("vllm:prompt_tokens_total", replica(2), [1000, 1100, 1200, 50, 150, 250, 350]),
  ],
  "vllm:generation_tokens_total": [
    series("vllm:generation_tokens_total", replica(1), [0, 200, 400, 600, 800, 1000, 1200]),
    series("vllm:generation_tokens_total", replica(2), [2000, 2200, 2400, 100, 300, 500, 700]),
  ],
  "vllm:request_success_total": [
    series("vllm:request_success_total", { ...replica(1), finished_reason: "stop" }, [0, 1, 2, 3, 4, 5, 6]),
    series("vllm:request_success_total", { ...replica(2), finished_reason: "stop" }, [10, 11, 12, 1, 2, 3, 4]),
  ],
};

const answerMatrices: Handler = (req, res) => {
  const url = new URL(req.url ?? "", "http://x");
  const result = MATRICES[url.searchParams.get("query") ?? ""];
  if (url.pathname !== "/prom/api/v1/query_range" || !result) {
    res.writeHead(404, { "content-type": "text/plain" }).end("404 page not found");
    return;
  }
  res.writeHead(200, { "content-type": "application/json" }).end(JSON.stringify({ status: "success", data: { resultType: "matrix", result } }));
};

let server: LocalServer | undefined;
afterEach(async () => {
  await server?.close();
  server = undefined;
});

async function query(handler: Handler) {
  server = await startLocalServer(handler);
  return queryPrometheusRange(`${server.url}/prom/`, { start: START, end: END, stepSeconds: STEP, timeoutMs: 2000, allowList: LOCAL });
}

async function queryError(handler: Handler): Promise<AppError> {
  try {
    await query(handler);
  } catch (e) {
    if (e instanceof AppError) return e;
    throw e;
  }
  throw new Error("expected an AppError");
}

const json = (status: number, body: unknown): Handler => (_req, res) => {
  res.writeHead(status, { "content-type": "application/json" }).end(JSON.stringify(body));
};

describe("queryPrometheusRange", () => {
  it("asks query_range once per metric with start, end (unix s) and step", async () => {
    await query(answerMatrices);
    const asked = server!.requests.map((r) => new URL(r.path, "http://x"));
    expect(asked.map((u) => u.searchParams.get("query")).sort()).toEqual([...METRICS_USED].sort());
    expect(asked[0]!.pathname).toBe("/prom/api/v1/query_range");
    expect(asked[0]!.searchParams.get("start")).toBe("1748771400"); // 2025-06-01T09:50:00Z
    expect(asked[0]!.searchParams.get("end")).toBe("1748775000"); // 2025-06-01T10:50:00Z
    expect(asked[0]!.searchParams.get("step")).toBe("600");
    expect(server!.requests[0]!.headers["user-agent"]).toBe("Breakeven/0.1 (+gpu-metrics)");
  });

  it("returns one snapshot per timestamp, mapped like a scrape (replicas kept apart by `instance`)", async () => {
    const snaps = await query(answerMatrices);
    expect(snaps.map((s) => s.scrapedAt.toISOString())).toEqual(times.map((t) => new Date(t * 1000).toISOString()));
    expect(snaps[3]!.gpus).toEqual([
      { uuid: "GPU-aaaaaaaa", index: 0, host: "node-1", modelName: "NVIDIA A100-SXM4-80GB", utilisationPct: 40, powerWatts: 250, fbUsedMiB: 400 },
    ]);
    expect(snaps[3]!.models).toEqual([
      { modelName: "m", instance: "vllm-1:8000", promptTokensTotal: 300n, generationTokensTotal: 600n, requestsTotal: 3n },
      { modelName: "m", instance: "vllm-2:8000", promptTokensTotal: 50n, generationTokensTotal: 100n, requestsTotal: 1n },
    ]);
  });

  it("rolls up like scraped data: one replica's restart does not look like the whole model's", async () => {
    const hour = rollupHour(await query(answerMatrices), { hourStart: HOUR, intervalSeconds: STEP });
    // GPU: 6 intervals of 600 s ending at 0…3000 → 3600 s = 1 GPU-h; 250 W × 3600 s = 900,000 J = 0.25 kWh
    expect(hour.gpus).toHaveLength(1);
    expect(hour.gpus[0]!.gpuHours.toString()).toBe("1");
    expect(hour.gpus[0]!.energyKwh.toString()).toBe("0.25");
    expect(hour.gpus[0]!.avgUtilisation).toBe(40);
    expect(hour.gpus[0]!.maxFbUsedMiB).toBe(700);
    // replica 1: prompt 600−0 = 600 (6 steps of +100), generation 1200, requests 6
    // replica 2: prompt +100 +100, reset 1200→50 counts 50, +100 +100 +100 = 550;
    //            generation +200 +200, reset → 100, +200 +200 +200 = 1100; requests +1 +1, reset → 1, +1 +1 +1 = 6
    // (summing the replicas first would have read 1400 → 350 as a reset of both, counting 350: 1350 prompt tokens)
    expect(hour.models).toEqual([{ modelName: "m", promptTokens: 1150n, generationTokens: 2300n, requests: 12n, counterResets: 1, sampleCount: 12 }]);
  });

  it('status "error" (HTTP 400, bad_data) → BAD_INPUT carrying Prometheus\'s own error text', async () => {
    const e = await queryError(json(400, { status: "error", errorType: "bad_data", error: 'invalid parameter "query": 1:9: parse error: unexpected character' }));
    expect(e.code).toBe("BAD_INPUT");
    expect(e.message).toContain('(bad_data): invalid parameter "query": 1:9: parse error: unexpected character');
    expect(e.details.errorType).toBe("bad_data");
  });

  it('status "error" (HTTP 503, timeout) → UPSTREAM_UNAVAILABLE', async () => {
    const e = await queryError(json(503, { status: "error", errorType: "timeout", error: "query timed out in expression evaluation" }));
    expect(e.code).toBe("UPSTREAM_UNAVAILABLE");
    expect(e.message).toContain("query timed out in expression evaluation");
  });

  it("a non-matrix answer, an HTML page, a 404 and a NaN sample are errors too", async () => {
    expect((await queryError(json(200, { status: "success", data: { resultType: "vector", result: [] } }))).message).toContain('resultType "vector"');
    await server!.close();
    server = undefined;
    expect((await queryError((_q, res) => void res.writeHead(200, { "content-type": "text/html" }).end("<html>Grafana</html>"))).message).toContain("HTML");
    await server!.close();
    server = undefined;
    expect((await queryError((_q, res) => void res.writeHead(404).end("404 page not found"))).details.status).toBe(404);
    await server!.close();
    server = undefined;
    const nan = await queryError(json(200, { status: "success", data: { resultType: "matrix", result: [series("DCGM_FI_DEV_POWER_USAGE", gpuLabels, ["NaN"])] } }));
    expect(nan.code).toBe("UPSTREAM_BAD_RESPONSE");
    expect(nan.message).toContain("DCGM_FI_DEV_POWER_USAGE at 2025-06-01T09:50:00.000Z: DCGM_FI_DEV_POWER_USAGE{gpu=\"0\",UUID=\"GPU-aaaaaaaa\",instance=\"node-1:9400\"} is NaN");
  });

  it("refuses an empty range before asking", async () => {
    await expect(queryPrometheusRange("http://127.0.0.1:1", { start: END, end: START, stepSeconds: 60, timeoutMs: 100 })).rejects.toMatchObject({ code: "BAD_INPUT" });
  });
});
