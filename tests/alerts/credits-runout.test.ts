import { describe, expect, it } from "vitest";
import type { OrgAlertData } from "@/lib/alerts/data";
import { evaluateRule } from "@/lib/alerts/evaluate";
import { commitmentBurnDown } from "@/lib/commitments/burn-down";
import type { CommitmentWithBurnDown } from "@/lib/commitments/store";
import { Decimal } from "@/lib/money";
import type { DailySpend } from "@/lib/spend/forecast";

// CREDITS_RUNOUT on hand-made burn-downs: $30 a day from 1 November against a $1,000 credit runs out on
// 4 December (tests/commitments/burn-down.test.ts); the rule fires when that day is within daysAhead.

const org = { id: "org1", slug: "acme", name: "Acme" };
const days = (to: string): DailySpend[] => {
  const out: DailySpend[] = [];
  for (let t = Date.parse("2026-11-01T00:00:00Z"); t <= Date.parse(`${to}T00:00:00Z`); t += 86_400_000) out.push({ date: new Date(t).toISOString().slice(0, 10), amount: new Decimal(30) });
  return out;
};
const credit = (today: string, amount = 1000): CommitmentWithBurnDown => ({
  id: "c1", provider: "openai", kind: "PREPAID_CREDIT", name: "2026 credits", amount: new Decimal(amount), startsOn: "2026-11-01", endsOn: null, note: "",
  burnDown: commitmentBurnDown({ amount: new Decimal(amount), startsOn: "2026-11-01", endsOn: null, today, daily: days(new Date(Date.parse(`${today}T00:00:00Z`) - 86_400_000).toISOString().slice(0, 10)) }),
});
const run = (today: string, daysAhead: number, amount = 1000) =>
  evaluateRule({ id: "r1", type: "CREDITS_RUNOUT", name: "t", params: { daysAhead } }, { org, commitments: [credit(today, amount)] } as OrgAlertData, new Date(`${today}T08:00:00Z`));

describe("CREDITS_RUNOUT", () => {
  it("fires when the run-out day is within daysAhead: 21 Nov → 4 Dec is 13 days", () => {
    const [e, ...rest] = run("2026-11-21", 14);
    expect(rest).toEqual([]);
    expect(e).toMatchObject({ dedupKey: "credits:r1:c1:2026-11-01:1000.00", severity: "MEDIUM", title: 'openai prepaid credit "2026 credits" runs out on 2026-12-04 (in 13 days)' });
    expect(run("2026-11-21", 12)).toEqual([]);
  });
  it("HIGH within a week, and the same key for the rest of the term", () => {
    const [e] = run("2026-11-28", 14); // 1–27 Nov: $810 used, $190 ÷ $30 = 6.33 → 7 days counting today → 28 Nov + 6 = 4 Dec
    expect(e).toMatchObject({ dedupKey: "credits:r1:c1:2026-11-01:1000.00", severity: "HIGH" });
    expect(e!.title).toBe('openai prepaid credit "2026 credits" runs out on 2026-12-04 (in 6 days)');
  });
  it("run out already: says the day; a top-up is a new key", () => {
    const [e] = run("2026-12-10", 14);
    expect(e!.title).toBe('openai prepaid credit "2026 credits" ran out on 2026-12-04'); // day 34 (4 Dec): 34 × $30 = $1,020 ≥ $1,000, day 33 only $990
    expect(run("2026-12-10", 14, 2000)).toEqual([]); // $1,170 used of $2,000: $830 ÷ $30 → 28 days, beyond 14
    expect(run("2026-12-10", 30, 2000)[0]!.dedupKey).toBe("credits:r1:c1:2026-11-01:2000.00");
  });
});
