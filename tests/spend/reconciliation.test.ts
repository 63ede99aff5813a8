import { describe, expect, it } from "vitest";
import { Decimal } from "@/lib/money";
import { monthRange, reconcile } from "@/lib/spend/reconciliation";

const D = (v: string) => new Decimal(v);

describe("reconciliation: reported spend vs catalog price, per provider and model", () => {
  it("joins billed, estimated and catalog figures and works out the difference", () => {
    const r = reconcile(
      "2026-11",
      [
        { provider: "anthropic", model: "claude-sonnet-4-5", billed: D("120.50"), estimated: D("0") },
        { provider: "anthropic", model: "claude-haiku-4-5", billed: D("0"), estimated: D("4.2") },
        { provider: "openai", model: "", billed: D("300"), estimated: D("0") },
      ],
      [
        { provider: "anthropic", model: "claude-sonnet-4-5", catalog: D("100"), unpricedBuckets: 0 },
        { provider: "anthropic", model: "claude-haiku-4-5", catalog: D("4.2"), unpricedBuckets: 0 },
        { provider: "openai", model: "gpt-4o", catalog: D("250"), unpricedBuckets: 0 },
        { provider: "openai", model: "custom-ft", catalog: null, unpricedBuckets: 3 },
      ],
    );
    const anthropic = r.providers[0]!;
    // Sonnet: billed 120.50 against a catalog 100.00 → +20.50, +20.5 %. Haiku: estimated = catalog → 0.
    expect(anthropic.models.map((m) => [m.model, m.billed, m.estimated, m.reported, m.catalog, m.difference, m.differencePct])).toEqual([
      ["claude-haiku-4-5", "0.00", "4.20", "4.20", "4.20", "0.00", "0.0"],
      ["claude-sonnet-4-5", "120.50", "0.00", "120.50", "100.00", "20.50", "20.5"],
    ]);
    expect([anthropic.provider, anthropic.reported, anthropic.catalog, anthropic.difference, anthropic.differencePct]).toEqual(["anthropic", "124.70", "104.20", "20.50", "19.7"]);
    // OpenAI bills per line item: its dollars sit on the "" line; only the provider total compares.
    const openai = r.providers[1]!;
    expect(openai.models.map((m) => [m.model, m.reported, m.catalog, m.unpricedBuckets])).toEqual([["", "300.00", null, 0], ["custom-ft", "0.00", null, 3], ["gpt-4o", "0.00", "250.00", 0]]);
    expect([openai.reported, openai.catalog, openai.difference, openai.differencePct, openai.unpricedBuckets]).toEqual(["300.00", "250.00", "50.00", "20.0", 3]);
  });

  it("month bounds, and a malformed month names the field", () => {
    expect(monthRange("2026-12")).toEqual({ from: new Date("2026-12-01T00:00:00Z"), to: new Date("2027-01-01T00:00:00Z") });
    expect(() => monthRange("2026-13")).toThrow("month must be YYYY-MM");
    expect(() => monthRange("nov")).toThrow("month must be YYYY-MM");
  });
});
