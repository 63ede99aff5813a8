import { describe, expect, it } from "vitest";
import { dec } from "@/lib/money";
import { apiMonthlyCost, parseApiPrice, parseSelfHostOption, selfHostCostForGpus } from "@/lib/breakeven";
import { ASSUMED_OPTIONS, blendApiPrices, selfHostFromPool } from "@/lib/breakeven/defaults";
import { poolCostForPeriod } from "@/lib/gpu/cost";

// The demo's pool: 4 owned GPUs bought for $48,000, 36 months, $4,800 resale; $0.14/kWh, PUE 1.3;
// a tenth of a $160,000 engineer.
const pool = {
  costModel: "OWNED" as const, gpuCount: 4, hourlyRatePerGpu: null, purchasePrice: "48000", amortisationMonths: 36, residualValue: "4800",
  powerPricePerKwh: "0.14", pue: "1.3", staffFteShare: "0.1", staffAnnualCost: "160000",
};

describe("a GPU pool as a self-host option", () => {
  it("splits the pool's price per GPU: $48,000 ÷ 4 = $12,000, resale 4,800 ÷ 48,000 = 0.1", () => {
    const o = selfHostFromPool(pool, { tokensPerSecondPerGpu: dec("2400"), avgWattsPerGpu: dec("350") });
    expect(o.cost).toEqual({ kind: "owned", purchasePricePerGpu: "12000", amortisationMonths: 36, residualShare: "0.1" });
    expect(o.power).toEqual({ kind: "watts", wattsPerGpu: "350", pricePerKwh: "0.14", pue: "1.3" });
    expect(o.throughput).toEqual({ tokensPerSecondPerGpu: "2400", source: "measured" });
  });

  it("at the pool's own 4 GPUs the model costs what lib/gpu/cost says the pool costs for 730 hours", () => {
    const option = parseSelfHostOption(selfHostFromPool(pool, { tokensPerSecondPerGpu: dec("2400"), avgWattsPerGpu: dec("350") }));
    const model = selfHostCostForGpus(option, 4);
    // hardware (48,000 − 4,800) ÷ 36 = 1,200; energy 4 × 0.35 kW × 730 h = 1,022 kWh × 1.3 × 0.14 = 186.004;
    // staff 0.1 × 160,000 ÷ 12 = 1,333.33…
    const measured = poolCostForPeriod(pool, { hours: 730, energyKwh: "1022" });
    expect(model.amortisedCapex.toString()).toBe("1200");
    expect(model.power.toString()).toBe("186.004");
    expect(model.total.toDecimalPlaces(10).toString()).toBe(measured.total.toDecimalPlaces(10).toString());
  });

  it("falls back to stated assumptions without measurements, and reads a cloud pool's hourly rate", () => {
    const o = selfHostFromPool({ ...pool, costModel: "CLOUD", hourlyRatePerGpu: "2.00" }, { tokensPerSecondPerGpu: null, avgWattsPerGpu: null });
    expect(o.cost).toEqual({ kind: "cloud", hourlyRatePerGpu: "2" });
    expect(o.throughput).toEqual({ tokensPerSecondPerGpu: "1000", source: "assumed" });
    expect(o.power).toMatchObject({ wattsPerGpu: "350" });
  });

  it("every assumed option is a valid input of the engine", () => {
    for (const a of ASSUMED_OPTIONS) expect(() => parseSelfHostOption(a.option)).not.toThrow();
  });
});

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
