import { describe, expect, it } from "vitest";
import { Decimal } from "@/lib/money";
import type { CostBucketRow, UsageBucketRow } from "@/lib/providers/types";
import { estimatedCostRows, priceUsageRows, type PriceVersion } from "@/lib/spend/estimate";

const version = (id: string, model: string, from: string, input: string, output: string, cached: string | null = null): PriceVersion => ({
  id, provider: "openai", model, source: "litellm", effectiveFrom: new Date(`${from}T00:00:00Z`), input: new Decimal(input), output: new Decimal(output),
  cachedInput: cached === null ? null : new Decimal(cached), cacheWrite: null, perRequest: null, perImage: null,
});
const usage = (day: string, model: string, extra: Partial<UsageBucketRow> = {}): UsageBucketRow => ({
  provider: "openai", day, projectId: "proj_a", model, usageKind: "completions", inputTokens: 660000n, outputTokens: 183000n, cachedInputTokens: 201000n, cacheWriteTokens: 0n, requests: 1240n, units: null, unit: null, ...extra,
});
const VERSIONS = [version("v1", "gpt-4o-mini", "2026-01-01", "0.15", "0.6", "0.075"), version("v2", "gpt-4o-mini", "2026-02-01", "0.3", "1.2", "0.15")];

describe("pricing usage from the catalog", () => {
  it("uses the version in effect on the bucket's day, matching a dated model id to its canonical name", () => {
    const [jan, feb] = priceUsageRows([usage("2026-01-31", "gpt-4o-mini-2024-07-18"), usage("2026-02-01", "gpt-4o-mini-2024-07-18")], VERSIONS);
    // 660000 × 0.15 + 201000 × 0.075 + 183000 × 0.6 = 99000 + 15075 + 109800 = 223875 → $0.223875.
    expect([jan!.estimatedCost?.toString(), jan!.priceVersionId]).toEqual(["0.223875", "v1"]);
    // Twice the price from February 1st.
    expect([feb!.estimatedCost?.toString(), feb!.priceVersionId]).toEqual(["0.44775", "v2"]);
  });

  it("leaves unknown models, days before any version and non-token units unpriced (null, not 0)", () => {
    const rows = priceUsageRows(
      [usage("2026-01-05", "some-unknown-model"), usage("2025-12-31", "gpt-4o-mini"), usage("2026-01-05", "gpt-4o-mini", { usageKind: "audio_speeches", inputTokens: 0n, outputTokens: 0n, cachedInputTokens: 0n, units: new Decimal(500), unit: "characters" })],
      VERSIONS,
    );
    expect(rows.map((r) => [r.estimatedCost, r.priceVersionId])).toEqual([[null, null], [null, null], [null, null]]);
  });

  it("estimates only what the source did not bill: OpenAI's model-less dollars cover the whole project-day", () => {
    const priced = priceUsageRows([usage("2026-01-01", "gpt-4o-mini"), usage("2026-01-02", "gpt-4o-mini"), usage("2026-01-02", "gpt-4o-mini", { projectId: "proj_b" })], VERSIONS);
    const billed: CostBucketRow[] = [{ provider: "openai", day: "2026-01-01", projectId: "proj_a", model: "", lineItem: "input_tokens", currency: "usd", amount: new Decimal("0.2") }];
    const rows = estimatedCostRows(priced, billed);
    expect(rows.map((r) => [r.day, r.projectId, r.model, r.lineItem, r.amount.toString(), r.estimated])).toEqual([
      ["2026-01-02", "proj_a", "gpt-4o-mini", "estimated from usage (completions)", "0.223875", true],
      ["2026-01-02", "proj_b", "gpt-4o-mini", "estimated from usage (completions)", "0.223875", true],
    ]);
  });

  it("a billed row for another model of the same day does not cover this one", () => {
    const priced = priceUsageRows([usage("2026-01-01", "gpt-4o-mini")], VERSIONS);
    const billed: CostBucketRow[] = [{ provider: "openai", day: "2026-01-01", projectId: "proj_a", model: "gpt-4o", lineItem: "x", currency: "usd", amount: new Decimal(1) }];
    expect(estimatedCostRows(priced, billed)).toHaveLength(1);
  });
});
