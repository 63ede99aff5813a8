import { randomBytes } from "node:crypto";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { evaluateAllAlerts, evaluateOrgAlerts } from "@/lib/alerts/raise";
import type { AlertType } from "@/lib/alerts/rules";
import { db, Prisma } from "@/lib/db";
import { closeQueues, getQueue } from "@/lib/queues";
import { createOrgWithMembers } from "../support/factories";

// The evaluation job's database path, for every rule type: an org whose data is made to trigger each rule
// gets exactly one event per rule, however often the job runs in the same occurrence (ON CONFLICT DO
// NOTHING on (orgId, dedupKey)); an org with the same rules on data made not to trigger gets none.
// Catalog rows use a provider of this test's own ("acme-<tag>") so other tests' catalog data cannot interfere.

// Emails are queued (SMTP configured) but no worker sends them here: tests/integration/alert-email.test.ts does.
process.env.SMTP_URL = "smtp://127.0.0.1:9";

const NOW = new Date("2026-11-24T06:00:00Z"); // a Tuesday; "yesterday" is Monday 2026-11-23
const DAY = 86_400_000;
const tag = randomBytes(3).toString("hex");
const PROVIDER = `acme-${tag}`;
const dec = (v: string | number) => new Prisma.Decimal(v);
const day = (iso: string) => new Date(`${iso}T00:00:00Z`);

type Org = Awaited<ReturnType<typeof createOrgWithMembers>>;
let hot: Org; // made to trigger every rule
let quiet: Org; // same rules, data made not to

async function seedCatalog() {
  const v1 = await db().modelPriceVersion.create({ data: { provider: PROVIDER, model: "acme-large", source: "litellm", effectiveFrom: new Date(NOW.getTime() - 100 * DAY), inputPerMTok: dec(8), outputPerMTok: dec(24) } });
  const v2 = await db().modelPriceVersion.create({ data: { provider: PROVIDER, model: "acme-large", source: "litellm", effectiveFrom: new Date(NOW.getTime() - DAY), inputPerMTok: dec(4), outputPerMTok: dec(12) } });
  await db().modelPriceVersion.create({ data: { provider: PROVIDER, model: "acme-old", source: "litellm", effectiveFrom: new Date(NOW.getTime() - 100 * DAY), inputPerMTok: dec(15), outputPerMTok: dec(75) } });
  await db().priceChange.createMany({
    data: [
      { provider: PROVIDER, model: "acme-large", field: "input", oldValue: dec(8), newValue: dec(4), effectiveFrom: v2.effectiveFrom, fromVersionId: v1.id, toVersionId: v2.id, detectedAt: v2.effectiveFrom },
      { provider: PROVIDER, model: "acme-large", field: "output", oldValue: dec(24), newValue: dec(12), effectiveFrom: v2.effectiveFrom, fromVersionId: v1.id, toVersionId: v2.id, detectedAt: v2.effectiveFrom },
    ],
  });
  await db().modelRetirement.create({ data: { provider: PROVIDER, model: "acme-old-20250101", retiresAt: new Date(NOW.getTime() + 35 * DAY), replacement: "acme-large", source: "test vendor page" } });
}

async function seedOrg(o: Org, hotData: boolean) {
  const orgId = o.org.id;
  await db().organization.update({ where: { id: orgId }, data: { monthlyBudget: dec(hotData ? 1000 : 100000) } });
  // $40 a day since September on openai gpt-4o; in the hot org Monday 2026-11-23 cost $400.
  const costs: Prisma.CostBucketCreateManyInput[] = [];
  for (let t = day("2026-09-01").getTime(); t <= day("2026-11-23").getTime(); t += DAY) {
    const amount = hotData && t === day("2026-11-23").getTime() ? 400 : 40;
    costs.push({ orgId, sourceKey: "test", origin: "PROVIDER_API", provider: "openai", day: new Date(t), projectId: "proj1", model: "gpt-4o", amount: dec(amount) });
  }
  await db().costBucket.createMany({ data: costs });
  // 30-day usage: acme-large (3,000M in / 1,000M out) and the retiring acme-old snapshot, only in the hot org.
  if (hotData) {
    await db().project.create({ data: { orgId, provider: PROVIDER, externalId: "proj1", name: "Search" } });
    await db().usageBucket.createMany({
      data: [
        { orgId, sourceKey: "test", origin: "PROVIDER_API", provider: PROVIDER, day: day("2026-11-20"), projectId: "proj1", model: "acme-large-latest", inputTokens: 3_000_000_000n, outputTokens: 1_000_000_000n },
        { orgId, sourceKey: "test", origin: "PROVIDER_API", provider: PROVIDER, day: day("2026-11-21"), projectId: "proj1", model: "acme-old-20250101", inputTokens: 1_000_000n, outputTokens: 1_000_000n },
      ],
    });
  } else {
    await db().usageBucket.create({ data: { orgId, sourceKey: "test", origin: "PROVIDER_API", provider: PROVIDER, day: day("2026-11-20"), projectId: "proj1", model: "acme-small", inputTokens: 1_000_000n, outputTokens: 1_000_000n } });
  }
  // A watched document of this org changed 2 hours ago: CRITICAL in the hot org, MEDIUM in the quiet one.
  const doc = await db().vendorDocument.create({ data: { orgId, vendor: "acme", kind: "TERMS", title: "Acme Terms", url: `https://acme.example/terms-${tag}` } });
  const [v1, v2] = [await db().vendorDocumentVersion.create({ data: { documentId: doc.id, contentHash: "a", text: "Old." } }), await db().vendorDocumentVersion.create({ data: { documentId: doc.id, contentHash: "b", text: "New." } })];
  await db().documentChange.create({
    data: { documentId: doc.id, fromVersionId: v1.id, toVersionId: v2.id, severity: hotData ? "CRITICAL" : "MEDIUM", diff: [{ op: "added", text: "New." }], matchedRules: [], summary: "1 sentence added, 1 removed.", detectedAt: new Date(NOW.getTime() - 2 * 3_600_000) },
  });
  // A cloud pool of 2 GPUs at $2/GPU-h; yesterday GPU 0 idled (5%) all day in the hot org.
  const pool = await db().gpuPool.create({ data: { orgId, name: "A100 pool", gpuModel: "A100", gpuCount: 2, costModel: "CLOUD", pricingTerm: "ON_DEMAND", hourlyRatePerGpu: dec(2), powerPricePerKwh: dec("0.10") } });
  const metrics: Prisma.GpuHourlyMetricCreateManyInput[] = [];
  for (let h = 0; h < 24; h++) {
    const hour = new Date(day("2026-11-23").getTime() + h * 3_600_000);
    for (const g of [0, 1]) metrics.push({ orgId, poolId: pool.id, hour, gpuUuid: `GPU-${g}`, gpuIndex: g, gpuHours: dec(1), avgUtilisation: dec(hotData && g === 0 ? 5 : 80), avgPowerWatts: dec(300), energyKwh: dec("0.3"), sampleCount: 60 });
  }
  await db().gpuHourlyMetric.createMany({ data: metrics });
  // An OpenAI connection failing for 7 hours in the hot org; healthy in the quiet one.
  await db().providerConnection.create({
    data: { orgId, provider: "OPENAI", name: "OpenAI prod", encryptedCredentials: "x", credentialsKeyId: "k1", credentialsLast4: "abcd", status: hotData ? "FAILING" : "ACTIVE", failingSince: hotData ? new Date(NOW.getTime() - 7 * 3_600_000) : null, lastError: hotData ? "401 invalid admin key" : null },
  });

  // Settled span stats: p95 cost per conversation $0.10 the week of Nov 9, then $0.20 (hot) or $0.10 (quiet) the week of Nov 16.
  await db().otelDailyStats.createMany({
    data: [
      { orgId, day: day("2026-11-10"), unit: "conversation", count: 10n, total: dec(1), p50: dec("0.05"), p95: dec("0.10") },
      { orgId, day: day("2026-11-17"), unit: "conversation", count: 10n, total: dec(1), p50: dec("0.05"), p95: dec(hotData ? "0.20" : "0.10") },
    ],
  });

  const rules: { type: AlertType; params: Record<string, unknown> }[] = [
    { type: "BUDGET_THRESHOLD", params: { percent: 80 } },
    { type: "FORECAST_OVERRUN", params: {} },
    { type: "SPEND_ANOMALY", params: {} },
    { type: "PRICE_CHANGE", params: { minMonthlyImpact: 100 } },
    { type: "TERMS_CHANGE", params: { minSeverity: "HIGH" } },
    { type: "RETIREMENT", params: { withinDays: 60 } },
    { type: "GPU_IDLE", params: { maxDailyIdleCost: 40 } },
    { type: "BREAKEVEN_CROSSED", params: { provider: PROVIDER, model: "acme-large", poolId: pool.id, tokensPerSecondPerGpu: 2000, targetUtilisation: 0.5 } },
    { type: "CONNECTION_FAILING", params: { hours: 6 } },
    { type: "COST_PER_UNIT", params: { percentIncrease: 30 } },
  ];
  await db().alertRule.createMany({ data: rules.map((r) => ({ orgId, type: r.type, name: `${r.type} rule`, params: r.params as Prisma.InputJsonValue, recipientRoles: ["OWNER"] })) });
}

beforeAll(async () => {
  hot = await createOrgWithMembers("Hot Co", ["OWNER", "FINANCE"]);
  quiet = await createOrgWithMembers("Quiet Co", ["OWNER"]);
  await seedCatalog();
  await seedOrg(hot, true);
  await seedOrg(quiet, false);
});

afterAll(async () => {
  await getQueue("email").obliterate({ force: true });
  await closeQueues();
});

const eventsOf = (orgId: string) => db().alertEvent.findMany({ where: { orgId }, orderBy: { type: "asc" } });

describe("alert evaluation job against Postgres", () => {
  it("raises exactly one event per rule type on data made to trigger it", async () => {
    const first = await evaluateOrgAlerts(hot.org.id, NOW);
    expect(first.ruleErrors).toEqual([]);
    expect(first.raised.map((e) => e.type).sort()).toEqual(
      ["BREAKEVEN_CROSSED", "BUDGET_THRESHOLD", "CONNECTION_FAILING", "COST_PER_UNIT", "FORECAST_OVERRUN", "GPU_IDLE", "PRICE_CHANGE", "RETIREMENT", "SPEND_ANOMALY", "TERMS_CHANGE"].sort(),
    );
    // one owner → one immediate email per event
    expect(first.emailsQueued).toBe(10);
    expect(await db().emailDelivery.count({ where: { orgId: hot.org.id } })).toBe(10);
  });

  it("evaluating again (and later in the same occurrences) raises nothing new", async () => {
    const again = await evaluateOrgAlerts(hot.org.id, NOW);
    // a price change already reported is filtered before it becomes a candidate (its lines are in the event)
    expect(again.candidates).toBeGreaterThanOrEqual(7);
    expect(again.raised).toEqual([]);
    // 30 minutes later: the same month, day, change, failure episode … (break-even is now on the recorded side)
    expect((await evaluateOrgAlerts(hot.org.id, new Date(NOW.getTime() + 30 * 60_000))).raised).toEqual([]);
    expect((await evaluateAllAlerts(NOW, hot.org.id))[0]!.raised).toEqual([]);
    const events = await eventsOf(hot.org.id);
    expect(events).toHaveLength(10);
    expect(await db().emailDelivery.count({ where: { orgId: hot.org.id } })).toBe(10);
  });

  it("the events say what happened in dollars", async () => {
    const byType = Object.fromEntries((await eventsOf(hot.org.id)).map((e) => [e.type, e]));
    // p95 per conversation $0.20 the week of Nov 16 against $0.10 the week before: +100%
    expect(byType.COST_PER_UNIT!.title).toBe("P95 cost per conversation up 100% week over week: $0.2 (was $0.1)");
    // 22 days × $40 + $400 = $1,280 of a $1,000 budget
    expect(byType.BUDGET_THRESHOLD!.title).toBe("Budget 80% reached: $1,280.00 of $1,000.00 for Hot Co (2026-11)");
    expect(byType.SPEND_ANOMALY!.title).toBe("Spend anomaly: openai gpt-4o $400.00 on 2026-11-23 (usually $40.00)");
    // 3,000M input × −$4 + 1,000M output × −$12 per 1M = −$24,000 a month for project Search
    expect(byType.PRICE_CHANGE!.title).toBe(`Price change: ${PROVIDER} acme-large -$24,000.00/month for Hot Co`);
    expect(byType.PRICE_CHANGE!.body).toContain("-$24,000.00/month for project Search");
    // 1M in + 1M out at $15/$75 = $90; on acme-large at $4/$12 = $16
    expect(byType.RETIREMENT!.body).toContain("Used in the last 30 days by: project Search ($90.00), $90.00 in all.");
    expect(byType.RETIREMENT!.body).toContain("The same usage on acme-large would cost $16.00 a month at current prices (-$74.00/month).");
    expect(byType.GPU_IDLE!.title).toBe("GPU pool A100 pool: $48.72 of idle GPU time on 2026-11-23"); // 24 × $2 + 24 × 0.3 kWh × $0.10
    expect(byType.TERMS_CHANGE!).toMatchObject({ severity: "CRITICAL", title: "CRITICAL change: Acme Terms (2026-11-24)" });
    expect(byType.CONNECTION_FAILING!.title).toBe("Connection OpenAI prod (openai) has been failing for 7 hours");
    // API: 3,000M × $4 + 1,000M × $12 = $24,000; self-host: 2 GPUs × $2 × 730 h + 2 × 300 W × 730 h × $0.10/kWh = $2,920 + $43.80
    expect(byType.BREAKEVEN_CROSSED!.data).toMatchObject({ side: "self-host-cheaper", apiMonthlyCost: "24000.00", selfHostMonthlyCost: "2963.80", gpus: 2 });
    expect(byType.FORECAST_OVERRUN!.severity).toBe("HIGH");
  });

  it("raises nothing for the same rules on data made not to trigger them", async () => {
    const r = await evaluateOrgAlerts(quiet.org.id, NOW);
    expect(r.ruleErrors).toEqual([]);
    expect(r.raised).toEqual([]);
    expect(await eventsOf(quiet.org.id)).toEqual([]);
    expect(await db().emailDelivery.count({ where: { orgId: quiet.org.id } })).toBe(0);
  });

  it("a disabled rule is not evaluated; a rule with bad params is reported and the others still run", async () => {
    const org = await createOrgWithMembers("Odd Co", ["OWNER"]);
    await db().providerConnection.create({ data: { orgId: org.org.id, provider: "ANTHROPIC", name: "Claude", encryptedCredentials: "x", credentialsKeyId: "k1", credentialsLast4: "wxyz", status: "FAILING", failingSince: new Date(NOW.getTime() - 10 * 3_600_000) } });
    const bad = await db().alertRule.create({ data: { orgId: org.org.id, type: "GPU_IDLE", name: "bad", params: { maxDailyIdleCost: -1 }, recipientRoles: ["OWNER"] } });
    await db().alertRule.create({ data: { orgId: org.org.id, type: "CONNECTION_FAILING", name: "off", params: { hours: 1 }, recipientRoles: ["OWNER"], enabled: false } });
    await db().alertRule.create({ data: { orgId: org.org.id, type: "CONNECTION_FAILING", name: "on", params: { hours: 1 }, recipientRoles: ["OWNER"] } });
    const r = await evaluateOrgAlerts(org.org.id, NOW);
    expect(r.ruleErrors).toEqual([{ ruleId: bad.id, error: expect.stringContaining("params.maxDailyIdleCost") }]);
    expect(r.raised).toHaveLength(1);
  });
});
