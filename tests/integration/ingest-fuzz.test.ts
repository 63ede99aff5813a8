import { beforeAll, describe, expect, it } from "vitest";
import { POST as push } from "@/app/api/v1/usage/route";
import { POST as importCsv } from "@/app/api/orgs/[org]/imports/route";
import { createApiToken } from "@/lib/api-tokens/tokens";
import { MAX_CSV_UPLOAD_BYTES } from "@/lib/ingest/csv-import";
import { db } from "@/lib/db";
import { mulberry32 } from "@/lib/random";
import { createOrgWithMembers } from "../support/factories";
import { orgContext } from "../support/org-context";
import { params, requestAs } from "../support/session";

// Hostile input for the push API and the CSV import, through the real route handlers and Postgres.
// A seeded generator (same bodies on every run) builds 1,200 malformed push bodies and 1,000
// malformed CSV files: each mixes good records with at least one that is certainly bad (a NUL in a
// string, a year-0000 timestamp, a cost past numeric(20,10), counts whose day's sum passes the
// bucket bound, wrong types, broken JSON, broken CSV…). Every answer must be a 4xx that names the
// record (or line) and field, nothing may be written, and a good request afterwards still works.

const SEED = 14;
const PUSH_BODIES = 1200;
const CSV_FILES = 1000;
const NOW = new Date();
const iso = (d: Date) => d.toISOString();
const RECENT = iso(new Date(NOW.getTime() - 3 * 86_400_000));

let f: Awaited<ReturnType<typeof createOrgWithMembers>>;
let token: string;

beforeAll(async () => {
  f = await createOrgWithMembers("Fuzz Co", ["OWNER"]);
  token = (await createApiToken(orgContext(f), "fuzz")).token;
});

type Rand = () => number;
const pick = <T,>(r: Rand, xs: readonly T[]): T => xs[Math.floor(r() * xs.length)]!;
const long = (n: number) => "x".repeat(n);

const goodRecord = (r: Rand, i: number) => ({
  id: `ok-${Math.floor(r() * 1e9)}-${i}`,
  provider: pick(r, ["openai", "anthropic", "mistral"]),
  model: pick(r, ["gpt-4o-mini", "claude-3-5-haiku", "mistral-small"]),
  timestamp: RECENT,
  projectId: pick(r, ["web", "search", ""]),
  inputTokens: Math.floor(r() * 10_000),
  outputTokens: String(Math.floor(r() * 10_000)),
  ...(r() < 0.5 ? { cost: (r() * 10).toFixed(4) } : {}),
  tags: { team: pick(r, ["a", "b"]) },
});

/** Field → values that are certainly invalid for it. */
const BAD_VALUES: Record<string, readonly unknown[]> = {
  id: ["", "a\u0000b", long(201), 5, null, {}, []],
  provider: ["", "open\u0000ai", long(101), [], 7],
  model: ["", "gpt\u0000", long(201), { a: 1 }],
  timestamp: ["0000-01-01T00:00:00Z", "1999-12-31T23:59:59Z", "2999-01-01T00:00:00Z", "2026-13-01T00:00:00Z", "not a time", 12345, "2026-01-01", "+275760-09-13T00:00:00Z", iso(new Date(NOW.getTime() + 3 * 86_400_000))],
  projectId: ["p\u0000", long(201), 7, {}],
  inputTokens: [-1, 1.5, "1e3", "10000000000000", 1e300, "abc", true, {}, "-5", 2 ** 53 + 2, "99999999999999999999", 1_000_000_000_001],
  requests: [-1, "x", 0.5, 1e13],
  cost: [-0.01, "1e5", "12345678901", 1e300, "0.00000000001", "1,000.00", "$5", {}, true, "10000000000"],
  currency: ["US", "usd1", "€€€", 5, ""],
  usageKind: ["Completions", "a b", long(65), 3],
  tags: [{ "": "x" }, { k: "a\u0000" }, { [long(101)]: "v" }, Object.fromEntries(Array.from({ length: 51 }, (_, i) => [`t${i}`, "v"])), { k: 5 }, "str", [], { k: long(501) }],
};
const FIELDS = Object.keys(BAD_VALUES);

/** A JSON body text with at least one certainly invalid part, and the kind of fault it holds. */
function malformedPushBody(r: Rand, n: number): { body: string; fault: string } {
  const kind = r();
  if (kind < 0.08) {
    const broken = ['{"records": [', "not json", "", "null", "[]", '{"records": {}}', '{"records": "x"}', '{"record": []}', '{"records": [1, 2]}', "{".repeat(2000), '{"records":[{"id":"a","provider":"openai"'];
    return { body: pick(r, broken), fault: "envelope" };
  }
  const count = 1 + Math.floor(r() * 5);
  const records: Record<string, unknown>[] = Array.from({ length: count }, (_, i) => goodRecord(r, n * 10 + i));
  if (kind < 0.16) {
    // Sums: each record within bounds, together past the day's bucket bound.
    const same = { provider: "openai", model: "gpt-4o-mini", projectId: "sum", timestamp: RECENT };
    const many = Array.from({ length: 11 }, (_, i) => ({ ...same, id: `sum-${n}-${i}`, inputTokens: 1_000_000_000_000 }));
    return { body: JSON.stringify({ records: [...records, ...many] }), fault: "bucket sum" };
  }
  if (kind < 0.2) {
    const same = { provider: "openai", model: "gpt-4o-mini", projectId: "sum", timestamp: RECENT, currency: "usd" };
    return { body: JSON.stringify({ records: [{ ...same, id: `c1-${n}`, cost: "9999999999" }, { ...same, id: `c2-${n}`, cost: "1" }] }), fault: "cost sum" };
  }
  const bad = 1 + Math.floor(r() * 2);
  for (let b = 0; b < bad; b++) {
    const target = records[Math.floor(r() * records.length)]!;
    const field = pick(r, FIELDS);
    target[field] = pick(r, BAD_VALUES[field]!);
  }
  if (r() < 0.1) delete records[0]!.provider; // a required field missing
  return { body: JSON.stringify({ records }), fault: "field" };
}

describe("push API fuzz", () => {
  it(`${PUSH_BODIES} seeded malformed bodies: only 4xx naming record and field, nothing written, server alive`, async () => {
    const r = mulberry32(SEED);
    const statuses = new Map<number, number>();
    for (let n = 0; n < PUSH_BODIES; n++) {
      const { body, fault } = malformedPushBody(r, n);
      const res = await push(new Request("http://localhost:3999/api/v1/usage", { method: "POST", headers: { authorization: `Bearer ${token}`, "content-type": "application/json" }, body }));
      statuses.set(res.status, (statuses.get(res.status) ?? 0) + 1);
      if (res.status < 400 || res.status >= 500) throw new Error(`body ${n} (${fault}) answered ${res.status}: ${body.slice(0, 300)}\n${await res.text()}`);
      const answer = (await res.json()) as { errors?: { index: number; field: string; message: string }[]; error: { message: string } };
      expect(answer.error.message.length, `body ${n}`).toBeGreaterThan(0);
      if (fault !== "envelope") {
        // Item errors name the record (its index) and the field.
        expect(answer.errors?.length, `body ${n} (${fault})`).toBeGreaterThan(0);
        for (const e of answer.errors!) expect([typeof e.index, e.field.length > 0, e.message.length > 0], `body ${n}`).toEqual(["number", true, true]);
      }
    }
    expect([...statuses.keys()].every((s) => s >= 400 && s < 500)).toBe(true);
    expect(await db().usageEvent.count({ where: { orgId: f.org.id } })).toBe(0);
    expect(await db().usageBucket.count({ where: { orgId: f.org.id } })).toBe(0);
    expect(await db().costBucket.count({ where: { orgId: f.org.id } })).toBe(0);

    // Still alive and still right: a good record goes in.
    const ok = await push(new Request("http://localhost:3999/api/v1/usage", { method: "POST", headers: { authorization: `Bearer ${token}`, "content-type": "application/json" }, body: JSON.stringify({ records: [goodRecord(r, -1)] }) }));
    expect(ok.status).toBe(200);
    expect(await db().usageEvent.count({ where: { orgId: f.org.id } })).toBe(1);
    await db().usageEvent.deleteMany({ where: { orgId: f.org.id } });
    await db().usageBucket.deleteMany({ where: { orgId: f.org.id } });
    await db().costBucket.deleteMany({ where: { orgId: f.org.id } });
  });

  it("the exact classes from the review answer 400 naming record and field", async () => {
    const base = { provider: "openai", model: "m", timestamp: RECENT };
    const cases: [Record<string, unknown>, string][] = [
      [{ ...base, id: "nul", model: "gpt\u0000x" }, "model"],
      [{ ...base, id: "year0", timestamp: "0000-06-01T00:00:00Z" }, "timestamp"],
      [{ ...base, id: "precision", cost: "123456789012.5" }, "cost"],
      [{ ...base, id: "bigint", inputTokens: "9223372036854775807" }, "inputTokens"],
    ];
    for (const [record, field] of cases) {
      const res = await push(new Request("http://localhost:3999/api/v1/usage", { method: "POST", headers: { authorization: `Bearer ${token}`, "content-type": "application/json" }, body: JSON.stringify({ records: [record] }) }));
      expect(res.status).toBe(400);
      const { errors } = (await res.json()) as { errors: { index: number; id: string; field: string }[] };
      expect(errors.map((e) => [e.index, e.id, e.field])).toEqual([[0, record.id, field]]);
    }
    expect(await db().usageEvent.count({ where: { orgId: f.org.id } })).toBe(0);
  });
});

const HEADER = "date,provider,model,project,amount,input_tokens,requests";
const DAY = RECENT.slice(0, 10);
const goodLine = (r: Rand) => `${DAY},${pick(r, ["openai", "anthropic"])},${pick(r, ["m1", "m2"])},${pick(r, ["web", "api"])},${(r() * 100).toFixed(2)},${Math.floor(r() * 1000)},1`;
const BAD_LINES: readonly string[] = [
  "0000-01-01,openai,m,p,1.00,1,1",
  "2014-12-31,openai,m,p,1.00,1,1",
  "2999-01-01,openai,m,p,1.00,1,1",
  `${DAY},openai,m,p,12345678901,1,1`,
  `${DAY},openai,m,p,1e5,1,1`,
  `${DAY},openai,m,p,-1,1,1`,
  `${DAY},openai,m,p,"1,000.00",1,1`,
  `${DAY},openai,m\u0000x,p,1.00,1,1`,
  `${DAY},openai,m,p,1.00,10000000000000,1`,
  `${DAY},openai,m,p,1.00,-1,1`,
  `${DAY},openai,m,p,1.00,1`,
  `${DAY},openai,m,p,1.00,1,1,extra`,
  `${DAY},,m,p,1.00,1,1`,
  `${DAY},openai,${long(201)},p,1.00,1,1`,
  `${DAY},openai,m,p,0.00000000001,1,1`,
  `${DAY},openai,m,p,,,`,
  `2026-02-30,openai,m,p,1.00,1,1`,
  `${DAY},openai,m,"unterminated,1.00,1,1`,
];

function malformedCsv(r: Rand, n: number): { filename: string; content: string; fault: string } {
  const kind = r();
  if (kind < 0.06) return { filename: "f.csv", content: pick(r, ["", "nonsense,columns\n1,2", "provider,amount\nopenai,1", `${HEADER}\n${DAY},openai,m,p,1.00,1,1\n"`]), fault: "file" };
  if (kind < 0.1) return { filename: `bad\u0000name-${n}.csv`, content: `${HEADER}\n${goodLine(r)}`, fault: "filename" };
  if (kind < 0.14) return { filename: "sum.csv", content: `${HEADER}\n${DAY},openai,m,p,9999999999,,\n${DAY},openai,m,p,1,,`, fault: "amount sum" };
  const lines = Array.from({ length: 1 + Math.floor(r() * 6) }, () => goodLine(r));
  const bad = 1 + Math.floor(r() * 2);
  for (let b = 0; b < bad; b++) lines.splice(Math.floor(r() * (lines.length + 1)), 0, pick(r, BAD_LINES));
  return { filename: `fuzz-${n}.csv`, content: [HEADER, ...lines].join(r() < 0.5 ? "\n" : "\r\n"), fault: "line" };
}

describe("CSV import fuzz", () => {
  it(`${CSV_FILES} seeded malformed files: only 4xx naming line and column, nothing imported, server alive`, async () => {
    const r = mulberry32(SEED + 1);
    const owner = f.members.OWNER;
    for (let n = 0; n < CSV_FILES; n++) {
      const file = malformedCsv(r, n);
      const res = await importCsv(await requestAs(owner, `/api/orgs/${f.org.slug}/imports`, { method: "POST", body: { filename: file.filename, content: file.content } }), params({ org: f.org.slug }));
      if (res.status < 400 || res.status >= 500) throw new Error(`file ${n} (${file.fault}) answered ${res.status}: ${JSON.stringify(file.content.slice(0, 300))}\n${await res.text()}`);
      const { error } = (await res.json()) as { error: { message: string; issues?: { field: string; message: string }[] } };
      if (file.fault === "line") expect(error.issues?.some((i) => /^line \d+/.test(i.field)), `file ${n}: ${JSON.stringify(error)}`).toBe(true);
    }
    expect(await db().costBucket.count({ where: { orgId: f.org.id, sourceKey: "csv" } })).toBe(0);
    expect(await db().usageBucket.count({ where: { orgId: f.org.id, sourceKey: "csv" } })).toBe(0);
    expect(await db().csvImport.count({ where: { orgId: f.org.id, status: "COMMITTED" } })).toBe(0);

    const ok = await importCsv(await requestAs(owner, `/api/orgs/${f.org.slug}/imports`, { method: "POST", body: { filename: "good.csv", content: `${HEADER}\n${DAY},openai,m1,web,12.34,100,1` } }), params({ org: f.org.slug }));
    expect(ok.status).toBe(201);
  });
});

describe("CSV upload size", () => {
  it("a body past the cap is refused while it streams: 413, and the rest is never read", async () => {
    const chunk = new TextEncoder().encode(`${"x".repeat(1024 * 1024 - 1)}\n`); // 1 MiB
    const total = Math.ceil(MAX_CSV_UPLOAD_BYTES / chunk.byteLength) * 4; // four times the cap, if read to the end
    let pulled = 0;
    const body = new ReadableStream<Uint8Array>({
      pull(controller) {
        if (pulled === 0) controller.enqueue(new TextEncoder().encode('{"filename":"big.csv","content":"'));
        pulled++;
        if (pulled > total) controller.close();
        else controller.enqueue(chunk);
      },
    });
    const base = await requestAs(f.members.OWNER, `/api/orgs/${f.org.slug}/imports`, { method: "POST" });
    const headers = new Headers(base.headers);
    headers.set("content-type", "application/json"); // no Content-Length: only counting can stop it
    const res = await importCsv(new Request(base.url, { method: "POST", headers, body, duplex: "half" } as RequestInit), params({ org: f.org.slug }));
    expect(res.status).toBe(413);
    expect(pulled).toBeLessThan(total / 2);
    expect(pulled * chunk.byteLength).toBeLessThan(MAX_CSV_UPLOAD_BYTES + 3 * chunk.byteLength);
  });
});
