// FOCUS import benchmark: a generated FOCUS 1.2 CSV of ROWS rows (default 5,000,000; AWS-shaped: Bedrock
// model rows over 30 days × 40 accounts × 12 models × 2 token classes, plus 10% EC2 rows that are
// skipped) imported by the real code (stream → conformance check per row → map → sum → one
// transaction), next to a raw `COPY` of the same file into a table of text columns (what Postgres
// alone needs to ingest the bytes) in the same run. Peak memory: the process's maximum RSS.
//
//   npx tsx bench/focus-import.ts                 # 5M rows
//   ROWS=1000000 npx tsx bench/focus-import.ts    # 1M rows
//
// Database: breakeven_bench_focus (dropped and re-created). The file is written to the OS temp folder
// and removed afterwards.
import { createWriteStream } from "node:fs";
import { mkdtemp, rm, stat } from "node:fs/promises";
import os from "node:os";
import { join } from "node:path";
import { execFile } from "node:child_process";
import { promisify } from "node:util";
import pg from "pg";
import { dropDatabase, ensureDatabase, migrate } from "../lib/db/migrate.ts";

const URL_ = process.env.BENCH_DATABASE_URL ?? "postgresql://postgres@127.0.0.1:5432/breakeven_bench_focus";
const ROWS = Number(process.env.ROWS ?? 5_000_000);
process.env.DATABASE_URL = URL_;
process.env.NEXTAUTH_SECRET ??= "bench-secret-bench-secret-bench-secret-00";
process.env.ENCRYPTION_KEYS ??= `k1:${Buffer.alloc(32, 1).toString("base64")}`;
process.env.LOG_LEVEL = "warn";

const HEADER = [
  "BilledCost", "BillingAccountId", "BillingAccountName", "BillingCurrency", "BillingPeriodEnd", "BillingPeriodStart", "ChargeCategory", "ChargeClass", "ChargeDescription",
  "ChargePeriodEnd", "ChargePeriodStart", "ConsumedQuantity", "ConsumedUnit", "ContractedCost", "EffectiveCost", "InvoiceIssuerName", "ListCost", "PricingQuantity", "PricingUnit",
  "ProviderName", "PublisherName", "RegionId", "ResourceId", "ServiceCategory", "ServiceName", "SubAccountId", "x_ServiceCode", "x_UsageType",
];
const MODELS = ["anthropic.claude-3-5-sonnet-20240620-v1:0", "anthropic.claude-3-haiku-20240307-v1:0", "amazon.nova-lite-v1:0", "amazon.nova-pro-v1:0", "meta.llama3-1-70b-instruct-v1:0",
  "meta.llama3-1-8b-instruct-v1:0", "mistral.mistral-large-2407-v1:0", "cohere.command-r-plus-v1:0", "amazon.titan-embed-text-v2:0", "anthropic.claude-3-opus-20240229-v1:0",
  "ai21.jamba-1-5-large-v1:0", "amazon.nova-micro-v1:0"];

async function generate(path: string): Promise<void> {
  const out = createWriteStream(path, { highWaterMark: 1 << 20 });
  const write = (s: string) => (out.write(s) ? Promise.resolve() : new Promise<void>((r) => out.once("drain", () => r())));
  await write(HEADER.join(",") + "\n");
  let buf = "";
  for (let i = 0; i < ROWS; i++) {
    const d = 1 + (i % 30), dd = String(d).padStart(2, "0"), nd = d === 30 ? "2026-10-01" : `2026-09-${String(d + 1).padStart(2, "0")}`;
    const acct = String(100000000000 + ((i >> 5) % 40));
    const cents = ((i * 7919) % 100000) / 10000; // 0.0000 … 9.9999
    if (i % 10 === 9) {
      buf += `${cents},999999999999,Payer,USD,2026-10-01T00:00:00.000Z,2026-09-01T00:00:00.000Z,Usage,,Linux m7i.large,${nd}T00:00:00.000Z,2026-09-${dd}T00:00:00.000Z,24,Hours,${cents},${cents},"Amazon Web Services, Inc.",${cents},24,Hours,AWS,"Amazon Web Services, Inc.",us-east-1,i-0abc${i % 1000},Compute,Amazon Elastic Compute Cloud,${acct},AmazonEC2,BoxUsage:m7i.large\n`;
    } else {
      const model = MODELS[i % 12]!, kind = (i >> 4) % 2 ? "output" : "input", q = 1000 + ((i * 31) % 900000);
      buf += `${cents},999999999999,Payer,USD,2026-10-01T00:00:00.000Z,2026-09-01T00:00:00.000Z,Usage,,${kind} tokens,${nd}T00:00:00.000Z,2026-09-${dd}T00:00:00.000Z,${q},Tokens,${cents},${cents},"Amazon Web Services, Inc.",${cents},${q},Tokens,AWS,"Amazon Web Services, Inc.",us-east-1,arn:aws:bedrock:us-east-1::foundation-model/${model},AI and Machine Learning,Amazon Bedrock,${acct},AmazonBedrock,USE1-${kind}-tokens\n`;
    }
    if (buf.length > 1 << 20) {
      await write(buf);
      buf = "";
    }
  }
  await write(buf);
  await new Promise<void>((r) => out.end(() => r()));
}

function peakSampler() {
  let peak = process.memoryUsage().rss;
  const t = setInterval(() => (peak = Math.max(peak, process.memoryUsage().rss)), 50);
  return { stop: () => (clearInterval(t), Math.max(peak, process.memoryUsage().rss)) };
}

const execFileAsync = promisify(execFile);
const mb = (b: number) => `${Math.round(b / 1024 / 1024)} MB`;
const load = () => os.loadavg()[0]!.toFixed(1);

async function main() {
  await dropDatabase(URL_);
  await ensureDatabase(URL_);
  await migrate(URL_);
  const dir = await mkdtemp(join(os.tmpdir(), "focus-bench-"));
  const file = join(dir, "focus.csv");
  try {
    let t = Date.now();
    await generate(file);
    const size = (await stat(file)).size;
    console.error(`generated ${ROWS.toLocaleString()} rows, ${mb(size)}, in ${((Date.now() - t) / 1000).toFixed(1)} s`);

    const { db } = await import("../lib/db.ts");
    const { importFocusFile } = await import("../lib/focus/import.ts");
    const org = await db().organization.create({ data: { name: "Bench Co", slug: "bench" } });
    const user = await db().user.create({ data: { email: "bench@bench.test" } });
    const ctx = { orgId: org.id, userId: user.id };

    const loadBefore = load();
    const baseRss = process.memoryUsage().rss;
    const sampler = peakSampler();
    t = Date.now();
    const cpu0 = process.cpuUsage();
    const summary = await importFocusFile(ctx, file, "focus.csv");
    const importS = (Date.now() - t) / 1000;
    const cpu = process.cpuUsage(cpu0);
    const importCpuS = (cpu.user + cpu.system) / 1e6;
    const peak = sampler.stop();
    const loadAfterImport = load();

    const c = new pg.Client({ connectionString: URL_ });
    await c.connect();
    await c.query(`CREATE TABLE focus_raw (${HEADER.map((h) => `"${h}" text`).join(", ")})`);
    // Client-side COPY (psql's \copy streams the file over the connection, as our import reads it on the client).
    t = Date.now();
    const { stdout } = await execFileAsync("psql", [URL_, "-v", "ON_ERROR_STOP=1", "-c", `\\copy focus_raw FROM '${file}' WITH (FORMAT csv, HEADER true)`]);
    const copyS = (Date.now() - t) / 1000;
    const copied = { rowCount: Number(/COPY (\d+)/.exec(stdout)?.[1] ?? NaN) };
    await c.end();

    console.log(`\nFOCUS import, ${ROWS.toLocaleString()} rows (${mb(size)} CSV), 1-minute load ${loadBefore} → ${loadAfterImport} → ${load()}\n`);
    console.log("| what | time | rows/s |");
    console.log("|---|---:|---:|");
    console.log(`| import (stream, check every row, keep ${summary.aiRows.toLocaleString()} AI rows, sum into ${summary.buckets.toLocaleString()} buckets, one transaction) | ${importS.toFixed(1)} s | ${Math.round(ROWS / importS).toLocaleString()} |`);
    console.log(`| baseline: raw COPY of the same file into text columns (${Number(copied.rowCount).toLocaleString()} rows) | ${copyS.toFixed(1)} s | ${Math.round(ROWS / copyS).toLocaleString()} |`);
    console.log(`\nimport CPU time ${importCpuS.toFixed(1)} s of ${importS.toFixed(1)} s wall (${Math.round(ROWS / importCpuS).toLocaleString()} rows per CPU-second: the machine is shared, so wall time depends on the load)`);
    console.log(`\npeak RSS during the import ${mb(peak)} (${mb(baseRss)} before it; process maxRSS ${mb(process.resourceUsage().maxRSS * 1024)}); billed ${summary.billed} ${summary.currency}`);
    await db().$disconnect();
  } finally {
    await rm(dir, { recursive: true, force: true });
  }
}

main().catch((e) => {
  console.error(e);
  process.exit(1);
});
