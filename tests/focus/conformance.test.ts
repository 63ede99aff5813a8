import { describe, expect, it } from "vitest";
import { FOCUS_1_2_COLUMNS, FOCUS_COLUMN_BY_ID, MANDATORY_COLUMNS } from "@/lib/focus/columns";
import { checkDataset, checkHeader, checkValue, parseFocusDateTime } from "@/lib/focus/conformance";

// The column table against the FOCUS 1.2 specification text (specification/columns/*.md at tag v1.2).

describe("the FOCUS 1.2 column table", () => {
  it("has the 21 Mandatory columns of the specification", () => {
    expect([...MANDATORY_COLUMNS].sort()).toEqual([
      "BilledCost", "BillingAccountId", "BillingAccountName", "BillingCurrency", "BillingPeriodEnd", "BillingPeriodStart", "ChargeCategory", "ChargeClass",
      "ChargeDescription", "ChargePeriodEnd", "ChargePeriodStart", "ContractedCost", "EffectiveCost", "InvoiceIssuerName", "ListCost", "PricingQuantity",
      "PricingUnit", "ProviderName", "PublisherName", "ServiceCategory", "ServiceName",
    ]);
    expect(FOCUS_1_2_COLUMNS).toHaveLength(57);
  });

  it("encodes nullability, types and allowed values as the column files state them", () => {
    expect(FOCUS_COLUMN_BY_ID.get("ChargeClass")).toMatchObject({ nullable: true, allowed: ["Correction"] });
    expect(FOCUS_COLUMN_BY_ID.get("PricingQuantity")).toMatchObject({ type: "Decimal", level: "Mandatory", nullable: true });
    expect(FOCUS_COLUMN_BY_ID.get("BillingAccountType")).toMatchObject({ level: "Conditional", nullable: false });
    expect(FOCUS_COLUMN_BY_ID.get("SkuPriceDetails")?.type).toBe("JSON");
    expect(FOCUS_COLUMN_BY_ID.get("ChargeCategory")?.allowed).toEqual(["Usage", "Purchase", "Tax", "Credit", "Adjustment"]);
  });
});

describe("values", () => {
  const col = (id: string) => FOCUS_COLUMN_BY_ID.get(id)!;
  it("numbers: decimal or E notation; no separators, symbols or plus sign", () => {
    for (const ok of ["0", "-1.5", "12.3400", "1.5E-7", "2e3"]) expect(checkValue(col("BilledCost"), ok, "strict")).toBeNull();
    for (const bad of ["1,000.00", "$12", "+3", "1 000", "abc"]) expect(checkValue(col("BilledCost"), bad, "strict")).toMatch(/not a number/);
  });
  it("nulls: refused where the column allows none", () => {
    expect(checkValue(col("BilledCost"), null, "strict")).toBe("must not be null");
    expect(checkValue(col("ChargeClass"), null, "strict")).toBeNull();
  });
  it("date/times: strict is YYYY-MM-DDTHH:mm:ssZ; lenient takes what the clouds deliver", () => {
    expect(parseFocusDateTime("2026-10-05T00:00:00Z", "strict")).toBe(Date.UTC(2026, 9, 5));
    expect(parseFocusDateTime("2026-10-05T00:00:00.000Z", "strict")).toBeNull();
    expect(parseFocusDateTime("2026-10-05T00:00:00.000Z", "lenient")).toBe(Date.UTC(2026, 9, 5));
    expect(parseFocusDateTime("2026-10-05T00:00Z", "lenient")).toBe(Date.UTC(2026, 9, 5));
    expect(parseFocusDateTime("05/10/2026", "lenient")).toBeNull();
  });
  it("allowed values and currency codes", () => {
    expect(checkValue(col("ChargeCategory"), "Refund", "strict")).toMatch(/not one of Usage, Purchase, Tax, Credit, Adjustment/);
    expect(checkValue(col("BillingCurrency"), "usd", "strict")).toMatch(/ISO 4217/);
  });
});

describe("a dataset", () => {
  const row = { BilledCost: "1.00", BillingAccountId: "a", BillingAccountName: null, BillingCurrency: "USD", BillingPeriodEnd: "2026-11-01T00:00:00Z", BillingPeriodStart: "2026-10-01T00:00:00Z",
    ChargeCategory: "Usage", ChargeClass: null, ChargeDescription: null, ChargePeriodEnd: "2026-10-02T00:00:00Z", ChargePeriodStart: "2026-10-01T00:00:00Z", ContractedCost: "1", EffectiveCost: "1",
    InvoiceIssuerName: "x", ListCost: "1", PricingQuantity: null, PricingUnit: null, ProviderName: "x", PublisherName: "x", ServiceCategory: "AI and Machine Learning", ServiceName: "x" };
  it("missing a required column fails, naming it", () => {
    const { BilledCost: _dropped, ...rest } = row;
    expect(checkDataset(Object.keys(rest), [rest]).missing).toEqual(["BilledCost"]);
  });
  it("reports the first bad rows with their line numbers (header = line 1)", () => {
    const rows = [row, { ...row, ChargeCategory: "Refund" }, row, { ...row, BilledCost: "n/a" }];
    const { missing, issues } = checkDataset(Object.keys(row), rows);
    expect(missing).toEqual([]);
    expect(issues.first.map((i) => `${i.line} ${i.column}`)).toEqual(["3 ChargeCategory", "5 BilledCost"]);
  });
  it("a FOCUS 1.3 file naming ServiceProviderName satisfies ProviderName", () => {
    const { ProviderName: _p, ...rest } = row;
    expect(checkHeader([...Object.keys(rest), "ServiceProviderName"]).missing).toEqual([]);
  });
});
