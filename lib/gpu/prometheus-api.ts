import { z } from "zod";
import { AppError } from "@/lib/errors";
import { mapSamplesToSnapshot, type ScrapeSnapshot } from "@/lib/gpu/mapping";
import type { MetricSample } from "@/lib/gpu/prometheus-text";

// The Prometheus server's HTTP API answer to /api/v1/query_range, as documented
// (prometheus.io/docs/prometheus/latest/querying/api/): an envelope with status "success" or
// "error"; for a range query data.resultType is "matrix" and each series carries
// values: [[<unix seconds>, "<value as string>"], …].

const sampleSchema = z.tuple([z.number(), z.string()]);
const seriesSchema = z.object({ metric: z.record(z.string(), z.string()), values: z.array(sampleSchema) });

const envelopeSchema = z.discriminatedUnion("status", [
  z.object({
    status: z.literal("success"),
    data: z.object({ resultType: z.string(), result: z.array(z.unknown()) }),
    warnings: z.array(z.string()).optional(),
  }),
  z.object({ status: z.literal("error"), errorType: z.string().optional(), error: z.string().optional() }),
]);

export type MatrixSeries = z.infer<typeof seriesSchema>;

/**
 * Read one query_range answer (already JSON-parsed). Returns the matrix series, or throws:
 * status "error" → an AppError carrying Prometheus's own `error` text; any other shape →
 * UPSTREAM_BAD_RESPONSE naming what did not match.
 */
export function readQueryRangeAnswer(body: unknown, context: { where: string; query: string }): MatrixSeries[] {
  const envelope = envelopeSchema.safeParse(body);
  if (!envelope.success) {
    throw new AppError("UPSTREAM_BAD_RESPONSE", `${context.where}: query_range for ${context.query} did not answer Prometheus's documented JSON envelope`, {
      url: context.where,
      query: context.query,
    });
  }
  const answer = envelope.data;
  if (answer.status === "error") {
    const errorType = answer.errorType ?? "unknown";
    // bad_data: our query or parameters were refused (a bug or a wrong base URL): do not retry.
    // timeout / unavailable / canceled: the server is busy: retry later.
    const code = errorType === "bad_data" ? "BAD_INPUT" : ["timeout", "unavailable", "canceled"].includes(errorType) ? "UPSTREAM_UNAVAILABLE" : "UPSTREAM_BAD_RESPONSE";
    throw new AppError(code, `${context.where}: Prometheus refused query_range for ${context.query} (${errorType}): ${answer.error ?? "no error text"}`, {
      url: context.where,
      query: context.query,
      errorType,
      prometheusError: answer.error,
    });
  }
  if (answer.data.resultType !== "matrix") {
    throw new AppError("UPSTREAM_BAD_RESPONSE", `${context.where}: query_range for ${context.query} answered resultType "${answer.data.resultType}", expected "matrix"`, {
      url: context.where,
      query: context.query,
    });
  }
  return answer.data.result.map((series, i) => {
    const parsed = seriesSchema.safeParse(series);
    if (!parsed.success) {
      throw new AppError("UPSTREAM_BAD_RESPONSE", `${context.where}: query_range for ${context.query}: result[${i}] is not {metric, values:[[seconds, "value"]]}`, {
        url: context.where,
        query: context.query,
      });
    }
    return parsed.data;
  });
}

/**
 * Regroup per-metric matrices into one snapshot per timestamp, so the roll-up treats a
 * Prometheus server and a direct scrape alike. Prometheus evaluates a range query at
 * start, start+step, … so every series shares the same timestamps.
 */
export function matricesToSnapshots(matrices: ReadonlyArray<{ query: string; series: MatrixSeries[] }>, target: string): ScrapeSnapshot[] {
  const byTime = new Map<number, MetricSample[]>();
  for (const { query, series } of matrices) {
    for (const s of series) {
      const name = s.metric.__name__ ?? query;
      const { __name__: _ignored, ...labels } = s.metric;
      for (const [seconds, value] of s.values) {
        const ms = Math.round(seconds * 1000);
        const list = byTime.get(ms) ?? [];
        list.push({ name, labels, value, where: `${name} at ${new Date(ms).toISOString()}` });
        byTime.set(ms, list);
      }
    }
  }
  return [...byTime.entries()].sort(([a], [b]) => a - b).map(([ms, samples]) => mapSamplesToSnapshot(samples, { scrapedAt: new Date(ms), target }));
}
