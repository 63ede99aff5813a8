import { describe, expect, it } from "vitest";
import { parseImportCsv } from "@/lib/ingest/csv";

const HEADER = "date,provider,model,project,line_item,amount,currency,input_tokens,output_tokens,cached_input_tokens,cache_write_tokens,requests";

describe("parseImportCsv: valid files", () => {
  it("reads cost and usage from one line, with defaults for optional columns", () => {
    const csv = [HEADER, "2026-01-01,OpenAI,gpt-4o,proj_a,output_tokens,12.34,,1000,200,300,0,15"].join("\n");
    const { rows, errors } = parseImportCsv(csv);
    expect(errors).toEqual([]);
    expect(rows.costs.map((c) => ({ ...c, amount: c.amount.toString() }))).toEqual([
      { provider: "openai", day: "2026-01-01", projectId: "proj_a", model: "gpt-4o", lineItem: "output_tokens", currency: "usd", amount: "12.34", quantity: null, quantityUnit: null },
    ]);
    expect(rows.usage).toEqual([
      { provider: "openai", day: "2026-01-01", projectId: "proj_a", model: "gpt-4o", usageKind: "completions", inputTokens: 1000n, outputTokens: 200n, cachedInputTokens: 300n, cacheWriteTokens: 0n, requests: 15n, units: null, unit: null },
    ]);
  });

  it("only date, provider and amount are needed for a cost-only file", () => {
    const { rows, errors } = parseImportCsv("date,provider,amount\n2026-01-01,anthropic,5\n");
    expect(errors).toEqual([]);
    expect(rows.costs.map((c) => [c.provider, c.projectId, c.model, c.lineItem, c.currency, c.amount.toString()])).toEqual([["anthropic", "", "", "", "usd", "5"]]);
    expect(rows.usage).toEqual([]);
  });

  it("merges lines with the same key exactly: 0.1 + 0.2 = 0.3 and 0.001 + 0.002 = 0.003", () => {
    const csv = ["date,provider,model,amount,input_tokens", "2026-01-01,openai,gpt-4o,0.1,5", "2026-01-01,openai,gpt-4o,0.2,7", "2026-01-02,openai,gpt-4o,0.001,", "2026-01-02,openai,gpt-4o,0.002,"].join("\n");
    const { rows, errors } = parseImportCsv(csv);
    expect(errors).toEqual([]);
    expect(rows.costs.map((c) => [c.day, c.amount.toString()])).toEqual([
      ["2026-01-01", "0.3"],
      ["2026-01-02", "0.003"],
    ]);
    expect(rows.usage.map((u) => [u.day, u.inputTokens])).toEqual([["2026-01-01", 12n]]);
  });

  it("accepts CRLF, a BOM, quoted values with commas, and skips blank and all-empty lines", () => {
    const csv = '\uFEFFdate,provider,line_item,amount\r\n2026-01-01,openai,"Image models, HD",1.50\r\n\r\n,,,\r\n';
    const { rows, errors } = parseImportCsv(csv);
    expect(errors).toEqual([]);
    expect(rows.costs.map((c) => [c.lineItem, c.amount.toString()])).toEqual([["Image models, HD", "1.5"]]);
  });
});

describe("parseImportCsv: errors name the line and the column", () => {
  it("header problems are on line 1 and stop the import", () => {
    const { rows, errors } = parseImportCsv("date,providr,ammount\n2026-01-01,openai,1\n");
    expect(rows.costs).toEqual([]);
    expect(errors.map((e) => [e.line, e.field])).toEqual([
      [1, "providr"],
      [1, "ammount"],
      [1, "provider"],
      [1, "amount"],
    ]);
  });

  it("each bad value is reported with its file line (header = 1, blank lines counted)", () => {
    const csv = [
      "date,provider,amount,currency,input_tokens", // 1
      "2026-01-01,openai,1.00,usd,", // 2 ok
      "", // 3 blank
      "2026-02-30,openai,1,usd,", // 4 impossible date
      "2026-01-01,openai,\"1,000.00\",usd,", // 5 thousands separator
      "2026-01-01,openai,1e5,usd,", // 6 exponent
      "2026-01-01,openai,-3.00,usd,", // 7 negative
      "2026-01-01,,2,dollars,12.5", // 8 three problems
      "2026-01-01,openai,,usd,", // 9 nothing to import
      "2026-01-01,openai,1", // 10 wrong count
    ].join("\n");
    const { errors, rows } = parseImportCsv(csv);
    expect(errors.map((e) => [e.line, e.field])).toEqual([
      [4, "date"],
      [5, "amount"],
      [6, "amount"],
      [7, "amount"],
      [8, "provider"],
      [8, "currency"],
      [8, "input_tokens"],
      [9, "amount"],
      [10, ""],
    ]);
    expect(errors[1]!.message).toContain("write 1000.00, not 1,000.00");
    expect(errors[2]!.message).toContain("exponent");
    expect(errors[3]!.message).toContain("negative amounts are not accepted");
    expect(errors[8]!.message).toBe("expected 5 values, found 3");
    expect(rows.costs).toHaveLength(1); // the valid line is still parsed; the caller commits nothing while errors exist
  });

  it("a value spanning two lines is reported at the line it starts on", () => {
    const csv = 'date,provider,line_item,amount\n2026-01-01,openai,"two\nlines",x\n2026-01-01,openai,ok,y\n';
    expect(parseImportCsv(csv).errors.map((e) => [e.line, e.field])).toEqual([
      [2, "amount"],
      [4, "amount"],
    ]);
  });

  it("an unclosed quote is a readable error, not a crash", () => {
    const { errors } = parseImportCsv('date,provider,amount\n2026-01-01,"openai,1\n');
    expect(errors).toHaveLength(1);
    expect(errors[0]!.message).toMatch(/^not readable as CSV/);
    expect(errors[0]!.line).toBe(2);
  });

  it("an empty file says what the first line must be", () => {
    expect(parseImportCsv("").errors[0]).toMatchObject({ line: 1, field: "" });
  });
});
