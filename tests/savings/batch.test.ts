import { describe, expect, it } from "vitest";
import { Decimal } from "@/lib/money";
import { batchOpportunity, offHoursShare } from "@/lib/savings/batch";
import { BOOK, price, workload } from "./helpers";

// gpt-4o at $2.50 in / $10 out per 1M: 10M input + 2M output = $25 + $20 = $45 at list prices.
describe("batch API", () => {
  it("prices a project that tolerates delay at the 50% batch discount: 50%–100% of $45 × 50%", () => {
    const o = batchOpportunity(workload({ toleratesDelay: true, spend: new Decimal(45), tokensM: { input: 10, output: 2 } }), BOOK)!;
    expect(o.saving.low.toFixed(2)).toBe("11.25");
    expect(o.saving.high.toFixed(2)).toBe("22.50");
    expect(o.evidence[0]!.href).toBe("/o/spend?x");
    // "model it": the same model at half price, nothing stays on the original at the high end
    expect(o.scenario).toMatchObject({ target: "api", targetModel: "gpt-4o", targetInput: "1.25", targetOutput: "5", stayPct: "0" });
  });

  it("detects off-hours traffic from per-request events: 60% off-hours → 30%–60% of $45 × 50%", () => {
    const h = (hour: string, input: number) => ({ hour, input: new Decimal(input), output: new Decimal(0) });
    // 2026-11-28 is a Saturday; 2026-11-30 10:00 is a Monday business hour
    const hourly = [h("2026-11-28T01:00:00.000Z", 200), h("2026-11-28T02:00:00.000Z", 200), h("2026-11-28T03:00:00.000Z", 200), h("2026-11-30T10:00:00.000Z", 400)];
    expect(offHoursShare(hourly)!.toString()).toBe("0.6");
    const o = batchOpportunity(workload({ hourly, spend: new Decimal(45), tokensM: { input: 10, output: 2 } }), BOOK)!;
    expect([o.saving.low.toFixed(2), o.saving.high.toFixed(2)]).toEqual(["6.75", "13.50"]);
    expect(o.scenario!.stayPct).toBe("40");
  });

  it("finds nothing for business-hours traffic without the project setting, or for a provider without a batch price", () => {
    const hourly = [{ hour: "2026-11-30T10:00:00.000Z", input: new Decimal(1000), output: new Decimal(0) }];
    expect(batchOpportunity(workload({ hourly, tokensM: { input: 10 } }), BOOK)).toBeNull();
    expect(batchOpportunity(workload({ provider: "deepseek", model: "deepseek-chat", toleratesDelay: true, tokensM: { input: 10 } }), BOOK)).toBeNull();
  });

  it("never claims more than was billed: list cost is capped at the spend", () => {
    const o = batchOpportunity(workload({ toleratesDelay: true, spend: new Decimal(10), tokensM: { input: 10, output: 2 } }), BOOK)!;
    expect(o.saving.high.toFixed(2)).toBe("5.00"); // 100% × min($45, $10) × 50%
  });
});

describe("batch API at the price book's own batch prices", () => {
  it("uses LiteLLM's *_cost_per_token_batches when listed: mistral-large $2/$6, batch $1/$3 → 50%: $8–$16 of $32", () => {
    const book = [{ ...price("mistral", "mistral-large", "2", "6"), batchInput: new Decimal(1), batchOutput: new Decimal(3) }];
    const o = batchOpportunity(workload({ provider: "mistral", model: "mistral-large", toleratesDelay: true, spend: new Decimal(32), tokensM: { input: 10, output: 2 } }), book)!;
    expect([o.saving.low.toFixed(2), o.saving.high.toFixed(2)]).toEqual(["8.00", "16.00"]);
    expect(o.assumptions.join(" ")).toMatch(/price book's batch prices \(\$1 in \/ \$3 out per 1M\)/);
  });

  it("text-embedding-3-small as in the LiteLLM fixture (2e-08 list, 1e-08 batch per token): 400M tokens = $8, batch saves $2–$4", () => {
    // tests/fixtures/prices/model_prices.2025-03-17-3b898f73.trimmed.json: input_cost_per_token 2e-08, input_cost_per_token_batches 1e-08
    const book = [{ ...price("openai", "text-embedding-3-small", "0.02", "0", null, null, "embedding"), batchInput: new Decimal("0.01"), batchOutput: new Decimal(0) }];
    const o = batchOpportunity(workload({ model: "text-embedding-3-small", toleratesDelay: true, spend: new Decimal(8), tokensM: { input: 400 } }), book)!;
    expect([o.saving.low.toFixed(2), o.saving.high.toFixed(2)]).toEqual(["2.00", "4.00"]);
  });
});
