// Push API throughput on the real Postgres: `npx tsx bench/push.ts`.
// Creates, migrates and drops a scratch database (TEST_DATABASE_ADMIN_URL, default
// postgres@127.0.0.1:5432). Measures, in one run:
//  1. POST /api/v1/usage's route handler (token auth, JSON, validation, one transaction: events
//     INSERT … FROM unnest ON CONFLICT DO NOTHING + set-based bucket upserts), batches of 5,000;
//  2. the same through a real HTTP socket (node:http server + fetch in this process);
//     and with two clients sending at once;
//  3. the same batches sent again (all duplicates);
//  4. a naive baseline: the same work row by row with Prisma (create event, upsert usage and cost
//     bucket per event) in one transaction per batch.
// Events: 20 projects × 8 models over one day, half with a cost, half priced from the catalog.
import { createServer } from "node:http";
import type { AddressInfo } from "node:net";
import { randomBytes } from "node:crypto";
import os from "node:os";

const BATCH = 5000;
const BATCHES = Number(process.env.BATCHES ?? 40);
const NAIVE_BATCHES = Number(process.env.NAIVE_BATCHES ?? 2);

const admin = new URL(process.env.TEST_DATABASE_ADMIN_URL ?? "postgresql://postgres@127.0.0.1:5432/postgres");
admin.pathname = `/breakeven_bench_push_${randomBytes(3).toString("hex")}`;
Object.assign(process.env, { DATABASE_URL: admin.toString(), NEXTAUTH_SECRET: "bench-secret-bench-secret-bench-secret-0", ENCRYPTION_KEYS: `k1:${Buffer.alloc(32, 1).toString("base64")}`, LOG_LEVEL: "warn" });

const { dropDatabase, ensureDatabase, migrate } = await import("../lib/db/migrate.ts");
const { db, disconnectDb } = await import("../lib/db.ts");
const { Decimal } = await import("../lib/money.ts");
const { POST } = await import("../app/api/v1/usage/route.ts");
const { hashToken } = await import("../lib/api-tokens/tokens.ts");

await ensureDatabase(admin.toString());
await migrate(admin.toString());

function batch(tag: string, b: number) {
  const records = [];
  for (let i = 0; i < BATCH; i++) {
    const n = b * BATCH + i;
    records.push({
      id: `${tag}-${n}`,
      provider: "openai",
      model: `bench-model-${n % 8}`,
      timestamp: new Date(Date.UTC(2026, 10, 23, 0, 0, (n * 7) % 86_400)).toISOString(),
      projectId: `proj-${n % 20}`,
      inputTokens: 500 + (n % 1000),
      outputTokens: 100 + (n % 300),
      cachedInputTokens: n % 3 === 0 ? 200 : 0,
      ...(n % 2 === 0 ? { cost: ((500 + (n % 1000)) * 0.0000025).toFixed(7) } : {}),
      tags: { team: `team-${n % 4}` },
    });
  }
  return JSON.stringify({ records });
}

const rate = (events: number, ms: number) => `${Math.round((events * 1000) / ms).toLocaleString("en-US")} events/s`;

try {
  const org = await db().organization.create({ data: { name: "Bench", slug: "bench" } });
  const token = "bk_bench-token-0123456789";
  await db().apiToken.create({ data: { orgId: org.id, name: "bench", tokenHash: hashToken(token), prefix: token.slice(0, 11) } });
  await db().modelPriceVersion.createMany({
    data: Array.from({ length: 8 }, (_, m) => ({ provider: "openai", model: `bench-model-${m}`, effectiveFrom: new Date("2026-01-01"), inputPerMTok: new Decimal("2.5"), outputPerMTok: new Decimal(10), cachedInputPerMTok: new Decimal("1.25"), source: "bench" })),
  });
  const request = (body: string) => new Request("http://bench/api/v1/usage", { method: "POST", headers: { authorization: `Bearer ${token}`, "content-type": "application/json" }, body });

  // Warm-up (JIT, connection pool, plan cache); not counted.
  await POST(request(batch("warm", 0)));

  // 1. route handler
  const bodies = Array.from({ length: BATCHES }, (_, b) => batch("h", b));
  let t = performance.now();
  for (const body of bodies) {
    const res = await POST(request(body));
    if (res.status !== 200) throw new Error(`push failed: ${res.status} ${await res.text()}`);
  }
  const handlerMs = performance.now() - t;

  // 2. over HTTP
  const server = createServer(async (req, res) => {
    const chunks: Buffer[] = [];
    for await (const c of req) chunks.push(c as Buffer);
    const r = await POST(new Request("http://bench/api/v1/usage", { method: "POST", headers: req.headers as Record<string, string>, body: Buffer.concat(chunks) }));
    res.writeHead(r.status, { "content-type": "application/json" });
    res.end(await r.text());
  });
  await new Promise<void>((r) => server.listen(0, "127.0.0.1", r));
  const url = `http://127.0.0.1:${(server.address() as AddressInfo).port}/api/v1/usage`;
  const httpBodies = Array.from({ length: BATCHES }, (_, b) => batch("x", b));
  t = performance.now();
  for (const body of httpBodies) {
    const res = await fetch(url, { method: "POST", headers: { authorization: `Bearer ${token}`, "content-type": "application/json" }, body });
    if (res.status !== 200) throw new Error(`push failed: ${res.status} ${await res.text()}`);
    await res.text();
  }
  const httpMs = performance.now() - t;

  // 2b. two clients at once: one batch validates in Node while the other is in Postgres.
  const parallelBodies = Array.from({ length: BATCHES }, (_, b) => batch("p", b));
  t = performance.now();
  await Promise.all(
    [0, 1].map(async (client) => {
      for (let b = client; b < parallelBodies.length; b += 2) {
        const res = await fetch(url, { method: "POST", headers: { authorization: `Bearer ${token}`, "content-type": "application/json" }, body: parallelBodies[b] });
        if (res.status !== 200) throw new Error(`push failed: ${res.status} ${await res.text()}`);
        await res.text();
      }
    }),
  );
  const parallelMs = performance.now() - t;
  server.close();

  // 3. duplicates
  t = performance.now();
  for (const body of bodies.slice(0, 10)) {
    const r = (await (await POST(request(body))).json()) as { duplicates: number };
    if (r.duplicates !== BATCH) throw new Error("expected all duplicates");
  }
  const dupMs = performance.now() - t;

  // 4. naive: row by row with Prisma, one transaction per batch.
  t = performance.now();
  for (let b = 0; b < NAIVE_BATCHES; b++) {
    const { records } = JSON.parse(batch("naive", b)) as { records: Array<Record<string, any>> };
    await db().$transaction(
      async (tx) => {
        for (const r of records) {
          const exists = await tx.usageEvent.findUnique({ where: { orgId_idempotencyKey: { orgId: org.id, idempotencyKey: r.id } } });
          if (exists) continue;
          await tx.usageEvent.create({ data: { orgId: org.id, idempotencyKey: r.id, provider: r.provider, model: r.model, projectId: r.projectId, occurredAt: new Date(r.timestamp), inputTokens: r.inputTokens, outputTokens: r.outputTokens, cachedInputTokens: r.cachedInputTokens, cost: r.cost ?? null, tags: r.tags } });
          const day = new Date(r.timestamp.slice(0, 10));
          const key = { orgId: org.id, sourceKey: "push-naive", provider: r.provider, day, projectId: r.projectId, model: r.model };
          await tx.usageBucket.upsert({
            where: { orgId_sourceKey_provider_day_projectId_model_usageKind: { ...key, usageKind: "completions" } },
            create: { ...key, usageKind: "completions", origin: "PUSH", inputTokens: r.inputTokens, outputTokens: r.outputTokens, cachedInputTokens: r.cachedInputTokens, requests: 1 },
            update: { inputTokens: { increment: r.inputTokens }, outputTokens: { increment: r.outputTokens }, cachedInputTokens: { increment: r.cachedInputTokens }, requests: { increment: 1 } },
          });
          if (r.cost) {
            await tx.costBucket.upsert({
              where: { orgId_sourceKey_provider_day_projectId_model_lineItem_currency_host_chargeCategory: { ...key, lineItem: "", currency: "usd", host: "", chargeCategory: "Usage" } },
              create: { ...key, lineItem: "", currency: "usd", origin: "PUSH", amount: r.cost },
              update: { amount: { increment: r.cost } },
            });
          }
        }
      },
      { timeout: 600_000 },
    );
  }
  const naiveMs = performance.now() - t;

  const events = await db().usageEvent.count();
  console.log(`push API benchmark — ${os.cpus().length} cores, ${os.cpus()[0]?.model.trim()}, Node ${process.version}; ${events.toLocaleString("en-US")} events stored`);
  console.log("| path | events | time | throughput |");
  console.log("|---|---:|---:|---:|");
  console.log(`| route handler, batches of ${BATCH} | ${(BATCHES * BATCH).toLocaleString("en-US")} | ${(handlerMs / 1000).toFixed(2)} s | ${rate(BATCHES * BATCH, handlerMs)} |`);
  console.log(`| over HTTP (node:http + fetch), batches of ${BATCH} | ${(BATCHES * BATCH).toLocaleString("en-US")} | ${(httpMs / 1000).toFixed(2)} s | ${rate(BATCHES * BATCH, httpMs)} |`);
  console.log(`| over HTTP, 2 clients at once, batches of ${BATCH} | ${(BATCHES * BATCH).toLocaleString("en-US")} | ${(parallelMs / 1000).toFixed(2)} s | ${rate(BATCHES * BATCH, parallelMs)} |`);
  console.log(`| same batches again (all duplicates) | ${(10 * BATCH).toLocaleString("en-US")} | ${(dupMs / 1000).toFixed(2)} s | ${rate(10 * BATCH, dupMs)} |`);
  console.log(`| naive: row-by-row Prisma upserts, batches of ${BATCH} | ${(NAIVE_BATCHES * BATCH).toLocaleString("en-US")} | ${(naiveMs / 1000).toFixed(2)} s | ${rate(NAIVE_BATCHES * BATCH, naiveMs)} |`);
} finally {
  await disconnectDb();
  await dropDatabase(admin.toString());
}
