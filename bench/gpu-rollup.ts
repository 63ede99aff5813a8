// GPU metrics on the 2-core build machine: `npx tsx bench/gpu-rollup.ts`.
// Needs PostgreSQL (TEST_DATABASE_ADMIN_URL, default postgres@127.0.0.1:5432): runs in a scratch
// database it creates, migrates and drops. Prints one line per measurement.
//  1. the demo pool's 13 months: synthetic 5-minute scrapes → rollupHour → the job's upsert
//  2. a busy pool's hour at 60 s: 8 GPUs and 2 replicas of 2 models → 60 scrape writes, then the
//     roll-up job's work for that hour (load the hour + the snapshot before, roll up, upsert)
import { randomBytes } from "node:crypto";

const admin = new URL(process.env.TEST_DATABASE_ADMIN_URL ?? "postgresql://postgres@127.0.0.1:5432/postgres");
admin.pathname = `/breakeven_bench_gpu_${randomBytes(3).toString("hex")}`;
Object.assign(process.env, { DATABASE_URL: admin.toString(), NEXTAUTH_SECRET: "bench-secret-bench-secret-bench-secret-0", ENCRYPTION_KEYS: `k1:${Buffer.alloc(32, 1).toString("base64")}`, LOG_LEVEL: "warn" });

const { dropDatabase, ensureDatabase, migrate } = await import("../lib/db/migrate.ts");
const { db, disconnectDb } = await import("../lib/db.ts");
const { mulberry32 } = await import("../lib/demo/generate.ts");
const { DEMO_SCRAPE_SECONDS, demoHourSnapshots, initialDemoState } = await import("../lib/demo/gpu-synthetic.ts");
const { rollupHour } = await import("../lib/gpu/rollup.ts");
const { loadHourSnapshots, upsertHourRollups, writeScrapeSamples } = await import("../lib/gpu/store.ts");
type HourRollup = ReturnType<typeof rollupHour>;

const ms = (t: number) => `${(performance.now() - t).toFixed(0)} ms`;
await ensureDatabase(admin.toString());
await migrate(admin.toString());
try {
  const org = await db().organization.create({ data: { name: "Bench", slug: `bench-${Date.now()}` } });
  const pool = (name: string) => db().gpuPool.create({ data: { orgId: org.id, name, gpuModel: "L40S", gpuCount: 8, costModel: "CLOUD", hourlyRatePerGpu: "2", powerPricePerKwh: "0.1" } });

  // 1. the demo pool's path
  const demo = await pool("demo");
  const end = Date.UTC(2026, 10, 24), start = Date.UTC(2025, 10, 1);
  const rand = mulberry32(7), state = initialDemoState();
  let rollMs = 0, writeMs = 0, hours = 0;
  let batch: HourRollup[] = [];
  for (let t = start; t < end; t += 3_600_000) {
    const t0 = performance.now();
    batch.push(rollupHour(demoHourSnapshots(t, state, rand), { hourStart: new Date(t), intervalSeconds: DEMO_SCRAPE_SECONDS }));
    rollMs += performance.now() - t0;
    hours++;
    if (batch.length === 500 || t + 3_600_000 >= end) {
      const t1 = performance.now();
      await upsertHourRollups(demo, batch);
      writeMs += performance.now() - t1;
      batch = [];
    }
  }
  console.log(`demo pool: ${hours} hours × 13 synthetic scrapes × 4 GPUs: roll-up ${rollMs.toFixed(0)} ms, upsert ${writeMs.toFixed(0)} ms (${hours * 5} rows)`);

  // 2. a busy pool's hour at 60 s
  const busy = await pool("busy");
  const source = await db().gpuMetricSource.create({ data: { orgId: org.id, poolId: busy.id, kind: "PROMETHEUS_TEXT", url: "http://bench/metrics" } });
  const hour = Date.UTC(2026, 10, 24, 10);
  let t0 = performance.now();
  for (let i = -1; i < 60; i++) {
    const at = new Date(hour + i * 60_000);
    const gpus = Array.from({ length: 8 }, (_, g) => ({ uuid: `GPU-${g}`, index: g, host: `node-${g >> 2}`, modelName: null, utilisationPct: 50 + g, powerWatts: 300 + g, fbUsedMiB: 1000 }));
    const models = ["a", "b"].flatMap((m) => [1, 2].map((r) => ({ modelName: m, instance: `vllm-${r}:8000`, promptTokensTotal: BigInt((i + 2) * 10_000), generationTokensTotal: BigInt((i + 2) * 5_000), requestsTotal: BigInt(i + 2) })));
    await writeScrapeSamples({ ...source, poolId: busy.id }, [{ scrapedAt: at, target: "bench", gpus, models, warnings: [] }], at);
  }
  console.log(`busy pool: 61 scrape writes of 36 samples each (8 GPUs × 3 + 4 replicas × 3): ${ms(t0)} in all`);
  t0 = performance.now();
  const snapshots = await loadHourSnapshots(busy.id, new Date(hour));
  const loadMs = ms(t0);
  t0 = performance.now();
  const rolled = rollupHour(snapshots, { hourStart: new Date(hour), intervalSeconds: 60 });
  await upsertHourRollups(busy, [rolled]);
  console.log(`busy pool: one hour's roll-up: load ${snapshots.length} snapshots ${loadMs}, roll up + upsert ${ms(t0)} (${rolled.gpus.length} GPU rows, ${rolled.models.length} model rows)`);
} finally {
  await disconnectDb();
  await dropDatabase(admin.toString());
}
