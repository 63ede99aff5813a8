import { describe, expect, it } from "vitest";
import { allocateCents, chargeback, chargebackCsv, parseMarkup } from "@/lib/spend/chargeback";
import { Decimal } from "@/lib/money";

// Chargeback rounding worked by hand: each column is rounded by largest remainder so its rows add up to its
// total (the exact total rounded half-up, as the Spend page rounds it).

const d = (v: string) => new Decimal(v);
const row = (key: string, total: string) => ({ key, billed: d(total), estimated: d("0"), total: d(total) });
const cents = (xs: Decimal[]) => xs.map((x) => x.toFixed(2));

describe("allocateCents", () => {
  it("three rows of $x.005: naive half-up gives 60.03 against a 60.02 total; largest remainder gives the first two rows the 2 cents", () => {
    const exact = [d("10.005"), d("20.005"), d("30.005")]; // Σ = 60.015 → 60.02
    expect(exact.map((x) => x.toDecimalPlaces(2, Decimal.ROUND_HALF_UP)).reduce((a, b) => a.plus(b)).toFixed(2)).toBe("60.03");
    expect(cents(allocateCents(exact))).toEqual(["10.01", "20.01", "30.00"]);
  });
  it("the largest fraction wins the cent, credits (negative rows) included", () => {
    // Σ = 100.004 → 100.00; floors 100.00, −0.34, 0.33 = 99.99; fractions lost .004, .007, .003 → the credit row.
    expect(cents(allocateCents([d("100.004"), d("-0.333"), d("0.333")]))).toEqual(["100.00", "-0.33", "0.33"]);
  });
});

describe("chargeback with a markup", () => {
  const rows = [row("p-a", "10.005"), row("p-b", "20.005"), row("p-c", "30.005")];
  it("12.5%: cost, markup and charge columns each add up to their total row to the cent", () => {
    // charges exact: 11.255625, 22.505625, 33.755625; Σ 67.516875 → 67.52; floors Σ 67.50 → 2 cents to p-a, p-b.
    const c = chargeback(rows, d("60.015"), parseMarkup("12.5"), (id) => id.toUpperCase());
    expect(c.rows.map((r) => [r.label, r.cost.toFixed(2), r.markup.toFixed(2), r.charge.toFixed(2)])).toEqual([
      ["P-A", "10.01", "1.25", "11.26"],
      ["P-B", "20.01", "2.50", "22.51"],
      ["P-C", "30.00", "3.75", "33.75"],
    ]);
    expect([c.total.cost, c.total.markup, c.total.charge].map((x) => x.toFixed(2))).toEqual(["60.02", "7.50", "67.52"]);
    const csv = chargebackCsv(c, { from: "2026-11-01", to: "2026-11-30" }, "usd");
    expect(csv.filename).toBe("chargeback-2026-11-01-to-2026-11-30-markup-12.5pct.csv");
    expect(csv.body.split("\r\n")).toEqual([
      "Project,Project id,Cost (USD),Markup 12.5% (USD),Charge (USD)",
      "P-A,p-a,10.01,1.25,11.26",
      "P-B,p-b,20.01,2.50,22.51",
      "P-C,p-c,30.00,3.75,33.75",
      "Total,,60.02,7.50,67.52",
      "",
    ]);
  });
  it("no markup: charge = cost, markup 0", () => {
    const c = chargeback(rows, d("60.015"), parseMarkup(null), (id) => id);
    expect(c.rows.map((r) => r.charge.toFixed(2))).toEqual(["10.01", "20.01", "30.00"]);
    expect(c.total.markup.toFixed(2)).toBe("0.00");
  });
  it("a bad markup is named", () => {
    expect(() => parseMarkup("-5")).toThrow(/markup/);
    expect(() => parseMarkup("2000")).toThrow(/at most 1000%/);
  });
});
