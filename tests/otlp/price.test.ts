import { describe, expect, it } from "vitest";
import { mulberry32 } from "@/lib/random";
import { dec } from "@/lib/money";
import { estimateCost } from "@/lib/pricing/estimate";
import { costFromScaledRates, scaledRates } from "@/lib/otlp/price";

const version = (input: string, output: string, cachedInput: string | null, cacheWrite: string | null, perRequest: string | null) => ({
  id: "v", provider: "openai", model: "m", source: "test", effectiveFrom: new Date("2026-01-01T00:00:00Z"),
  input: dec(input), output: dec(output), cachedInput: cachedInput ? dec(cachedInput) : null, cacheWrite: cacheWrite ? dec(cacheWrite) : null, perRequest: perRequest ? dec(perRequest) : null, perImage: null,
});

describe("span cost in integers", () => {
  it("is estimateCost rounded half up to 10 decimals, for random usage and prices", () => {
    const rand = mulberry32(7);
    const prices = [version("2.5", "10", "1.25", null, null), version("0.15", "0.6", null, null, null), version("3", "15", "0.3", "3.75", "0.0001"), version("0.0375", "0.15", "0.01875", null, null)];
    for (let i = 0; i < 2000; i++) {
      const v = prices[i % prices.length]!;
      const usage = { inputTokens: BigInt(Math.floor(rand() * 2e6)), outputTokens: BigInt(Math.floor(rand() * 1e5)), cachedInputTokens: BigInt(Math.floor(rand() * 1e5)), cacheWriteTokens: BigInt(Math.floor(rand() * 5e4)) };
      expect(costFromScaledRates(usage, scaledRates(v)!).toFixed(10)).toBe(estimateCost({ ...usage, requests: 1n }, v).toDecimalPlaces(10).toFixed(10));
    }
  });

  it("worked example: 600 input, 400 cached, 200 output at $2 / $0.50 / $8 per 1M = 0.0012 + 0.0002 + 0.0016 = 0.003", () => {
    expect(costFromScaledRates({ inputTokens: 600n, cachedInputTokens: 400n, outputTokens: 200n, cacheWriteTokens: 0n }, scaledRates(version("2", "8", "0.5", null, null))!).toString()).toBe("0.003");
  });

  it("prices with more than 12 decimals are left to estimateCost", () => {
    expect(scaledRates(version("0.0000000000001", "1", null, null, null))).toBeNull();
  });
});
