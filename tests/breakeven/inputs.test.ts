import { describe, expect, it } from "vitest";
import { analyseBreakEven, type BreakEvenInput } from "@/lib/breakeven";
import { AppError } from "@/lib/errors";

const valid: BreakEvenInput = {
  workload: { basis: "tokens", monthlyTokens: { input: 1_000_000, output: 1_000_000 } },
  apiPrice: { inputPerMTok: 3, outputPerMTok: 15 },
  selfHost: {
    cost: { kind: "owned", purchasePricePerGpu: 30_000, amortisationMonths: 36 },
    power: { kind: "watts", wattsPerGpu: 700, pricePerKwh: "0.12", pue: "1.3" },
    throughput: { tokensPerSecondPerGpu: 2500, source: "measured" },
    targetUtilisation: "0.6",
  },
};

/** The field named by the BAD_INPUT error that analysing `input` throws. */
function badField(input: unknown): string | undefined {
  try {
    analyseBreakEven(input as BreakEvenInput, { includeSensitivity: false });
  } catch (e) {
    expect(e).toBeInstanceOf(AppError);
    expect((e as AppError).code).toBe("BAD_INPUT");
    return (e as AppError).details.issues?.[0]?.field;
  }
  throw new Error("expected BAD_INPUT, nothing was thrown");
}

describe("break-even input validation names the field", () => {
  it("accepts the valid input", () => {
    expect(() => analyseBreakEven(valid, { includeSensitivity: false })).not.toThrow();
  });

  it.each([
    ["a negative price", { ...valid, apiPrice: { inputPerMTok: -1, outputPerMTok: 15 } }, "apiPrice.inputPerMTok"],
    ["a price that is not a number", { ...valid, apiPrice: { inputPerMTok: "three", outputPerMTok: 15 } }, "apiPrice.inputPerMTok"],
    ["zero throughput", { ...valid, selfHost: { ...valid.selfHost, throughput: { tokensPerSecondPerGpu: 0 } } }, "selfHost.throughput.tokensPerSecondPerGpu"],
    ["utilisation of 0", { ...valid, selfHost: { ...valid.selfHost, targetUtilisation: 0 } }, "selfHost.targetUtilisation"],
    ["utilisation above 1", { ...valid, selfHost: { ...valid.selfHost, targetUtilisation: "1.2" } }, "selfHost.targetUtilisation"],
    ["a PUE below 1", { ...valid, selfHost: { ...valid.selfHost, power: { kind: "watts", wattsPerGpu: 700, pricePerKwh: 1, pue: "0.9" } } }, "selfHost.power.pue"],
    ["zero amortisation months", { ...valid, selfHost: { ...valid.selfHost, cost: { kind: "owned", purchasePricePerGpu: 1, amortisationMonths: 0 } } }, "selfHost.cost.amortisationMonths"],
    ["a negative hourly rate", { ...valid, selfHost: { ...valid.selfHost, cost: { kind: "cloud", hourlyRatePerGpu: -2 } } }, "selfHost.cost.hourlyRatePerGpu"],
    ["a fractional minimum of GPUs", { ...valid, selfHost: { ...valid.selfHost, minGpus: 1.5 } }, "selfHost.minGpus"],
    ["negative requests", { ...valid, workload: { basis: "requests", requestsPerMonth: -5, tokensPerRequest: { input: 1, output: 1 } } }, "workload.requestsPerMonth"],
    ["negative tokens", { ...valid, workload: { basis: "tokens", monthlyTokens: { input: -1, output: 1 } } }, "workload.monthlyTokens.input"],
    ["a misspelt field", { ...valid, selfHost: { ...valid.selfHost, fixedMontly: 5 } }, "selfHost"],
    ["a workload with no tokens at all", { ...valid, workload: { basis: "tokens", monthlyTokens: { input: 0, output: 0 } } }, "workload"],
  ])("refuses %s", (_what, input, field) => {
    expect(badField(input)).toBe(field);
  });
});
