import { readFileSync } from "node:fs";
import { describe, expect, it } from "vitest";
import { dec } from "@/lib/money";
import { findPrice, priceInEffect } from "@/lib/pricing/catalog";
import { diffCatalogs } from "@/lib/pricing/diff";
import { estimateCost } from "@/lib/pricing/estimate";
import { describePriceChange, priceChangeImpact } from "@/lib/pricing/impact";
import { parseLiteLlmCatalog } from "@/lib/pricing/litellm";
import type { CatalogVersion } from "@/lib/pricing/types";

function version(tag: string, effectiveFrom: string): CatalogVersion {
  const text = readFileSync(new URL(`../fixtures/prices/model_prices.${tag}.trimmed.json`, import.meta.url), "utf8");
  return { source: "litellm", effectiveFrom: new Date(effectiveFrom), models: parseLiteLlmCatalog(text).models };
}

// Effective dates are the tokencost commit dates from the fixtures README.
const april = version("2024-04-22-569280a3", "2024-04-22T23:50:00-07:00");
const june = version("2024-06-05-4d27dcd1", "2024-06-05T18:23:52-07:00");

describe("priceInEffect + estimateCost across a real price cut", () => {
  // 2M input + 0.5M output tokens of mistral-large-latest in one day.
  const usage = { inputTokens: 2_000_000, outputTokens: 500_000 };
  const costOn = (day: string) => {
    const v = priceInEffect([june, april], new Date(day))!; // order of the list does not matter
    return estimateCost(usage, findPrice(v.models, "mistral", "mistral-large-latest")!).toFixed(2);
  };

  it("uses the April version on 2024-06-05, the day before the cut was seen ($8/$24: 2×8 + 0.5×24 = $28)", () => {
    expect(costOn("2024-06-05T00:00:00Z")).toBe("28.00");
  });

  it("uses the June version on 2024-06-07 ($4/$12: 2×4 + 0.5×12 = $14)", () => {
    expect(costOn("2024-06-07T00:00:00Z")).toBe("14.00");
  });

  it("switches exactly at effectiveFrom, and has nothing before the first version", () => {
    expect(priceInEffect([april, june], new Date("2024-06-06T01:23:52Z"))).toBe(june);
    expect(priceInEffect([april, june], new Date("2024-06-06T01:23:51.999Z"))).toBe(april);
    expect(priceInEffect([april, june], new Date("2024-01-01T00:00:00Z"))).toBeNull();
  });
});

describe("estimateCost", () => {
  const models = version("2025-03-17-3b898f73", "2025-03-17T23:57:06-07:00").models;

  it("prices each token kind at its own rate (Claude 3 Opus $15 in / $75 out / $1.50 cache read / $18.75 cache write)", () => {
    const opus = findPrice(models, "anthropic", "claude-3-opus-20240229")!;
    // 1M×15 + 0.2M×75 + 4M×1.5 + 0.1M×18.75 = 15 + 15 + 6 + 1.875
    const cost = estimateCost({ inputTokens: 1_000_000, outputTokens: 200_000, cachedInputTokens: 4_000_000, cacheWriteTokens: 100_000 }, opus);
    expect(cost.toFixed()).toBe("37.875");
  });

  it("bills cache tokens at the input price when the model lists no cache price", () => {
    const gpt4 = findPrice(models, "openai", "gpt-4-0613")!; // $30 / $60
    expect(estimateCost({ inputTokens: 0, outputTokens: 0, cachedInputTokens: 1_000_000 }, gpt4).toFixed()).toBe("30");
  });

  it("adds per-request and per-image prices and stays exact for tiny prices", () => {
    const price = { input: dec("0.02"), output: dec(0), cachedInput: null, cacheWrite: null, perRequest: dec("0.001"), perImage: dec("0.04") };
    // 123,457 × 0.02 / 10⁶ = 0.00246914; 3 × 0.001; 2 × 0.04
    expect(estimateCost({ inputTokens: 123_457, outputTokens: 0, requests: 3, images: 2 }, price).toFixed()).toBe("0.08546914");
  });
});

describe("priceChangeImpact", () => {
  const cut = diffCatalogs(
    version("2024-11-22-b993a71f", "2024-11-22T18:40:40+05:30").models,
    version("2025-02-16-bd790792", "2025-02-16T23:56:38-08:00").models,
    new Date("2025-02-17T07:56:38Z"),
  ).changes.find((c) => c.model === "mistral-large" && c.field === "input")!;

  it("prices the real Mistral Large input cut ($3 → $2) against each project's last 30 days", () => {
    const impact = priceChangeImpact(cut, [
      { projectId: "p1", projectName: "Search", usage: { inputTokens: 120_000_000, outputTokens: 9_000_000 } },
      { projectId: "p2", projectName: "Support bot", usage: { inputTokens: 5_000_000, outputTokens: 1_000_000 } },
      { projectId: "p3", projectName: "Embeddings only", usage: { inputTokens: 0, outputTokens: 0 } },
    ]);
    // 120M × (2 − 3) / 1M = −120; 5M × −1 / 1M = −5; p3 used no input tokens
    expect(impact.perProject.map((p) => [p.projectName, p.monthlyDelta.toFixed(2), p.sentence])).toEqual([
      ["Search", "-120.00", "-$120.00/month for project Search"],
      ["Support bot", "-5.00", "-$5.00/month for project Support bot"],
    ]);
    expect(impact.monthlyDelta.toFixed(2)).toBe("-125.00");
    expect(impact.sentence).toBe("mistral mistral-large input price $3.00 → $2.00 per 1M tokens: -$125.00/month across 2 projects");
  });

  it("says +$1,240.00/month for an increase, and scales a shorter window to 30 days", () => {
    const rise = { provider: "openai", model: "gpt-4o", field: "output" as const, oldValue: dec(10), newValue: dec(15), effectiveFrom: new Date() };
    // 248M output tokens × $5/1M = $1,240 over 30 days
    const month = priceChangeImpact(rise, [{ projectId: "x", projectName: "X", usage: { inputTokens: 0, outputTokens: 248_000_000 } }]);
    expect(month.perProject[0]!.sentence).toBe("+$1,240.00/month for project X");
    // the same tokens over 15 days is twice the monthly rate
    const fortnight = priceChangeImpact(rise, [{ projectId: "x", projectName: "X", usage: { inputTokens: 0, outputTokens: 248_000_000 } }], { windowDays: 15 });
    expect(fortnight.monthlyDelta.toFixed(2)).toBe("2480.00");
  });

  it("prices a newly listed cache price against the input price it replaces", () => {
    const change = { provider: "anthropic", model: "claude-3-opus", field: "cachedInput" as const, oldValue: null, newValue: dec("1.5"), effectiveFrom: new Date() };
    // before: cached tokens billed at $15 input; after: $1.50 → 10M × (1.5 − 15) / 1M = −135
    const impact = priceChangeImpact(change, [{ projectId: "a", projectName: "A", usage: { inputTokens: 0, outputTokens: 0, cachedInputTokens: 10_000_000 } }], { before: { input: dec(15) } });
    expect(impact.monthlyDelta.toFixed(2)).toBe("-135.00");
    expect(describePriceChange(change)).toBe("anthropic claude-3-opus cached-input price not listed → $1.50 per 1M tokens");
  });

  it("keeps sub-cent unit prices readable and says so when nobody uses the model", () => {
    const change = { provider: "google", model: "gemini-1.5-flash", field: "input" as const, oldValue: dec("0.35"), newValue: dec("0.075"), effectiveFrom: new Date() };
    expect(priceChangeImpact(change, []).sentence).toBe("google gemini-1.5-flash input price $0.35 → $0.075 per 1M tokens: no usage in the last 30 days");
  });
});
