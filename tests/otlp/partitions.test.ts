import { describe, expect, it } from "vitest";
import { monthBounds, partitionName, planPartitions, retentionCutoffDay } from "@/lib/otlp/partitions";
import { capTopN } from "@/lib/otlp/settle";
import { dec } from "@/lib/money";

describe("partition plan", () => {
  it("creates this and next month's partitions and drops those wholly older than the retention", () => {
    expect(monthBounds("2026-12")).toEqual({ from: "2026-12-01", to: "2027-01-01" });
    expect(retentionCutoffDay(new Date("2026-12-31T23:00:00Z"), 30)).toBe("2026-12-01");
    const existing = ["OtelSpanEvent_p202610", "OtelSpanEvent_p202611", "OtelSpanEvent_p202612"];
    // On Dec 31 with 30 days, the cutoff is Dec 1: November (to Dec 1) is wholly older and goes.
    expect(planPartitions(existing, new Date("2026-12-31T23:00:00Z"), 30)).toEqual({ create: ["2027-01"], drop: ["OtelSpanEvent_p202610", "OtelSpanEvent_p202611"] });
    // On Dec 30 the cutoff is Nov 30: November still holds a day inside the retention.
    expect(planPartitions(existing, new Date("2026-12-30T00:00:00Z"), 30).drop).toEqual(["OtelSpanEvent_p202610"]);
    expect(partitionName("2027-01")).toBe("OtelSpanEvent_p202701");
  });
});

describe("capTopN", () => {
  const row = (value: string, cost: string, requests = 1n) => ({ value, requests, inputTokens: 10n, outputTokens: 1n, cachedInputTokens: 0n, cacheWriteTokens: 0n, reasoningTokens: 0n, cost: dec(cost), estimatedCost: dec(cost), unpricedRequests: 0n });
  it("keeps the top N values by cost and sums the rest into (other)", () => {
    const out = capTopN([row("a", "1"), row("b", "5"), row("c", "0.5", 2n), row("d", "0.25")], 2);
    expect(out.map((r) => [r.value, r.cost.toString(), r.requests, r.inputTokens])).toEqual([["b", "5", 1n, 10n], ["a", "1", 1n, 10n], ["(other)", "0.75", 3n, 20n]]);
    expect(capTopN([row("a", "1")], 2).map((r) => r.value)).toEqual(["a"]);
  });
});
