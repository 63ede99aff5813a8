// Spend query benchmark: one org with 13 months of daily buckets for 50 projects × 20 models and
// 10 million raw usage events, in a database of its own. Measures the Overview and Spend queries
// (the real lib/ code, with its Postgres round trips; whole months read from the CostMonth roll-up
// its triggers keep) next to the same questions asked naively of the raw events, in the same run,
// and prints median and p95 as a Markdown table.
//
//   npx tsx bench/spend-queries.ts            # generate (≈3 min on 2 cores) and measure
//   npx tsx bench/spend-queries.ts --reuse    # measure again on the data already generated
//   BENCH_DATABASE_URL=… RUNS=30 EVENTS=10000000 npx tsx bench/spend-queries.ts
//
// The database (default breakeven_bench) is dropped and re-created unless --reuse is given.
import os from "node:os";
import pg from "pg";
import { dropDatabase, ensureDatabase, migrate } from "../lib/db/migrate.ts";

const URL_ = process.env.BENCH_DATABASE_URL ?? "postgresql://postgres@127.0.0.1:5432/breakeven_bench";
const RUNS = Number(process.env.RUNS ?? 30);
const NAIVE_RUNS = Number(process.env.NAIVE_RUNS ?? 7);
const EVENTS = Number(process.env.EVENTS ?? 10_000_000);
const REUSE = process.argv.includes("--reuse");
const ORG = "bench-org";
const now = new Date();
const monthStart = (offset: number) => new Date(Date.UTC(now.getUTCFullYear(), now.getUTCMonth() + offset, 1));
const day = (d: Date) => d.toISOString().slice(0, 10);

// lib/db reads its configuration from the environment: point it at the bench database.
process.env.DATABASE_URL = URL_;
process.env.NEXTAUTH_SECRET ??= "bench-secret-bench-secret-bench-secret-00";
process.env.ENCRYPTION_KEYS ??= `k1:${Buffer.alloc(32, 1).toString("base64")}`;
process.env.LOG_LEVEL = "warn";

async function timed(client: pg.Client, label: string, sql: string) {
  const t = Date.now();
  await client.query(sql);
  console.error(`  ${label}: ${((Date.now() - t) / 1000).toFixed(1)} s`);
}

/** Everything by SQL (generate_series), so 10M events load in minutes, not hours. */
async function generate() {
  await dropDatabase(URL_);
  await ensureDatabase(URL_);
  await migrate(URL_);
  const c = new pg.Client({ connectionString: URL_ });
  await c.connect();
  await c.query("SET statement_timeout = 0; SET maintenance_work_mem = '512MB'; SET work_mem = '256MB'");
  const from = day(monthStart(-12)), fromTs = monthStart(-12).toISOString(), span = Math.floor((now.getTime() - monthStart(-12).getTime()) / 1000);
  console.error(`generating ${EVENTS.toLocaleString()} events from ${from} to ${now.toISOString()} …`);
  await c.query(`INSERT INTO "Organization"(id, name, slug, "monthlyBudget", "updatedAt") VALUES ('${ORG}', 'Bench Co', 'bench', 2000000, now()), ('other-org', 'Other Co', 'other', NULL, now())`);
  // 20 models: 0–11 OpenAI, 12–19 Anthropic; USD per 1M input = 0.1 + 0.5 × m, output 4×, cached ½.
  await c.query(`INSERT INTO "ModelPriceVersion"(id, provider, model, "effectiveFrom", "inputPerMTok", "outputPerMTok", "cachedInputPerMTok", source)
    SELECT 'price-' || m, CASE WHEN m < 12 THEN 'openai' ELSE 'anthropic' END, 'model-' || lpad(m::text, 2, '0'), '${day(monthStart(-13))}',
      0.1 + 0.5 * m, 4 * (0.1 + 0.5 * m), (0.1 + 0.5 * m) / 2, 'bench' FROM generate_series(0, 19) m`);
  await c.query(`INSERT INTO "Project"(id, "orgId", provider, "externalId", name, tags)
    SELECT 'prj-' || v.provider || p, '${ORG}', v.provider, 'proj-' || lpad(p::text, 2, '0'), 'Project ' || p, ARRAY['team-' || (p % 5), CASE WHEN p % 3 = 0 THEN 'internal' ELSE 'product' END]
    FROM generate_series(0, 49) p, (VALUES ('openai'), ('anthropic')) v(provider)`);
  await c.query(`INSERT INTO "Budget"(id, "orgId", "projectId", amount) SELECT 'budget-' || p, '${ORG}', 'proj-' || lpad(p::text, 2, '0'), 40000 FROM generate_series(0, 9) p`);

  // Bulk load: the raw events' indexes are rebuilt after the load (same names, same definitions).
  await c.query(`DROP INDEX "UsageEvent_orgId_occurredAt_idx"; DROP INDEX "UsageEvent_orgId_idempotencyKey_key"`);
  await c.query("SELECT setseed(0.2026)");
  await timed(c, "raw events", `
    INSERT INTO "UsageEvent"("orgId", "idempotencyKey", provider, model, "projectId", "occurredAt", "inputTokens", "outputTokens", "cachedInputTokens", requests, cost, tags)
    SELECT '${ORG}', 'ev-' || i, CASE WHEN m < 12 THEN 'openai' ELSE 'anthropic' END, 'model-' || lpad(m::text, 2, '0'), 'proj-' || lpad(p::text, 2, '0'),
      timestamp '${fromTs.replace("T", " ").replace("Z", "")}' + (random() * ${span}) * interval '1 second', it, ot, ct, 1,
      round((it * (0.1 + 0.5 * m) + ot * 4 * (0.1 + 0.5 * m) + ct * (0.1 + 0.5 * m) / 2) / 1000000, 10),
      jsonb_build_object('team', 'team-' || (p % 5))
    FROM (SELECT i, i % 20 AS m, (i / 20) % 50 AS p, (200 + floor(random() * 3000))::bigint AS it, (20 + floor(random() * 800))::bigint AS ot, floor(random() * 500)::bigint AS ct
          FROM generate_series(1, ${EVENTS}) i) s`);
  await timed(c, "raw event indexes", `CREATE UNIQUE INDEX "UsageEvent_orgId_idempotencyKey_key" ON "UsageEvent"("orgId", "idempotencyKey");
    CREATE INDEX "UsageEvent_orgId_occurredAt_idx" ON "UsageEvent"("orgId", "occurredAt")`);
  // The roll-up ingestion does for pushed events (lib/ingest: source "push"), here in one statement
  // (its trigger fills the monthly roll-up CostMonth at the same time).
  await timed(c, "roll-up → cost buckets (+ CostMonth by trigger)", `
    INSERT INTO "CostBucket"("orgId", "sourceKey", origin, provider, day, "projectId", model, "lineItem", currency, amount, estimated, "updatedAt")
    SELECT "orgId", 'push', 'PUSH', provider, "occurredAt"::date, "projectId", model, '', currency, SUM(cost), false, now()
    FROM "UsageEvent" GROUP BY "orgId", provider, "occurredAt"::date, "projectId", model, currency`);
  await timed(c, "roll-up → usage buckets", `
    INSERT INTO "UsageBucket"("orgId", "sourceKey", origin, provider, day, "projectId", model, "usageKind", "inputTokens", "outputTokens", "cachedInputTokens", requests, "updatedAt")
    SELECT "orgId", 'push', 'PUSH', provider, "occurredAt"::date, "projectId", model, 'completions', SUM("inputTokens"), SUM("outputTokens"), SUM("cachedInputTokens"), SUM(requests), now()
    FROM "UsageEvent" GROUP BY "orgId", provider, "occurredAt"::date, "projectId", model`);
  // The last two days of Anthropic are not billed yet: estimated, as ingestion marks them.
  await c.query(`UPDATE "CostBucket" SET estimated = true WHERE provider = 'anthropic' AND day >= '${day(new Date(now.getTime() - 2 * 86_400_000))}'`);
  // Another tenant's buckets in the same tables, so every query must really filter by org.
  await c.query(`INSERT INTO "CostBucket"("orgId", "sourceKey", origin, provider, day, "projectId", model, "lineItem", currency, amount, estimated, "updatedAt")
    SELECT 'other-org', 'push', 'PUSH', provider, day, "projectId", model, "lineItem", currency, amount, estimated, now() FROM "CostBucket" WHERE "orgId" = '${ORG}' AND day >= '${day(monthStart(-1))}'`);
  // An owned pool of 8 GPUs with 13 months of hourly roll-ups, serving an open model.
  await c.query(`INSERT INTO "GpuPool"(id, "orgId", name, "gpuModel", "gpuCount", "costModel", "purchasePrice", "amortisationMonths", "residualValue", "powerPricePerKwh", pue, "staffFteShare", "staffAnnualCost", "comparableProvider", "comparableModel", "updatedAt")
    VALUES ('bench-pool', '${ORG}', 'Bench H100', 'NVIDIA H100', 8, 'OWNED', 240000, 36, 24000, 0.12, 1.4, 0.2, 180000, 'openai', 'model-03', now())`);
  await timed(c, "GPU hourly roll-ups", `
    INSERT INTO "GpuHourlyMetric"("orgId", "poolId", hour, "gpuUuid", "gpuIndex", "gpuHours", "avgUtilisation", "avgPowerWatts", "energyKwh", "sampleCount")
    SELECT '${ORG}', 'bench-pool', h, 'GPU-' || g, g, 1, u, 100 + 6 * u, (100 + 6 * u) / 1000, 60
    FROM generate_series(timestamp '${fromTs.replace("T", " ").replace("Z", "")}', now()::timestamp - interval '1 hour', interval '1 hour') h, generate_series(0, 7) g,
      LATERAL (SELECT round((20 + random() * 70)::numeric, 3) AS u) x;
    INSERT INTO "GpuHourlyTokens"("orgId", "poolId", hour, "modelName", "promptTokens", "generationTokens", requests)
    SELECT '${ORG}', 'bench-pool', hour, 'meta-llama/Llama-3.1-70B', (SUM("avgUtilisation") / 100 * 3000 * 3600 * 0.7)::bigint, (SUM("avgUtilisation") / 100 * 3000 * 3600 * 0.3)::bigint, 1000
    FROM "GpuHourlyMetric" WHERE "poolId" = 'bench-pool' GROUP BY hour`);
  await timed(c, "vacuum analyze", "VACUUM ANALYZE");
  const counts = await c.query(`SELECT (SELECT count(*) FROM "UsageEvent") AS events, (SELECT count(*) FROM "CostBucket" WHERE "orgId" = '${ORG}') AS cost_buckets, (SELECT count(*) FROM "CostMonth" WHERE "orgId" = '${ORG}') AS cost_months, (SELECT count(*) FROM "UsageBucket") AS usage_buckets`);
  console.error("rows:", counts.rows[0]);
  await c.end();
}

// ── the naive versions: the same questions asked of the raw events ─────────

function naiveQueries(c: pg.Pool) {
  const from13 = monthStart(-12).toISOString(), thisFrom = monthStart(0).toISOString(), next = monthStart(1).toISOString(), lastFrom = monthStart(-1).toISOString();
  const lastSame = new Date(monthStart(-1).getTime() + (now.getTime() - monthStart(0).getTime())).toISOString();
  const history = new Date(now.getTime() - 56 * 86_400_000).toISOString();
  return {
    overview: () =>
      Promise.all([
        c.query(`SELECT date_trunc('month', "occurredAt") AS month, SUM(cost) FROM "UsageEvent" WHERE "orgId" = $1 AND "occurredAt" >= $2 AND "occurredAt" < $3 GROUP BY 1`, [ORG, from13, next]),
        c.query(`SELECT provider, SUM(cost) FROM "UsageEvent" WHERE "orgId" = $1 AND "occurredAt" >= $2 AND "occurredAt" < $3 GROUP BY 1`, [ORG, thisFrom, next]),
        c.query(`SELECT provider, model, SUM(cost) FILTER (WHERE "occurredAt" >= $2), SUM(cost) FILTER (WHERE "occurredAt" < $4) FROM "UsageEvent" WHERE "orgId" = $1 AND "occurredAt" >= $3 AND "occurredAt" < $5 AND ("occurredAt" < $4 OR "occurredAt" >= $2) GROUP BY 1, 2`, [ORG, thisFrom, lastFrom, lastSame, now.toISOString()]),
        c.query(`SELECT "occurredAt"::date, "projectId", SUM(cost) FROM "UsageEvent" WHERE "orgId" = $1 AND "occurredAt" >= $2 GROUP BY 1, 2`, [ORG, history]),
        c.query(`SELECT provider, model, "projectId", date_trunc('month', "occurredAt"), SUM("inputTokens"), SUM("outputTokens"), SUM("cachedInputTokens") FROM "UsageEvent" WHERE "orgId" = $1 AND "occurredAt" >= $2 AND "occurredAt" < $3 GROUP BY 1, 2, 3, 4`, [ORG, from13, thisFrom]),
      ]),
    spendByModel13: () =>
      Promise.all([
        c.query(`SELECT provider, model, SUM(cost) FROM "UsageEvent" WHERE "orgId" = $1 AND "occurredAt" >= $2 AND "occurredAt" < $3 GROUP BY GROUPING SETS ((1, 2), ())`, [ORG, from13, next]),
        c.query(`SELECT "occurredAt"::date, SUM(cost) FROM "UsageEvent" WHERE "orgId" = $1 AND "occurredAt" >= $2 AND "occurredAt" < $3 GROUP BY 1`, [ORG, from13, next]),
        c.query(`SELECT date_trunc('month', "occurredAt"), SUM(cost) FROM "UsageEvent" WHERE "orgId" = $1 AND "occurredAt" >= $2 AND "occurredAt" < $3 GROUP BY 1`, [ORG, from13, next]),
      ]),
  };
}

// ── measuring ───────────────────────────────────────────────────────────────

async function measure(label: string, runs: number, fn: () => Promise<unknown>) {
  for (let i = 0; i < 2; i++) await fn(); // warm the caches and the connection pool
  const ms: number[] = [];
  for (let i = 0; i < runs; i++) {
    const t = process.hrtime.bigint();
    await fn();
    ms.push(Number(process.hrtime.bigint() - t) / 1e6);
  }
  ms.sort((a, b) => a - b);
  const median = ms.length % 2 ? ms[(ms.length - 1) / 2]! : (ms[ms.length / 2 - 1]! + ms[ms.length / 2]!) / 2;
  const p95 = ms[Math.ceil(0.95 * ms.length) - 1]!; // nearest rank
  console.error(`  ${label}: median ${median.toFixed(1)} ms, p95 ${p95.toFixed(1)} ms (${runs} runs)`);
  return { label, runs, median, p95 };
}

if (!REUSE) await generate();
const { getOverview } = await import("../lib/spend/overview.ts");
const { getSpendView } = await import("../lib/spend/view.ts");
const { defaultSpendQuery } = await import("../lib/spend/filters.ts");
const { disconnectDb } = await import("../lib/db.ts");
const ctx = { orgId: ORG };
const today = day(now), from13 = day(monthStart(-12));
const naivePool = new pg.Pool({ connectionString: URL_, max: 10 });
const naive = naiveQueries(naivePool);

const loadBefore = os.loadavg()[0]!;
console.error(`measuring (${RUNS} runs each, naive ${NAIVE_RUNS}) …`);
const results = [
  await measure("Overview (finance landing page, whole DTO)", RUNS, () => getOverview(ctx, now)),
  await measure("Spend, default view (this month by provider, with daily trend, 13 month bars, movers, budgets)", RUNS, () => getSpendView(ctx, defaultSpendQuery(now), now)),
  await measure("Spend, 13 months by model", RUNS, () => getSpendView(ctx, { ...defaultSpendQuery(now), from: from13, to: today, groupBy: "model" }, now)),
  await measure("Spend, 13 months, one provider, by project", RUNS, () => getSpendView(ctx, { ...defaultSpendQuery(now), from: from13, to: today, provider: ["anthropic"], groupBy: "project" }, now)),
  await measure("Spend, 13 months, one model, by day", RUNS, () => getSpendView(ctx, { ...defaultSpendQuery(now), from: from13, to: today, model: ["model-07"], groupBy: "day" }, now)),
  await measure("Spend, 13 months by tag", RUNS, () => getSpendView(ctx, { ...defaultSpendQuery(now), from: from13, to: today, groupBy: "tag" }, now)),
  await measure("naive: Overview's questions over the raw events", NAIVE_RUNS, naive.overview),
  await measure("naive: 13 months by model (+ daily, monthly) over the raw events", NAIVE_RUNS, naive.spendByModel13),
];
await naivePool.end();
await disconnectDb();

const pgVersion = (await (async () => { const c = new pg.Client({ connectionString: URL_ }); await c.connect(); const r = await c.query("SHOW server_version"); await c.end(); return r.rows[0].server_version as string; })());
// The machine may be shared: the 1-minute load average says how busy it was while measuring.
const load = `load average ${loadBefore.toFixed(1)} → ${os.loadavg()[0]!.toFixed(1)}`;
console.log(`\n${os.cpus().length} × ${os.cpus()[0]?.model.trim()}, PostgreSQL ${pgVersion}, ${EVENTS.toLocaleString("en-US")} raw events, ${load}, ${new Date().toISOString().slice(0, 10)}\n`);
console.log("| query | median | p95 | runs |\n|---|---:|---:|---:|");
for (const r of results) console.log(`| ${r.label} | ${r.median.toFixed(0)} ms | ${r.p95.toFixed(0)} ms | ${r.runs} |`);
