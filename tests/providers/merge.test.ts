import { describe, expect, it } from "vitest";
import { dec } from "@/lib/money";
import { COST_ROW_RULES, USAGE_ROW_RULES, combinePages, mergeCostRows, mergeUsageRows } from "@/lib/providers/merge";
import { thrown } from "../support/app-error";
import type { CostBucketRow, UsageBucketRow } from "@/lib/providers/types";

const cost = (over: Partial<CostBucketRow>): CostBucketRow => ({ provider: "openai", day: "2026-01-01", projectId: "p", model: "", lineItem: "input_tokens", currency: "usd", amount: dec("0"), ...over });
const usage = (over: Partial<UsageBucketRow>): UsageBucketRow => ({
  provider: "openai", day: "2026-01-01", projectId: "p", model: "m", usageKind: "completions",
  inputTokens: 0n, outputTokens: 0n, cachedInputTokens: 0n, cacheWriteTokens: 0n, requests: 0n, ...over,
});

describe("mergeCostRows", () => {
  it("sums amounts per natural key; quantities add only in one unit", () => {
    const rows = mergeCostRows([
      cost({ amount: dec("0.1"), quantity: dec(10), quantityUnit: "tokens" }),
      cost({ amount: dec("0.2"), quantity: dec(5), quantityUnit: "tokens" }),
      cost({ lineItem: "output_tokens", amount: dec("1"), quantity: dec(1), quantityUnit: "tokens" }),
      cost({ lineItem: "output_tokens", amount: dec("2"), quantity: dec(1), quantityUnit: "1000_tokens" }),
      cost({ currency: "eur", amount: dec("7") }),
    ]);
    expect(rows.map((r) => [r.lineItem, r.currency, r.amount.toString(), r.quantity?.toString() ?? null, r.quantityUnit])).toEqual([
      ["input_tokens", "eur", "7", null, null],
      ["input_tokens", "usd", "0.3", "15", "tokens"],
      ["output_tokens", "usd", "3", null, null], // units differ: the sum of quantities means nothing
    ]);
  });

  it("does not mutate its input", () => {
    const a = cost({ amount: dec("1") });
    mergeCostRows([a, cost({ amount: dec("2") })]);
    expect(a.amount.toString()).toBe("1");
  });
});

describe("mergeUsageRows", () => {
  it("sums every counter per key, keeps kinds and models apart", () => {
    const rows = mergeUsageRows([
      usage({ inputTokens: 1n, outputTokens: 2n, cachedInputTokens: 3n, cacheWriteTokens: 4n, requests: 5n }),
      usage({ inputTokens: 10n, outputTokens: 20n, cachedInputTokens: 30n, cacheWriteTokens: 40n, requests: 50n }),
      usage({ usageKind: "images", units: dec(2), unit: "images" }),
      usage({ usageKind: "images", units: dec(3), unit: "images" }),
      usage({ model: "other", inputTokens: 9n }),
    ]);
    expect(rows.map((r) => [r.model, r.usageKind, r.inputTokens, r.outputTokens, r.cachedInputTokens, r.cacheWriteTokens, r.requests, r.units?.toString() ?? null])).toEqual([
      ["m", "completions", 11n, 22n, 33n, 44n, 55n, null],
      ["m", "images", 0n, 0n, 0n, 0n, 0n, "5"],
      ["other", "completions", 9n, 0n, 0n, 0n, 0n, null],
    ]);
  });
});

describe("combinePages: one bucket per natural key across pages", () => {
  it("sums parts within a page, drops an identical repeat on a later page and counts it", () => {
    const page1 = [usage({ inputTokens: 10n }), usage({ inputTokens: 5n })]; // two parts of one bucket: 15
    const page2 = [usage({ inputTokens: 15n }), usage({ day: "2026-01-02", inputTokens: 7n })]; // the bucket again, and a new day
    const r = combinePages([page1, page2], USAGE_ROW_RULES, "OpenAI usage (completions)");
    expect(r.rows.map((x) => [x.day, x.inputTokens])).toEqual([["2026-01-01", 15n], ["2026-01-02", 7n]]);
    expect(r.repeats).toBe(1);
  });

  it("a repeat with other numbers refuses the window, naming the bucket and the pages", () => {
    const e = thrown(() => combinePages([[cost({ amount: dec("1.25") })], [cost({ amount: dec("1.30") })]], COST_ROW_RULES, "OpenAI costs"));
    expect(e.code).toBe("UPSTREAM_BAD_RESPONSE");
    expect(e.message).toBe('OpenAI costs: the bucket 2026-01-01, project p, model not reported, line item "input_tokens" came on pages 1 and 2 with different numbers; nothing of this window was stored');
  });
});
