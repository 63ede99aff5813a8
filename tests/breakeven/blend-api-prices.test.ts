import { describe, expect, it } from "vitest";
import { dec } from "@/lib/money";
import { apiMonthlyCost, parseApiPrice } from "@/lib/breakeven";
import { blendApiPrices } from "@/lib/breakeven/blend-api-prices";

describe("one API price for a group of models", () => {
  const tokens = (input: number, output: number, cachedInput = 0) => ({ input: dec(input), output: dec(output), cachedInput: dec(cachedInput), cacheWrite: dec(0) });
  const a = { tokens: tokens(100, 50), price: parseApiPrice({ inputPerMTok: "1", outputPerMTok: "2" }) };
  const b = { tokens: tokens(300, 0, 40), price: parseApiPrice({ inputPerMTok: "5", outputPerMTok: "10", cachedInputPerMTok: "2" }) };

  it("weights each kind's price by tokens: input (100 × 1 + 300 × 5) ÷ 400 = 4, output 100 ÷ 50 = 2, cached 80 ÷ 40 = 2", () => {
    const { price, unpriced } = blendApiPrices([a, b]);
    expect(unpriced).toBe(0);
    expect([price!.inputPerMTok.toString(), price!.outputPerMTok.toString(), price!.cachedInputPerMTok!.toString()]).toEqual(["4", "2", "2"]);
  });

  it("so the group's API cost is exactly the sum of its models' costs", () => {
    const { price } = blendApiPrices([a, b]);
    const all = tokens(400, 50, 40);
    expect(apiMonthlyCost(all, price!).toString()).toBe(apiMonthlyCost(a.tokens, a.price).plus(apiMonthlyCost(b.tokens, b.price)).toString());
  });

  it("leaves out and counts models without a price; none priced gives none", () => {
    expect(blendApiPrices([a, { tokens: tokens(1, 1), price: null }])).toEqual({ price: a.price, unpriced: 1 });
    expect(blendApiPrices([{ tokens: tokens(1, 1), price: null }])).toEqual({ price: null, unpriced: 1 });
  });
});
