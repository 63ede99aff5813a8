import { describe, expect, it } from "vitest";
import { canonicalModelName, isAliasOrSnapshot, parseModelName } from "@/lib/pricing/aliases";
import { assignModelNames, findPrice, type SourceEntry } from "@/lib/pricing/catalog";
import { parseLiteLlmCatalog } from "@/lib/pricing/litellm";
import { dec } from "@/lib/money";

describe("canonicalModelName", () => {
  it.each([
    ["gpt-4o-2024-08-06", "gpt-4o"],
    ["gpt-4o-mini-2024-07-18", "gpt-4o-mini"],
    ["openai/gpt-4o", "gpt-4o"],
    ["azure/gpt-4o-2024-05-13", "gpt-4o"],
    ["openrouter/openai/gpt-4o", "gpt-4o"],
    ["gpt-4-0613", "gpt-4"],
    ["gpt-4-32k-0314", "gpt-4-32k"],
    ["gpt-3.5-turbo-0125", "gpt-3.5-turbo"],
    ["gpt-4-1106-preview", "gpt-4-1106-preview"], // the date is not a suffix: a distinct preview model
    ["o3-mini-2025-01-31", "o3-mini"],
    ["chatgpt-4o-latest", "chatgpt-4o"],
    ["claude-3-5-sonnet-20241022", "claude-3-5-sonnet"],
    ["claude-3-5-sonnet-latest", "claude-3-5-sonnet"],
    ["anthropic/claude-3-opus-20240229", "claude-3-opus"],
    ["anthropic/claude-sonnet-4.5", "claude-sonnet-4-5"],
    ["claude-sonnet-4-5-20250929", "claude-sonnet-4-5"],
    ["us.anthropic.claude-3-5-sonnet-20241022-v2:0", "claude-3-5-sonnet"],
    ["mistral/mistral-large-latest", "mistral-large"],
    ["mistral-large-2407", "mistral-large"],
    ["codestral-2405", "codestral"],
    ["gemini/gemini-1.5-flash-002", "gemini-1.5-flash"],
    ["gemini-1.5-flash-latest", "gemini-1.5-flash"],
    ["groq/llama3-70b-8192", "llama3-70b-8192"], // 8192 is a context length, not a date
    ["text-embedding-3-small", "text-embedding-3-small"],
    ["  GPT-4o  ", "gpt-4o"],
  ])("%s → %s", (raw, canonical) => {
    expect(canonicalModelName(raw)).toBe(canonical);
  });

  it("reports the provider a prefix implies and the id without prefixes", () => {
    expect(parseModelName("azure/gpt-4o-2024-08-06")).toEqual({ providerHint: "azure", id: "gpt-4o-2024-08-06", canonical: "gpt-4o" });
    expect(parseModelName("gemini/gemini-1.5-flash")).toEqual({ providerHint: "google", id: "gemini-1.5-flash", canonical: "gemini-1.5-flash" });
    expect(parseModelName("us.anthropic.claude-3-haiku-20240307-v1:0").providerHint).toBe("anthropic");
    expect(isAliasOrSnapshot("gpt-4o")).toBe(false);
    expect(isAliasOrSnapshot("gpt-4o-2024-08-06")).toBe(true);
  });
});

const entry = (id: string, input: string, output: string): SourceEntry => ({
  key: id,
  id,
  provider: "openai",
  mode: "chat",
  input: dec(input),
  output: dec(output),
  cachedInput: null,
  cacheWrite: null,
  perRequest: null,
  perImage: null,
  deprecationDate: null,
});

describe("snapshots with their own price are not merged into the canonical model", () => {
  // OpenAI's list prices: gpt-4o $2.50/$10, its 2024-08-06 snapshot the same, the 2024-05-13 snapshot $5/$15.
  const { models } = assignModelNames([entry("gpt-4o", "2.5", "10"), entry("gpt-4o-2024-08-06", "2.5", "10"), entry("gpt-4o-2024-05-13", "5", "15")]);

  it("folds the identically priced snapshot into gpt-4o and keeps the dearer one apart", () => {
    expect(models.map((m) => [m.model, m.input.toFixed(), m.sourceIds])).toEqual([
      ["gpt-4o", "2.5", ["gpt-4o", "gpt-4o-2024-08-06"]],
      ["gpt-4o-2024-05-13", "5", ["gpt-4o-2024-05-13"]],
    ]);
  });

  it("prices usage of each spelling at the right entry", () => {
    expect(findPrice(models, "openai", "gpt-4o-2024-05-13")!.input.toFixed()).toBe("5");
    expect(findPrice(models, "openai", "azure/gpt-4o-2024-05-13")!.input.toFixed()).toBe("5");
    expect(findPrice(models, "openai", "gpt-4o-2024-08-06")!.input.toFixed()).toBe("2.5");
    expect(findPrice(models, "openai", "openai/gpt-4o")!.input.toFixed()).toBe("2.5");
    // an unseen snapshot falls back to the canonical model's price
    expect(findPrice(models, "openai", "gpt-4o-2024-11-20")!.model).toBe("gpt-4o");
    expect(findPrice(models, "anthropic", "gpt-4o")).toBeNull();
  });

  it("without an undated entry, differing snapshots keep their ids and identical ones take the canonical name", () => {
    const differing = assignModelNames([entry("claude-x-20240101", "3", "15"), entry("claude-x-20240601", "1", "5")]).models;
    expect(differing.map((m) => m.model)).toEqual(["claude-x-20240101", "claude-x-20240601"]);
    const identical = assignModelNames([entry("claude-y-20240101", "3", "15"), entry("claude-y-latest", "3", "15")]).models;
    expect(identical.map((m) => [m.model, m.sourceIds])).toEqual([["claude-y", ["claude-y-20240101", "claude-y-latest"]]]);
  });

  it("does the same when parsing a LiteLLM catalog, and flags a duplicate id with a different price", () => {
    const parsed = parseLiteLlmCatalog({
      "gpt-4o": { litellm_provider: "openai", mode: "chat", input_cost_per_token: 2.5e-6, output_cost_per_token: 1e-5 },
      "gpt-4o-2024-05-13": { litellm_provider: "openai", mode: "chat", input_cost_per_token: 5e-6, output_cost_per_token: 1.5e-5 },
      "openai/gpt-4o": { litellm_provider: "openai", mode: "chat", input_cost_per_token: 3e-6, output_cost_per_token: 1e-5 },
    });
    expect(parsed.models.map((m) => m.model)).toEqual(["gpt-4o", "gpt-4o-2024-05-13"]);
    expect(parsed.skipped).toEqual([{ key: "openai/gpt-4o", reason: 'duplicate of "gpt-4o" with a different price; kept the first' }]);
  });
});
