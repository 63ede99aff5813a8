import { randomBytes } from "node:crypto";
const admin = new URL("postgresql://postgres@127.0.0.1:5432/postgres");
admin.pathname = `/breakeven_exp_${randomBytes(3).toString("hex")}`;
Object.assign(process.env, { DATABASE_URL: admin.toString(), NEXTAUTH_SECRET: "bench-secret-bench-secret-bench-secret-0", ENCRYPTION_KEYS: `k1:${Buffer.alloc(32, 1).toString("base64")}`, LOG_LEVEL: "warn" });
const pgm = (await import("pg")).default;
const NAMED = process.env.NAMED === "1";
const orig = pgm.Client.prototype.query;
(pgm.Client.prototype as any).query = function (this: any, ...a: any[]) {
  const q = a[0];
  if (NAMED && typeof q === "object" && q?.text?.includes("WITH ins AS")) { q.name = "otlp_store"; }
  if (NAMED && typeof q === "string" && q.includes("WITH ins AS")) { a[0] = { text: q, values: a[1], name: "otlp_store" }; a.splice(1, 1); }
  return (orig as any).apply(this, a);
};
const { dropDatabase, ensureDatabase, migrate } = await import("../lib/db/migrate.ts");
const { db, disconnectDb } = await import("../lib/db.ts");
const { Decimal } = await import("../lib/money.ts");
const { ingestOtlpSpans } = await import("../lib/otlp/ingest.ts");
await ensureDatabase(admin.toString()); await migrate(admin.toString());
const org = await db().organization.create({ data: { name: "X", slug: "x" } });
const MODELS = ["m0", "m1", "m2", "m3"];
await db().modelPriceVersion.createMany({ data: MODELS.map((model) => ({ provider: "openai", model, effectiveFrom: new Date("2026-01-01"), inputPerMTok: new Decimal("2.5"), outputPerMTok: new Decimal(10), cachedInputPerMTok: new Decimal("1.25"), source: "bench" })) });
let k = 0;
const res = new Map<string, any>([["service.name", "bot"]]);
const mk = () => Array.from({ length: 512 }, () => { k++; return { traceId: randomBytes(16).toString("hex"), spanId: randomBytes(8).toString("hex"), name: "chat", startMs: Date.now() - 3600_000 + (k % 1000), resource: res,
  attributes: new Map<string, any>(Object.entries({ "gen_ai.provider.name": "openai", "gen_ai.request.model": MODELS[k % 4]!, "gen_ai.usage.input_tokens": 500 + (k % 1000), "gen_ai.usage.output_tokens": 100 + (k % 300), "gen_ai.usage.cache_read.input_tokens": k % 3 === 0 ? 200 : 0, "customer.id": `customer-${k % 50}`, "enduser.id": `user-${k % 500}`, "app.feature": `feature-${k % 6}` })) }; });
const batches = Array.from({ length: 210 }, mk);
for (const b of batches.slice(0, 10)) await ingestOtlpSpans(org.id, b);
let t = performance.now();
for (const b of batches.slice(10, 110)) await ingestOtlpSpans(org.id, b);
let ms = performance.now() - t;
console.log(`NAMED=${NAMED} 1 stream: ${(ms / 100).toFixed(2)} ms/batch, ${Math.round(51200 / ms * 1000)} spans/s`);
t = performance.now();
await Promise.all([0, 1].map(async (c) => { for (let i = 110 + c; i < 210; i += 2) await ingestOtlpSpans(org.id, batches[i]!); }));
ms = performance.now() - t;
console.log(`NAMED=${NAMED} 2 streams: ${(ms / 100).toFixed(2)} ms/batch, ${Math.round(51200 / ms * 1000)} spans/s`);
await disconnectDb(); await dropDatabase(admin.toString());
