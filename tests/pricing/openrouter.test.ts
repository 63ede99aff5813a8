import { readFileSync } from "node:fs";
import { describe, expect, it } from "vitest";
import { findPrice } from "@/lib/pricing/catalog";
import { parseOpenRouterModels } from "@/lib/pricing/openrouter";
import type { ModelPrice } from "@/lib/pricing/types";

const fixture = (name: string) => readFileSync(new URL(`../fixtures/prices/${name}`, import.meta.url), "utf8");
const row = (m: ModelPrice) => ({
  provider: m.provider,
  model: m.model,
  input: m.input.toFixed(),
  output: m.output.toFixed(),
  cachedInput: m.cachedInput?.toFixed() ?? null,
  cacheWrite: m.cacheWrite?.toFixed() ?? null,
  perRequest: m.perRequest?.toFixed() ?? null,
  perImage: m.perImage?.toFixed() ?? null,
});

describe("parseOpenRouterModels", () => {
  it("reads the verbatim schema example: openai/gpt-4 at $0.00003 / $0.00006 per token = $30 / $60 per 1M", () => {
    const parsed = parseOpenRouterModels(fixture("openrouter-models.json"));
    expect(parsed.skipped).toEqual([]);
    expect(parsed.models.map(row)).toEqual([
      { provider: "openai", model: "gpt-4", input: "30", output: "60", cachedInput: null, cacheWrite: null, perRequest: "0", perImage: null },
    ]);
  });

  it("does not insist on links/total_count (the documented path example lacks them)", () => {
    expect(parseOpenRouterModels(JSON.parse(fixture("openrouter-models.path-example.json"))).models.map((m) => m.model)).toEqual(["gpt-4"]);
  });

  it("maps cache prices, normalises Anthropic's dotted names and keeps the :free variant apart", () => {
    const parsed = parseOpenRouterModels(fixture("openrouter-models.composed.json"));
    expect(parsed.models.map(row)).toEqual([
      // "anthropic/claude-sonnet-4.5": the long-context override ($6/$22.50 above 200k) is not the base price
      { provider: "anthropic", model: "claude-sonnet-4-5", input: "3", output: "15", cachedInput: "0.3", cacheWrite: "3.75", perRequest: "0", perImage: null },
      { provider: "meta-llama", model: "llama-3.3-70b-instruct:free", input: "0", output: "0", cachedInput: null, cacheWrite: null, perRequest: null, perImage: null },
      { provider: "openai", model: "gpt-4o-mini", input: "0.15", output: "0.6", cachedInput: "0.075", cacheWrite: null, perRequest: "0", perImage: null },
    ]);
    expect(findPrice(parsed.models, "anthropic", "anthropic/claude-sonnet-4.5")!.model).toBe("claude-sonnet-4-5");
    expect(findPrice(parsed.models, "meta-llama", "llama-3.3-70b-instruct:free")!.deprecationDate).toBe("2026-06-01");
  });

  it("applies a discount fraction and skips entries without prompt/completion prices", () => {
    const parsed = parseOpenRouterModels({
      data: [
        { id: "mistralai/mistral-large", pricing: { prompt: "0.000002", completion: "0.000006", discount: 0.25 } },
        { id: "x/broken", pricing: { prompt: "-1", completion: "0" } },
        { id: "x/no-completion", pricing: { prompt: "0.000001" } },
      ],
    });
    // $2 × (1 − 0.25) = $1.50; $6 × 0.75 = $4.50
    expect(parsed.models.map((m) => [m.provider, m.model, m.input.toFixed(), m.output.toFixed()])).toEqual([["mistral", "mistral-large", "1.5", "4.5"]]);
    expect(parsed.skipped).toEqual([
      { key: "x/broken", reason: 'pricing.prompt: "-1" is not a non-negative number' },
      { key: "x/no-completion", reason: "pricing.prompt and pricing.completion are required" },
    ]);
    expect(() => parseOpenRouterModels({ models: [] })).toThrow(/`data` array/);
  });
});
