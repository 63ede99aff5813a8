import { describe, expect, it } from "vitest";
import { dec } from "@/lib/money";
import { findPrice } from "@/lib/pricing/catalog";
import { findRetirement, mergeRetirements, replacementCost, retiringWithin, type Retirement } from "@/lib/pricing/retirements";
import { bundledPriceCatalog } from "@/lib/pricing/snapshot";

const catalog = bundledPriceCatalog().models;

describe("mergeRetirements", () => {
  const merged = mergeRetirements(catalog);

  it("takes Anthropic's published date over the catalog's deprecation_date for Claude 3 Opus", () => {
    // The 2025-03-17 catalog says deprecation_date 2025-03-01; Anthropic's page says retired 2026-01-05.
    expect(catalog.find((m) => m.model === "claude-3-opus")!.deprecationDate).toBe("2025-03-01");
    const opus = findRetirement(merged, "anthropic", "anthropic/claude-3-opus-20240229")!;
    expect(opus.retiresAt.toISOString()).toBe("2026-01-05T00:00:00.000Z");
    expect(opus.deprecatedAt!.toISOString()).toBe("2025-06-30T00:00:00.000Z");
    expect(opus.replacement).toBe("claude-opus-4-1-20250805");
    expect(opus.source).toMatch(/^https:\/\/docs\.anthropic\.com\//);
  });

  it("keeps a catalog-only date, on every id the catalog model was built from", () => {
    const withDate = [{ ...catalog.find((m) => m.model === "gpt-4")!, deprecationDate: "2026-10-23", sourceIds: ["gpt-4", "gpt-4-0613"] }];
    const rows = mergeRetirements(withDate, []);
    expect(rows.map((r) => [r.model, r.retiresAt.toISOString().slice(0, 10), r.source])).toEqual([
      ["gpt-4", "2026-10-23", "catalog deprecation_date"],
      ["gpt-4-0613", "2026-10-23", "catalog deprecation_date"],
    ]);
  });

  it("cites a vendor URL for every maintained row", () => {
    for (const r of merged.filter((r) => r.source !== "catalog deprecation_date")) expect(r.source).toMatch(/^https:\/\//);
  });
});

describe("retiringWithin", () => {
  const rows: Retirement[] = [
    { provider: "openai", model: "a", deprecatedAt: null, retiresAt: new Date("2025-07-14T00:00:00Z"), replacement: null, source: "x" },
    { provider: "openai", model: "b", deprecatedAt: null, retiresAt: new Date("2025-06-06T00:00:00Z"), replacement: null, source: "x" },
    { provider: "openai", model: "c", deprecatedAt: null, retiresAt: new Date("2025-05-01T00:00:00Z"), replacement: null, source: "x" },
  ];

  it("lists the models retiring in the next N days, soonest first, with the days left", () => {
    const now = new Date("2025-05-15T12:00:00Z");
    expect(retiringWithin(rows, now, 30).map((r) => [r.model, r.daysLeft])).toEqual([["b", 22]]);
    expect(retiringWithin(rows, now, 60).map((r) => [r.model, r.daysLeft])).toEqual([
      ["b", 22],
      ["a", 60],
    ]);
    // "c" already retired: not "within"
    expect(retiringWithin(rows, now, 365).map((r) => r.model)).not.toContain("c");
  });

  it("finds the GPT-4.5 preview shutdown from the maintained table 30 days ahead", () => {
    const soon = retiringWithin(mergeRetirements(catalog), new Date("2025-06-20T00:00:00Z"), 30);
    expect(soon.map((r) => [r.model, r.retiresAt.toISOString().slice(0, 10), r.replacement])).toEqual([
      ["gpt-4.5-preview", "2025-07-14", "gpt-4.1"],
      ["gpt-4.5-preview-2025-02-27", "2025-07-14", "gpt-4.1"],
    ]);
  });
});

describe("replacementCost", () => {
  it("prices a month of Claude 3 Opus usage on a cheaper replacement", () => {
    const opus = findPrice(catalog, "anthropic", "claude-3-opus-20240229")!; // $15 / $75
    const target = { input: dec(3), output: dec(15), cachedInput: dec("0.3"), cacheWrite: dec("3.75"), perRequest: null, perImage: null };
    // current: 10M×15 + 2M×75 = 150 + 150 = 300; replacement: 10M×3 + 2M×15 = 30 + 30 = 60
    const r = replacementCost({ inputTokens: 10_000_000, outputTokens: 2_000_000 }, opus, target);
    expect([r.current.toFixed(2), r.replacement.toFixed(2), r.delta.toFixed(2)]).toEqual(["300.00", "60.00", "-240.00"]);
  });
});
