import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createConnection } from "@/lib/connections/connections";
import { db } from "@/lib/db";
import { collectSource } from "@/lib/gpu/collect";
import { addSource } from "@/lib/gpu/pools";
import { createProviderClient } from "@/lib/providers/client";
import { addDocument } from "@/lib/terms/documents";
import { checkDocument } from "@/lib/terms/watch";
import { startLocalServer, type LocalServer } from "../net/local-server";
import { rejected } from "../support/app-error";
import { createOrgWithMembers } from "../support/factories";
import { orgContext } from "../support/org-context";

// Live refusals through the product's own code paths — a GPU /metrics source, a Prometheus server, a
// provider base URL and a watched document — against real servers that play the "internal service":
// one on 127.0.0.2, one on [::1], one on 127.0.0.1 reached by the hosts-file name `localhost`.
// FETCH_ALLOW_LIST opens exactly 127.0.0.1 as an IP literal (how these tests reach their own
// servers); every internal server counts its requests, and each must end at zero. Only loopback
// addresses are ever dialled.

process.env.FETCH_ALLOW_LIST = "127.0.0.1";

const SECRET = "internal-secret-body-do-not-echo";
let v4b: LocalServer; // 127.0.0.2
let v6: LocalServer; // [::1]
let named: LocalServer; // 127.0.0.1, reached as localhost
let redirector: LocalServer; // 127.0.0.1, allow-listed: plays a public server that redirects inward
let f: Awaited<ReturnType<typeof createOrgWithMembers>>;

const internal = (req: { url?: string }, res: { writeHead(s: number, h: Record<string, string>): { end(b: string): void } }) =>
  void res.writeHead(200, { "content-type": "text/plain" }).end(`${SECRET} ${req.url}`);

beforeAll(async () => {
  v4b = await startLocalServer(internal, "127.0.0.2");
  v6 = await startLocalServer(internal, "::1");
  named = await startLocalServer(internal);
  redirector = await startLocalServer((req, res) => {
    const url = new URL(req.url ?? "/", "http://x");
    // /hop?n=2&to=<url>: two hops on the allowed server, then the inward redirect
    const n = Number(url.searchParams.get("n") ?? "0");
    const to = url.searchParams.get("to")!;
    const next = n > 0 ? `/hop?n=${n - 1}&to=${encodeURIComponent(to)}` : to;
    res.writeHead(302, { location: next }).end();
  });
  f = await createOrgWithMembers("Intruder Co", ["OWNER"]);
});

afterAll(async () => {
  await Promise.all([v4b.close(), v6.close(), named.close(), redirector.close()]);
});

/** Every internal target, in each spelling an attacker would try. */
const targets = () => ({
  "127.0.0.2": `${v4b.origin}/metrics`,
  "[::1]": `${v6.origin}/metrics`,
  "localhost (hosts file)": `http://localhost:${named.port}/metrics`,
  "decimal 2130706434": `http://2130706434:${v4b.port}/metrics`,
  "hex 0x7f000002": `http://0x7f000002:${v4b.port}/metrics`,
  "octal 0177.0.0.2": `http://0177.0.0.2:${v4b.port}/metrics`,
  "IPv4-mapped [::ffff:127.0.0.2]": `http://[::ffff:127.0.0.2]:${v4b.port}/metrics`,
});
const viaRedirects = (to: string) => `${redirector.origin}/hop?n=2&to=${encodeURIComponent(to)}`;

function cases(): Array<[string, string]> {
  const list = Object.entries(targets());
  return [...list, ...list.filter(([name]) => ["127.0.0.2", "[::1]", "localhost (hosts file)"].includes(name)).map(([name, url]): [string, string] => [`3-hop redirect chain to ${name}`, viaRedirects(url)])];
}

function expectNothingReachedInside() {
  expect([v4b.requests.length, v6.requests.length, named.requests.length]).toEqual([0, 0, 0]);
}

const CASE_NAMES = [
  "127.0.0.2",
  "[::1]",
  "localhost (hosts file)",
  "decimal 2130706434",
  "hex 0x7f000002",
  "octal 0177.0.0.2",
  "IPv4-mapped [::ffff:127.0.0.2]",
  "3-hop redirect chain to 127.0.0.2",
  "3-hop redirect chain to [::1]",
  "3-hop redirect chain to localhost (hosts file)",
];
const urlOf = (name: string) => Object.fromEntries(cases())[name]!;

describe("a GPU /metrics source is refused live, nothing reaches the internal server, its body never shows", () => {
  it.each(CASE_NAMES)("%s", async (name) => {
    const pool = await db().gpuPool.create({
      data: { orgId: f.org.id, name: `gpu ${name}`, gpuModel: "L40S", gpuCount: 1, costModel: "CLOUD", hourlyRatePerGpu: "1", powerPricePerKwh: "0.1", sources: { create: { orgId: f.org.id, kind: "PROMETHEUS_TEXT", url: urlOf(name) } } },
      include: { sources: true },
    });
    const e = await rejected(collectSource(pool.sources[0]!.id, new Date("2026-01-01T00:00:00Z")));
    expect(e.code).toBe("REFUSED");
    const stored = await db().gpuMetricSource.findUniqueOrThrow({ where: { id: pool.sources[0]!.id } });
    expect(stored.lastError).toMatch(/^Refusing to fetch .*loopback/);
    expect(stored.lastError).not.toContain(SECRET);
    expectNothingReachedInside();
  });
});

describe("a Prometheus server URL is refused live", () => {
  it.each(CASE_NAMES)("%s", async (name) => {
    const base = urlOf(name).replace("/metrics", "");
    const pool = await db().gpuPool.create({
      data: { orgId: f.org.id, name: `prom ${name}`, gpuModel: "L40S", gpuCount: 1, costModel: "CLOUD", hourlyRatePerGpu: "1", powerPricePerKwh: "0.1", sources: { create: { orgId: f.org.id, kind: "PROMETHEUS_API", url: base } } },
      include: { sources: true },
    });
    const e = await rejected(collectSource(pool.sources[0]!.id, new Date("2026-01-01T00:00:00Z")));
    expect(e.code).toBe("REFUSED");
    expect(e.message).not.toContain(SECRET);
    expectNothingReachedInside();
  });
});

describe("a provider base URL is refused live, and the key goes nowhere", () => {
  it.each(CASE_NAMES)("%s", async (name) => {
    const client = createProviderClient({ provider: "anthropic", apiKey: "sk-ant-admin01-secret", baseUrl: urlOf(name).replace("/metrics", ""), retry: { maxAttempts: 1 } });
    const e = await rejected(client.fetchCosts({ start: new Date("2026-01-01T00:00:00Z"), end: new Date("2026-01-02T00:00:00Z") }));
    // A redirect chain is cut earlier still: a credentialed call never follows a redirect to another origin.
    expect(e.code).toBe(name.startsWith("3-hop") ? "UPSTREAM_BAD_RESPONSE" : "REFUSED");
    expect(e.message).toMatch(/^Anthropic /);
    expect(e.message).not.toContain("sk-ant-admin01-secret");
    expectNothingReachedInside();
  });
});

/** Check a watched document at `url`; its stored error (what the Documents page shows). */
async function checkDocumentAt(url: string): Promise<string> {
  const doc = await db().vendorDocument.create({ data: { orgId: f.org.id, vendor: "test", kind: "TERMS", title: url, url } });
  const result = await checkDocument(doc.id);
  expect(result.outcome).toBe("error");
  const stored = await db().vendorDocument.findUniqueOrThrow({ where: { id: doc.id } });
  expect(await db().vendorDocumentVersion.count({ where: { documentId: doc.id } })).toBe(0);
  return stored.lastError ?? "";
}

describe("a watched document is refused live", () => {
  it.each(CASE_NAMES)("%s", async (name) => {
    const lastError = await checkDocumentAt(urlOf(name).replace("/metrics", "/terms"));
    expect(lastError).toMatch(/^Refusing to fetch .*loopback/);
    expect(lastError).not.toContain(SECRET);
    expectNothingReachedInside();
  });
});

describe("the same URLs are refused when they are saved, as a field error", () => {
  it.each(["127.0.0.2", "[::1]", "localhost (hosts file)", "hex 0x7f000002"])("%s", async (name) => {
    const ctx = orgContext(f, "OWNER");
    const pool = await db().gpuPool.create({ data: { orgId: f.org.id, name: `save ${name}`, gpuModel: "L40S", gpuCount: 1, costModel: "CLOUD", hourlyRatePerGpu: "1", powerPricePerKwh: "0.1" } });
    const url = urlOf(name);
    const refusals = await Promise.all([
      rejected(addSource(ctx, pool.id, { kind: "PROMETHEUS_TEXT", url })),
      rejected(createConnection(ctx, { provider: "openai", name: `c ${name}`, apiKey: "sk-admin-0123456789abcdef", baseUrl: url.replace("/metrics", "") })),
      rejected(addDocument(ctx, { vendor: "x", kind: "TERMS", title: "t", url: url.replace("/metrics", "/terms") })),
    ]);
    expect(refusals.map((r) => [r.code, r.details.issues?.[0]?.field])).toEqual([
      ["BAD_INPUT", "url"],
      ["BAD_INPUT", "baseUrl"],
      ["BAD_INPUT", "url"],
    ]);
    expect(await db().gpuMetricSource.count({ where: { poolId: pool.id } })).toBe(0);
    expectNothingReachedInside();
  });
});
