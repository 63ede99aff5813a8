// OTLP traces endpoint throughput on the real Postgres: `npm run bench otlp` (or `node --expose-gc --import tsx bench/otlp.ts`).
// Creates, migrates and drops a scratch database (TEST_DATABASE_ADMIN_URL, default postgres@127.0.0.1:5432).
// Spans are made by the OpenTelemetry SDK and encoded by its protobuf serializer (what the OTLP/HTTP
// protobuf exporter sends), in batches of 512 (the SDK's default), before timing. Measures, in one run:
//  1. POST /api/v1/otlp/v1/traces through a real HTTP socket (node:http in front of the route handler,
//     fetch as the client, both in this process): token auth, protobuf decode, classification,
//     pricing, one transaction (INSERT … FROM unnest ON CONFLICT DO NOTHING into the partitioned
//     table + the daily roll-up upsert), ingest counters; one client, then two at once;
//  2. the same batches again (all duplicates);
//  3. the baseline: the same rows written by `COPY "OtelSpanEvent" FROM STDIN` (pg-copy-streams),
//     no decoding, pricing, idempotency or roll-up: the floor of what Postgres takes here.
// 90% of spans are GenAI usage (4 models, 50 customers), 10% plain HTTP spans that are ignored.
import { createServer } from "node:http";
import type { AddressInfo } from "node:net";
import { randomBytes } from "node:crypto";
import os from "node:os";
import { pipeline } from "node:stream/promises";
import { Readable } from "node:stream";

const BATCH = 512;
const BATCHES = Number(process.env.BATCHES ?? 60);

const admin = new URL(process.env.TEST_DATABASE_ADMIN_URL ?? "postgresql://postgres@127.0.0.1:5432/postgres");
admin.pathname = `/breakeven_bench_otlp_${randomBytes(3).toString("hex")}`;
Object.assign(process.env, { DATABASE_URL: admin.toString(), NEXTAUTH_SECRET: "bench-secret-bench-secret-bench-secret-0", ENCRYPTION_KEYS: `k1:${Buffer.alloc(32, 1).toString("base64")}`, LOG_LEVEL: "warn" });

const { dropDatabase, ensureDatabase, migrate } = await import("../lib/db/migrate.ts");
const { db, disconnectDb } = await import("../lib/db.ts");
const { Decimal } = await import("../lib/money.ts");
const { POST } = await import("../app/api/v1/otlp/v1/traces/route.ts");
const { hashToken } = await import("../lib/api-tokens/tokens.ts");
const { ensureSpanPartitions } = await import("../lib/otlp/partitions.ts");
const { TracerProvider, InMemorySpanExporter, SimpleSpanProcessor } = await import("@opentelemetry/sdk-trace");
const { resourceFromAttributes } = await import("@opentelemetry/resources");
const { ProtobufTraceSerializer } = await import("@opentelemetry/otlp-transformer");
const pg = (await import("pg")).default;
const { from: copyFrom } = await import("pg-copy-streams");

await ensureDatabase(admin.toString());
await migrate(admin.toString());

const MODELS = ["bench-model-0", "bench-model-1", "bench-model-2", "bench-model-3"];

/** BATCHES protobuf bodies of BATCH spans each, made and encoded by the OpenTelemetry SDK. */
function makeBodies(tag: number): { bodies: Uint8Array[]; genai: number } {
  const memory = new InMemorySpanExporter();
  const provider = new TracerProvider({ resource: resourceFromAttributes({ "service.name": "bench-bot" }), spanProcessors: [new SimpleSpanProcessor({ exporter: memory })] });
  const tracer = provider.getTracer("bench");
  const bodies: Uint8Array[] = [];
  let genai = 0;
  const start = Date.now() - 3_600_000;
  for (let b = 0; b < BATCHES; b++) {
    memory.reset();
    for (let i = 0; i < BATCH; i++) {
      const n = tag * 1_000_000 + b * BATCH + i;
      const at = new Date(start + (n % 3_000_000));
      if (i % 10 === 9) {
        tracer.startSpan("GET /health", { startTime: at, attributes: { "http.request.method": "GET" } }).end(at);
        continue;
      }
      genai++;
      tracer.startSpan("chat", {
        startTime: at,
        attributes: {
          "gen_ai.provider.name": "openai", "gen_ai.request.model": MODELS[n % 4]!, "gen_ai.usage.input_tokens": 500 + (n % 1000), "gen_ai.usage.output_tokens": 100 + (n % 300),
          "gen_ai.usage.cache_read.input_tokens": n % 3 === 0 ? 200 : 0, "customer.id": `customer-${n % 50}`, "enduser.id": `user-${n % 500}`, "app.feature": `feature-${n % 6}`,
        },
      }).end(at);
    }
    bodies.push(ProtobufTraceSerializer.serializeRequest(memory.getFinishedSpans())!);
  }
  return { bodies, genai };
}

const rate = (n: number, ms: number) => `${Math.round((n * 1000) / ms).toLocaleString("en-US")} spans/s`;

try {
  const org = await db().organization.create({ data: { name: "Bench", slug: "bench" } });
  const token = "bk_bench-token-0123456789";
  await db().apiToken.create({ data: { orgId: org.id, name: "bench", tokenHash: hashToken(token), prefix: token.slice(0, 11) } });
  await db().modelPriceVersion.createMany({
    data: MODELS.map((model) => ({ provider: "openai", model, effectiveFrom: new Date("2026-01-01"), inputPerMTok: new Decimal("2.5"), outputPerMTok: new Decimal(10), cachedInputPerMTok: new Decimal("1.25"), source: "bench" })),
  });
  const server = createServer(async (req, res) => {
    try {
      const chunks: Buffer[] = [];
      for await (const c of req) chunks.push(c as Buffer);
      const headers = { authorization: String(req.headers.authorization), "content-type": String(req.headers["content-type"]) };
      const r = await POST(new Request("http://bench/api/v1/otlp/v1/traces", { method: "POST", headers, body: Buffer.concat(chunks) }));
      res.writeHead(r.status, { "content-type": r.headers.get("content-type") ?? "application/x-protobuf" });
      res.end(Buffer.from(await r.arrayBuffer()));
    } catch (e) {
      res.writeHead(500).end(String(e));
    }
  });
  server.keepAliveTimeout = 5000;
  await new Promise<void>((r) => server.listen(0, "127.0.0.1", r));
  const url = `http://127.0.0.1:${(server.address() as AddressInfo).port}/api/v1/otlp/v1/traces`;
  const send = async (body: Uint8Array) => {
    const res = await fetch(url, { method: "POST", headers: { authorization: `Bearer ${token}`, "content-type": "application/x-protobuf" }, body: Buffer.from(body) });
    if (res.status !== 200) throw new Error(`export failed: ${res.status} ${await res.text()}`);
    await res.arrayBuffer();
  };

  // Every body is made before any timing, and the garbage of making them collected, so the client's
  // work does not land in the server's figures (run with --expose-gc, as `npm run bench` does).
  const warm = makeBodies(9);
  const one = makeBodies(1);
  const two = makeBodies(2);
  const collect = () => (globalThis as { gc?: () => void }).gc?.();
  for (const body of warm.bodies.slice(0, 3)) await send(body); // JIT, pool, plan cache, price cache; not counted

  // 1. one client
  collect();
  let t = performance.now();
  for (const body of one.bodies) await send(body);
  const oneMs = performance.now() - t;

  // 1b. two clients at once
  collect();
  t = performance.now();
  await Promise.all([0, 1].map(async (c) => { for (let b = c; b < two.bodies.length; b += 2) await send(two.bodies[b]!); }));
  const twoMs = performance.now() - t;

  // 2. duplicates
  collect();
  t = performance.now();
  for (const body of one.bodies) await send(body);
  const dupMs = performance.now() - t;
  server.close();

  // 3. COPY baseline: the same GenAI rows (as stored by path 1) copied into a fresh org.
  const rows = await db().$queryRaw<{ line: string }[]>`
    SELECT concat_ws(E'\\t', 'copy-org', "day", "traceId", "spanId", "conversationId", to_char("occurredAt", 'YYYY-MM-DD"T"HH24:MI:SS.MS'), "provider", "model",
      "inputTokens", "outputTokens", "cachedInputTokens", "cacheWriteTokens", "reasoningTokens", COALESCE("cost"::text, '\\N'), "costEstimated", COALESCE("priceVersionId", '\\N'),
      "project", "user", "feature", "customer") AS line
    FROM "OtelSpanEvent" WHERE "orgId" = ${org.id} LIMIT ${one.genai}`;
  await ensureSpanPartitions([new Date().toISOString().slice(0, 7)]);
  const client = new pg.Client({ connectionString: admin.toString() });
  await client.connect();
  const text = rows.map((r) => r.line).join("\n") + "\n";
  t = performance.now();
  const stream = client.query(copyFrom(`COPY "OtelSpanEvent" ("orgId", "day", "traceId", "spanId", "conversationId", "occurredAt", "provider", "model", "inputTokens", "outputTokens", "cachedInputTokens", "cacheWriteTokens", "reasoningTokens", "cost", "costEstimated", "priceVersionId", "project", "user", "feature", "customer") FROM STDIN`));
  await pipeline(Readable.from([text]), stream);
  const copyMs = performance.now() - t;
  await client.end();

  const stored = await db().$queryRaw<{ n: bigint }[]>`SELECT COUNT(*)::bigint AS n FROM "OtelSpanEvent" WHERE "orgId" = ${org.id}`;
  const total = BATCHES * BATCH;
  console.log(`OTLP traces benchmark — ${os.cpus().length} cores, ${os.cpus()[0]?.model.trim()}, Node ${process.version}; ${stored[0]!.n.toLocaleString("en-US")} GenAI span events stored (+ warm-up)`);
  console.log("| path | spans | time | throughput |");
  console.log("|---|---:|---:|---:|");
  console.log(`| POST /api/v1/otlp/v1/traces over HTTP, protobuf, batches of ${BATCH}, 1 client | ${total.toLocaleString("en-US")} | ${(oneMs / 1000).toFixed(2)} s | ${rate(total, oneMs)} |`);
  console.log(`| the same, 2 clients at once | ${total.toLocaleString("en-US")} | ${(twoMs / 1000).toFixed(2)} s | ${rate(total, twoMs)} |`);
  console.log(`| the first batches sent again (all duplicates) | ${total.toLocaleString("en-US")} | ${(dupMs / 1000).toFixed(2)} s | ${rate(total, dupMs)} |`);
  console.log(`| baseline: COPY of the same ${rows.length.toLocaleString("en-US")} GenAI rows into the partitioned table | ${rows.length.toLocaleString("en-US")} | ${(copyMs / 1000).toFixed(2)} s | ${rate(rows.length, copyMs)} |`);
  console.log(`(spans/s of the endpoint count every span received, 90% GenAI; target ≥ 20,000 spans/s on 2 cores)`);
} finally {
  await disconnectDb();
  await dropDatabase(admin.toString());
}
