import { describe, expect, it } from "vitest";
import { dec, Decimal } from "@/lib/money";
import { breakEvenVolume, buildModel, parseBreakEvenInput, type BreakEvenInputs } from "@/lib/breakeven";
import { mulberry32 } from "@/lib/random";

// The break-even volume moves the right way when a price moves (seeded random cases, replayable):
// a dearer API can only bring it closer (every volume that won still wins), a dearer GPU or
// dearer power can only push it out (every volume that lost still loses). "Never" counts as
// beyond every volume.

const prng = mulberry32;

function randomCase(rand: () => number): BreakEvenInputs {
  const int = (lo: number, hi: number) => lo + Math.floor(rand() * (hi - lo + 1));
  const money = (lo: number, hi: number) => dec(int(lo * 100, hi * 100)).div(100);
  const owned = rand() < 0.5;
  return parseBreakEvenInput({
    workload: { basis: "tokens", monthlyTokens: { input: int(1, 5e9), output: int(0, 2e9) } },
    apiPrice: { inputPerMTok: money(0.01, 20), outputPerMTok: money(0, 80) },
    selfHost: {
      cost: owned ? { kind: "owned", purchasePricePerGpu: money(0, 40_000), machinePrice: money(0, 20_000), gpusPerMachine: int(1, 8), amortisationMonths: int(1, 60) } : { kind: "cloud", hourlyRatePerGpu: money(0, 10) },
      power: { kind: "watts", wattsPerGpu: int(0, 1000), pricePerKwh: money(0, 1), pue: money(1, 2) },
      staff: { fteShare: money(0, 1), annualCost: money(0, 200_000) },
      throughput: { tokensPerSecondPerGpu: money(1, 5_000) },
      targetUtilisation: money(0.05, 1),
    },
    maxMonthlyTokens: "1e13",
  });
}

const breakEven = (c: BreakEvenInputs) => breakEvenVolume(buildModel(c).model, c.maxMonthlyTokens).tokens;
/** a ≤ b where null (never) is larger than any volume. */
const noLater = (a: Decimal | null, b: Decimal | null) => b === null || (a !== null && a.lte(b));

describe("break-even is monotone in prices", () => {
  it("a dearer API never moves the break-even further out", () => {
    const rand = prng(21);
    for (let i = 0; i < 400; i++) {
      const c = randomCase(rand);
      const factor = dec(1 + rand() * 2).toDecimalPlaces(3);
      const dearer = { ...c, apiPrice: { ...c.apiPrice, inputPerMTok: c.apiPrice.inputPerMTok.times(factor), outputPerMTok: c.apiPrice.outputPerMTok.times(factor) } };
      expect(noLater(breakEven(dearer), breakEven(c)), `case ${i}`).toBe(true);
    }
  });

  it("a dearer GPU, or dearer electricity, never brings the break-even closer", () => {
    const rand = prng(22);
    for (let i = 0; i < 400; i++) {
      const c = randomCase(rand);
      const more = dec(rand() * 500).toDecimalPlaces(2);
      const o = c.selfHost;
      const dearerGpu = { ...c, selfHost: { ...o, cost: o.cost.kind === "owned" ? { ...o.cost, purchasePricePerGpu: o.cost.purchasePricePerGpu.plus(more) } : { ...o.cost, hourlyRatePerGpu: o.cost.hourlyRatePerGpu.plus(more.div(100)) } } };
      const dearerPower = { ...c, selfHost: { ...o, power: o.power.kind === "watts" ? { ...o.power, pricePerKwh: o.power.pricePerKwh.plus(more.div(1000)) } : o.power } };
      expect(noLater(breakEven(c), breakEven(dearerGpu)), `case ${i} gpu`).toBe(true);
      expect(noLater(breakEven(c), breakEven(dearerPower)), `case ${i} power`).toBe(true);
    }
  });
});
