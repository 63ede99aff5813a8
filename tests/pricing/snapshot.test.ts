import { readFileSync } from "node:fs";
import { describe, expect, it } from "vitest";
import { parseLiteLlmCatalog } from "@/lib/pricing/litellm";
import { deserialiseCatalog, serialiseCatalog } from "@/lib/pricing/serialise";
import { BUNDLED_CATALOG_PROVENANCE, bundledPriceCatalog } from "@/lib/pricing/snapshot";

describe("bundled price snapshot", () => {
  const bundled = bundledPriceCatalog();

  it("is the newest fixture version (tokencost 3b898f73, 2025-03-17), with its provenance", () => {
    expect(bundled.source).toBe("litellm");
    expect(bundled.revision).toBe("3b898f733678f1dca82e07fb2fb32605f6c0e4c2");
    expect(bundled.effectiveFrom.toISOString()).toBe("2025-03-18T06:57:06.000Z"); // 2025-03-17T23:57:06-07:00
    expect(BUNDLED_CATALOG_PROVENANCE.notes.upstream).toMatch(/BerriAI\/litellm/);
  });

  it("holds exactly what parsing that fixture gives (regenerate with npx tsx lib/pricing/build-snapshot.ts)", () => {
    const text = readFileSync(new URL("../fixtures/prices/model_prices.2025-03-17-3b898f73.trimmed.json", import.meta.url), "utf8");
    const fresh = serialiseCatalog({ ...bundled, models: parseLiteLlmCatalog(text).models });
    expect(serialiseCatalog(bundled)).toEqual(fresh);
    expect(bundled.models.find((m) => m.model === "mistral-small")!.input.toFixed()).toBe("0.1");
  });

  it("refuses a hand-edited price that is not a decimal string, naming the field", () => {
    const json = serialiseCatalog(bundled);
    json.models[0]!.input = "3e-06";
    expect(() => deserialiseCatalog(json)).toThrow(/models\.\[?0\]?\.input|models\[0\]\.input/);
  });
});
