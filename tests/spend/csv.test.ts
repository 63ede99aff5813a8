import { describe, expect, it } from "vitest";
import { spendCsv, toCsv } from "@/lib/spend/csv";
import type { SpendViewDto } from "@/lib/spend/view";

const table = (groupBy: "provider" | "tag", rows: [string, string, string, string][], total: [string, string, string]) => ({
  groupBy,
  rows: rows.map(([key, billed, estimated, t]) => ({ key, label: key === "" ? "(untagged)" : key, billed, estimated, total: t })),
  total: { billed: total[0], estimated: total[1], total: total[2] },
  note: null,
});

const view = {
  query: { from: "2026-11-01", to: "2026-11-24", provider: [], model: [], project: [], tag: [], groupBy: "provider" },
  currency: "usd",
  breakdown: table("provider", [["openai", "100.10", "0.00", "100.10"], ["=cmd|'/c calc'!A1", "-5.00", "0.00", "-5.00"], ['acme, "the" lab', "1.00", "2.00", "3.00"]], ["96.10", "2.00", "98.10"]),
  daily: table("provider", [], ["0.00", "0.00", "0.00"]),
  months: table("provider", [], ["0.00", "0.00", "0.00"]),
  movers: { groupBy: "model", periods: { current: { from: "2026-11-01", to: "2026-11-24" }, previous: { from: "2026-10-01", to: "2026-10-24" }, shiftDays: 28 }, rows: [{ key: "openai/gpt-4o", label: "gpt-4o · OpenAI", current: "10.00", previous: "0.00", change: "10.00", changePercent: null, significant: true }] },
  budgets: { month: "2026-11", today: "2026-11-24", lines: [{ projectId: "", label: "Whole organisation", budget: null, spent: "98.10", forecast: "120.00", low: "110.00", high: "130.00", method: "daily-mean", state: "no-budget", sentence: "" }] },
  options: { providers: [], models: [], projects: [], tags: [] },
} as unknown as SpendViewDto;

describe("spend CSV", () => {
  it("writes the on-screen rows and a total row, amounts as plain decimals (negative ones too)", () => {
    const { filename, body } = spendCsv(view, "breakdown");
    expect(filename).toBe("spend-by-provider-2026-11-01-to-2026-11-24.csv");
    expect(body.split("\r\n")).toEqual([
      "Provider,Key,Billed (USD),Estimated (USD),Total (USD)",
      "openai,openai,100.10,0.00,100.10",
      `'=cmd|'/c calc'!A1,'=cmd|'/c calc'!A1,-5.00,0.00,-5.00`,
      `"acme, ""the"" lab","acme, ""the"" lab",1.00,2.00,3.00`,
      "Total,,96.10,2.00,98.10",
      "",
    ]);
  });

  it("exports movers and budgets with empty cells for what is not known", () => {
    expect(spendCsv(view, "movers").body).toContain("gpt-4o · OpenAI,openai/gpt-4o,10.00,0.00,10.00,\r\n");
    expect(spendCsv(view, "budgets").body).toContain("Whole organisation,,,98.10,120.00,110.00,130.00,no-budget\r\n");
  });

  it("quotes a header or value with surrounding spaces so it survives a round trip", () => {
    expect(toCsv([" a"], [[{ text: "b " }]])).toBe('" a"\r\n"b "\r\n');
  });
});
