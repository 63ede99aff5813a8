import { describe, expect, it } from "vitest";
import { parseReservedQuotes } from "@/lib/savings/quotes";

describe("a reserved-capacity quote from the page's form", () => {
  it("reads the filled fields of an offering and ignores empty ones", () => {
    expect(parseReservedQuotes({ "q.bedrock-pt-1-month.price": "21000", "q.bedrock-pt-1-month.tpm": "40000", "q.bedrock-pt-1-month.min": "", "q.azure-ptu-regional-monthly.price": "" })).toEqual({
      "bedrock-pt-1-month": { unitPricePerMonth: "21000", inputTpmPerUnit: "40000" },
    });
    expect(parseReservedQuotes({ "q.azure-ptu-regional-monthly.min": "15" })).toEqual({ "azure-ptu-regional-monthly": { minUnits: "15", increment: "1" } });
  });

  it("names the field of a bad figure", () => {
    expect(() => parseReservedQuotes({ "q.azure-ptu-regional-monthly.price": "-3" })).toThrow(/q\.azure-ptu-regional-monthly\.price.*positive number/);
    expect(() => parseReservedQuotes({ "q.azure-ptu-regional-monthly.min": "2.5" })).toThrow(/q\.azure-ptu-regional-monthly\.min.*whole number/);
  });
});
