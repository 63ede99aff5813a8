import { readFileSync } from "node:fs";
import { describe, expect, it } from "vitest";
import { dec } from "@/lib/money";
import { estimateCost, textRateFallbacks } from "@/lib/pricing/estimate";
import { parseLiteLlmCatalog } from "@/lib/pricing/litellm";
import { parseAnthropicUsagePage } from "@/lib/providers/anthropic";
import { parseOpenAiUsagePage } from "@/lib/providers/openai";
import { priceUsageRows } from "@/lib/spend/estimate";
import { priceVersion } from "../support/price-version";

// Token classes priced at their own rate (issue 13, class 4). The usage comes from the provider fixtures
// (tests/fixtures/providers/README.md); every expected dollar figure is worked by hand below from their numbers.

const fixture = (name: string) => JSON.parse(readFileSync(new URL(`../fixtures/providers/${name}`, import.meta.url), "utf8"));

// Composed LiteLLM entries using the catalog's own field names (per-token USD). The Claude rates are the
// ones LiteLLM lists for Claude Sonnet 4 / 4.5; the audio rates are illustrative.
const CATALOG = {
  "gpt-4o-audio-preview": { litellm_provider: "openai", mode: "chat", input_cost_per_token: 2.5e-6, output_cost_per_token: 1e-5, input_cost_per_audio_token: 4e-5, output_cost_per_audio_token: 8e-5 },
  "claude-sonnet-4-20250514": {
    litellm_provider: "anthropic", mode: "chat", input_cost_per_token: 3e-6, output_cost_per_token: 1.5e-5,
    cache_read_input_token_cost: 3e-7, cache_creation_input_token_cost: 3.75e-6, cache_creation_input_token_cost_above_1hr: 6e-6,
  },
  "claude-3-haiku-20240307": { litellm_provider: "anthropic", mode: "chat", input_cost_per_token: 2.5e-7, output_cost_per_token: 1.25e-6, cache_creation_input_token_cost: 3e-7 },
};

const version = priceVersion;

describe("the LiteLLM catalog carries token-class rates", () => {
  const { models, skipped } = parseLiteLlmCatalog(CATALOG);
  const byName = (m: string) => models.find((x) => x.model === m)!;

  it("reads audio-token and 1-hour cache-write prices as $ per 1M tokens", () => {
    expect(skipped).toEqual([]);
    const audio = byName("gpt-4o-audio-preview");
    expect([audio.audioInput?.toString(), audio.audioOutput?.toString(), audio.cacheWrite1h ?? null]).toEqual(["40", "80", null]);
    const sonnet = models.find((x) => x.provider === "anthropic" && x.sourceIds.includes("claude-sonnet-4-20250514"))!;
    expect([sonnet.cacheWrite?.toString(), sonnet.cacheWrite1h?.toString(), sonnet.audioInput ?? null]).toEqual(["3.75", "6", null]);
  });

  it("a model without them lists none (its tokens are priced at the text rate)", () => {
    const haiku = models.find((x) => x.sourceIds.includes("claude-3-haiku-20240307"))!;
    expect([haiku.audioInput ?? null, haiku.audioOutput ?? null, haiku.cacheWrite1h ?? null]).toEqual([null, null, null]);
  });

  it("an unreadable class price skips the entry with the field named", () => {
    const bad = parseLiteLlmCatalog({ "gpt-4o-audio-preview": { ...CATALOG["gpt-4o-audio-preview"], output_cost_per_audio_token: "lots" } });
    expect(bad.models).toEqual([]);
    expect(bad.skipped[0]?.reason).toContain("output_cost_per_audio_token");
  });
});

describe("audio tokens at their own rate (OpenAI completions, page 1 fixture, gpt-4o-2024-08-06 on 2026-01-01)", () => {
  // The fixture's row: 98,000 uncached input of which 2,500 audio (input_text_tokens 95,500), 41,500 cached
  // of which 1,500 audio, 22,700 output of which 900 audio.
  const row = parseOpenAiUsagePage("completions", fixture("openai-usage-completions.page1.json")).rows.find((r) => r.model === "gpt-4o-2024-08-06")!;
  const text = { input: dec("2.5"), output: dec(10), cachedInput: dec("1.25") };

  it("the parser keeps the cached audio apart", () => {
    expect([row.inputTokens, row.cachedInputTokens, row.outputTokens, row.audioInputTokens, row.cachedAudioInputTokens, row.audioOutputTokens]).toEqual([98_000n, 41_500n, 22_700n, 4_000n, 1_500n, 900n]);
  });

  it("prices uncached audio input and audio output at the audio rates, the rest at text rates", () => {
    // $2.50 / $10 text, $1.25 cached, $40 audio in, $80 audio out per 1M:
    //   95,500 × 2.5 = 0.23875;  2,500 × 40 = 0.1;  41,500 × 1.25 = 0.051875;  21,800 × 10 = 0.218;  900 × 80 = 0.072
    //   → 0.680625
    const [priced] = priceUsageRows([row], [version("gpt-4o", { ...text, audioInput: dec(40), audioOutput: dec(80) })]);
    expect(priced!.estimatedCost!.toString()).toBe("0.680625");
    expect(priced!.textRateFallbacks).toEqual([]);
  });

  it("without audio rates: every token at the text rate, and marked as such", () => {
    // 98,000 × 2.5 = 0.245;  41,500 × 1.25 = 0.051875;  22,700 × 10 = 0.227 → 0.523875
    const [priced] = priceUsageRows([row], [version("gpt-4o", text)]);
    expect(priced!.estimatedCost!.toString()).toBe("0.523875");
    expect(priced!.textRateFallbacks).toEqual(["audio input at the text input rate", "audio output at the text output rate"]);
  });

  it("one rate listed, the other not: only the missing one falls back", () => {
    // 0.680625 − 900 × (80 − 10) / 1M = 0.680625 − 0.063 = 0.617625
    const [priced] = priceUsageRows([row], [version("gpt-4o", { ...text, audioInput: dec(40) })]);
    expect(priced!.estimatedCost!.toString()).toBe("0.617625");
    expect(priced!.textRateFallbacks).toEqual(["audio output at the text output rate"]);
  });

  it("never re-prices more audio than the uncached input it is part of", () => {
    // A report claiming 5,000 uncached audio in 1,000 uncached input: 1,000 × 40 = 0.04, nothing negative.
    const usage = { inputTokens: 1_000, outputTokens: 0, audioInputTokens: 5_000 };
    expect(estimateCost(usage, { ...version("m", text), audioInput: dec(40) }).toString()).toBe("0.04");
  });
});

describe("1-hour cache writes (Anthropic usage report, page 1 fixture, claude-sonnet-4-20250514 on 2026-01-01)", () => {
  // The fixture's row: 96,010 uncached input, 0 cache reads, 120,000 written to the 1-hour cache, 18,804 output.
  const row = parseAnthropicUsagePage(fixture("anthropic-usage-report.page1.json")).rows.find((r) => r.model === "claude-sonnet-4-20250514" && r.usageKind === "messages")!;
  const sonnet = parseLiteLlmCatalog(CATALOG).models.find((x) => x.sourceIds.includes("claude-sonnet-4-20250514"))!;

  it("the parser keeps the 1-hour writes as a part of the cache writes", () => {
    expect([row.inputTokens, row.cacheWriteTokens, row.cacheWrite1hTokens, row.outputTokens]).toEqual([96_010n, 120_000n, 120_000n, 18_804n]);
  });

  it("are priced at the catalog's 1-hour rate", () => {
    // 96,010 × $3 = 0.28803;  120,000 × $6 = 0.72;  18,804 × $15 = 0.28206 → 1.29009
    expect(estimateCost(row, sonnet).toString()).toBe("1.29009");
    expect(textRateFallbacks(row, sonnet)).toEqual([]);
  });

  it("at the 5-minute rate when the catalog lists no 1-hour rate, marked as such", () => {
    // 0.28803 + 120,000 × $3.75 = 0.45 + 0.28206 → 1.02009
    const fiveMinuteOnly = { ...sonnet, cacheWrite1h: null };
    expect(estimateCost(row, fiveMinuteOnly).toString()).toBe("1.02009");
    expect(textRateFallbacks(row, fiveMinuteOnly)).toEqual(["1-hour cache writes at the 5-minute cache-write rate"]);
  });

  it("a mix: 5-minute writes at the 5-minute rate, 1-hour writes at the 1-hour rate", () => {
    // 40,000 × 3.75 = 0.15;  10,000 × 6 = 0.06 → 0.21
    expect(estimateCost({ inputTokens: 0, outputTokens: 0, cacheWriteTokens: 50_000, cacheWrite1hTokens: 10_000 }, sonnet).toString()).toBe("0.21");
  });
});
