import { readFileSync } from "node:fs";
import { describe, expect, it } from "vitest";
import { dec } from "@/lib/money";
import { estimateCost, textRateFallbacks } from "@/lib/pricing/estimate";
import { parseLiteLlmCatalog, priceUnitsOf } from "@/lib/pricing/litellm";
import { parseAnthropicUsagePage } from "@/lib/providers/anthropic";
import { mergeUsageRows } from "@/lib/providers/merge";
import { parseOpenAiUsagePage } from "@/lib/providers/openai";
import { priceUsageRows } from "@/lib/spend/estimate";
import { priceVersion } from "../support/price-version";

// Image tokens and Batch API tokens priced at their own catalog rates (issue 13, class 4). Every expected
// dollar figure is worked by hand in the comments from the rows' numbers.

const fixture = (name: string) => JSON.parse(readFileSync(new URL(`../fixtures/providers/${name}`, import.meta.url), "utf8"));

// LiteLLM's field names (USD per token). gpt-image-1: $5 text in, $10 image in, $40 image out per 1M (OpenAI's
// published rates); gpt-4o-mini: $0.15 / $0.60, batch $0.075 / $0.30 (LiteLLM's *_batches fields).
const CATALOG = {
  "gpt-image-1": { litellm_provider: "openai", mode: "chat", input_cost_per_token: 5e-6, output_cost_per_token: 4e-5, input_cost_per_image_token: 1e-5, output_cost_per_image_token: 4e-5 },
  "gpt-4o-mini": {
    litellm_provider: "openai", mode: "chat", input_cost_per_token: 1.5e-7, output_cost_per_token: 6e-7, cache_read_input_token_cost: 7.5e-8,
    input_cost_per_token_batches: 7.5e-8, output_cost_per_token_batches: 3e-7,
  },
};

const version = priceVersion;

describe("the LiteLLM catalog carries image-token and batch rates", () => {
  const { models, skipped } = parseLiteLlmCatalog(CATALOG);
  const byName = (m: string) => models.find((x) => x.model === m)!;

  it("as $ per 1M tokens", () => {
    expect(skipped).toEqual([]);
    const image = byName("gpt-image-1");
    expect([image.imageInput?.toString(), image.imageOutput?.toString(), image.batchInput ?? null]).toEqual(["10", "40", null]);
    const mini = byName("gpt-4o-mini");
    expect([mini.batchInput?.toString(), mini.batchOutput?.toString(), mini.imageInput ?? null]).toEqual(["0.075", "0.3", null]);
  });

  it("records the units each entry states its prices in", () => {
    expect(byName("gpt-4o-mini").priceUnits).toBe("token");
    expect(priceUnitsOf({ input_cost_per_token: 1e-6, input_cost_per_character: 2.5e-7, output_cost_per_character: 1e-6 })).toBe("character,token");
    expect(priceUnitsOf({ input_cost_per_second: 1e-4, output_cost_per_token: null })).toBe("second");
  });
});

describe("image tokens (OpenAI completions page 1 fixture, gpt-4o-mini-2024-07-18 on 2026-01-01)", () => {
  // The fixture's row: 660,000 uncached input of which 48,000 image, 201,000 cached, 183,000 output.
  const row = parseOpenAiUsagePage("completions", fixture("openai-usage-completions.page1.json")).rows.find((r) => r.model === "gpt-4o-mini-2024-07-18")!;
  const text = { input: dec("0.15"), output: dec("0.6"), cachedInput: dec("0.075") };

  it("the parser keeps the image tokens as a breakdown", () => {
    expect([row.inputTokens, row.cachedInputTokens, row.outputTokens, row.imageInputTokens, row.cachedImageInputTokens, row.imageOutputTokens]).toEqual([660_000n, 201_000n, 183_000n, 48_000n, 0n, 0n]);
  });

  it("prices uncached image input at the image rate, the rest at text rates", () => {
    // 612,000 × 0.15 = 0.0918; 48,000 × 10 = 0.48; 201,000 × 0.075 = 0.015075; 183,000 × 0.60 = 0.1098 → 0.696675
    const [priced] = priceUsageRows([row], [version("gpt-4o-mini", { ...text, imageInput: dec(10) })]);
    expect(priced!.estimatedCost!.toString()).toBe("0.696675");
    expect(priced!.textRateFallbacks).toEqual([]);
  });

  it("without an image rate: at the text rate, and marked as such", () => {
    // 660,000 × 0.15 = 0.099; 0.015075; 0.1098 → 0.223875
    const [priced] = priceUsageRows([row], [version("gpt-4o-mini", text)]);
    expect(priced!.estimatedCost!.toString()).toBe("0.223875");
    expect(priced!.textRateFallbacks).toEqual(["image input at the text input rate"]);
  });

  it("cached image input stays at the cached rate; image output at the image output rate", () => {
    // 10,000 uncached input of which 4,000 image (1,000 of the image cached → 3,000 at the image rate):
    //   7,000 × 5 = 0.035; 3,000 × 10 = 0.03; 2,000 cached × 5 (no cache price: input rate) = 0.01;
    //   output 1,000 of which 800 image: 200 × 40 = 0.008; 800 × 40 = 0.032 → 0.115
    const usage = { inputTokens: 10_000, cachedInputTokens: 2_000, outputTokens: 1_000, imageInputTokens: 4_000, cachedImageInputTokens: 1_000, imageOutputTokens: 800 };
    expect(estimateCost(usage, version("gpt-image-1", { input: dec(5), output: dec(40), imageInput: dec(10), imageOutput: dec(40) })).toString()).toBe("0.115");
  });
});

describe("Batch API tokens", () => {
  const mini = parseLiteLlmCatalog(CATALOG).models.find((x) => x.model === "gpt-4o-mini")!;
  const bucket = (results: unknown[]) => ({ object: "bucket", start_time: 1767225600, end_time: 1767312000, results });
  const result = (batch: boolean | null, uncached: number, cached: number, output: number, image = 0) => ({
    object: "organization.usage.completions.result", input_tokens: uncached + cached, input_cached_tokens: cached, input_uncached_tokens: uncached,
    output_tokens: output, input_image_tokens: image, num_model_requests: 1, project_id: "proj_A", model: "gpt-4o-mini", batch,
  });

  it("OpenAI results grouped by batch become one bucket with the batch part kept apart (its image split dropped)", () => {
    const page = { object: "page", has_more: false, next_page: null, data: [bucket([result(false, 80_000, 20_000, 10_000, 5_000), result(true, 400_000, 0, 50_000, 9_000)])] };
    const [row] = mergeUsageRows(parseOpenAiUsagePage("completions", page).rows);
    expect([row!.inputTokens, row!.cachedInputTokens, row!.outputTokens, row!.batchInputTokens, row!.batchOutputTokens, row!.imageInputTokens]).toEqual([480_000n, 20_000n, 60_000n, 400_000n, 50_000n, 5_000n]);
  });

  it("are priced at the batch rates, the rest at the standard ones", () => {
    // 80,000 × 0.15 = 0.012; 400,000 × 0.075 = 0.03; 20,000 × 0.075 = 0.0015; 10,000 × 0.60 = 0.006; 50,000 × 0.30 = 0.015 → 0.0645
    const usage = { inputTokens: 480_000, cachedInputTokens: 20_000, outputTokens: 60_000, batchInputTokens: 400_000, batchOutputTokens: 50_000 };
    expect(estimateCost(usage, mini).toString()).toBe("0.0645");
    expect(textRateFallbacks(usage, mini)).toEqual([]);
  });

  it("without batch rates: at the standard rates, and the missing discount named", () => {
    // 480,000 × 0.15 = 0.072; 0.0015; 60,000 × 0.60 = 0.036 → 0.1095
    const usage = { inputTokens: 480_000, cachedInputTokens: 20_000, outputTokens: 60_000, batchInputTokens: 400_000, batchOutputTokens: 50_000 };
    const noBatch = { ...mini, batchInput: null, batchOutput: null };
    expect(estimateCost(usage, noBatch).toString()).toBe("0.1095");
    expect(textRateFallbacks(usage, noBatch)).toEqual(["batch input at the standard input rate (no batch discount listed)", "batch output at the standard output rate (no batch discount listed)"]);
  });

  it("never re-price more than the input and output they are part of", () => {
    // A report claiming 9,000 batch input in 1,000 input: only 1,000 × 0.075 = 0.000075, nothing negative.
    expect(estimateCost({ inputTokens: 1_000, outputTokens: 0, batchInputTokens: 9_000 }, mini).toString()).toBe("0.000075");
  });

  it("Anthropic's service_tier \"batch\" results are batch tokens (cache reads stay at the cache rate)", () => {
    const page = {
      has_more: false, next_page: null,
      data: [{ starting_at: "2026-01-01T00:00:00Z", ending_at: "2026-01-02T00:00:00Z", results: [
        { uncached_input_tokens: 10_000, cache_read_input_tokens: 5_000, cache_creation: { ephemeral_5m_input_tokens: 0 }, output_tokens: 2_000, model: "claude-sonnet-4-20250514", workspace_id: null, service_tier: "standard" },
        { uncached_input_tokens: 100_000, cache_read_input_tokens: 0, cache_creation: { ephemeral_5m_input_tokens: 0 }, output_tokens: 20_000, model: "claude-sonnet-4-20250514", workspace_id: null, service_tier: "batch" },
      ] }],
    };
    const rows = mergeUsageRows(parseAnthropicUsagePage(page).rows);
    expect(rows.map((r) => [r.inputTokens, r.cachedInputTokens, r.outputTokens, r.batchInputTokens, r.batchOutputTokens])).toEqual([[110_000n, 5_000n, 22_000n, 100_000n, 20_000n]]);
    // $3 / $15, cache reads $0.30, batch $1.50 / $7.50: 10,000 × 3 = 0.03; 100,000 × 1.5 = 0.15; 5,000 × 0.3 = 0.0015;
    //   2,000 × 15 = 0.03; 20,000 × 7.5 = 0.15 → 0.3615
    const sonnet = version("claude-sonnet-4", { provider: "anthropic", input: dec(3), output: dec(15), cachedInput: dec("0.3"), batchInput: dec("1.5"), batchOutput: dec("7.5") });
    expect(estimateCost(rows[0]!, sonnet).toString()).toBe("0.3615");
  });
});
