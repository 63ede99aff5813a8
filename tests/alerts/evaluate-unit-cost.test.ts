import { describe, expect, it } from "vitest";
import { evaluateCostPerUnit, isoWeekStart, weeklyUnitCost } from "@/lib/alerts/evaluate-unit-cost";
import type { DailyUnitStats, OrgAlertData } from "@/lib/alerts/data";
import { dec } from "@/lib/money";

const stat = (day: string, count: bigint, p95: string): DailyUnitStats => ({ day, unit: "conversation", count, total: dec(0), p50: dec(0), p95: dec(p95) });
const org: OrgAlertData["org"] = { id: "o", slug: "acme", name: "Acme" };
const rule = { id: "r1", type: "COST_PER_UNIT" as const, name: "p95 per conversation", params: {} };

describe("COST_PER_UNIT", () => {
  it("weights each day's p95 by its conversations", () => {
    // (10 × 0.10 + 30 × 0.20) ÷ 40 = 7 ÷ 40 = 0.175
    expect(weeklyUnitCost([stat("2026-11-23", 10n, "0.10"), stat("2026-11-24", 30n, "0.20")], "conversation", "p95", "2026-11-23", "2026-11-29")!.value.toString()).toBe("0.175");
    expect(isoWeekStart("2026-12-02")).toBe("2026-11-30"); // a Wednesday → its Monday
  });

  it("raises once per week when last week's p95 is up at least the threshold on the week before", () => {
    const now = new Date("2026-12-02T06:00:00Z"); // last complete week: Nov 23–29; before it Nov 16–22
    const data = { org, unitStats: [stat("2026-11-17", 10n, "0.10"), stat("2026-11-24", 10n, "0.13")] };
    // (0.13 − 0.10) ÷ 0.10 = 30% ≥ 30%
    const [e] = evaluateCostPerUnit(rule, { unit: "conversation", percentile: "p95", percentIncrease: 30 }, data, now);
    expect(e?.dedupKey).toBe("unit-cost:r1:conversation:p95:2026-11-23");
    expect(e?.title).toBe("P95 cost per conversation up 30% week over week: $0.13 (was $0.1)");
    expect(e?.data).toMatchObject({ current: "0.1300000000", previous: "0.1000000000", increasePercent: "30.00" });
    expect(evaluateCostPerUnit(rule, { unit: "conversation", percentile: "p95", percentIncrease: 31 }, data, now)).toEqual([]);
    expect(evaluateCostPerUnit(rule, { unit: "conversation", percentile: "p95", percentIncrease: 30 }, { org, unitStats: [stat("2026-11-24", 10n, "0.13")] }, now)).toEqual([]);
  });
});
