import { createHash } from "node:crypto";
import { readFileSync } from "node:fs";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { db } from "@/lib/db";
import type { Resolver } from "@/lib/net/ssrf";
import { runDocumentsCheck } from "@/workers/check-documents";
import { DEFAULT_WATCHLIST } from "@/lib/terms/watchlist";
import { createOrgWithMembers } from "../support/factories";
import { startLocalServer, type LocalServer } from "../net/local-server";

// The vendor-document job against real Postgres: real consecutive Open Terms Archive versions
// (tests/fixtures/terms, see its README) served by a local HTTP server on 127.0.0.1, allow-listed through
// FETCH_ALLOW_LIST. Nothing here reaches any other address: the SSRF cases use an injected resolver and are
// refused before a socket opens.

process.env.FETCH_ALLOW_LIST = "127.0.0.1";

const fixture = (name: string) => readFileSync(new URL(`../fixtures/terms/${name}`, import.meta.url), "utf8");
const OPENAI_OCT = fixture("openai-terms-of-use.2023-10-16T1230Z.a1da2dc.md");
const OPENAI_NOV = fixture("openai-terms-of-use.2023-11-14T1830Z.d9d49b2.md");
const OPENAI_NOV_FIX = fixture("openai-terms-of-use.2023-11-15T0030Z.ca036b3.md");
const MISTRAL_JUN = fixture("mistral-terms-of-use.2024-06-05T1831Z.371be91.md");
const MISTRAL_AUG = fixture("mistral-terms-of-use.2024-08-07T1832Z.e2b03b4.md");

interface Page { body: string; contentType?: string; etags?: boolean; status?: number; location?: string }
const pages = new Map<string, Page>();
let server: LocalServer;
let orgId: string;

beforeAll(async () => {
  server = await startLocalServer((req, res) => {
    const page = pages.get(req.url ?? "");
    if (!page) return void res.writeHead(404, { "content-type": "text/plain" }).end("not found");
    if (page.location) return void res.writeHead(page.status ?? 302, { location: page.location }).end();
    const etag = `"${createHash("sha1").update(page.body).digest("hex")}"`;
    if (page.etags !== false && req.headers["if-none-match"] === etag) return void res.writeHead(304, { etag }).end();
    res.writeHead(page.status ?? 200, { "content-type": page.contentType ?? "text/markdown; charset=utf-8", ...(page.etags !== false ? { etag } : {}) }).end(page.body);
  });
  orgId = (await createOrgWithMembers("Watch Co", ["OWNER"])).org.id;
});
afterAll(() => server.close());

async function watched(path: string, extra: { cssSelector?: string } = {}) {
  return db().vendorDocument.create({ data: { orgId, vendor: "test", kind: "TERMS", title: `Test ${path}`, url: `${server.origin}${path}`, ...extra } });
}
const check = (documentId: string, now: Date, resolver?: Resolver) => runDocumentsCheck({ documentId }, { now, resolver });
const versions = (documentId: string) => db().vendorDocumentVersion.count({ where: { documentId } });

describe("document watch job: OpenAI Terms of Use 2023-10-16 → 2023-11-14 → 2023-11-15", () => {
  let docId: string;

  it("stores the first fetch as the baseline version, with no change", async () => {
    pages.set("/openai/terms", { body: OPENAI_OCT });
    docId = (await watched("/openai/terms")).id;
    const r = await check(docId, new Date("2023-10-16T12:30:00Z"));
    expect(r.results[0]).toMatchObject({ outcome: "first-version" });
    const doc = await db().vendorDocument.findUniqueOrThrow({ where: { id: docId } });
    expect(doc.lastFetchedAt?.toISOString()).toBe("2023-10-16T12:30:00.000Z");
    expect(doc.etag).toMatch(/^"[0-9a-f]{40}"$/);
    expect(doc.lastError).toBeNull();
    expect(await versions(docId)).toBe(1);
    expect(await db().documentChange.count({ where: { documentId: docId } })).toBe(0);
    // an honest User-Agent, no conditional headers on the first request
    expect(server.requests.at(-1)!.headers["user-agent"]).toMatch(/^Breakeven vendor-terms watcher \(\+http:\/\/localhost:3999/);
    expect(server.requests.at(-1)!.headers["if-none-match"]).toBeUndefined();
  });

  it("the new terms: one new version and a CRITICAL change whose diff holds the changed sentences", async () => {
    pages.set("/openai/terms", { body: OPENAI_NOV });
    const r = await check(docId, new Date("2023-11-14T18:30:00Z"));
    expect(r.results[0]).toMatchObject({ outcome: "changed" });
    expect(await versions(docId)).toBe(2);
    const changes = await db().documentChange.findMany({ where: { documentId: docId } });
    expect(changes).toHaveLength(1);
    const c = changes[0]!;
    expect(c.severity).toBe("CRITICAL");
    const diff = c.diff as { op: string; text: string }[];
    expect(diff).toContainEqual({ op: "removed", text: 'We do not use Content that you provide to or receive from our API ("API Content") to develop or improve our Services.' });
    expect(diff).toContainEqual({
      op: "added",
      text: "If you do not want us to use your Content to train our models, you can opt out by following the instructions in [this Help Center article](https://help.openai.com/en/articles/5722486-how-your-data-is-used-to-improve-model-performance).",
    });
    const rules = c.matchedRules as { rule: string; severity: string; explanation: string }[];
    expect(rules[0]).toMatchObject({ rule: "training-on-customer-data", severity: "CRITICAL" });
    expect(rules[0]!.explanation).toMatch(/^The section on using your content to train models changed/);
    const [from, to] = await Promise.all([db().vendorDocumentVersion.findUniqueOrThrow({ where: { id: c.fromVersionId! } }), db().vendorDocumentVersion.findUniqueOrThrow({ where: { id: c.toVersionId } })]);
    expect(from.fetchedAt.toISOString()).toBe("2023-10-16T12:30:00.000Z");
    expect(to.text).toContain("Effective: December 14, 2023");
    expect(c.detectedAt.toISOString()).toBe("2023-11-14T18:30:00.000Z");
  });

  it("re-fetching the unchanged page is a conditional request answered 304: no new version", async () => {
    const r = await check(docId, new Date("2023-11-14T19:00:00Z"));
    expect(r.results[0]).toMatchObject({ outcome: "not-modified" });
    expect(server.requests.at(-1)!.headers["if-none-match"]).toMatch(/^"[0-9a-f]{40}"$/);
    expect(await versions(docId)).toBe(2);
    expect((await db().vendorDocument.findUniqueOrThrow({ where: { id: docId } })).lastFetchedAt?.toISOString()).toBe("2023-11-14T19:00:00.000Z");
  });

  it("a one-word fix the next day is a new version with an INFO change (no watched section)", async () => {
    pages.set("/openai/terms", { body: OPENAI_NOV_FIX });
    await check(docId, new Date("2023-11-15T00:30:00Z"));
    const last = await db().documentChange.findFirstOrThrow({ where: { documentId: docId }, orderBy: { detectedAt: "desc" } });
    expect(last.severity).toBe("INFO");
    expect(last.diff).toEqual([
      { op: "removed", text: "How we are" },
      { op: "added", text: "Who we are" },
    ]);
  });
});

describe("document watch job: cosmetic re-fetches store nothing", () => {
  it("a server without validators answering 200 with the identical page: no new version", async () => {
    pages.set("/no-etag", { body: OPENAI_NOV, etags: false });
    const doc = await watched("/no-etag");
    await check(doc.id, new Date("2024-01-01T00:00:00Z"));
    const r = await check(doc.id, new Date("2024-01-02T00:00:00Z"));
    expect(r.results[0]).toMatchObject({ outcome: "unchanged" });
    expect(server.requests.at(-1)!.headers["if-none-match"]).toBeUndefined();
    expect(await versions(doc.id)).toBe(1);
  });

  it("a page whose only change is the date in its 'Updated' stamp and copyright footer: no new version", async () => {
    const html = (updated: string, year: string) =>
      `<!doctype html><html><body><nav>Products Pricing</nav><main><p>Updated ${updated}</p>${MISTRAL_JUN.split("\n\n").map((p) => `<p>${p}</p>`).join("")}<p>© ${year} Mistral AI</p></main><footer>Cookie settings</footer></body></html>`;
    pages.set("/mistral/terms", { body: html("June 5, 2024", "2024"), contentType: "text/html; charset=utf-8", etags: false });
    const doc = await watched("/mistral/terms");
    expect((await check(doc.id, new Date("2024-06-05T18:31:00Z"))).results[0]!.outcome).toBe("first-version");
    pages.set("/mistral/terms", { body: html("January 3, 2025", "2025"), contentType: "text/html; charset=utf-8", etags: false });
    expect((await check(doc.id, new Date("2025-01-03T00:00:00Z"))).results[0]!.outcome).toBe("unchanged");
    expect(await versions(doc.id)).toBe(1);
  });
});

describe("document watch job: Mistral AI Terms of Use 2024-06-05 → 2024-08-07, with the document's CSS selector", () => {
  it("extracts only the selected section and rates the change MEDIUM (fees, termination)", async () => {
    const page = (md: string) => `<!doctype html><html><body><main><section id="privacy-policy"><p>Privacy text that never changes.</p></section><section id="terms-of-use">${md.split("\n\n").map((p) => `<p>${p}</p>`).join("")}</section></main></body></html>`;
    pages.set("/mistral/all-terms", { body: page(MISTRAL_JUN), contentType: "text/html" });
    const doc = await watched("/mistral/all-terms", { cssSelector: "#terms-of-use" });
    await check(doc.id, new Date("2024-06-05T18:31:00Z"));
    const first = await db().vendorDocumentVersion.findFirstOrThrow({ where: { documentId: doc.id } });
    expect(first.text).not.toContain("Privacy text");
    pages.set("/mistral/all-terms", { body: page(MISTRAL_AUG), contentType: "text/html" });
    await check(doc.id, new Date("2024-08-07T18:32:00Z"));
    const c = await db().documentChange.findFirstOrThrow({ where: { documentId: doc.id } });
    expect(c.severity).toBe("MEDIUM");
    expect((c.matchedRules as { rule: string }[]).map((m) => m.rule).sort()).toEqual(["price-and-fees", "termination-suspension"]);
    expect(c.diff).toContainEqual({ op: "added", text: "These Terms of Use do not apply to You if You use Our Services via a cloud provider, on such cloud provider's infrastructure." });
  });

  it("a selector that matches nothing is shown on the document as an error, not as a change", async () => {
    pages.set("/restructured", { body: "<html><body><main><p>New layout</p></main></body></html>", contentType: "text/html" });
    const doc = await watched("/restructured", { cssSelector: "#terms-of-use" });
    const r = await check(doc.id, new Date("2024-09-01T00:00:00Z"));
    expect(r.results[0]).toMatchObject({ outcome: "error" });
    const after = await db().vendorDocument.findUniqueOrThrow({ where: { id: doc.id } });
    expect(after.lastError).toContain('The selector "#terms-of-use" matched nothing');
    expect(after.lastErrorAt?.toISOString()).toBe("2024-09-01T00:00:00.000Z");
    expect(await versions(doc.id)).toBe(0);
  });

  it("an HTTP error is recorded on the document and cleared by the next good fetch", async () => {
    const doc = await watched("/gone");
    expect((await check(doc.id, new Date("2024-09-01T00:00:00Z"))).results[0]).toMatchObject({ outcome: "error", error: expect.stringContaining("HTTP 404") });
    pages.set("/gone", { body: MISTRAL_AUG });
    expect((await check(doc.id, new Date("2024-09-02T00:00:00Z"))).results[0]!.outcome).toBe("first-version");
    expect((await db().vendorDocument.findUniqueOrThrow({ where: { id: doc.id } })).lastError).toBeNull();
  });
});

describe("document watch job: SSRF guard", () => {
  const resolverTo = (address: string, calls: string[]): Resolver => async (hostname) => {
    calls.push(hostname);
    return [{ address, family: 4 }];
  };

  it.each([
    ["a private (10.x) address", "http://intranet.example.test/terms", "10.20.30.40", "private network"],
    ["the cloud metadata service", "http://metadata.example.test/latest/meta-data/", "169.254.169.254", "link-local"],
  ])("a watched URL resolving to %s is refused before any socket opens; the document shows the error", async (_what, url, address, reason) => {
    const doc = await db().vendorDocument.create({ data: { orgId, vendor: "test", kind: "OTHER", title: url, url } });
    const calls: string[] = [];
    const seen = server.requests.length;
    const r = await check(doc.id, new Date("2024-10-01T00:00:00Z"), resolverTo(address, calls));
    expect(calls).toEqual([new URL(url).hostname]);
    expect(r.results[0]).toMatchObject({ outcome: "error" });
    const after = await db().vendorDocument.findUniqueOrThrow({ where: { id: doc.id } });
    expect(after.lastError).toContain(`resolves to ${address}`);
    expect(after.lastError).toContain(reason);
    expect(after.lastFetchedAt).toBeNull();
    expect(await versions(doc.id)).toBe(0);
    expect(server.requests.length).toBe(seen);
  });

  it("a redirect from an allowed page to the metadata address is refused at the hop", async () => {
    pages.set("/redirect-to-metadata", { body: "", status: 302, location: "http://169.254.169.254/latest/meta-data/iam/" });
    const doc = await watched("/redirect-to-metadata");
    const r = await check(doc.id, new Date("2024-10-01T00:00:00Z"));
    expect(r.results[0]).toMatchObject({ outcome: "error" });
    const after = await db().vendorDocument.findUniqueOrThrow({ where: { id: doc.id } });
    expect(after.lastError).toMatch(/^Refusing to fetch http:\/\/169\.254\.169\.254\/latest\/meta-data\/iam\/: 169\.254\.169\.254, a link-local/);
    expect(await versions(doc.id)).toBe(0);
  });
});

describe("default watch list", () => {
  it("is seeded once, as documents of no org", async () => {
    const { ensureDefaultWatchlist } = await import("@/lib/terms/watch");
    await Promise.all([ensureDefaultWatchlist(), ensureDefaultWatchlist()]);
    expect(await ensureDefaultWatchlist()).toBe(0);
    const rows = await db().vendorDocument.findMany({ where: { orgId: null } });
    expect(rows.map((r) => r.url).sort()).toEqual(DEFAULT_WATCHLIST.map((d) => d.url).sort());
  });
});

describe("document watch job: a page that alternates between its worldwide and its Europe variant", () => {
  const corpus = (name: string) => readFileSync(new URL(`../fixtures/terms-corpus/openai-terms-of-use-eu/${name}`, import.meta.url), "utf8");
  it("records the switch as an INFO variant change and compares the next Europe version with the last Europe one", async () => {
    pages.set("/openai/variants", { body: corpus("2024-06-10T0030Z.1d03afe.md") }); // Europe, June 2024
    const doc = await watched("/openai/variants");
    await check(doc.id, new Date("2024-06-10T00:30:00Z"));
    pages.set("/openai/variants", { body: corpus("2024-02-20T1830Z.76a35a1.md") }); // the worldwide page served instead
    const flip = await check(doc.id, new Date("2024-06-11T00:30:00Z"));
    const flipChange = await db().documentChange.findUniqueOrThrow({ where: { id: flip.results[0]!.changeId! } });
    expect(flipChange.severity).toBe("INFO");
    expect((flipChange.matchedRules as { rule: string }[]).map((m) => m.rule)).toEqual(["regional-variant"]);

    pages.set("/openai/variants", { body: corpus("2024-10-23T1830Z.88715d9.md") }); // Europe, October 2024
    const next = await check(doc.id, new Date("2024-10-23T18:30:00Z"));
    const change = await db().documentChange.findUniqueOrThrow({ where: { id: next.results[0]!.changeId! } });
    const versions = await db().vendorDocumentVersion.findMany({ where: { documentId: doc.id }, orderBy: { fetchedAt: "asc" } });
    expect(change.fromVersionId).toBe(versions[0]!.id); // the June Europe version, not the worldwide one in between
    expect((change.matchedRules as { rule: string }[]).map((m) => m.rule)).not.toContain("regional-variant");
  });
});
