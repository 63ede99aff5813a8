import { describe, expect, it } from "vitest";
import { Decimal } from "@/lib/money";
import { batchOpportunity, offHoursShare } from "@/lib/savings/batch";
import { BOOK, workload } from "./helpers";

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
