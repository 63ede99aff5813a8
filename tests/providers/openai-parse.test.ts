import { describe, expect, it } from "vitest";
import { AppError } from "@/lib/errors";
import { parseOpenAiCostsPage, parseOpenAiUsagePage } from "@/lib/providers/openai";
import { fixtureJson } from "@/tests/support/fixture-server";
import { thrown } from "../support/app-error";

// Expected values are copied from the fixture text (tests/fixtures/providers/openai-*.json).

describe("parseOpenAiCostsPage", () => {
  it("reads the verbatim spec example: 0.06 usd on 2024-11-01 (1730419200), no grouping", () => {
    const page = parseOpenAiCostsPage(fixtureJson("openai-costs.json"));
    expect(page.has_more).toBe(false);
    expect(page.next_page).toBeNull();
    expect(page.rows).toHaveLength(1);
    const row = page.rows[0]!;
    expect({ ...row, amount: row.amount.toString() }).toEqual({
      provider: "openai",
      day: "2024-11-01",
      projectId: "",
      model: "",
      lineItem: "",
      currency: "usd",
      amount: "0.06",
      quantity: null,
      quantityUnit: null,
    });
  });

  it("tolerates the 2026-07 field set (no quantity_unit)", () => {
    const page = parseOpenAiCostsPage(fixtureJson("openai-costs.legacy-2026-07.json"));
    expect(page.rows[0]!.amount.toString()).toBe("0.06");
    expect(page.rows[0]!.quantityUnit).toBeNull();
  });

  it("reads the verbatim CostsResult example inside a page: proj_abc, input_tokens, 10000 tokens", () => {
    const result = fixtureJson("openai-costs-result-object.json");
    const page = parseOpenAiCostsPage({ object: "page", data: [{ object: "bucket", start_time: 1730419200, end_time: 1730505600, results: [result] }], has_more: false, next_page: null });
    const row = page.rows[0]!;
    expect([row.projectId, row.lineItem, row.amount.toString(), row.quantity?.toString(), row.quantityUnit]).toEqual(["proj_abc", "input_tokens", "0.06", "10000", "tokens"]);
  });

  it("accepts a result carrying only `object` and records nothing for it (no invented zero)", () => {
    const page = parseOpenAiCostsPage({ object: "page", data: [{ start_time: 1730419200, results: [{ object: "organization.costs.result" }] }], has_more: false });
    expect(page.rows).toEqual([]);
  });

  it("page 1 composed fixture: three results, an empty 2026-01-02 bucket, a cursor", () => {
    const page = parseOpenAiCostsPage(fixtureJson("openai-costs.page1.json"));
    expect(page.has_more).toBe(true);
    expect(page.next_page).toBe("page_AAAAAGlXLYAAAAAAaVjcAAAAAABpWNwA");
    expect(page.rows.map((r) => [r.day, r.projectId, r.lineItem, r.amount.toString(), r.quantity?.toString(), r.quantityUnit])).toEqual([
      ["2026-01-01", "proj_Xk2mQ9aB7cD4eF1g", "input_tokens", "1.875", "750000", "tokens"],
      ["2026-01-01", "proj_Xk2mQ9aB7cD4eF1g", "output_tokens", "3.2", "320000", "tokens"],
      ["2026-01-01", "proj_Lm8nP3qR5sT0uV6w", "Image models", "0.04", "1", "images"],
    ]);
  });

  it("keeps float-looking dollars exact: 0.0031 stays 0.0031, not 0.00309999…", () => {
    const page = parseOpenAiCostsPage(fixtureJson("openai-costs.page2.json"));
    expect(page.rows[2]!.amount.toString()).toBe("0.0031");
    expect(page.rows[2]!.quantity).toBeNull();
  });

  it("names the field of a wrongly typed amount", () => {
    const body = fixtureJson("openai-costs.page1.json") as { data: Array<{ results: Array<{ amount: { value: unknown } }> }> };
    body.data[0]!.results[1]!.amount.value = "3.2";
    const e = thrown(() => parseOpenAiCostsPage(body));
    expect(e.code).toBe("UPSTREAM_BAD_RESPONSE");
    expect(e.message).toContain("data[0].results[1].amount.value: expected number");
  });

  it("rejects a page without has_more", () => {
    const e = thrown(() => parseOpenAiCostsPage({ object: "page", data: [] }));
    expect(e.message).toContain("has_more: expected boolean");
  });
});

describe("parseOpenAiUsagePage", () => {
  it("completions, 2026 field set: inputTokens is the uncached part (1000 = 400 cached + 100 written + 500 uncached)", () => {
    const page = parseOpenAiUsagePage("completions", fixtureJson("openai-usage-completions.json"));
    expect(page.rows).toEqual([
      {
        provider: "openai",
        day: "2024-11-01",
        projectId: "",
        model: "",
        usageKind: "completions",
        inputTokens: 500n,
        cachedInputTokens: 400n,
        cacheWriteTokens: 100n,
        outputTokens: 500n,
        // Every class the fixture reports is kept: audio input 50 uncached + 50 cached, output 50; images the same.
        audioInputTokens: 100n,
        cachedAudioInputTokens: 50n, // input_cached_audio_tokens: of the audio input, read from the cache
        audioOutputTokens: 50n,
        imageInputTokens: 100n,
        cachedImageInputTokens: 50n, // input_cached_image_tokens: of the image input, read from the cache
        imageOutputTokens: 50n,
        requests: 5n,
        units: null,
        unit: null,
      },
    ]);
    expect(page.next_page).toBe("page_AAAAAGdGxdEiJdKOAAAAAGcqsYA=");
  });

  it("completions, 2026-07 field set: uncached derived as 1000 − 800 cached − 0 written = 200", () => {
    const row = parseOpenAiUsagePage("completions", fixtureJson("openai-usage-completions.legacy-2026-07.json")).rows[0]!;
    expect([row.inputTokens, row.cachedInputTokens, row.cacheWriteTokens, row.outputTokens, row.requests]).toEqual([200n, 800n, 0n, 500n, 5n]);
  });

  it("completions: input_uncached_tokens, when sent, is taken as given rather than re-derived", () => {
    const body = { object: "page", data: [{ start_time: 0, results: [{ object: "organization.usage.completions.result", input_tokens: 1000, input_cached_tokens: 400, input_cache_write_tokens: 100, input_uncached_tokens: 450, output_tokens: 0, num_model_requests: 1 }] }], has_more: false };
    expect(parseOpenAiUsagePage("completions", body).rows[0]!.inputTokens).toBe(450n);
  });

  it("completions page 1: model and project from the grouping", () => {
    const rows = parseOpenAiUsagePage("completions", fixtureJson("openai-usage-completions.page1.json")).rows;
    expect(rows.map((r) => [r.day, r.model, r.projectId, r.inputTokens, r.cachedInputTokens, r.outputTokens, r.requests])).toEqual([
      ["2026-01-01", "gpt-4o-mini-2024-07-18", "proj_Xk2mQ9aB7cD4eF1g", 660000n, 201000n, 183000n, 1240n],
      ["2026-01-01", "gpt-4o-2024-08-06", "proj_Lm8nP3qR5sT0uV6w", 98000n, 41500n, 22700n, 87n],
    ]);
  });

  it("rejects input_tokens smaller than its cached parts instead of storing a negative count", () => {
    const body = { object: "page", data: [{ start_time: 0, results: [{ object: "organization.usage.completions.result", input_tokens: 10, input_cached_tokens: 20, output_tokens: 0, num_model_requests: 1 }] }], has_more: false };
    expect(thrown(() => parseOpenAiUsagePage("completions", body)).message).toContain("data[0].results[0].input_tokens");
  });

  it("a missing required count is named, never read as 0", () => {
    const body = { object: "page", data: [{ start_time: 0, results: [{ object: "organization.usage.completions.result", input_tokens: 10, num_model_requests: 1 }] }], has_more: false };
    expect(thrown(() => parseOpenAiUsagePage("completions", body)).message).toContain("data[0].results[0].output_tokens: expected number");
  });

  it("a result of another endpoint is refused", () => {
    const e = thrown(() => parseOpenAiUsagePage("embeddings", fixtureJson("openai-usage-images.json")));
    expect(e.message).toContain("data[0].results[0].object");
  });

  it.each([
    ["embeddings", "openai-usage-embeddings.json", { inputTokens: 16n, requests: 2n, units: null, unit: null }],
    ["moderations", "openai-usage-moderations.json", { inputTokens: 16n, requests: 2n, units: null, unit: null }],
    ["images", "openai-usage-images.json", { inputTokens: 0n, requests: 2n, units: "2", unit: "images" }],
    ["audio_speeches", "openai-usage-audio-speeches.json", { inputTokens: 0n, requests: 1n, units: "45", unit: "characters" }],
    ["audio_transcriptions", "openai-usage-audio-transcriptions.json", { inputTokens: 0n, requests: 1n, units: "20", unit: "seconds" }],
    ["vector_stores", "openai-usage-vector-stores.json", { inputTokens: 0n, requests: 0n, units: "1024", unit: "bytes" }],
    ["code_interpreter_sessions", "openai-usage-code-interpreter-sessions.json", { inputTokens: 0n, requests: 0n, units: "1", unit: "sessions" }],
    ["file_search_calls", "openai-usage-file-search-calls.json", { inputTokens: 0n, requests: 2n, units: "2", unit: "calls" }],
    ["web_search_calls", "openai-usage-web-search-calls.json", { inputTokens: 0n, requests: 2n, units: "2", unit: "calls" }],
  ] as const)("%s: verbatim example on 2024-11-01", (kind, file, want) => {
    const rows = parseOpenAiUsagePage(kind, fixtureJson(file)).rows;
    expect(rows).toHaveLength(1);
    const r = rows[0]!;
    expect(r.day).toBe("2024-11-01");
    expect(r.usageKind).toBe(kind);
    expect({ inputTokens: r.inputTokens, requests: r.requests, units: r.units?.toString() ?? null, unit: r.unit }).toEqual(want);
  });
});
