import { readFileSync } from "node:fs";
import { describe, expect, it } from "vitest";
import { findPrice } from "@/lib/pricing/catalog";
import { diffCatalogs, type PriceChange } from "@/lib/pricing/diff";
import { parseLiteLlmCatalog } from "@/lib/pricing/litellm";
import type { ModelPrice } from "@/lib/pricing/types";

// Real LiteLLM catalog versions (tests/fixtures/prices/README.md). Keys such as "mistral/mistral-large-latest"
// become provider "mistral", model "mistral-large" (aliases.ts: prefix and "-latest" dropped).
const VERSIONS = ["2024-04-22-569280a3", "2024-06-05-4d27dcd1", "2024-07-25-0deb7c4b", "2024-11-22-b993a71f", "2025-02-16-bd790792", "2025-03-03-25d1eea7", "2025-03-17-3b898f73"] as const;
type Version = (typeof VERSIONS)[number];

function catalog(version: Version): ModelPrice[] {
  const text = readFileSync(new URL(`../fixtures/prices/model_prices.${version}.trimmed.json`, import.meta.url), "utf8");
  const parsed = parseLiteLlmCatalog(text);
  expect(parsed.skipped).toEqual([]);
  return parsed.models;
}

/** [provider, model, field, old $/1M, new $/1M] with exact decimal strings. */
function rows(changes: PriceChange[]) {
  return changes.map((c) => [c.provider, c.model, c.field, c.oldValue?.toFixed() ?? null, c.newValue?.toFixed() ?? null]);
}

const at = new Date("2025-01-01T00:00:00Z");

describe("parseLiteLlmCatalog on the 2025-03-17 version", () => {
  const models = catalog("2025-03-17-3b898f73");

  it("keeps the 14 models of the fixture under canonical names", () => {
    expect(models.map((m) => `${m.provider}/${m.model}`)).toEqual([
      "anthropic/claude-3-opus",
      "deepseek/deepseek-chat",
      "deepseek/deepseek-reasoner",
      "google/gemini-1.5-flash",
      "groq/llama3-70b-8192",
      "mistral/codestral",
      "mistral/mistral-large",
      "mistral/mistral-small",
      "openai/gpt-3.5-turbo",
      "openai/gpt-4",
      "openai/gpt-4-turbo",
      "openai/text-embedding-3-large",
      "openai/text-embedding-3-small",
      "xai/grok-2",
    ]);
  });

  it("converts per-token prices to $/1M exactly, where float multiplication would not", () => {
    const reasoner = findPrice(models, "deepseek", "deepseek-reasoner")!;
    expect(2.19e-6 * 1e6).not.toBe(2.19); // 2.1900000000000004: why we never multiply floats
    expect(reasoner.output.toFixed()).toBe("2.19");
    const opus = findPrice(models, "anthropic", "claude-3-opus-20240229")!;
    expect([opus.input, opus.output, opus.cachedInput, opus.cacheWrite].map((d) => d?.toFixed())).toEqual(["15", "75", "1.5", "18.75"]);
    expect(opus.deprecationDate).toBe("2025-03-01");
    expect(opus.sourceIds).toEqual(["claude-3-opus-20240229"]);
    const small = findPrice(models, "mistral", "mistral/mistral-small-latest")!;
    expect([small.input.toFixed(), small.output.toFixed()]).toEqual(["0.1", "0.3"]);
    const deepseekChat = findPrice(models, "deepseek", "deepseek-chat")!;
    expect(deepseekChat.cacheWrite?.toFixed()).toBe("0"); // listed as 0.0: present, not absent
  });

  it("keeps embeddings with their zero output price", () => {
    const emb = findPrice(models, "openai", "text-embedding-3-small")!;
    expect(emb.mode).toBe("embedding");
    expect([emb.input.toFixed(), emb.output.toFixed()]).toEqual(["0.02", "0"]);
  });
});

describe("parseLiteLlmCatalog scope", () => {
  it("skips sample_spec, other modes and resellers, keeps cloud hosts as their own provider, and reports malformed entries", () => {
    const parsed = parseLiteLlmCatalog({
      sample_spec: { litellm_provider: "one of https://docs.litellm.ai/docs/providers", mode: "one of chat, embedding, …", input_cost_per_token: 0 },
      "dall-e-3": { litellm_provider: "openai", mode: "image_generation", output_cost_per_image: 0.04 },
      "azure/gpt-4o": { litellm_provider: "azure", mode: "chat", input_cost_per_token: 5e-6, output_cost_per_token: 1.5e-5 },
      "gpt-broken": { litellm_provider: "openai", mode: "chat", input_cost_per_token: "free", output_cost_per_token: 1e-6 },
      "gpt-no-output": { litellm_provider: "openai", mode: "chat", input_cost_per_token: 1e-6 },
      "gpt-4o": { litellm_provider: "openai", mode: "chat", input_cost_per_token: 2.5e-6, output_cost_per_token: 1e-5, input_cost_per_request: 0.001 },
      "openrouter/openai/gpt-4o": { litellm_provider: "openrouter", mode: "chat", input_cost_per_token: 2.5e-6, output_cost_per_token: 1e-5 },
    });
    // Azure's gpt-4o at its own $5/$15 is a model of provider "azure", not a second price for OpenAI's gpt-4o
    expect(parsed.models.map((m) => `${m.provider} ${m.model} ${m.input.toFixed()}`)).toEqual(["azure gpt-4o 5", "openai gpt-4o 2.5"]);
    expect(parsed.models[1]!.perRequest?.toFixed()).toBe("0.001"); // per request: not scaled by 10⁶
    expect(parsed.skipped).toEqual([
      { key: "gpt-broken", reason: 'input_cost_per_token: "free" is not a non-negative number' },
      { key: "gpt-no-output", reason: "no output_cost_per_token" },
    ]);
  });

  it("keeps Vertex, Bedrock (with regional prices) and Azure entries of the catalog under their host", () => {
    // Real key shapes of LiteLLM's catalog (values from the 2024-06-05 version mirrored by tokencost, see README)
    const parsed = parseLiteLlmCatalog({
      "vertex_ai/claude-3-opus@20240229": { litellm_provider: "vertex_ai-anthropic_models", mode: "chat", input_cost_per_token: 1.5e-5, output_cost_per_token: 7.5e-5 },
      "gemini-1.5-flash": { litellm_provider: "vertex_ai-language-models", mode: "chat", input_cost_per_token: 5e-7, output_cost_per_token: 1.5e-6 },
      "anthropic.claude-3-opus-20240229-v1:0": { litellm_provider: "bedrock", mode: "chat", input_cost_per_token: 1.5e-5, output_cost_per_token: 7.5e-5 },
      "bedrock/us-east-1/anthropic.claude-instant-v1": { litellm_provider: "bedrock", mode: "chat", input_cost_per_token: 8e-7, output_cost_per_token: 2.4e-6 },
      "azure/gpt-4-turbo": { litellm_provider: "azure", mode: "chat", input_cost_per_token: 1e-5, output_cost_per_token: 3e-5 },
    });
    expect(parsed.skipped).toEqual([]);
    expect(parsed.models.map((m) => `${m.provider} ${m.model}`)).toEqual(["azure gpt-4-turbo", "bedrock claude-3-opus", "bedrock claude-instant@us-east-1", "vertex claude-3-opus", "vertex gemini-1.5-flash"]);
  });

  it("refuses something that is not a catalog at all", () => {
    expect(() => parseLiteLlmCatalog("[1,2]")).toThrow(/expected a JSON object/);
    expect(() => parseLiteLlmCatalog("{not json")).toThrow(/not valid JSON/);
  });
});

describe("diffCatalogs between real consecutive versions", () => {
  it("2024-04-22 → 2024-06-05: Mistral large and small halved, Codestral appears", () => {
    const d = diffCatalogs(catalog("2024-04-22-569280a3"), catalog("2024-06-05-4d27dcd1"), at);
    expect(rows(d.changes)).toEqual([
      ["mistral", "mistral-large", "input", "8", "4"],
      ["mistral", "mistral-large", "output", "24", "12"],
      ["mistral", "mistral-small", "input", "2", "1"],
      ["mistral", "mistral-small", "output", "6", "3"],
    ]);
    expect(d.added.map((m) => [m.model, m.input.toFixed(), m.output.toFixed()])).toEqual([["codestral", "1", "3"]]);
    expect(d.removed).toEqual([]);
    expect(d.changes.every((c) => c.effectiveFrom === at)).toBe(true);
  });

  it("2024-06-05 → 2024-07-25: Groq Llama 3 70B and Mistral Large cut, Gemini 1.5 Flash appears", () => {
    const d = diffCatalogs(catalog("2024-06-05-4d27dcd1"), catalog("2024-07-25-0deb7c4b"), at);
    expect(rows(d.changes)).toEqual([
      ["groq", "llama3-70b-8192", "input", "0.64", "0.59"],
      ["groq", "llama3-70b-8192", "output", "0.8", "0.79"],
      ["mistral", "mistral-large", "input", "4", "3"],
      ["mistral", "mistral-large", "output", "12", "9"],
    ]);
    expect(d.added.map((m) => [m.provider, m.model, m.input.toFixed(), m.output.toFixed()])).toEqual([["google", "gemini-1.5-flash", "0.35", "1.05"]]);
  });

  it("2024-07-25 → 2024-11-22: Claude 3 Opus gains cache prices, Gemini Flash cut; the >128k tiers are not modelled", () => {
    const d = diffCatalogs(catalog("2024-07-25-0deb7c4b"), catalog("2024-11-22-b993a71f"), at);
    expect(rows(d.changes)).toEqual([
      ["anthropic", "claude-3-opus", "cachedInput", null, "1.5"],
      ["anthropic", "claude-3-opus", "cacheWrite", null, "18.75"],
      ["google", "gemini-1.5-flash", "input", "0.35", "0.075"],
      ["google", "gemini-1.5-flash", "output", "1.05", "0.3"],
    ]);
    expect(d.added).toEqual([]);
  });

  it("2024-11-22 → 2025-02-16: Mistral Large cut, three new models; new batch prices are not changes", () => {
    const d = diffCatalogs(catalog("2024-11-22-b993a71f"), catalog("2025-02-16-bd790792"), at);
    expect(rows(d.changes)).toEqual([
      ["mistral", "mistral-large", "input", "3", "2"],
      ["mistral", "mistral-large", "output", "9", "6"],
    ]);
    expect(d.added.map((m) => [m.provider, m.model, m.input.toFixed(), m.output.toFixed()])).toEqual([
      ["deepseek", "deepseek-chat", "0.27", "1.1"],
      ["deepseek", "deepseek-reasoner", "0.55", "2.19"],
      ["xai", "grok-2", "2", "10"],
    ]);
  });

  it("2025-02-16 → 2025-03-03: no relevant change, so nothing to alert on", () => {
    const d = diffCatalogs(catalog("2025-02-16-bd790792"), catalog("2025-03-03-25d1eea7"), at);
    expect(d).toEqual({ changes: [], added: [], removed: [] });
  });

  it("2025-03-03 → 2025-03-17: Mistral Small cut tenfold", () => {
    const d = diffCatalogs(catalog("2025-03-03-25d1eea7"), catalog("2025-03-17-3b898f73"), at);
    expect(rows(d.changes)).toEqual([
      ["mistral", "mistral-small", "input", "1", "0.1"],
      ["mistral", "mistral-small", "output", "3", "0.3"],
    ]);
  });

  it("reports a model that disappears", () => {
    const before = catalog("2025-03-17-3b898f73");
    const after = before.filter((m) => m.model !== "grok-2");
    expect(diffCatalogs(before, after, at).removed.map((m) => m.model)).toEqual(["grok-2"]);
  });
});
