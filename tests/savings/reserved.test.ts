import { describe, expect, it } from "vitest";
import { Decimal } from "@/lib/money";
import { reservedCapacityOpportunity } from "@/lib/savings/reserved";
import { RESERVED_OFFERINGS, reservedTermsFor } from "@/lib/savings/reserved-prices";
import { BOOK, price, workload } from "./helpers";

const Q = "azure-ptu-regional-monthly";

describe("reserved capacity", () => {
  it("the cited table carries Azure's gpt-4o sizing (2,500 input TPM per PTU, minimum 50) and a dated price", () => {
    const t = reservedTermsFor("openai", "gpt-4o-2024-08-06")!;
    expect(t.offering.id).toBe(Q);
    expect(t.sizing).toEqual({ inputTpmPerUnit: "2500", minUnits: 50, increment: 50 });
    expect(t.unitPricePerMonth).toBe("260");
    for (const o of RESERVED_OFFERINGS) expect(o.asOf).toMatch(/^\d{4}-\d{2}-\d{2}$/);
  });

  it("one day, 23 hours at 30,000 tokens and one at 90,000 ($1.95 at $2.50/1M); a quote of $0.50 per unit of 500 TPM: 1 unit + overflow $0.65 beats 3 units $1.50", () => {
    const hourly = Array.from({ length: 24 }, (_, i) => ({ hour: new Date(Date.UTC(2026, 10, 30, i)).toISOString(), input: new Decimal(i === 12 ? 90_000 : 30_000), output: new Decimal(0) }));
    const w = workload({ from: "2026-11-30", to: "2026-11-30", days: 1, hourly, spend: new Decimal("1.95"), tokensM: { input: 0.78 } });
    const o = reservedCapacityOpportunity(w, BOOK, { [Q]: { unitPricePerMonth: "0.5", inputTpmPerUnit: "500", minUnits: "1", increment: "1" } })!;
    // payg 1.95; cost(1) = 0.50 + 60,000 overflow × $0.0000025 = 0.65; cost(3) (the peak's) = 1.50
    expect([o.saving.low.toFixed(2), o.saving.high.toFixed(2)]).toEqual(["0.45", "1.30"]);
    expect(o.detail).toMatchObject({ status: "saves", units: 1, unitsAtPeak: 3, loadSource: "events" });
    // break-even utilisation = 0.50 ÷ (30,000 tokens/h × 24 h × $0.0000025) = 27.78 %
    expect(new Decimal(o.detail!.breakEvenUtilisation as string).toDecimalPlaces(4).toString()).toBe("0.2778");
    expect((o.detail!.profile as string[])[12]).toBe("1500"); // 90,000 tokens in the hour = 1,500 per minute
  });

  it("says a loss at the cited price: a flat 1,000 TPM day against 50 PTUs at $260", () => {
    const w = workload({ from: "2026-11-30", to: "2026-11-30", days: 1, daily: [{ day: "2026-11-30", input: new Decimal(1_440_000), output: new Decimal(0) }], spend: new Decimal("3.60"), tokensM: { input: 1.44 } });
    const o = reservedCapacityOpportunity(w, BOOK)!;
    expect(o.saving.high.toFixed(2)).toBe("0.00");
    expect(o.detail).toMatchObject({ status: "loses", units: 50, loadSource: "daily, spread evenly" });
    expect(new Decimal(o.detail!.loss as string).toFixed(2)).toBe("12996.40"); // 50 PTUs × $260 (no overflow) − $3.60 paid per token
    expect(o.scenario).toBeNull();
  });

  it("says unknown where the vendor publishes no figure", () => {
    const book = [...BOOK, price("vertex", "gemini-1.5-flash", "0.075", "0.3")];
    const o = reservedCapacityOpportunity(workload({ provider: "vertex", model: "gemini-1.5-flash", spend: new Decimal(10), tokensM: { input: 10 } }), book)!;
    expect(o.detail!.status).toBe("unknown");
    expect(o.assumptions[0]).toMatch(/^Unknown: the price per GSU is not published/);
    expect(reservedCapacityOpportunity(workload({ provider: "anthropic", model: "claude-sonnet-4", tokensM: { input: 10 } }), BOOK)).toBeNull();
  });

  it("computes Bedrock once a quote gives the price and tokens per minute (flat 1,000 TPM day, $4.32 at $3/1M; 1 unit of 1,000 TPM at $1 → saves $3.32)", () => {
    const w = workload({ provider: "anthropic", model: "claude-sonnet-4", from: "2026-11-30", to: "2026-11-30", days: 1, daily: [{ day: "2026-11-30", input: new Decimal(1_440_000), output: new Decimal(0) }], spend: new Decimal("4.32"), tokensM: { input: 1.44 } });
    const o = reservedCapacityOpportunity(w, BOOK, { "bedrock-pt-1-month": { unitPricePerMonth: "1", inputTpmPerUnit: "1000" } })!;
    // pay-per-token 1.44M × $3 = $4.32; one unit covers every hour: $1
    expect(o.detail).toMatchObject({ status: "saves", units: 1 });
    expect(o.saving.high.toFixed(2)).toBe("3.32");
    expect(o.assumptions[0]).toMatch(/\(your quote\)/);
  });
});
