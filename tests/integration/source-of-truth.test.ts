import { beforeAll, describe, expect, it } from "vitest";
import { db } from "@/lib/db";
import { Decimal } from "@/lib/money";
import { ingestPushBatch } from "@/lib/ingest/push-write";
import { commitCsvImport } from "@/lib/ingest/csv-import";
import { getOverview } from "@/lib/spend/overview";
import { getSpendView } from "@/lib/spend/view";
import { budgetStatus } from "@/lib/spend/budgets";
import { getReconciliation } from "@/lib/spend/reconciliation";
import { loadOrgAlertData } from "@/lib/alerts/load";
import type { SpendQuery } from "@/lib/spend/filters";
import { createOrgWithMembers } from "../support/factories";
import { orgContext } from "../support/org-context";

// Source of truth (docs/spend.md): per provider and month, a billing connection's rows are the
// dollars; pushed events and CSV imports for the same provider and month are attribution, shown
// against the billed figure on the reconciliation page and never added to it. Worked by hand:
//
//   November 2026                       counted   attribution
//   openai   connection 10 Nov $100.00  100.00
//            pushed     10 Nov  $25.00 + $35.00   60.00 → difference 100.00 − 60.00 = 40.00
//   anthropic pushed only 10 Nov $7.50    7.50   (no connection: push is the dollars)
//   mistral  connection 12 Nov  $20.00   20.00
//            CSV        12 Nov  $15.00             15.00 → difference 5.00
//   google   CSV only   12 Nov   $3.25    3.25
//   total                                130.75   (not 130.75 + 60 + 15 = 205.75)
//
//   October 2026: openai connection 5 Oct $70.00, pushed 5 Oct $50.00 → $70.00

let f: Awaited<ReturnType<typeof createOrgWithMembers>>;
const NOW = new Date("2026-11-24T12:00:00Z");
const day = (d: string) => new Date(`${d}T00:00:00Z`);
const connectionRow = (provider: string, d: string, amount: string) => ({
  orgId: f.org.id, sourceKey: `conn-${provider}`, origin: "PROVIDER_API" as const, provider, day: day(d), lineItem: "usage", amount,
});
const pushEvent = (id: string, provider: string, timestamp: string, model: string, projectId: string, cost: string) => ({ id, provider, model, timestamp, projectId, inputTokens: 1000, outputTokens: 100, cost });
const query = (over: Partial<SpendQuery>): SpendQuery => ({ from: "2026-11-01", to: "2026-11-24", provider: [], model: [], project: [], tag: [], groupBy: "provider", ...over });
const rowsOf = (t: { rows: { key: string; total: string }[] }) => Object.fromEntries(t.rows.filter((r) => r.total !== "0.00").map((r) => [r.key, r.total]));

beforeAll(async () => {
  f = await createOrgWithMembers("Two sources");
  // Push first, then the connection's sync: the order must not matter.
  const pushed = await ingestPushBatch(f.org.id, {
    records: [
      pushEvent("n1", "OpenAI", "2026-11-10T09:00:00Z", "gpt-4o", "search", "25.00"),
      pushEvent("n2", "OpenAI", "2026-11-10T15:00:00Z", "gpt-4o-mini", "chat", "35.00"),
      pushEvent("n3", "Anthropic", "2026-11-10T10:00:00Z", "claude-sonnet-4", "chat", "7.50"),
      pushEvent("o1", "OpenAI", "2026-10-05T10:00:00Z", "gpt-4o", "search", "50.00"),
    ],
  });
  expect(pushed.ok).toBe(true);
  await db().costBucket.createMany({ data: [connectionRow("openai", "2026-11-10", "100.00"), connectionRow("openai", "2026-10-05", "70.00"), connectionRow("mistral", "2026-11-12", "20.00")] });
  await commitCsvImport(orgContext(f), {
    filename: "team-costs.csv",
    content: "date,provider,model,project,amount\n2026-11-12,mistral,mistral-large,search,15.00\n2026-11-12,google,gemini-1.5-pro,chat,3.25\n",
  });
});

describe("a provider billed by a connection and also pushed or imported counts once", () => {
  it("the stored rows really are both sources (so the rule, not missing data, makes the totals)", async () => {
    const rows = await db().costBucket.groupBy({ by: ["provider", "origin"], where: { orgId: f.org.id, day: { gte: day("2026-11-01") } }, _sum: { amount: true } });
    const got = Object.fromEntries(rows.map((r) => [`${r.provider} ${r.origin}`, new Decimal(r._sum.amount!.toString()).toFixed(2)]));
    expect(got).toEqual({ "openai PROVIDER_API": "100.00", "openai PUSH": "60.00", "anthropic PUSH": "7.50", "mistral PROVIDER_API": "20.00", "mistral CSV": "15.00", "google CSV": "3.25" });
  });

  it("Overview: this month $130.75 (not $205.75), last month $70.00 (not $120.00), the 13 month bars the same", async () => {
    const o = await getOverview({ orgId: f.org.id }, NOW);
    expect(o.thisMonth.total).toBe("130.75");
    expect(o.lastMonth.total).toBe("70.00");
    expect(Object.fromEntries(o.topProviders.map((p) => [p.provider, p.total]))).toEqual({ OpenAI: "100.00", Mistral: "20.00", Anthropic: "7.50", Google: "3.25" });
    const months = Object.fromEntries(o.months.filter((m) => m.total !== "0.00").map((m) => [m.month, m.total]));
    expect(months).toEqual({ "2026-10": "70.00", "2026-11": "130.75" });
  });

  it("Spend: by provider, by day and by month (whole months from the roll-up) agree to the cent", async () => {
    const byProvider = await getSpendView({ orgId: f.org.id }, query({}), NOW);
    expect(rowsOf(byProvider.breakdown)).toEqual({ openai: "100.00", mistral: "20.00", anthropic: "7.50", google: "3.25" });
    expect(byProvider.breakdown.total.total).toBe("130.75");
    const byDay = await getSpendView({ orgId: f.org.id }, query({ groupBy: "day" }), NOW);
    expect(rowsOf(byDay.breakdown)).toEqual({ "2026-11-10": "107.50", "2026-11-12": "23.25" });
    // 1 Oct – 30 Nov: October whole (CostMonth), November whole (CostMonth); then the same range by day (CostBucket).
    const byMonth = await getSpendView({ orgId: f.org.id }, query({ from: "2026-10-01", to: "2026-11-30", groupBy: "month" }), NOW);
    expect(rowsOf(byMonth.breakdown)).toEqual({ "2026-10": "70.00", "2026-11": "130.75" });
    const wholeMonthsByProvider = await getSpendView({ orgId: f.org.id }, query({ from: "2026-10-01", to: "2026-11-30" }), NOW);
    const daysByProvider = await getSpendView({ orgId: f.org.id }, query({ from: "2026-10-02", to: "2026-11-29" }), NOW);
    expect(rowsOf(wholeMonthsByProvider.breakdown)).toEqual({ openai: "170.00", mistral: "20.00", anthropic: "7.50", google: "3.25" });
    expect(rowsOf(daysByProvider.breakdown)).toEqual(rowsOf(wholeMonthsByProvider.breakdown));
  });

  it("budgets and the alert evaluation's daily spend count the same dollars", async () => {
    const b = await budgetStatus(f.org.id, NOW);
    expect(b.org.spent.toFixed(2)).toBe("130.75");
    const data = await loadOrgAlertData({ id: f.org.id, slug: f.org.slug, name: f.org.name }, [{ type: "BUDGET_THRESHOLD" } as never, { type: "SPEND_ANOMALY" } as never], NOW, {} as never);
    const orgDays = Object.fromEntries(data.spend!.org.map((d) => [d.date, d.amount.toFixed(2)]));
    expect(orgDays).toEqual({ "2026-10-05": "70.00", "2026-11-10": "107.50", "2026-11-12": "23.25" });
    const openaiByDay = data.modelSpend!.filter((s) => s.provider === "openai").flatMap((s) => s.series.map((d) => [s.model, d.date, d.amount.toFixed(2)]));
    expect(openaiByDay).toEqual([["", "2026-10-05", "70.00"], ["", "2026-11-10", "100.00"]]);
  });

  it("reconciliation: billed $100.00, attributed $60.00, difference $40.00; push-only and CSV-only providers have nothing to reconcile", async () => {
    const r = await getReconciliation({ orgId: f.org.id }, "2026-11");
    const p = Object.fromEntries(r.providers.map((x) => [x.provider, x]));
    expect(p.openai!.reported).toBe("100.00");
    expect(p.openai!.attribution).toEqual({ connection: "100.00", attributed: "60.00", difference: "40.00" });
    expect(p.mistral!.attribution).toEqual({ connection: "20.00", attributed: "15.00", difference: "5.00" });
    expect(p.anthropic!.reported).toBe("7.50");
    expect(p.anthropic!.attribution).toBeNull();
    expect(p.google!.reported).toBe("3.25");
    expect(p.google!.attribution).toBeNull();
  });

  it("when the connection's rows go (connection deleted), the pushed and imported rows are the dollars again, daily and monthly alike", async () => {
    await db().costBucket.deleteMany({ where: { orgId: f.org.id, sourceKey: "conn-openai" } });
    const o = await getOverview({ orgId: f.org.id }, NOW);
    expect(o.thisMonth.total).toBe("90.75"); // 60.00 + 7.50 + 20.00 + 3.25
    expect(o.lastMonth.total).toBe("50.00");
    const byMonth = await getSpendView({ orgId: f.org.id }, query({ from: "2026-10-01", to: "2026-11-30", groupBy: "month" }), NOW);
    const byDay = await getSpendView({ orgId: f.org.id }, query({ from: "2026-10-01", to: "2026-11-30", groupBy: "day" }), NOW);
    expect(rowsOf(byMonth.breakdown)).toEqual({ "2026-10": "50.00", "2026-11": "90.75" });
    expect(rowsOf(byDay.breakdown)).toEqual({ "2026-10-05": "50.00", "2026-11-10": "67.50", "2026-11-12": "23.25" });
    const r = await getReconciliation({ orgId: f.org.id }, "2026-11");
    expect(r.providers.find((x) => x.provider === "openai")!.attribution).toBeNull();
  });
});
