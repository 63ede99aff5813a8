import { describe, expect, it } from "vitest";
import type { OrgAlertData, RuleToEvaluate } from "@/lib/alerts/data";
import { evaluateRule } from "@/lib/alerts/evaluate";
import type { AlertType } from "@/lib/alerts/rules";
import { Decimal } from "@/lib/money";
import type { ModelUsageRow, StoredPriceChange } from "@/lib/pricing/org-impact";
import type { StoredPriceVersion } from "@/lib/pricing/price-book";
import type { DailySpend } from "@/lib/spend/forecast";

// Each rule type, decided by the pure evaluation on hand-made data: it raises on data made to trigger it,
// not on data made not to, and re-evaluating the same occurrence later yields the same de-duplication key
// (so the database's unique (orgId, dedupKey) keeps it to one event). Amounts are worked out in the comments.

const org = { id: "org1", slug: "acme", name: "Acme" };
const rule = (type: AlertType, params: Record<string, unknown>): RuleToEvaluate => ({ id: "r1", type, name: "test rule", params });
const d = (v: string | number) => new Decimal(v);
const days = (from: string, to: string, amount: number | ((day: string) => number)): DailySpend[] => {
  const out: DailySpend[] = [];
  for (let t = Date.parse(`${from}T00:00:00Z`); t <= Date.parse(`${to}T00:00:00Z`); t += 86_400_000) {
    const day = new Date(t).toISOString().slice(0, 10);
    out.push({ date: day, amount: d(typeof amount === "number" ? amount : amount(day)) });
  }
  return out;
};
const spendData = (series: DailySpend[], budget: number | null): OrgAlertData => ({ org, spend: { org: series, byProject: { p1: series }, orgBudget: budget === null ? null : d(budget), projectBudgets: { p1: d(500) }, projectNames: { p1: "Support bot" } } });
const keys = (type: AlertType, params: Record<string, unknown>, data: OrgAlertData, now: string) => evaluateRule(rule(type, params), data, new Date(now)).map((e) => e.dedupKey);

describe("BUDGET_THRESHOLD", () => {
  // November 1–20 at $40/day = $800 of a $1,000 budget = 80%
  const data = spendData(days("2026-09-01", "2026-11-20", 40), 1000);
  it("raises when month-to-date spend reaches the percentage, with the amounts", () => {
    const [e, ...rest] = evaluateRule(rule("BUDGET_THRESHOLD", { percent: 80 }), data, new Date("2026-11-20T10:00:00Z"));
    expect(rest).toEqual([]);
    // Forecast: every day $40; complete days 1–19 = $760, then $40 a day from today: 800 (20th) … 1,000 on the 25th.
    expect(e).toMatchObject({ type: "BUDGET_THRESHOLD", dedupKey: "budget:r1:org:80:2026-11", severity: "MEDIUM", title: "Budget 80% reached: $800.00 of $1,000.00 for Acme (2026-11), forecast to pass it on 2026-11-25" });
    expect(e!.body).toContain("$200.00 of the budget is left");
    expect(e!.body).toContain("Forecast breach date: 2026-11-25.");
    expect(e!.data).toMatchObject({ breachDate: "2026-11-25", breachPassed: false, forecast: "1200.00" });
  });
  it("several thresholds (50/80/100%): only the highest reached is raised, each once a month", () => {
    const three = { percents: [100, 50, 80] };
    // 13 November: 13 × $40 = $520 = 52% → the 50% threshold.
    expect(keys("BUDGET_THRESHOLD", three, spendData(days("2026-09-01", "2026-11-13", 40), 1000), "2026-11-13T10:00:00Z")).toEqual(["budget:r1:org:50:2026-11"]);
    // 20 November: $800 = 80% → the 80% threshold only (50% is old news).
    const [e] = evaluateRule(rule("BUDGET_THRESHOLD", three), data, new Date("2026-11-20T10:00:00Z"));
    expect(e!.dedupKey).toBe("budget:r1:org:80:2026-11");
    expect(e!.body).toContain("The next threshold, 100% ($1,000.00), will be sent when it is reached");
    // 25 November: $1,000 = 100%: passed that day.
    const [last] = evaluateRule(rule("BUDGET_THRESHOLD", three), spendData(days("2026-09-01", "2026-11-25", 40), 1000), new Date("2026-11-25T10:00:00Z"));
    expect(last).toMatchObject({ dedupKey: "budget:r1:org:100:2026-11", severity: "HIGH", title: "Budget 100% reached: $1,000.00 of $1,000.00 for Acme (2026-11)" });
    expect(last!.body).toContain("The $1,000.00 budget was passed on 2026-11-25.");
  });
  it("a forecast within the budget says so: $10 a day is $300 in November; 80% of $310 ($248) is reached on the 25th", () => {
    const [e] = evaluateRule(rule("BUDGET_THRESHOLD", { percents: [80] }), spendData(days("2026-09-01", "2026-11-25", 10), 310), new Date("2026-11-25T10:00:00Z"));
    expect(e!.title).toBe("Budget 80% reached: $250.00 of $310.00 for Acme (2026-11)");
    expect(e!.body).toContain("Forecast breach date: none this month: the month-end forecast of $300.00 stays within the $310.00 budget");
  });
  it("does not raise below the percentage", () => {
    expect(keys("BUDGET_THRESHOLD", { percent: 90 }, data, "2026-11-20T10:00:00Z")).toEqual([]);
  });
  it("is the same occurrence for the rest of the month, a new one next month", () => {
    expect(keys("BUDGET_THRESHOLD", { percent: 80 }, spendData(days("2026-09-01", "2026-11-25", 40), 1000), "2026-11-25T23:00:00Z")).toEqual(["budget:r1:org:80:2026-11"]);
    expect(keys("BUDGET_THRESHOLD", { percent: 1 }, spendData(days("2026-12-01", "2026-12-01", 40), 1000), "2026-12-01T12:00:00Z")).toEqual(["budget:r1:org:1:2026-12"]);
  });
  it("per project: the project's budget ($500; $800 is 160%: HIGH)", () => {
    const [e] = evaluateRule(rule("BUDGET_THRESHOLD", { percent: 100, projectId: "p1" }), data, new Date("2026-11-20T10:00:00Z"));
    expect(e).toMatchObject({ dedupKey: "budget:r1:project-p1:100:2026-11", severity: "HIGH" });
    expect(e!.title).toBe("Budget 100% reached: $800.00 of $500.00 for project Support bot (2026-11)");
    expect(e!.body).toContain("The $500.00 budget was passed on 2026-11-13."); // 13 × $40 = $520
  });
  it("no budget set: nothing to compare with", () => {
    expect(keys("BUDGET_THRESHOLD", { percent: 1 }, spendData(days("2026-11-01", "2026-11-20", 40), null), "2026-11-20T10:00:00Z")).toEqual([]);
  });
});

describe("FORECAST_OVERRUN", () => {
  // Every day $40 for 10 weeks. On 2026-11-11, 10 complete days = $400; 20 days left × $40 = $800 → $1,200.
  const series = days("2026-09-01", "2026-11-10", 40);
  it("raises when the month-end forecast is over the budget", () => {
    const [e] = evaluateRule(rule("FORECAST_OVERRUN", {}), spendData(series, 1000), new Date("2026-11-11T08:00:00Z"));
    expect(e).toMatchObject({ dedupKey: "forecast:r1:org:100:2026-11", severity: "HIGH", title: "Forecast over budget: $1,200.00 expected for Acme in 2026-11 against $1,000.00" });
    expect(e!.body).toContain("That is $200.00 over the $1,000.00 monthly budget.");
    expect(e!.data).toMatchObject({ forecast: "1200.00", low: "1200.00", high: "1200.00", method: "weekday-pattern" });
  });
  it("does not raise when the forecast fits the budget", () => {
    expect(keys("FORECAST_OVERRUN", {}, spendData(series, 1500), "2026-11-11T08:00:00Z")).toEqual([]);
  });
  it("a lower percentage raises earlier ($1,200 > 80% of $1,500 = $1,200? no: not strictly over)", () => {
    expect(keys("FORECAST_OVERRUN", { percent: 80 }, spendData(series, 1500), "2026-11-11T08:00:00Z")).toEqual([]);
    expect(keys("FORECAST_OVERRUN", { percent: 79 }, spendData(series, 1500), "2026-11-11T08:00:00Z")).toEqual(["forecast:r1:org:79:2026-11"]);
  });
});

describe("SPEND_ANOMALY", () => {
  // gpt-4o costs $100 every day; Monday 2026-11-23 (yesterday on Tuesday the 24th) cost $400.
  // Same-weekday median $100, MAD 0 → scale = max(0, 5% of $100, $0.01) = $5 → z = 300 / 5 = 60.
  const model = (yesterday: number): OrgAlertData => ({ org, modelSpend: [{ provider: "openai", model: "gpt-4o", series: days("2026-09-21", "2026-11-23", (day) => (day === "2026-11-23" ? yesterday : 100)) }] });
  it("raises for yesterday far outside the same weekdays", () => {
    const [e] = evaluateRule(rule("SPEND_ANOMALY", {}), model(400), new Date("2026-11-24T03:00:00Z"));
    expect(e).toMatchObject({ dedupKey: "anomaly:r1:openai/gpt-4o:2026-11-23", severity: "MEDIUM", title: "Spend anomaly: openai gpt-4o $400.00 on 2026-11-23 (usually $100.00)" });
    expect(e!.body).toContain("$300.00 above the usual $100.00 for a Monday");
    expect(e!.body).toContain("about $9,000.00 a month");
  });
  it("does not raise for a normal day, or for another provider than the rule's", () => {
    expect(keys("SPEND_ANOMALY", {}, model(102), "2026-11-24T03:00:00Z")).toEqual([]);
    expect(keys("SPEND_ANOMALY", { provider: "anthropic" }, model(400), "2026-11-24T03:00:00Z")).toEqual([]);
  });
  it("the whole next day evaluates the same day's occurrence", () => {
    expect(keys("SPEND_ANOMALY", {}, model(400), "2026-11-24T23:45:00Z")).toEqual(["anomaly:r1:openai/gpt-4o:2026-11-23"]);
  });
});

describe("PRICE_CHANGE", () => {
  // The real 2024-06-05 catalog change: mistral-large input $8 → $4, output $24 → $12 per 1M tokens.
  const at = new Date("2024-06-06T01:23:52Z");
  const change = (field: "input" | "output", oldValue: number, newValue: number): StoredPriceChange => ({ id: `c-${field}`, provider: "mistral", model: "mistral-large", field, oldValue: d(oldValue), newValue: d(newValue), effectiveFrom: at, toVersionId: "v2", detectedAt: at });
  const usage = (projectId: string, model: string, input: number, output: number): ModelUsageRow => ({
    provider: "mistral", model, catalogModel: "mistral-large", projectId, projectName: projectId === "a" ? "Search" : "Support",
    usage: { inputTokens: d(input), outputTokens: d(output), cachedInputTokens: d(0), cacheWriteTokens: d(0), requests: d(0) },
  });
  // Search: 10M in × −$4 + 2M out × −$12 = −$64; Support: 5M in × −$4 = −$20 (two usage names fold together)
  const data = (rows: ModelUsageRow[]): OrgAlertData => ({ org, priceChanges: { changes: [change("input", 8, 4), change("output", 24, 12)], versionInputPrices: new Map([["v2", d(4)]]) }, usage30d: rows });
  const inUse = data([usage("a", "mistral-large-latest", 10_000_000, 2_000_000), usage("b", "mistral-large-latest", 3_000_000, 0), usage("b", "mistral-large-2402", 2_000_000, 0)]);
  const now = new Date("2024-06-06T02:00:00Z");

  it("raises with the monthly impact per project", () => {
    const [e, ...rest] = evaluateRule(rule("PRICE_CHANGE", { minMonthlyImpact: 50 }), inUse, now);
    expect(rest).toEqual([]);
    expect(e).toMatchObject({ type: "PRICE_CHANGE", severity: "LOW", title: "Price change: mistral mistral-large -$84.00/month for Acme", link: "/acme/prices?provider=mistral&model=mistral-large" });
    expect(e!.dedupKey).toMatch(/^price:r1:mistral\/mistral-large:[0-9a-f]{20}$/);
    // one alert for the model, one line per moved field
    expect(e!.body).toContain("mistral mistral-large input price $8.00 → $4.00 per 1M tokens (effective 2024-06-06).\nmistral mistral-large output price $24.00 → $12.00 per 1M tokens (effective 2024-06-06).");
    expect((e!.data as { lineKeys: string[] }).lineKeys).toEqual(["mistral/mistral-large|input|8|4|2024-06-06", "mistral/mistral-large|output|24|12|2024-06-06"]);
    expect(e!.body).toContain("saves $84.00 a month: -$64.00/month for project Search; -$20.00/month for project Support.");
  });
  it("does not raise under the minimum impact, for increases only, or on a model not in use", () => {
    expect(keys("PRICE_CHANGE", { minMonthlyImpact: 100 }, inUse, now.toISOString())).toEqual([]);
    expect(keys("PRICE_CHANGE", { increasesOnly: true }, inUse, now.toISOString())).toEqual([]);
    expect(keys("PRICE_CHANGE", {}, data([{ ...usage("a", "mistral-small-latest", 1e6, 1e6), catalogModel: "mistral-small" }]), now.toISOString())).toEqual([]);
  });
  it("the same change reported again (a second source, a later run) has the same key; it ages out after 14 days", () => {
    const first = keys("PRICE_CHANGE", {}, inUse, now.toISOString());
    const second = { ...inUse, priceChanges: { changes: [...inUse.priceChanges!.changes, { ...change("input", 8, 4), id: "x", toVersionId: "v2-openrouter" }, { ...change("output", 24, 12), id: "y", toVersionId: "v2-openrouter" }], versionInputPrices: new Map() } };
    expect(keys("PRICE_CHANGE", {}, second, "2024-06-10T00:00:00Z")).toEqual(first);
    expect(keys("PRICE_CHANGE", {}, inUse, "2024-06-21T00:00:00Z")).toEqual([]);
  });
  it("lines an earlier event of the rule reported are not alerted again; a genuine repeat on a later day is", () => {
    const reported = { ...inUse, alertedPriceLines: { r1: new Set(["mistral/mistral-large|input|8|4|2024-06-06", "mistral/mistral-large|output|24|12|2024-06-06"]) } };
    expect(keys("PRICE_CHANGE", {}, reported, now.toISOString())).toEqual([]);
    // the price went back up and was cut again on 06-09: the same old → new values, a new event
    const again = new Date("2024-06-09T00:00:00Z");
    const repeat = { ...reported, priceChanges: { changes: [{ ...change("input", 8, 4), id: "r", effectiveFrom: again, detectedAt: again, toVersionId: "v4" }], versionInputPrices: new Map([["v4", d(4)]]) } };
    const [e] = evaluateRule(rule("PRICE_CHANGE", {}), repeat, new Date("2024-06-09T01:00:00Z"));
    expect((e!.data as { lineKeys: string[] }).lineKeys).toEqual(["mistral/mistral-large|input|8|4|2024-06-09"]);
  });
  it("a change the source dates before the look-back window is history, even when first detected now", () => {
    const old = { ...inUse, priceChanges: { changes: [{ ...change("input", 8, 4), effectiveFrom: new Date("2024-03-01T00:00:00Z"), datedBy: "SOURCE_VERSION" as const }], versionInputPrices: new Map([["v2", d(4)]]) } };
    expect(keys("PRICE_CHANGE", {}, old, now.toISOString())).toEqual([]);
  });
});

describe("TERMS_CHANGE", () => {
  const change = (id: string, severity: "CRITICAL" | "MEDIUM", vendor = "openai") => ({
    id, documentId: "doc1", title: "OpenAI Terms of Use", vendor, url: "https://openai.com/policies/terms-of-use", severity, summary: "2 sentences added, 1 removed.",
    matchedRules: [{ rule: "training-on-customer-data", severity, explanation: 'The section on using your content to train models changed: added "We may use Content to train our models."', excerpt: "", sentences: 1 }],
    diffPreview: [], detectedAt: new Date("2023-11-14T18:30:00Z"),
  });
  const data: OrgAlertData = { org, documentChanges: [change("ch1", "CRITICAL"), change("ch2", "MEDIUM")] };
  it("raises for a change at or above the severity, with each matched rule explained", () => {
    const [e, ...rest] = evaluateRule(rule("TERMS_CHANGE", { minSeverity: "HIGH" }), data, new Date("2023-11-14T18:45:00Z"));
    expect(rest).toEqual([]);
    expect(e).toMatchObject({ dedupKey: "terms:r1:ch1", severity: "CRITICAL", title: "CRITICAL change: OpenAI Terms of Use (2023-11-14)", link: "/acme/documents/doc1/changes/ch1" });
    expect(e!.body).toContain('CRITICAL: The section on using your content to train models changed: added "We may use Content to train our models."');
  });
  it("does not raise below the severity or for another vendor", () => {
    expect(keys("TERMS_CHANGE", { minSeverity: "CRITICAL" }, { org, documentChanges: [change("ch2", "MEDIUM")] }, "2023-11-14T18:45:00Z")).toEqual([]);
    expect(keys("TERMS_CHANGE", { vendors: ["mistral"] }, data, "2023-11-14T18:45:00Z")).toEqual([]);
  });
  it("keys each document change once", () => {
    expect(keys("TERMS_CHANGE", {}, data, "2023-11-15T09:00:00Z")).toEqual(["terms:r1:ch1", "terms:r1:ch2"]);
  });
  const use = (provider: string, projectId: string, projectName: string, input: number, output: number) => ({ provider, model: "m", catalogModel: null, projectId, projectName, usage: { inputTokens: d(input), outputTokens: d(output), cachedInputTokens: d(0), cacheWriteTokens: d(0), requests: d(1) } });
  it("a training change names the projects sending data to that vendor, with tokens; other vendors' projects are not named", () => {
    const usage30d = [use("openai", "p1", "Support", 1_000_000, 250_000), use("openai", "p1", "Support", 5, 0), use("openai", "p2", "Search", 3_000_000, 1), use("anthropic", "w1", "Code", 9, 9), use("azure", "z1", "Azure bot", 9, 9)];
    const [e] = evaluateRule(rule("TERMS_CHANGE", { minSeverity: "HIGH" }), { ...data, usage30d }, new Date("2023-11-14T18:45:00Z"));
    // Search 3,000,000 + 1; Support 1,000,000 + 250,000 + 5
    expect(e!.body.split("\n").at(-1)).toBe("Projects that sent data to OpenAI in the last 30 days (tokens): Search 3,000,001; Support 1,250,005.");
    expect((e!.data as { projects: unknown }).projects).toEqual([{ name: "Search", projectId: "p2", provider: "openai", tokens30d: "3000001" }, { name: "Support", projectId: "p1", provider: "openai", tokens30d: "1250005" }]);
  });
  it("a change no privacy rule fired names no projects", () => {
    const fees = { ...change("ch3", "CRITICAL"), matchedRules: [{ rule: "indemnity", severity: "HIGH" as const, explanation: "x", excerpt: "", sentences: 1 }] };
    const [e] = evaluateRule(rule("TERMS_CHANGE", {}), { org, documentChanges: [fees], usage30d: [use("openai", "p1", "Support", 1, 1)] }, new Date("2023-11-14T18:45:00Z"));
    expect([e!.body.includes("Projects"), "projects" in (e!.data as object)]).toEqual([false, false]);
  });
});

describe("RETIREMENT", () => {
  // Anthropic retires claude-3-opus-20240229 on 2026-01-05 (replacement claude-opus-4-1-20250805).
  // Project Research used 1M input + 1M output tokens: $15 + $75 = $90 on Opus 3 and on Opus 4.1 ($15/$75).
  const price = (model: string, input: number, output: number): StoredPriceVersion => ({ id: model, provider: "anthropic", model, source: "litellm", effectiveFrom: new Date("2025-01-01T00:00:00Z"), input: d(input), output: d(output), cachedInput: null, cacheWrite: null, perRequest: null, perImage: null });
  const data = (model: string): OrgAlertData => ({
    org,
    retirements: [{ provider: "anthropic", model: "claude-3-opus-20240229", deprecatedAt: new Date("2025-06-30T00:00:00Z"), retiresAt: new Date("2026-01-05T00:00:00Z"), replacement: "claude-opus-4-1-20250805", source: "https://docs.anthropic.com/en/docs/about-claude/model-deprecations" }],
    usage30d: [{ provider: "anthropic", model, catalogModel: "claude-3-opus", projectId: "p9", projectName: "Research", usage: { inputTokens: d(1e6), outputTokens: d(1e6), cachedInputTokens: d(0), cacheWriteTokens: d(0), requests: d(500) } }],
    currentPrices: [price("claude-3-opus", 15, 75), price("claude-opus-4-1", 15, 75)],
  });
  it("raises within N days for a model in use, naming projects, cost and replacement cost", () => {
    const [e] = evaluateRule(rule("RETIREMENT", { withinDays: 60 }), data("claude-3-opus-20240229"), new Date("2025-12-01T00:00:00Z"));
    expect(e).toMatchObject({ dedupKey: "retirement:r1:anthropic/claude-3-opus-20240229:2026-01-05", severity: "MEDIUM", title: "anthropic claude-3-opus-20240229 retires on 2026-01-05 (in 35 days), used by 1 project" });
    expect(e!.body).toContain("Used in the last 30 days by: project Research ($90.00), $90.00 in all.");
    expect(e!.body).toContain("The same usage on claude-opus-4-1-20250805 would cost $90.00 a month at current prices ($0.00/month).");
  });
  it("does not raise when the date is further away than N days, or for a model not in use", () => {
    expect(keys("RETIREMENT", { withinDays: 30 }, data("claude-3-opus-20240229"), "2025-12-01T00:00:00Z")).toEqual([]);
    expect(keys("RETIREMENT", { withinDays: 60 }, data("claude-3-5-haiku-20241022"), "2025-12-01T00:00:00Z")).toEqual([]);
  });
  it("is HIGH within 30 days, same occurrence", () => {
    const [e] = evaluateRule(rule("RETIREMENT", { withinDays: 60 }), data("claude-3-opus-20240229"), new Date("2025-12-20T00:00:00Z"));
    expect(e).toMatchObject({ dedupKey: "retirement:r1:anthropic/claude-3-opus-20240229:2026-01-05", severity: "HIGH" });
  });
});

describe("GPU_IDLE", () => {
  // Cloud pool of 2 GPUs at $2/GPU-h, power $0.10/kWh, PUE 1, no staff. Yesterday GPU 0 sat at 5% for 24 h
  // drawing 0.1 kWh an hour: 24 × $2 + 24 × 0.1 × $0.10 = $48.24 of idle cost; GPU 1 at 80% is busy.
  const pool = { costModel: "CLOUD", pricingTerm: "ON_DEMAND", hourlyRatePerGpu: "2", gpuCount: 2, powerPricePerKwh: "0.10", pue: "1", staffFteShare: "0", staffAnnualCost: "0" };
  const hours = [...Array.from({ length: 24 }, () => ({ gpuHours: "1", avgUtilisation: "5", energyKwh: "0.1" })), ...Array.from({ length: 24 }, () => ({ gpuHours: "1", avgUtilisation: "80", energyKwh: "0.3" }))];
  const data: OrgAlertData = { org, gpuPools: [{ id: "pool1", name: "A100 pool", config: pool, idleUtilisationPct: 10, hours }] };
  it("raises when yesterday's idle cost is above the limit", () => {
    const [e] = evaluateRule(rule("GPU_IDLE", { maxDailyIdleCost: 40 }), data, new Date("2026-11-24T06:00:00Z"));
    expect(e).toMatchObject({ dedupKey: "gpu-idle:r1:pool1:2026-11-23", severity: "LOW", title: "GPU pool A100 pool: $48.24 of idle GPU time on 2026-11-23" });
    expect(e!.body).toContain("for 24.0 GPU-hours, costing $48.24: above your limit of $40.00 a day");
  });
  it("does not raise under the limit or for another pool", () => {
    expect(keys("GPU_IDLE", { maxDailyIdleCost: 50 }, data, "2026-11-24T06:00:00Z")).toEqual([]);
    expect(keys("GPU_IDLE", { maxDailyIdleCost: 40, poolId: "other" }, data, "2026-11-24T06:00:00Z")).toEqual([]);
  });
});

describe("BREAKEVEN_CROSSED", () => {
  // 3,000M input + 1,000M output tokens a month of gpt-4o at $2.50/$10 = $7,500 + $10,000 = $17,500 a month.
  // Self-host: 2,000 tokens/s per GPU × 2,628,000 s × 50% = 2,628M tokens per GPU → 2 GPUs × $2 × 730 h = $2,920.
  const input = (inputM: number, outputM: number) => ({
    workload: { basis: "tokens" as const, monthlyTokens: { input: d(inputM * 1e6), output: d(outputM * 1e6) } },
    apiPrice: { inputPerMTok: d("2.5"), outputPerMTok: d(10) },
    selfHost: { cost: { kind: "cloud" as const, hourlyRatePerGpu: d(2) }, throughput: { tokensPerSecondPerGpu: d(2000) }, targetUtilisation: d("0.5") },
  });
  const params = { provider: "openai", model: "gpt-4o", poolId: "pool1", tokensPerSecondPerGpu: 2000, targetUtilisation: 0.5 };
  const data = (i: ReturnType<typeof input>, previousSide: "self-host-cheaper" | "api-cheaper" | null): OrgAlertData => ({ org, breakEven: { r1: { input: i, poolName: "A100 pool", previousSide } } });
  it("raises when self-hosting becomes cheaper", () => {
    const [e] = evaluateRule(rule("BREAKEVEN_CROSSED", params), data(input(3000, 1000), null), new Date("2026-11-24T06:00:00Z"));
    expect(e).toMatchObject({ dedupKey: "breakeven:r1:self-host-cheaper:2026-11-24", title: "Break-even crossed: self-hosting openai gpt-4o on A100 pool would now save $14,580.00/month" });
    expect(e!.data).toMatchObject({ side: "self-host-cheaper", apiMonthlyCost: "17500.00", selfHostMonthlyCost: "2920.00", gpus: 2 });
  });
  it("does not raise while on the same side, nor for the API being cheaper from the start", () => {
    expect(keys("BREAKEVEN_CROSSED", params, data(input(3000, 1000), "self-host-cheaper"), "2026-11-24T06:00:00Z")).toEqual([]);
    expect(keys("BREAKEVEN_CROSSED", params, data(input(1, 1), null), "2026-11-24T06:00:00Z")).toEqual([]);
  });
  it("raises when it crosses back", () => {
    const [e] = evaluateRule(rule("BREAKEVEN_CROSSED", params), data(input(1, 1), "self-host-cheaper"), new Date("2026-12-02T06:00:00Z"));
    expect(e).toMatchObject({ dedupKey: "breakeven:r1:api-cheaper:2026-12-02", title: "Break-even crossed back: the API is again cheaper for openai gpt-4o than A100 pool" });
  });
});

describe("CONNECTION_FAILING", () => {
  const failingSince = new Date("2026-11-23T20:00:00Z");
  const data = (status: string): OrgAlertData => ({ org, connections: [{ id: "c1", name: "OpenAI prod", provider: "openai", status, failingSince: status === "FAILING" ? failingSince : null, lastError: "401 invalid admin key" }] });
  it("raises once the connection has failed for N hours", () => {
    const [e] = evaluateRule(rule("CONNECTION_FAILING", { hours: 6 }), data("FAILING"), new Date("2026-11-24T03:00:00Z"));
    expect(e).toMatchObject({ dedupKey: "connection:r1:c1:2026-11-23T20:00:00.000Z", severity: "HIGH", title: "Connection OpenAI prod (openai) has been failing for 7 hours" });
    expect(e!.body).toContain("Last error: 401 invalid admin key");
  });
  it("does not raise before N hours or for a healthy connection", () => {
    expect(keys("CONNECTION_FAILING", { hours: 8 }, data("FAILING"), "2026-11-24T03:00:00Z")).toEqual([]);
    expect(keys("CONNECTION_FAILING", { hours: 6 }, data("ACTIVE"), "2026-11-24T03:00:00Z")).toEqual([]);
  });
  it("the same failure episode keeps its key", () => {
    expect(keys("CONNECTION_FAILING", { hours: 6 }, data("FAILING"), "2026-11-25T03:00:00Z")).toEqual(["connection:r1:c1:2026-11-23T20:00:00.000Z"]);
  });
});

describe("params", () => {
  it("a rule with bad params fails with the field named", () => {
    expect(() => evaluateRule(rule("BUDGET_THRESHOLD", { percent: 0 }), { org }, new Date())).toThrow(/params\.percent: must be at least 1%/);
    expect(() => evaluateRule(rule("GPU_IDLE", {}), { org }, new Date())).toThrow(/params\.maxDailyIdleCost/);
  });
});
