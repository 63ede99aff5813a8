import { describe, expect, it } from "vitest";
import { cheaperHistory, monthName } from "@/lib/breakeven/history";

// Hand-worked: API $10 / $30 per 1M input / output. Self-hosting on rented GPUs at $1 per GPU-hour
// (730 h → $730 a month per GPU, nothing else), 100 tokens/s at full use → 262,800,000 tokens a
// month per GPU, at least one GPU.
const apiPrice = { inputPerMTok: "10", outputPerMTok: "30" };
const selfHost = { cost: { kind: "cloud" as const, hourlyRatePerGpu: "1" }, throughput: { tokensPerSecondPerGpu: "100" }, targetUtilisation: "1" };
const jan = { month: "2026-01", tokens: { input: "10000000", output: "5000000" } }; //  $100 + $150 = $250 < $730: API
const feb = { month: "2026-02", tokens: { input: "40000000", output: "20000000" } }; // $400 + $600 = $1,000 ≥ $730: self-hosted
const mar = { month: "2026-03", tokens: { input: "60000000", output: "20000000" } }; // $600 + $600 = $1,200 ≥ $730
const apr = { month: "2026-04", tokens: { input: "300000000", output: "0" } }; //       $3,000; 300M > 262.8M → 2 GPUs = $1,460

describe("was self-hosting cheaper, month by month?", () => {
  it("prices every month on its own volume, with the GPUs that volume needs", () => {
    const h = cheaperHistory({ months: [apr, jan, mar, feb], apiPrice, selfHost });
    expect(h.months.map((m) => [m.month, m.apiCost.toString(), m.selfHostCost.toString(), m.gpus, m.selfHostCheaper])).toEqual([
      ["2026-01", "250", "730", 1, false],
      ["2026-02", "1000", "730", 1, true],
      ["2026-03", "1200", "730", 1, true],
      ["2026-04", "3000", "1460", 2, true],
    ]);
    expect(h).toMatchObject({ cheaperNow: "self-host", since: "2026-02", always: false, sentence: "Self-hosting has been cheaper since February 2026." });
  });

  it("says 'every month' when the run covers all months with usage", () => {
    expect(cheaperHistory({ months: [feb, mar], apiPrice, selfHost }).sentence).toBe("Self-hosting would have been cheaper in every month measured (since February 2026).");
  });

  it("tells the API's run the same way", () => {
    const h = cheaperHistory({ months: [feb, { ...jan, month: "2026-03" }, { ...jan, month: "2026-04" }], apiPrice, selfHost });
    expect(h).toMatchObject({ cheaperNow: "api", since: "2026-03", sentence: "The API has been cheaper since March 2026." });
  });

  it("a tie counts for self-hosting, as the break-even does: 73M input tokens × $10/1M = $730", () => {
    expect(cheaperHistory({ months: [{ month: "2026-05", tokens: { input: "73000000", output: "0" } }], apiPrice, selfHost }).months[0]!.selfHostCheaper).toBe(true);
  });

  it("does not judge months without usage, and says so when there is none", () => {
    const idle = { month: "2026-02", tokens: { input: "0", output: "0" } };
    expect(cheaperHistory({ months: [jan, idle], apiPrice, selfHost }).months.map((m) => m.month)).toEqual(["2026-01"]);
    expect(cheaperHistory({ months: [idle], apiPrice, selfHost })).toMatchObject({ cheaperNow: null, since: null, sentence: "No measured usage to compare." });
  });

  it("names months in English whatever the machine's locale", () => {
    expect(monthName("2025-11")).toBe("November 2025");
  });
});
