import { describe, expect, it } from "vitest";
import { Decimal } from "@/lib/money";
import { pricesInEffect, resolveCatalogModel, versionForDay, type StoredPriceVersion } from "@/lib/pricing/price-book";

// Which stored version prices a usage row: the name resolved (exact dated id, else canonical), then per
// source in priority order the version in effect on the day. Prices from the real catalogs in the fixtures.

const v = (id: string, source: string, model: string, from: string, input: string): StoredPriceVersion => ({
  id, provider: "openai", model, source, effectiveFrom: new Date(from), input: new Decimal(input), output: new Decimal(input).times(4), cachedInput: null, cacheWrite: null, perRequest: null, perImage: null,
});
// gpt-4o at $2.50 and its 2024-05-13 snapshot still at $5 (catalog.ts keeps it as its own model)
const versions = [
  v("l1", "litellm", "gpt-4o", "2024-08-06T00:00:00Z", "2.5"),
  v("l2", "litellm", "gpt-4o-2024-05-13", "2024-05-13T00:00:00Z", "5"),
  v("o1", "openrouter", "gpt-4o", "2024-06-01T00:00:00Z", "5"),
  v("d1", "demo", "gpt-4o", "2024-01-01T00:00:00Z", "9"),
];

describe("price book", () => {
  it("resolves a usage name to the catalog model: exact snapshot first, else canonical", () => {
    const names = new Set(["gpt-4o", "gpt-4o-2024-05-13"]);
    expect(resolveCatalogModel(names, "gpt-4o-2024-05-13")).toBe("gpt-4o-2024-05-13");
    expect(resolveCatalogModel(names, "openai/gpt-4o-2024-08-06")).toBe("gpt-4o");
    expect(resolveCatalogModel(names, "gpt-4o-latest")).toBe("gpt-4o");
    expect(resolveCatalogModel(names, "gpt-4.1")).toBeNull();
  });

  it("prefers the LiteLLM chain, then OpenRouter, then demo, each in effect on the day", () => {
    expect(versionForDay(versions, "openai", "gpt-4o-2024-08-06", new Date("2024-09-01T00:00:00Z"))?.id).toBe("l1");
    // before LiteLLM's first gpt-4o version, OpenRouter's applies; before that, the demo's
    expect(versionForDay(versions, "openai", "gpt-4o", new Date("2024-07-01T00:00:00Z"))?.id).toBe("o1");
    expect(versionForDay(versions, "openai", "gpt-4o", new Date("2024-02-01T00:00:00Z"))?.id).toBe("d1");
    expect(versionForDay(versions, "openai", "gpt-4o", new Date("2023-12-31T00:00:00Z"))).toBeNull();
    expect(versionForDay(versions, "anthropic", "gpt-4o", new Date("2024-09-01T00:00:00Z"))).toBeNull();
    expect(versionForDay(versions, "openai", "gpt-4o-2024-05-13", new Date("2024-09-01T00:00:00Z"))?.input.toString()).toBe("5");
  });

  it("lists one price per model in effect now", () => {
    expect(pricesInEffect(versions, new Date("2024-09-01T00:00:00Z")).map((p) => `${p.model}:${p.id}`)).toEqual(["gpt-4o:l1", "gpt-4o-2024-05-13:l2"]);
  });
});
