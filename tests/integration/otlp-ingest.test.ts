import { gzipSync } from "node:zlib";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { ExportResultCode, type ExportResult } from "@opentelemetry/core";
import { OTLPTraceExporter as ProtoExporter } from "@opentelemetry/exporter-trace-otlp-proto";
import { OTLPTraceExporter as JsonExporter } from "@opentelemetry/exporter-trace-otlp-http";
import { resourceFromAttributes } from "@opentelemetry/resources";
import { InMemorySpanExporter, SimpleSpanProcessor, TracerProvider, type ReadableSpan, type SpanExporter } from "@opentelemetry/sdk-trace";
import { context, trace, type Attributes } from "@opentelemetry/api";
import { POST } from "@/app/api/v1/otlp/v1/traces/route";
import { createApiToken } from "@/lib/api-tokens/tokens";
import { db } from "@/lib/db";
import { Decimal } from "@/lib/money";
import { decodeExportResponse, decodeStatus } from "@/lib/otlp/proto";
import { settleDay } from "@/lib/otlp/settle";
import { clearSpanPriceCache } from "@/lib/otlp/price";
import { createOrgWithMembers } from "../support/factories";
import { orgContext } from "../support/org-context";
import { serveRoute, type RouteServer } from "../support/route-server";

// Spans made by the real OpenTelemetry JS SDK, exported by its real OTLP/HTTP exporters (protobuf
// with gzip, and JSON) to the real route handler on 127.0.0.1, stored in the real Postgres.

const MODEL = "otel-test-model"; // its own catalog entry, so other tests' prices cannot interfere
const dayOf = (offset: number) => new Date(Date.UTC(new Date().getUTCFullYear(), new Date().getUTCMonth(), new Date().getUTCDate()) + offset * 86_400_000).toISOString().slice(0, 10);
const D1 = dayOf(-3);
const D2 = dayOf(-2);
const at = (day: string, hh: string) => new Date(`${day}T${hh}:00:00Z`);

let org: Awaited<ReturnType<typeof createOrgWithMembers>>;
let token: string;
let server: RouteServer;

beforeAll(async () => {
  org = await createOrgWithMembers("OTLP A");
  token = (await createApiToken(orgContext(org), "otel")).token;
  // $2 input / $8 output / $0.50 cached input per 1M tokens, then from D2 $4 / $16 / $1.
  await db().modelPriceVersion.createMany({
    data: [
      { provider: "openai", model: MODEL, effectiveFrom: new Date("2026-01-01T00:00:00Z"), inputPerMTok: new Decimal(2), outputPerMTok: new Decimal(8), cachedInputPerMTok: new Decimal("0.5"), source: "test" },
      { provider: "openai", model: MODEL, effectiveFrom: new Date(`${D2}T00:00:00Z`), inputPerMTok: new Decimal(4), outputPerMTok: new Decimal(16), cachedInputPerMTok: new Decimal(1), source: "test" },
    ],
  });
  clearSpanPriceCache();
  server = await serveRoute(POST);
});
afterAll(async () => server?.close());

/** Spans made with the SDK's tracer; returned as the SDK hands them to exporters. */
function makeSpans(build: (t: ReturnType<TracerProvider["getTracer"]>) => void): ReadableSpan[] {
  const memory = new InMemorySpanExporter();
  const provider = new TracerProvider({
    resource: resourceFromAttributes({ "service.name": "support-bot" }),
    spanProcessors: [new SimpleSpanProcessor({ exporter: memory })],
  });
  build(provider.getTracer("otlp-test"));
  return memory.getFinishedSpans();
}

function llmSpan(t: ReturnType<TracerProvider["getTracer"]>, start: Date, attributes: Attributes, parent?: ReturnType<typeof t.startSpan>) {
  const ctx = parent ? trace.setSpan(context.active(), parent) : context.active();
  const s = t.startSpan(`chat ${MODEL}`, { attributes, startTime: start }, ctx);
  s.end(new Date(start.getTime() + 1500));
  return s;
}

function exportWith(exporter: SpanExporter, spans: ReadableSpan[]): Promise<ExportResult> {
  return new Promise((resolve) => exporter.export(spans, resolve));
}

const protoExporter = () => new ProtoExporter({ url: `${server.url}/api/v1/otlp/v1/traces`, headers: { authorization: `Bearer ${token}` }, compression: "gzip" as never });
const jsonExporter = () => new JsonExporter({ url: `${server.url}/api/v1/otlp/v1/traces`, headers: { authorization: `Bearer ${token}` } });

const base = { "gen_ai.provider.name": "openai", "gen_ai.request.model": MODEL };

describe("OTLP traces endpoint with the OpenTelemetry SDK", () => {
  let conversation: ReadableSpan[];

  it("protobuf (gzip): GenAI spans are stored and priced from the catalog of their day; a span's own cost wins; a plain span is ignored and counted", async () => {
    conversation = makeSpans((t) => {
      const root = t.startSpan("POST /chat", { attributes: { "http.request.method": "POST" }, startTime: at(D1, "10") }); // no GenAI attributes
      // A: 1000 input of which 400 cached, 200 output on D1: 600 × $2 + 400 × $0.50 + 200 × $8 per 1M = 0.0012 + 0.0002 + 0.0016 = 0.0030
      llmSpan(t, at(D1, "10"), { ...base, "gen_ai.response.model": MODEL, "gen_ai.usage.input_tokens": 1000, "gen_ai.usage.cache_read.input_tokens": 400, "gen_ai.usage.output_tokens": 200, "customer.id": "acme", "enduser.id": "u1", "app.feature": "support" }, root);
      // B: 500 input, 100 output, 40 of them reasoning, on D1: 500 × $2 + 100 × $8 per 1M = 0.0010 + 0.0008 = 0.0018
      llmSpan(t, at(D1, "11"), { ...base, "gen_ai.usage.input_tokens": 500, "gen_ai.usage.output_tokens": 100, "gen_ai.usage.reasoning.output_tokens": 40, "customer.id": "acme", "enduser.id": "u1", "app.feature": "support" }, root);
      root.end(at(D1, "12"));
      // C: the next day, new prices: 1000 × $4 + 100 × $16 per 1M = 0.0040 + 0.0016 = 0.0056
      llmSpan(t, at(D2, "09"), { ...base, "gen_ai.usage.input_tokens": 1000, "gen_ai.usage.output_tokens": 100, "customer.id": "globex", "user.id": "u2", "app.feature": "search" });
      // D: carries its own cost: 0.25, whatever the catalog says
      llmSpan(t, at(D2, "10"), { ...base, "gen_ai.usage.input_tokens": 10, "gen_ai.usage.output_tokens": 10, "gen_ai.usage.cost": 0.25, "customer.id": "globex", "app.feature": "search" });
    });
    expect(conversation).toHaveLength(5);
    const result = await exportWith(protoExporter(), conversation);
    expect(result.code).toBe(ExportResultCode.SUCCESS);
    const res = server.responses.at(-1)!;
    expect([res.status, res.contentType]).toEqual([200, "application/x-protobuf"]);
    const body = decodeExportResponse(res.body);
    expect(body.partialSuccess?.rejectedSpans ?? 0).toBe(0);
    expect(body.partialSuccess?.errorMessage).toMatch(/^1 span\(s\) without GenAI usage attributes .* ignored$/);

    const rows = await db().$queryRaw<{ spanId: string; day: Date; inputTokens: bigint; cachedInputTokens: bigint; outputTokens: bigint; reasoningTokens: bigint; cost: Decimal; costEstimated: boolean; customer: string; user: string; feature: string; project: string }[]>`
      SELECT "spanId", "day", "inputTokens", "cachedInputTokens", "outputTokens", "reasoningTokens", "cost", "costEstimated", "customer", "user", "feature", "project" FROM "OtelSpanEvent" WHERE "orgId" = ${org.org.id} ORDER BY "occurredAt"`;
    expect(rows.map((r) => [r.inputTokens, r.cachedInputTokens, r.outputTokens, r.reasoningTokens, r.cost.toString(), r.costEstimated, r.customer, r.user, r.feature, r.project])).toEqual([
      [600n, 400n, 200n, 0n, "0.003", true, "acme", "u1", "support", "support-bot"],
      [500n, 0n, 100n, 40n, "0.0018", true, "acme", "u1", "support", "support-bot"],
      [1000n, 0n, 100n, 0n, "0.0056", true, "globex", "u2", "search", "support-bot"],
      [10n, 0n, 10n, 0n, "0.25", false, "globex", "", "search", "support-bot"],
    ]);
    const all = await db().otelDailyRollup.findMany({ where: { orgId: org.org.id, dimension: "all" }, orderBy: { day: "asc" } });
    expect(all.map((r) => [r.day.toISOString().slice(0, 10), r.provider, r.model, r.requests, r.inputTokens, r.outputTokens, r.cachedInputTokens, r.reasoningTokens, r.cost.toString(), r.estimatedCost.toString(), r.unpricedRequests])).toEqual([
      [D1, "openai", MODEL, 2n, 1100n, 300n, 400n, 40n, "0.0048", "0.0048", 0n],
      [D2, "openai", MODEL, 2n, 1010n, 110n, 0n, 0n, "0.2556", "0.0056", 0n],
    ]);
  });

  it("the same spans sent again (by the same exporter) are not counted twice", async () => {
    const result = await exportWith(protoExporter(), conversation);
    expect(result.code).toBe(ExportResultCode.SUCCESS);
    expect(await db().$queryRaw<{ n: bigint }[]>`SELECT COUNT(*)::bigint AS n FROM "OtelSpanEvent" WHERE "orgId" = ${org.org.id}`).toEqual([{ n: 4n }]);
    const all = await db().otelDailyRollup.findMany({ where: { orgId: org.org.id, dimension: "all" }, orderBy: { day: "asc" } });
    expect(all.map((r) => [r.requests, r.cost.toString()])).toEqual([[2n, "0.0048"], [2n, "0.2556"]]);
    const ingest = await db().otelIngestDay.findMany({ where: { orgId: org.org.id } });
    expect(ingest.map((d) => [d.received, d.accepted, d.duplicates, d.ignored, d.rejected])).toEqual([[10n, 4n, 4n, 2n, 0n]]);
  });

  it("JSON: older gen_ai.system and prompt/completion token names are read; a malformed GenAI span is rejected with its reason (partial success)", async () => {
    const spans = makeSpans((t) => {
      // E: 2000 prompt, 300 completion on D1: 2000 × $2 + 300 × $8 per 1M = 0.004 + 0.0024 = 0.0064
      llmSpan(t, at(D1, "15"), { "gen_ai.system": "openai", "gen_ai.request.model": MODEL, "gen_ai.usage.prompt_tokens": 2000, "gen_ai.usage.completion_tokens": 300, "customer.id": "initech", "app.feature": "support" });
      llmSpan(t, at(D1, "16"), { ...base, "gen_ai.usage.input_tokens": -5, "gen_ai.usage.output_tokens": 1 });
    });
    const result = await exportWith(jsonExporter(), spans);
    expect(result.code).toBe(ExportResultCode.SUCCESS);
    const res = server.responses.at(-1)!;
    expect([res.status, res.contentType]).toEqual([200, "application/json"]);
    const body = JSON.parse(res.body.toString()) as { partialSuccess: { rejectedSpans: number; errorMessage: string } };
    expect(body.partialSuccess.rejectedSpans).toBe(1);
    expect(body.partialSuccess.errorMessage).toMatch(/^1 span\(s\) rejected: span 1 \(traceId [0-9a-f]{32}, spanId [0-9a-f]{16}\): gen_ai\.usage\.input_tokens must be a whole number from 0 to 1,000,000,000,000$/);
    const d1 = await db().otelDailyRollup.findFirstOrThrow({ where: { orgId: org.org.id, dimension: "all", day: new Date(`${D1}T00:00:00Z`) } });
    expect([d1.requests, d1.inputTokens, d1.outputTokens, d1.cost.toString()]).toEqual([3n, 3100n, 600n, "0.0112"]);
  });

  it("malformed requests get 400 with the reason, in the request's encoding; nothing is stored", async () => {
    const url = `${server.url}/api/v1/otlp/v1/traces`;
    const auth = { authorization: `Bearer ${token}` };
    const garbage = await fetch(url, { method: "POST", headers: { ...auth, "content-type": "application/x-protobuf" }, body: Buffer.from([0x0a, 0xff, 0xff, 0xff, 0x0f, 0x01]) });
    expect(garbage.status).toBe(400);
    const status = decodeStatus(Buffer.from(await garbage.arrayBuffer()));
    expect(status.code).toBe(3);
    expect(status.message).toMatch(/^The body is not a protobuf ExportTraceServiceRequest: /);

    const notJson = await fetch(url, { method: "POST", headers: { ...auth, "content-type": "application/json" }, body: "{resourceSpans:" });
    expect([notJson.status, await notJson.json()]).toEqual([400, { code: 3, message: "The body is not valid JSON" }]);
    const wrongShape = await fetch(url, { method: "POST", headers: { ...auth, "content-type": "application/json" }, body: JSON.stringify({ resourceSpans: [{ scopeSpans: "x" }] }) });
    expect([wrongShape.status, await wrongShape.json()]).toEqual([400, { code: 3, message: "resourceSpans[0].scopeSpans: must be an array" }]);
    const badGzip = await fetch(url, { method: "POST", headers: { ...auth, "content-type": "application/x-protobuf", "content-encoding": "gzip" }, body: Buffer.from("not gzip") });
    expect(badGzip.status).toBe(400);
    expect(decodeStatus(Buffer.from(await badGzip.arrayBuffer())).message).toBe("Content-Encoding is gzip but the body is not valid gzip");
    const xml = await fetch(url, { method: "POST", headers: { ...auth, "content-type": "text/xml" }, body: "<x/>" });
    expect(xml.status).toBe(415);
    const bomb = await fetch(url, { method: "POST", headers: { ...auth, "content-type": "application/x-protobuf", "content-encoding": "gzip" }, body: gzipSync(Buffer.alloc(6 * 1024 * 1024)) });
    expect(bomb.status).toBe(413);
    const noToken = await fetch(url, { method: "POST", headers: { "content-type": "application/json" }, body: "{}" });
    expect(noToken.status).toBe(401);
    expect(await db().$queryRaw<{ n: bigint }[]>`SELECT COUNT(*)::bigint AS n FROM "OtelSpanEvent" WHERE "orgId" = ${org.org.id}`).toEqual([{ n: 5n }]);
  });

  it("another org's token stores into that org only", async () => {
    const other = await createOrgWithMembers("OTLP B");
    const otherToken = (await createApiToken(orgContext(other), "otel")).token;
    const exporter = new ProtoExporter({ url: `${server.url}/api/v1/otlp/v1/traces`, headers: { authorization: `Bearer ${otherToken}` } });
    expect((await exportWith(exporter, conversation)).code).toBe(ExportResultCode.SUCCESS);
    const counts = await db().$queryRaw<{ orgId: string; n: bigint }[]>`SELECT "orgId", COUNT(*)::bigint AS n FROM "OtelSpanEvent" WHERE "orgId" IN (${org.org.id}, ${other.org.id}) GROUP BY 1 ORDER BY 2`;
    expect(counts.map((c) => [c.orgId, c.n])).toEqual([[other.org.id, 4n], [org.org.id, 5n]]);
  });

  it("a model the catalog does not know is stored unpriced and counted so in the roll-up; a cost the span carries still counts", async () => {
    const other = await createOrgWithMembers("OTLP C");
    const otherToken = (await createApiToken(orgContext(other), "otel")).token;
    const spans = makeSpans((t) => {
      llmSpan(t, at(D1, "10"), { ...base, "gen_ai.usage.input_tokens": 1000, "gen_ai.usage.output_tokens": 200 }); // 1000 × $2 + 200 × $8 per 1M = 0.0036
      llmSpan(t, at(D1, "11"), { ...base, "gen_ai.request.model": "otel-unknown-model", "gen_ai.usage.input_tokens": 70, "gen_ai.usage.output_tokens": 7 });
      llmSpan(t, at(D1, "12"), { ...base, "gen_ai.request.model": "otel-unknown-model", "gen_ai.usage.input_tokens": 30, "gen_ai.usage.output_tokens": 3, "gen_ai.usage.cost": 0.5 });
    });
    const exporter = new ProtoExporter({ url: `${server.url}/api/v1/otlp/v1/traces`, headers: { authorization: `Bearer ${otherToken}` } });
    expect((await exportWith(exporter, spans)).code).toBe(ExportResultCode.SUCCESS);
    const all = await db().otelDailyRollup.findMany({ where: { orgId: other.org.id, dimension: "all" }, orderBy: { model: "asc" } });
    expect(all.map((r) => [r.model, r.requests, r.inputTokens, r.outputTokens, r.cost.toString(), r.estimatedCost.toString(), r.unpricedRequests])).toEqual([
      [MODEL, 1n, 1000n, 200n, "0.0036", "0.0036", 0n],
      ["otel-unknown-model", 2n, 100n, 10n, "0.5", "0", 1n],
    ]);
    const ingest = await db().otelIngestDay.findMany({ where: { orgId: other.org.id } });
    expect(ingest.map((d) => [d.received, d.accepted, d.duplicates, d.ignored, d.rejected])).toEqual([[3n, 3n, 0n, 0n, 0n]]);
  });

  it("settling a day rolls dimensions up and computes per-unit p50/p95 from the spans", async () => {
    await settleDay(org.org.id, D1);
    const dims = await db().otelDailyRollup.findMany({ where: { orgId: org.org.id, day: new Date(`${D1}T00:00:00Z`), dimension: { not: "all" } }, orderBy: [{ dimension: "asc" }, { value: "asc" }] });
    expect(dims.map((r) => [r.dimension, r.value, r.requests, r.cost.toString()])).toEqual([
      ["customer", "acme", 2n, "0.0048"],
      ["customer", "initech", 1n, "0.0064"],
      ["feature", "support", 3n, "0.0112"],
      ["project", "support-bot", 3n, "0.0112"],
      ["user", "", 1n, "0.0064"],
      ["user", "u1", 2n, "0.0048"],
    ]);
    const stats = await db().otelDailyStats.findMany({ where: { orgId: org.org.id, day: new Date(`${D1}T00:00:00Z`) }, orderBy: { unit: "asc" } });
    // Requests 0.0018, 0.003, 0.0064: p50 = 0.003 (2nd of 3), p95 = 0.0064. Conversations: A+B = 0.0048 and E = 0.0064.
    expect(stats.map((s) => [s.unit, s.count, s.total.toString(), s.p50.toString(), s.p95.toString()])).toEqual([
      ["conversation", 2n, "0.0112", "0.0048", "0.0064"],
      ["customer", 2n, "0.0112", "0.0048", "0.0064"],
      ["request", 3n, "0.0112", "0.003", "0.0064"],
      ["user", 1n, "0.0048", "0.0048", "0.0048"],
    ]);
  });
});
