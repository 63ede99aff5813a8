import { describe, expect, it } from "vitest";
import { DEFAULT_ATTRIBUTION } from "@/lib/otlp/attribution";
import type { OtlpSpan } from "@/lib/otlp/decode";
import { catalogProviderOf, classifySpan } from "@/lib/otlp/genai";
import { classifyBatch } from "@/lib/otlp/ingest";
import { priceSpans } from "@/lib/otlp/price";
import { dec } from "@/lib/money";

const NOW = new Date("2026-12-02T12:00:00Z");
const span = (attrs: Record<string, string | number | boolean>, resource: Record<string, string> = {}, over: Partial<OtlpSpan> = {}): OtlpSpan => ({
  traceId: "0af7651916cd43dd8448eb211c80319c", spanId: "b7ad6b7169203331", name: "chat", startMs: Date.parse("2026-12-01T10:00:00Z"),
  attributes: new Map(Object.entries(attrs)), resource: new Map(Object.entries(resource)), ...over,
});
const genai = { "gen_ai.provider.name": "openai", "gen_ai.request.model": "gpt-4o", "gen_ai.usage.input_tokens": 1000, "gen_ai.usage.output_tokens": 50 };

describe("classifySpan", () => {
  it("keeps a GenAI usage span, taking cache reads and writes out of input_tokens and attribution from span, then resource", () => {
    const v = classifySpan(span({ ...genai, "gen_ai.response.model": "gpt-4o-2024-08-06", "gen_ai.usage.cache_read.input_tokens": 300, "gen_ai.usage.cache_creation.input_tokens": 100, "user.id": "u9", "customer.id": "acme" }, { "service.name": "web", "app.feature": "search" }), DEFAULT_ATTRIBUTION, NOW);
    expect(v.kind).toBe("genai");
    if (v.kind !== "genai") return;
    expect(v.event).toMatchObject({ provider: "openai", model: "gpt-4o-2024-08-06", day: "2026-12-01", inputTokens: 600n, cachedInputTokens: 300n, cacheWriteTokens: 100n, outputTokens: 50n, project: "web", user: "u9", feature: "search", customer: "acme", conversationId: "0af7651916cd43dd8448eb211c80319c" });
  });

  it("ignores spans without a provider or without token usage", () => {
    expect(classifySpan(span({ "http.request.method": "GET" }), DEFAULT_ATTRIBUTION, NOW).kind).toBe("ignored");
    expect(classifySpan(span({ "gen_ai.provider.name": "openai", "gen_ai.request.model": "gpt-4o" }), DEFAULT_ATTRIBUTION, NOW).kind).toBe("ignored");
  });

  it("rejects a GenAI span with a reason naming the attribute", () => {
    expect(classifySpan(span({ ...genai, "gen_ai.usage.output_tokens": 1.5 }), DEFAULT_ATTRIBUTION, NOW)).toEqual({ kind: "rejected", reason: "gen_ai.usage.output_tokens must be a whole number from 0 to 1,000,000,000,000" });
    expect(classifySpan(span({ ...genai, "gen_ai.request.model": "" }), DEFAULT_ATTRIBUTION, NOW)).toEqual({ kind: "rejected", reason: "gen_ai.response.model or gen_ai.request.model is required on a span with GenAI usage" });
    expect(classifySpan(span(genai, {}, { traceId: "00000000000000000000000000000000" }), DEFAULT_ATTRIBUTION, NOW)).toEqual({ kind: "rejected", reason: "traceId must be 16 bytes, not all zero" });
    expect(classifySpan(span({ ...genai, "gen_ai.usage.cost": -1 }), DEFAULT_ATTRIBUTION, NOW)).toEqual({ kind: "rejected", reason: "gen_ai.usage.cost must be a decimal number of USD ≥ 0" });
    expect(classifySpan(span(genai, {}, { startMs: Date.parse("2026-12-05T00:00:00Z") }), DEFAULT_ATTRIBUTION, NOW)).toEqual({ kind: "rejected", reason: "startTimeUnixNano more than a day in the future; check the year and the time zone" });
  });

  it("maps the conventions' provider names to the catalog's", () => {
    expect(["aws.bedrock", "azure.ai.openai", "gcp.vertex_ai", "gcp.gemini", "Anthropic", "x_ai"].map(catalogProviderOf)).toEqual(["bedrock", "azure", "vertex", "google", "anthropic", "xai"]);
  });
});

describe("pricing and roll-up", () => {
  it("prices from the version of the span's day, keeps a carried cost, leaves unknown models unpriced (the roll-up sums are the store's: tests/integration/otlp-ingest.test.ts)", () => {
    const batch = classifyBatch([
      span(genai),
      span({ ...genai, "gen_ai.usage.cost": "0.5" }, {}, { spanId: "b7ad6b7169203332" }),
      span({ ...genai, "gen_ai.request.model": "no-such-model" }, {}, { spanId: "b7ad6b7169203333" }),
      span(genai), // the same span twice in one request
    ], DEFAULT_ATTRIBUTION, NOW, 30);
    expect([batch.events.length, batch.duplicates]).toEqual([3, 1]);
    const v = { id: "v1", provider: "openai", model: "gpt-4o", source: "litellm", effectiveFrom: new Date("2026-01-01T00:00:00Z"), input: dec("2.5"), output: dec(10), cachedInput: null, cacheWrite: null, perRequest: null, perImage: null };
    const priced = priceSpans(batch.events, [v]);
    // 1000 × $2.50 + 50 × $10 per 1M = 0.0025 + 0.0005 = 0.003
    expect(priced.map((p) => [p.model, p.cost?.toString() ?? null, p.costEstimated, p.priceVersionId])).toEqual([["gpt-4o", "0.003", true, "v1"], ["gpt-4o", "0.5", false, null], ["no-such-model", null, true, null]]);
  });
});
