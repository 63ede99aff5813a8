import type { PrismaClient } from "@/lib/generated/prisma/client";
import { hashPassword } from "@/lib/auth/password";
import { Decimal } from "@/lib/money";
import { DEMO_PASSWORD, DEMO_PROJECTS, DEMO_USERS, demoPrices, generateDemoDays, isoDay, mulberry32 } from "@/lib/demo/generate";
import { seedDemoAlertRules } from "@/lib/demo/alerts-seed";
import { seedDemoCommitments } from "@/lib/demo/commitments-seed";
import { DEMO_SCRAPE_SECONDS, demoHourSnapshots, initialDemoState } from "@/lib/demo/gpu-synthetic";
import { rollupHour, type HourRollup } from "@/lib/gpu/rollup";
import { upsertHourRollups } from "@/lib/gpu/store";
import { seedDemoSpans } from "@/lib/demo/otel-seed";
import { parseScenarioInput, scenarioInputToJson } from "@/lib/scenarios/schema";
import { SEED_EXAMPLES } from "@/lib/scenarios/seed-examples";

export const DEMO_ORG_SLUG = "demo";

const CHUNK = 2000;
async function inChunks<T>(rows: T[], write: (chunk: T[]) => Promise<unknown>) {
  for (let i = 0; i < rows.length; i += CHUNK) await write(rows.slice(i, i + CHUNK));
}

/** Creates the demo org with 13 months of data. Does nothing if it already exists. */
export async function seedDemo(prisma: PrismaClient, now: Date, opts: { slug?: string } = {}): Promise<{ created: boolean; orgId: string }> {
  // Tests that pin `now` seed their own org (another slug) so they don't share one seeded at another time.
  const slug = opts.slug ?? DEMO_ORG_SLUG;
  const existing = await prisma.organization.findUnique({ where: { slug } });
  if (existing) return { created: false, orgId: existing.id };

  const passwordHash = await hashPassword(DEMO_PASSWORD);
  const org = await prisma.organization.create({ data: { name: "Demo Co", slug, monthlyBudget: new Decimal(60000) } });
  for (const u of DEMO_USERS) {
    const user = await prisma.user.upsert({ where: { email: u.email }, create: { email: u.email, name: u.name, passwordHash, emailVerified: now }, update: {} });
    await prisma.membership.create({ data: { orgId: org.id, userId: user.id, role: u.role } });
  }
  const projects = new Map(DEMO_PROJECTS.map((p) => [`${p.provider}/${p.projectId}`, p]));
  // Search re-indexes overnight: its traffic can wait for a batch API (the Opportunities page prices that).
  await prisma.project.createMany({ data: [...projects.values()].map((p) => ({ orgId: org.id, provider: p.provider, externalId: p.projectId, name: p.projectName, tags: [p.projectId === "proj_internal" ? "internal" : "product"], toleratesDelay: p.projectId === "proj_search" })) });
  await prisma.budget.create({ data: { orgId: org.id, projectId: "proj_support", amount: new Decimal(30000) } });

  // Global catalog rows only if the catalog is empty (a real catalog may already be loaded).
  if ((await prisma.modelPriceVersion.count()) === 0) {
    const prices = demoPrices(now);
    const rows = [];
    for (const p of prices) {
      rows.push(await prisma.modelPriceVersion.create({ data: { provider: p.provider, model: p.model, effectiveFrom: new Date(`${p.effectiveFrom}T00:00:00Z`), inputPerMTok: new Decimal(p.input), outputPerMTok: new Decimal(p.output), cachedInputPerMTok: p.cachedInput ? new Decimal(p.cachedInput) : null, source: "demo" } }));
    }
    const [before, after] = rows.filter((r) => r.model === "gpt-4o");
    if (before && after) {
      await prisma.priceChange.createMany({
        data: [
          { provider: "openai", model: "gpt-4o", field: "input", oldValue: before.inputPerMTok, newValue: after.inputPerMTok, effectiveFrom: after.effectiveFrom, fromVersionId: before.id, toVersionId: after.id },
          { provider: "openai", model: "gpt-4o", field: "output", oldValue: before.outputPerMTok, newValue: after.outputPerMTok, effectiveFrom: after.effectiveFrom, fromVersionId: before.id, toVersionId: after.id },
        ],
      });
    }
  }

  const days = generateDemoDays(now);
  const sourceKey = (provider: string) => `demo-${provider}`;
  await inChunks(days, (chunk) =>
    prisma.usageBucket.createMany({
      data: chunk.map((d) => ({ orgId: org.id, sourceKey: sourceKey(d.provider), origin: "PROVIDER_API" as const, provider: d.provider, day: new Date(`${d.day}T00:00:00Z`), projectId: d.projectId, model: d.model, usageKind: d.model.startsWith("text-embedding") ? "embeddings" : d.provider === "anthropic" ? "messages" : "completions", inputTokens: d.inputTokens, outputTokens: d.outputTokens, cachedInputTokens: d.cachedInputTokens, requests: d.requests, estimatedCost: d.inputCost.plus(d.outputCost) })),
    }),
  );
  const costRows = days.flatMap((d) => [
    { d, lineItem: `${d.model}, input`, amount: d.inputCost },
    ...(d.outputCost.isZero() ? [] : [{ d, lineItem: `${d.model}, output`, amount: d.outputCost }]),
  ]);
  await inChunks(costRows, (chunk) =>
    prisma.costBucket.createMany({
      data: chunk.map(({ d, lineItem, amount }) => ({ orgId: org.id, sourceKey: sourceKey(d.provider), origin: "PROVIDER_API" as const, provider: d.provider, day: new Date(`${d.day}T00:00:00Z`), projectId: d.projectId, model: d.model, lineItem, amount })),
    }),
  );

  await seedGpuPool(prisma, org.id, now);
  await seedDemoAlertRules(prisma, org.id);
  await seedDemoCommitments(prisma, org.id, days, now);
  await seedDemoSpans(org.id, now);
  // The seed articles' cases, as saved scenarios anyone can open (docs/scenarios.md works them by hand).
  await prisma.migrationScenario.createMany({
    data: SEED_EXAMPLES.map((e) => ({ orgId: org.id, name: e.name, note: e.note, inputs: scenarioInputToJson(parseScenarioInput(e.inputs)) as object })),
  });
  await prisma.auditLog.create({ data: { orgId: org.id, action: "demo.seeded", data: { days: days.length } } });
  return { created: true, orgId: org.id };
}

/**
 * Four owned L40S GPUs serving an open-weight model, busy in office hours. Its hourly rows go
 * through the product's own path: synthetic 5-minute scrapes → rollupHour → the roll-up job's
 * upsert (lib/gpu/store), so the demo shows what real metrics would give.
 */
async function seedGpuPool(prisma: PrismaClient, orgId: string, now: Date) {
  const pool = await prisma.gpuPool.create({
    data: {
      orgId, name: "On-prem L40S", gpuModel: "NVIDIA L40S", gpuCount: 4, costModel: "OWNED",
      purchasePrice: new Decimal(48000), amortisationMonths: 36, residualValue: new Decimal(4800),
      powerPricePerKwh: new Decimal("0.14"), pue: new Decimal("1.3"), staffFteShare: new Decimal("0.1"), staffAnnualCost: new Decimal(160000),
      comparableProvider: "openai", comparableModel: "gpt-4o-mini",
    },
  });
  const rand = mulberry32(7);
  const end = Date.UTC(now.getUTCFullYear(), now.getUTCMonth(), now.getUTCDate(), now.getUTCHours());
  const start = Date.UTC(now.getUTCFullYear(), now.getUTCMonth() - 12, 1);
  const state = initialDemoState();
  const HOURS_PER_WRITE = 500;
  let batch: HourRollup[] = [];
  for (let t = start; t < end; t += 3_600_000) {
    batch.push(rollupHour(demoHourSnapshots(t, state, rand), { hourStart: new Date(t), intervalSeconds: DEMO_SCRAPE_SECONDS }));
    const last = t + 3_600_000 >= end;
    if (batch.length === HOURS_PER_WRITE || last) {
      await upsertHourRollups(pool, batch, last ? { from: null, to: new Date(end) } : undefined, prisma);
      batch = [];
    }
  }
  return { poolId: pool.id, firstDay: isoDay(new Date(start)) };
}
