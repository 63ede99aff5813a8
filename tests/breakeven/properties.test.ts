import { describe, expect, it } from "vitest";
import { dec, Decimal } from "@/lib/money";
import { mulberry32 } from "@/lib/random";
import {
  apiMonthlyCost,
  breakEvenVolume,
  buildModel,
  costsAtVolume,
  gpuMonthlyCapacity,
  parseBreakEvenInput,
  selfHostMonthlyCost,
  type BreakEvenInputs,
  type SelfHostOption,
} from "@/lib/breakeven";

// Property tests over ~500 seeded random cases each: the same seed gives the same cases, so a
// failure names a case that can be replayed.

const prng = mulberry32;

const CASES = 500;

function randomCase(rand: () => number): BreakEvenInputs {
  const int = (lo: number, hi: number) => lo + Math.floor(rand() * (hi - lo + 1));
  // A decimal with `dp` places between lo and hi, built from integers so it is exact.
  const decimal = (lo: number, hi: number, dp = 2) => dec(int(lo * 10 ** dp, hi * 10 ** dp)).div(10 ** dp);
  const owned = rand() < 0.5;
  const input = {
    workload:
      rand() < 0.5
        ? { basis: "tokens" as const, monthlyTokens: { input: int(1, 5e9), output: int(0, 2e9), cachedInput: int(0, 1e9) } }
        : { basis: "requests" as const, requestsPerMonth: int(1, 1e7), tokensPerRequest: { input: int(1, 4000), output: int(1, 2000) } },
    apiPrice: { inputPerMTok: decimal(0, 20), outputPerMTok: decimal(0, 80), cachedInputPerMTok: rand() < 0.5 ? decimal(0, 5) : undefined },
    selfHost: {
      cost: owned
        ? {
            kind: "owned" as const,
            purchasePricePerGpu: decimal(0, 40_000),
            machinePrice: decimal(0, 30_000),
            gpusPerMachine: int(1, 8),
            otherCapex: decimal(0, 10_000),
            amortisationMonths: int(1, 60),
            residualShare: decimal(0, 1),
          }
        : { kind: "cloud" as const, hourlyRatePerGpu: decimal(0, 10, 3) },
      power:
        rand() < 0.5
          ? { kind: "watts" as const, wattsPerGpu: int(0, 1000), pricePerKwh: decimal(0, 1, 3), pue: decimal(1, 2) }
          : { kind: "monthlyAmount" as const, perGpuPerMonth: decimal(0, 500) },
      staff: { fteShare: decimal(0, 1), annualCost: decimal(0, 200_000) },
      fixedMonthly: decimal(0, 5_000),
      throughput: { tokensPerSecondPerGpu: decimal(0.5, 5_000, 1) },
      targetUtilisation: decimal(0.01, 1),
      minGpus: int(0, 4),
    },
    maxMonthlyTokens: "1e13",
  };
  return parseBreakEvenInput(input);
}

function eachCase(seed: number, check: (c: BreakEvenInputs, rand: () => number, i: number) => void) {
  const rand = prng(seed);
  for (let i = 0; i < CASES; i++) check(randomCase(rand), rand, i);
}

/** A random whole volume up to about 20 GPUs' worth. */
function randomVolume(option: SelfHostOption, rand: () => number): Decimal {
  return gpuMonthlyCapacity(option).times(20).times(rand()).floor();
}

describe("break-even properties", () => {
  it("costs are never negative", () => {
    eachCase(1, (c, rand) => {
      const { model } = buildModel(c);
      const at = costsAtVolume(model, randomVolume(c.selfHost, rand));
      expect(at.api.gte(0)).toBe(true);
      for (const part of [at.selfHost.total, at.selfHost.running, at.selfHost.capex, at.selfHost.amortisedCapex]) expect(part.gte(0)).toBe(true);
    });
  });

  it("at the break-even volume self-host ≤ API, and at every smaller volume tried the API is cheaper", () => {
    let found = 0;
    eachCase(2, (c, rand, i) => {
      const { model } = buildModel(c);
      const be = breakEvenVolume(model, c.maxMonthlyTokens);
      if (be.tokens === null) return;
      found++;
      const at = costsAtVolume(model, be.tokens);
      expect(at.selfHost.total.lte(at.api), `case ${i} at ${be.tokens}`).toBe(true);
      if (be.tokens.isZero()) return;
      // One token below, the previous step's last volume, and a few random volumes below.
      const capacity = gpuMonthlyCapacity(c.selfHost);
      const below = [be.tokens.minus(1), capacity.times(be.gpus! - 1).floor()];
      for (let j = 0; j < 5; j++) below.push(be.tokens.times(rand()).floor());
      for (const v of below.filter((v) => v.gte(0) && v.lt(be.tokens!))) {
        const b = costsAtVolume(model, v);
        expect(b.api.lt(b.selfHost.total), `case ${i} below at ${v}`).toBe(true);
      }
    });
    expect(found).toBeGreaterThan(100); // the property was exercised, not skipped
  });

  it("the requests break-even is the first whole request at or past a winning volume", () => {
    eachCase(3, (c, _rand, i) => {
      const { model } = buildModel(c);
      if (!model.tokensPerRequest) return;
      const be = breakEvenVolume(model, c.maxMonthlyTokens);
      if (be.requests === null || be.requests.isZero()) return;
      const at = costsAtVolume(model, be.requests.times(model.tokensPerRequest));
      const before = costsAtVolume(model, be.requests.minus(1).times(model.tokensPerRequest));
      expect(at.selfHost.total.lte(at.api), `case ${i}`).toBe(true);
      expect(before.api.lt(before.selfHost.total), `case ${i}`).toBe(true);
    });
  });

  it("more throughput never raises self-host cost", () => {
    eachCase(4, (c, rand) => {
      const volume = randomVolume(c.selfHost, rand);
      const faster: SelfHostOption = {
        ...c.selfHost,
        throughput: { ...c.selfHost.throughput, tokensPerSecondPerGpu: c.selfHost.throughput.tokensPerSecondPerGpu.times(1 + rand() * 3) },
      };
      expect(selfHostMonthlyCost(faster, volume).total.lte(selfHostMonthlyCost(c.selfHost, volume).total)).toBe(true);
    });
  });

  it("API cost never falls when any one price rises", () => {
    eachCase(5, (c, rand) => {
      const { monthly } = buildModel(c);
      const base = apiMonthlyCost(monthly, c.apiPrice);
      for (const key of ["inputPerMTok", "outputPerMTok", "cachedInputPerMTok", "cacheWritePerMTok"] as const) {
        const raised = { ...c.apiPrice, [key]: (c.apiPrice[key] ?? c.apiPrice.inputPerMTok).plus(dec(rand() * 10).toDecimalPlaces(4)) };
        expect(apiMonthlyCost(monthly, raised).gte(base), key).toBe(true);
      }
    });
  });

  it("self-host cost never falls when the GPU price or the power price rises", () => {
    eachCase(6, (c, rand) => {
      const volume = randomVolume(c.selfHost, rand);
      const base = selfHostMonthlyCost(c.selfHost, volume).total;
      const more = dec(rand() * 1000).toDecimalPlaces(3);
      const o = c.selfHost;
      const dearerGpu: SelfHostOption =
        o.cost.kind === "owned"
          ? { ...o, cost: { ...o.cost, purchasePricePerGpu: o.cost.purchasePricePerGpu.plus(more) } }
          : { ...o, cost: { ...o.cost, hourlyRatePerGpu: o.cost.hourlyRatePerGpu.plus(more) } };
      const dearerPower: SelfHostOption =
        o.power.kind === "watts"
          ? { ...o, power: { ...o.power, pricePerKwh: o.power.pricePerKwh.plus(more) } }
          : { ...o, power: { ...o.power, perGpuPerMonth: o.power.perGpuPerMonth.plus(more) } };
      expect(selfHostMonthlyCost(dearerGpu, volume).total.gte(base)).toBe(true);
      expect(selfHostMonthlyCost(dearerPower, volume).total.gte(base)).toBe(true);
    });
  });
});
