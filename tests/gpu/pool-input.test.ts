import { describe, expect, it } from "vitest";
import { AppError } from "@/lib/errors";
import { normaliseSourceUrl, poolColumns, validatePoolInput } from "@/lib/gpu/pool-input";

const OWNED = { name: "On-prem", gpuModel: "L40S", gpuCount: "4", costModel: "OWNED", purchasePrice: "48000", amortisationMonths: "36", residualValue: "4800", powerPricePerKwh: "0.14", pue: "1.3", staffFteShare: "0.1", staffAnnualCost: "160000" };

function issues(input: unknown) {
  try {
    validatePoolInput(input);
  } catch (e) {
    if (e instanceof AppError) return Object.fromEntries((e.details.issues ?? []).map((i) => [i.field, i.message]));
    throw e;
  }
  return {};
}

describe("validatePoolInput", () => {
  it("a form's strings become columns; the cloud columns of an owned pool are null; defaults apply", () => {
    expect(poolColumns(validatePoolInput(OWNED))).toEqual({
      name: "On-prem", gpuModel: "L40S", comparableProvider: null, comparableModel: null, idleUtilisationPct: "10", scrapeIntervalSeconds: 60,
      gpuCount: 4, costModel: "OWNED", pricingTerm: null, hourlyRatePerGpu: null, purchasePrice: "48000", amortisationMonths: 36, residualValue: "4800",
      powerPricePerKwh: "0.14", pue: "1.3", staffFteShare: "0.1", staffAnnualCost: "160000",
    });
  });
  it("names every bad field at once: negative price, zero GPUs, 0 months, half a comparable model", () => {
    expect(issues({ ...OWNED, name: "", gpuCount: 0, purchasePrice: "-1", residualValue: "0", amortisationMonths: 0, comparableModel: "gpt-4o", scrapeIntervalSeconds: 7200 })).toEqual({
      name: "is required",
      comparableProvider: "give both the provider and the model of the comparable API, or neither",
      scrapeIntervalSeconds: "must be at most 3600 seconds",
      gpuCount: "must be at least 1 GPU",
      purchasePrice: "must not be negative",
      amortisationMonths: "must be at least 1 month",
      residualValue: "must not exceed the purchase price",
    });
    expect(issues({ name: "x", gpuModel: "y", costModel: "CLOUD", gpuCount: 1, powerPricePerKwh: "0.1", pue: "1", staffFteShare: "0", staffAnnualCost: "0" })).toEqual({ hourlyRatePerGpu: "is required" });
  });
});

describe("normaliseSourceUrl", () => {
  it("a Prometheus URL pasted with its API path becomes the base URL; a /metrics URL is kept", () => {
    expect(normaliseSourceUrl("PROMETHEUS_API", "http://prom:9090/api/v1/query_range")).toBe("http://prom:9090");
    expect(normaliseSourceUrl("PROMETHEUS_API", "https://mon.example/prometheus/")).toBe("https://mon.example/prometheus");
    expect(normaliseSourceUrl("PROMETHEUS_TEXT", "http://node-1:9400/metrics")).toBe("http://node-1:9400/metrics");
  });
});
