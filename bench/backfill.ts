// HTTP requests and time of a 13-month backfill for one connection with 20 projects × 8 models,
// against a local provider server (tests/support/synthetic-provider.ts), into the real Postgres:
// `npx tsx bench/backfill.ts`. Scratch database created, migrated and dropped (TEST_DATABASE_ADMIN_URL).
// Prints, per provider, the requests made next to the fewest the API's page sizes allow.
import { randomBytes } from "node:crypto";
import os from "node:os";

const admin = new URL(process.env.TEST_DATABASE_ADMIN_URL ?? "postgresql://postgres@127.0.0.1:5432/postgres");
admin.pathname = `/breakeven_bench_backfill_${randomBytes(3).toString("hex")}`;
Object.assign(process.env, { DATABASE_URL: admin.toString(), NEXTAUTH_SECRET: "bench-secret-bench-secret-bench-secret-0", ENCRYPTION_KEYS: `k1:${Buffer.alloc(32, 1).toString("base64")}`, LOG_LEVEL: "warn", FETCH_ALLOW_LIST: "127.0.0.1" });

const { dropDatabase, ensureDatabase, migrate } = await import("../lib/db/migrate.ts");
const { db, disconnectDb } = await import("../lib/db.ts");
const { syncWindows } = await import("../lib/connections/sync.ts");
const { backfillWindows, DAY_MS } = await import("../lib/ingest/windows.ts");
const { OPENAI_COSTS_PAGE_LIMIT, OPENAI_USAGE_PAGE_LIMIT } = await import("../lib/providers/openai-client.ts");
const { OPENAI_USAGE_KINDS } = await import("../lib/providers/openai.ts");
const { ANTHROPIC_PAGE_LIMIT } = await import("../lib/providers/anthropic-client.ts");
const { startSyntheticProvider, syntheticCostTotal } = await import("../tests/support/synthetic-provider.ts");
const { lastFour, sealSecret } = await import("../lib/crypto/secrets.ts");

const OPTS = { projects: 20, models: 8 };
await ensureDatabase(admin.toString());
await migrate(admin.toString());
try {
  const now = new Date();
  const windows = backfillWindows(now, 13);
  const days = (windows.at(-1)!.end.getTime() - windows[0]!.start.getTime()) / DAY_MS;
  const pages = (n: number, limit: number) => Math.ceil(n / limit);
  const windowDays = windows.map((w) => (w.end.getTime() - w.start.getTime()) / DAY_MS);
  const org = await db().organization.create({ data: { name: "Bench", slug: "bench" } });
  console.log(`13-month backfill — ${os.cpus().length} cores, Node ${process.version}; ${days} days in ${windows.length} windows; ${OPTS.projects} projects × ${OPTS.models} models`);
  console.log("| provider | HTTP requests | fewest the page sizes allow (per window / whole range in one go) | rows written | time | totals match |");
  console.log("|---|---:|---:|---:|---:|---|");
  for (const provider of ["openai", "anthropic"] as const) {
    const server = await startSyntheticProvider(provider, OPTS);
    const key = `sk-bench-${provider}-0000`;
    const sealed = sealSecret(key);
    const c = await db().providerConnection.create({
      data: { orgId: org.id, provider: provider === "openai" ? "OPENAI" : "ANTHROPIC", name: provider, encryptedCredentials: sealed.ciphertext, credentialsKeyId: sealed.keyId, credentialsLast4: lastFour(key), baseUrl: server.baseUrl },
    });
    const t = performance.now();
    const report = await syncWindows(c.id, windows, { now: () => now });
    const ms = performance.now() - t;
    // Per window each endpoint needs ceil(windowDays / page limit) pages; in one go, ceil(days / limit).
    const limits = provider === "openai" ? [OPENAI_COSTS_PAGE_LIMIT, ...OPENAI_USAGE_KINDS.map(() => OPENAI_USAGE_PAGE_LIMIT)] : [ANTHROPIC_PAGE_LIMIT, ANTHROPIC_PAGE_LIMIT];
    const perWindow = windowDays.reduce((n, d) => n + limits.reduce((m, l) => m + pages(d, l), 0), 0);
    const oneGo = limits.reduce((m, l) => m + pages(days, l), 0);
    const agg = await db().costBucket.aggregate({ where: { connectionId: c.id }, _sum: { amount: true } });
    const expected = syntheticCostTotal(provider, OPTS, windows[0]!.start, windows.at(-1)!.end);
    const ok = agg._sum.amount?.toString() === expected.toString() || expected.equals(agg._sum.amount?.toString() ?? "0");
    console.log(`| ${provider} | ${report.requests} (${report.retries} retries) | ${perWindow} / ${oneGo} | ${(report.costRows + report.usageRows).toLocaleString("en-US")} | ${(ms / 1000).toFixed(1)} s | ${ok ? "yes" : `NO: ${agg._sum.amount} vs ${expected}`} |`);
    await server.close();
  }
} finally {
  await disconnectDb();
  await dropDatabase(admin.toString());
}
