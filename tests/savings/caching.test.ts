import { describe, expect, it } from "vitest";
import { Decimal } from "@/lib/money";
import { cachingOpportunity } from "@/lib/savings/caching";
import { BOOK, price, workload } from "./helpers";

describe("prompt caching", () => {
  it("OpenAI gpt-4o, 10M uncached input: 3M reads (reuse 2) → $3.75; 6M reads (reuse 10) → $7.50 (no write premium)", () => {
    // reads × (2.50 − 1.25) − writes × (2.50 − 2.50): 3 × 1.25 = 3.75; 6 × 1.25 = 7.50
    const o = cachingOpportunity(workload({ spend: new Decimal(25), tokensM: { input: 10 } }), BOOK)!;
    expect([o.saving.low.toFixed(2), o.saving.high.toFixed(2)]).toEqual(["3.75", "7.50"]);
  });

  it("Anthropic claude-sonnet-4 prices the cache write: high 6 × 2.70 − 0.6 × 0.75 = $15.75, low 3 × 2.70 − 1.5 × 0.75 = $6.975", () => {
    const o = cachingOpportunity(workload({ provider: "anthropic", model: "claude-sonnet-4", spend: new Decimal(30), tokensM: { input: 10 } }), BOOK)!;
    expect(o.saving.high.toFixed(2)).toBe("15.75");
    expect(o.saving.low.toFixed(2)).toBe("6.97"); // rounded down to the cent: a saving is never rounded up
    // A tool that ignored the cache-write premium would claim 6 × 2.70 = $16.20.
    expect(o.saving.high.lt(new Decimal("16.20"))).toBe(true);
  });

  it("uses Anthropic's 1.25 × input write price when the price book lists none", () => {
    const book = [price("anthropic", "claude-sonnet-4", "3", "15", "0.3", null)];
    const o = cachingOpportunity(workload({ provider: "anthropic", model: "claude-sonnet-4", spend: new Decimal(30), tokensM: { input: 10 } }), book)!;
    expect(o.saving.high.toFixed(2)).toBe("15.75");
    expect(o.assumptions.join(" ")).toMatch(/1\.25 × input/);
  });

  it("counts today's cached share: 20% cached of 10M → reads to 60% are 4M (high: 4 × 1.25 = $5.00)", () => {
    const o = cachingOpportunity(workload({ spend: new Decimal(25), tokensM: { input: 8, cachedInput: 2 } }), BOOK)!;
    expect(o.saving.high.toFixed(2)).toBe("5.00");
    expect(o.saving.low.toFixed(2)).toBe("1.25"); // (30% − 20%) × 10M = 1M × 1.25
  });

  it("finds nothing without a cache-read price or above the reachable share", () => {
    expect(cachingOpportunity(workload({ provider: "openai", model: "text-embedding-3-small", tokensM: { input: 10 } }), BOOK)).toBeNull();
    expect(cachingOpportunity(workload({ tokensM: { input: 3, cachedInput: 7 } }), BOOK)).toBeNull();
  });
});
