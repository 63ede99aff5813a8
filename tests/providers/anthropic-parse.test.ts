import { describe, expect, it } from "vitest";
import { AppError } from "@/lib/errors";
import { parseAnthropicCostPage, parseAnthropicUsagePage } from "@/lib/providers/anthropic";
import { fixtureJson } from "@/tests/support/fixture-server";
import { thrown } from "../support/app-error";

// Expected values are copied from the fixture text (tests/fixtures/providers/anthropic-*.json).

describe("parseAnthropicUsagePage", () => {
  it("verbatim example: cache reads and cache writes stay apart, 5m + 1h writes are summed", () => {
    const page = parseAnthropicUsagePage(fixtureJson("anthropic-usage-report.json"));
    expect(page.has_more).toBe(true);
    expect(page.next_page).toBe("page_MjAyNS0wNS0xNFQwMDowMDowMFo=");
    expect(page.rows).toEqual([
      {
        provider: "anthropic",
        day: "2025-08-01",
        projectId: "wrkspc_01JwQvzr7rXLA5AGx3HKfFUJ",
        model: "claude-opus-4-6",
        usageKind: "messages",
        inputTokens: 1500n, // uncached_input_tokens
        cachedInputTokens: 200n, // cache_read_input_tokens
        cacheWriteTokens: 1500n, // ephemeral_5m 500 + ephemeral_1h 1000
        cacheWrite1hTokens: 1000n, // of which ephemeral_1h, priced at the 1-hour rate
        outputTokens: 500n,
        requests: 0n, // the report has no request count
        units: null,
        unit: null,
      },
      expect.objectContaining({ usageKind: "web_search_calls", model: "claude-opus-4-6", inputTokens: 0n, unit: "calls" }),
    ]);
    expect(page.rows[1]!.units!.toString()).toBe("10");
  });

  it("legacy 2026-01 example (no account_id / inference_geo, odd date-shaped cursor) parses the same tokens", () => {
    const page = parseAnthropicUsagePage(fixtureJson("anthropic-usage-report.legacy-2026-01.json"));
    expect(page.next_page).toBe("2019-12-27T18:11:19.117Z");
    const r = page.rows[0]!;
    expect([r.model, r.inputTokens, r.cachedInputTokens, r.cacheWriteTokens, r.outputTokens]).toEqual(["claude-sonnet-4-20250514", 1500n, 200n, 1500n, 500n]);
  });

  it("page 1: null workspace (default workspace) becomes projectId \"\"; no search row when there were no searches", () => {
    const rows = parseAnthropicUsagePage(fixtureJson("anthropic-usage-report.page1.json")).rows;
    expect(rows.map((r) => [r.usageKind, r.model, r.projectId, r.inputTokens, r.cachedInputTokens, r.cacheWriteTokens, r.outputTokens])).toEqual([
      ["messages", "claude-opus-4-6", "wrkspc_01JwQvzr7rXLA5AGx3HKfFUJ", 182340n, 910220n, 45000n, 40115n],
      ["web_search_calls", "claude-opus-4-6", "wrkspc_01JwQvzr7rXLA5AGx3HKfFUJ", 0n, 0n, 0n, 0n],
      ["messages", "claude-sonnet-4-20250514", "", 96010n, 0n, 120000n, 18804n],
    ]);
  });

  it("a missing token count is named, never read as 0", () => {
    const body = fixtureJson("anthropic-usage-report.page2.json") as { data: Array<{ results: Array<Record<string, unknown>> }> };
    delete body.data[0]!.results[0]!.output_tokens;
    expect(thrown(() => parseAnthropicUsagePage(body)).message).toContain("data[0].results[0].output_tokens: expected number");
  });
});

describe("parseAnthropicCostPage", () => {
  it("verbatim example: \"123.78912\" cents is $1.2378912 exactly; USD lowercased; description is the line item", () => {
    const page = parseAnthropicCostPage(fixtureJson("anthropic-cost-report.json"));
    const r = page.rows[0]!;
    expect({ ...r, amount: r.amount.toString() }).toEqual({
      provider: "anthropic",
      day: "2025-08-01",
      projectId: "wrkspc_01JwQvzr7rXLA5AGx3HKfFUJ",
      model: "claude-opus-4-6",
      lineItem: "Claude Sonnet 4 Usage - Input Tokens",
      currency: "usd",
      amount: "1.2378912",
      quantity: null,
      quantityUnit: null,
    });
  });

  it("legacy 2026-01 example (no inference_geo) parses", () => {
    const r = parseAnthropicCostPage(fixtureJson("anthropic-cost-report.legacy-2026-01.json")).rows[0]!;
    expect([r.model, r.amount.toString()]).toEqual(["claude-sonnet-4-20250514", "1.2378912"]);
  });

  it("page 1: cents → dollars for every row, non-token rows have model \"\"", () => {
    const rows = parseAnthropicCostPage(fixtureJson("anthropic-cost-report.page1.json")).rows;
    expect(rows.map((r) => [r.projectId, r.model, r.lineItem, r.amount.toString()])).toEqual([
      ["wrkspc_01JwQvzr7rXLA5AGx3HKfFUJ", "claude-sonnet-4-20250514", "Claude Sonnet 4 Usage - Input Tokens", "1.2378912"], // 123.78912 / 100
      ["wrkspc_01JwQvzr7rXLA5AGx3HKfFUJ", "claude-sonnet-4-20250514", "Claude Sonnet 4 Usage - Output Tokens", "15"], // 1500 / 100
      ["", "claude-sonnet-4-20250514", "Claude Sonnet 4 Usage - Cache Read", "0.001"], // 0.1 / 100
      ["", "claude-sonnet-4-20250514", "Claude Sonnet 4 Usage - Cache Write (1h)", "0.456"], // 45.6 / 100
      ["wrkspc_01JwQvzr7rXLA5AGx3HKfFUJ", "", "Web Search Usage", "0.3"], // 30 / 100
    ]);
  });

  it("an amount sent as a number (not the documented string) is refused, naming the field", () => {
    const body = fixtureJson("anthropic-cost-report.page2.json") as { data: Array<{ results: Array<{ amount: unknown }> }> };
    body.data[0]!.results[1]!.amount = 12.5;
    const e = thrown(() => parseAnthropicCostPage(body));
    expect(e.code).toBe("UPSTREAM_BAD_RESPONSE");
    expect(e.message).toContain("data[0].results[1].amount: expected string");
  });

  it("an amount that is not a decimal is refused", () => {
    const body = fixtureJson("anthropic-cost-report.page2.json") as { data: Array<{ results: Array<{ amount: unknown }> }> };
    body.data[0]!.results[0]!.amount = "5,25";
    expect(thrown(() => parseAnthropicCostPage(body)).message).toContain("data[0].results[0].amount: expected a decimal string (cents)");
  });
});
