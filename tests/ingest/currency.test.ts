import { describe, expect, it } from "vitest";
import { parseImportCsv } from "@/lib/ingest/csv";
import { validatePushBatch } from "@/lib/ingest/push";
import { refuseForeignCurrency } from "@/lib/connections/sync";
import { thrown } from "../support/app-error";

// Every amount is totalled in the organisation's billing currency; another currency is refused where
// it enters, naming the line, record or connection, so no total, roll-up or alert adds EUR to USD.

describe("amounts in another currency than the organisation's are refused, never summed", () => {
  it("a CSV line with an EUR amount in a USD organisation: line 3, field currency; nothing is read from it", () => {
    const csv = ["date,provider,amount,currency,input_tokens", "2026-01-01,openai,10.00,usd,5", "2026-01-01,openai,9.00,EUR,5", "2026-01-02,openai,,eur,7"].join("\n");
    const { rows, errors } = parseImportCsv(csv, { billingCurrency: "usd" });
    expect(errors).toEqual([{ line: 3, field: "currency", message: expect.stringMatching(/^"EUR" is not this organisation's billing currency \(USD\)/) }]);
    // line 4 carries tokens only: its currency column has no money to mislabel
    expect(rows.costs.map((c) => [c.currency, c.amount.toString()])).toEqual([["usd", "10"]]);
  });

  it("a pushed record with a cost in EUR: records[1].currency, and the batch is refused whole", () => {
    const event = (over: Record<string, unknown>) => ({ provider: "openai", model: "gpt-4o-mini", timestamp: "2026-01-01T10:00:00Z", ...over });
    const { errors } = validatePushBatch({ records: [event({ id: "a", cost: "1" }), event({ id: "b", cost: "2", currency: "eur" }), event({ id: "c", currency: "eur" })] }, { billingCurrency: "usd" });
    expect(errors).toEqual([{ index: 1, id: "b", field: "currency", message: expect.stringMatching(/^"EUR" is not this organisation's billing currency \(USD\)/) }]);
  });

  it("a provider billing in EUR for a USD organisation fails the window with both currencies named", () => {
    const e = thrown(() => refuseForeignCurrency("Anthropic", [{ currency: "usd" }, { currency: "eur" }], "usd"));
    expect(e.code).toBe("UPSTREAM_BAD_RESPONSE");
    expect(e.message).toMatch(/^Anthropic billed in EUR, but this organisation's billing currency is USD: nothing of this window was stored/);
    expect(() => refuseForeignCurrency("OpenAI", [{ currency: "USD" }], "usd")).not.toThrow();
  });
});
