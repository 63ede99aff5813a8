import { createHash } from "node:crypto";
import { readFileSync } from "node:fs";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { evaluateOrgAlerts } from "@/lib/alerts/raise";
import { db, Prisma } from "@/lib/db";
import { parseLiteLlmCatalog } from "@/lib/pricing/litellm";
import { priceForDay } from "@/lib/pricing/store";
import { orgModelUsage } from "@/lib/pricing/usage";
import { pollPriceCatalogs, recordCatalogVersion } from "@/lib/pricing/sync";
import { createOrgWithMembers } from "../support/factories";
import { startLocalServer, type LocalServer } from "../net/local-server";

// The price watch played back against real LiteLLM catalog versions with cloud-host entries
// (tests/fixtures/prices/hosts, see its README), in date order, through a local HTTP server on 127.0.0.1 that
// behaves like a static file host: Last-Modified = the version's commit date, an ETag, and 304 to a matching
// If-None-Match. Asserts: changes dated by the source, a suspect jump held then confirmed (or reverted, with the
// one constructed file), 304 on an unchanged catalog, and one alert per model per poll.

process.env.FETCH_ALLOW_LIST = "127.0.0.1";

const fixture = (name: string) => readFileSync(new URL(`../fixtures/prices/hosts/${name}`, import.meta.url), "utf8");
// tokencost commit dates from the fixture README
const V = {
  "02-19": { file: "model_prices.2025-02-19-8d4099ef.hosts.json", at: new Date("2025-02-19T23:50:03-08:00") },
  "03-01": { file: "model_prices.2025-03-01-acd143ac.hosts.json", at: new Date("2025-03-01T17:52:46-08:00") },
  "03-03": { file: "model_prices.2025-03-03-25d1eea7.hosts.json", at: new Date("2025-03-03T23:50:46-08:00") },
  "03-17": { file: "model_prices.2025-03-17-3b898f73.hosts.json", at: new Date("2025-03-17T23:57:06-07:00") },
  "03-19": { file: "model_prices.2025-03-19-3a26b064.hosts.json", at: new Date("2025-03-19T15:28:31+05:30") },
  "05-07": { file: "model_prices.2025-05-07-30c32a6e.hosts.json", at: new Date("2025-05-07T17:09:50+00:00") },
  restored: { file: "model_prices.2025-03-01-acd143ac.cache-read-restored.constructed.json", at: new Date("2025-03-02T12:00:00Z") },
} as const;
type Version = keyof typeof V;
const HOUR = 3_600_000;

let server: LocalServer;
let served: { body: string; lastModified: Date } = { body: "", lastModified: new Date(0) };
const requests: { ifNoneMatch?: string; ifModifiedSince?: string; status: number }[] = [];
let url = "";
let saved: [unknown[], unknown[], unknown[], unknown[]];
let orgId: string;

beforeAll(async () => {
  server = await startLocalServer((req, res) => {
    const etag = `"${createHash("sha1").update(served.body).digest("hex")}"`;
    const status = req.headers["if-none-match"] === etag ? 304 : 200;
    requests.push({ ifNoneMatch: req.headers["if-none-match"], ifModifiedSince: req.headers["if-modified-since"], status });
    const headers = { etag, "last-modified": served.lastModified.toUTCString(), "content-type": "application/json" };
    if (status === 304) return void res.writeHead(304, headers).end();
    res.writeHead(200, headers).end(served.body);
  });
  url = `${server.origin}/model_prices_and_context_window.json`;
  // The catalog is global: work on an empty one and put back what other files wrote (files run one at a time).
  saved = await Promise.all([db().modelPriceVersion.findMany(), db().priceChange.findMany(), db().modelRetirement.findMany(), db().priceSource.findMany()]);
  await wipe();
  orgId = await seedOrg();
});
afterAll(async () => {
  await server.close();
  await wipe();
  await db().modelPriceVersion.createMany({ data: saved[0] as Prisma.ModelPriceVersionCreateManyInput[] });
  await db().priceChange.createMany({ data: saved[1] as Prisma.PriceChangeCreateManyInput[] });
  await db().modelRetirement.createMany({ data: saved[2] as Prisma.ModelRetirementCreateManyInput[] });
  await db().priceSource.createMany({ data: saved[3] as Prisma.PriceSourceCreateManyInput[] });
});

async function wipe() {
  await db().priceChange.deleteMany();
  await db().modelPriceVersion.deleteMany();
  await db().modelRetirement.deleteMany();
  await db().priceSource.deleteMany();
}

/** Usage on 2025-02-25, inside every evaluation's 30-day window below. */
async function seedOrg(): Promise<string> {
  const f = await createOrgWithMembers("Haiku Co", ["OWNER"]);
  const id = f.org.id;
  const day = new Date("2025-02-25T00:00:00Z");
  await db().project.createMany({
    data: [
      { orgId: id, provider: "anthropic", externalId: "chat", name: "Chat" },
      { orgId: id, provider: "aws-bedrock", externalId: "chat", name: "Chat" },
      { orgId: id, provider: "azure-openai", externalId: "support", name: "Support" },
    ],
  });
  await db().usageBucket.createMany({
    data: [
      { orgId: id, sourceKey: "test", origin: "PUSH", provider: "anthropic", day, projectId: "chat", model: "claude-3-5-haiku-20241022", inputTokens: 100_000_000n, outputTokens: 10_000_000n, cachedInputTokens: 50_000_000n },
      { orgId: id, sourceKey: "test", origin: "PUSH", provider: "aws-bedrock", day, projectId: "chat", model: "anthropic.claude-3-5-haiku-20241022-v1:0", inputTokens: 10_000_000n, outputTokens: 1_000_000n },
      { orgId: id, sourceKey: "test", origin: "PUSH", provider: "azure-openai", day, projectId: "support", model: "gpt-4o", inputTokens: 40_000_000n, outputTokens: 4_000_000n },
    ],
  });
  await db().alertRule.create({ data: { orgId: id, type: "PRICE_CHANGE", name: "Any price change on a model we use", params: { minMonthlyImpact: 0 }, recipientRoles: ["OWNER"] } });
  return id;
}

async function poll(version: Version, polledAt: Date) {
  served = { body: fixture(V[version].file), lastModified: V[version].at };
  const [result] = await pollPriceCatalogs({ now: polledAt, sources: [{ format: "litellm", url }] });
  return result!;
}
const changes = (where: Prisma.PriceChangeWhereInput = {}) => db().priceChange.findMany({ where, orderBy: [{ provider: "asc" }, { model: "asc" }, { field: "asc" }] });
const line = (c: { provider: string; model: string; field: string; oldValue: Prisma.Decimal | null; newValue: Prisma.Decimal | null; status: string; datedBy: string; effectiveFrom: Date }) =>
  `${c.provider} ${c.model} ${c.field} ${c.oldValue?.toString() ?? "-"}→${c.newValue?.toString() ?? "-"} ${c.status} ${c.datedBy} ${c.effectiveFrom.toISOString()}`;
/** Run the evaluation job for the org at `at`; the events it raised, as stored. */
const evaluate = async (at: Date) => {
  const ids = (await evaluateOrgAlerts(orgId, at)).raised.map((e) => e.id);
  return db().alertEvent.findMany({ where: { id: { in: ids } }, orderBy: { title: "asc" } });
};

describe("price watch played back over real catalog versions, in date order", () => {
  it("2025-02-19: the first poll writes every model, cloud hosts included, and asks unconditionally", async () => {
    const r = await poll("02-19", new Date("2025-02-20T08:00:00Z"));
    expect(r).toMatchObject({ addedModels: 8, priceChanges: 0, heldSuspects: 0 });
    expect(requests.at(-1)).toEqual({ ifNoneMatch: undefined, ifModifiedSince: undefined, status: 200 });
    const models = await db().modelPriceVersion.findMany({ orderBy: [{ provider: "asc" }, { model: "asc" }] });
    // The same Haiku sold by Anthropic, Vertex and Bedrock (global and EU) at its own price each; Azure's gpt-4o apart from OpenAI's.
    expect(models.map((m) => `${m.provider} ${m.model} ${m.inputPerMTok.toString()}`)).toEqual([
      "anthropic claude-3-5-haiku 1",
      "azure gpt-4o 5",
      "bedrock claude-3-5-haiku 0.8",
      "bedrock claude-3-5-haiku-20241022@eu 0.25",
      "mistral mistral-small 1",
      "openai gpt-4o 2.5",
      "vertex claude-3-5-haiku 1",
      "vertex gemini-1.5-flash 0.075",
    ]);
    // The org's usage on those clouds resolves to the hosts' own entries.
    const usage = await orgModelUsage(orgId, new Date("2025-03-02T00:00:00Z"));
    expect(usage.map((u) => `${u.provider} ${u.model} → ${u.catalogModel}`).sort()).toEqual([
      "anthropic claude-3-5-haiku-20241022 → claude-3-5-haiku",
      "azure gpt-4o → gpt-4o",
      "bedrock anthropic.claude-3-5-haiku-20241022-v1:0 → claude-3-5-haiku",
    ]);
    const bedrock = await priceForDay("aws-bedrock", "anthropic.claude-3-5-haiku-20241022-v1:0", new Date("2025-02-25T00:00:00Z"));
    expect([bedrock?.provider, bedrock?.input.toString()]).toEqual(["bedrock", "0.8"]);
  });

  it("the same catalog again: the poll sends the stored ETag and Last-Modified, gets 304, and writes nothing", async () => {
    const before = await db().modelPriceVersion.count();
    const r = await poll("02-19", new Date("2025-02-20T14:00:00Z"));
    expect(r).toMatchObject({ notModified: true, priceChanges: 0 });
    const last = requests.at(-1)!;
    expect(last.status).toBe(304);
    expect(last.ifNoneMatch).toBe(`"${createHash("sha1").update(fixture(V["02-19"].file)).digest("hex")}"`);
    expect(last.ifModifiedSince).toBe(V["02-19"].at.toUTCString());
    expect(await db().modelPriceVersion.count()).toBe(before);
    expect(await db().priceSource.findUniqueOrThrow({ where: { url } })).toMatchObject({ lastNotModified: true, lastPolledAt: new Date("2025-02-20T14:00:00Z") });
  });

  it("2025-03-01: the Haiku cut is dated by the catalog's Last-Modified; its ×8 cache-read price is held, unused", async () => {
    const polledAt = new Date("2025-03-02T06:00:00Z");
    const r = await poll("03-01", polledAt);
    expect(r).toMatchObject({ priceChanges: 3, heldSuspects: 1 });
    // Last-Modified 2025-03-01T17:52:46-08:00 = 2025-03-02T01:52:46Z, four hours before the poll
    expect((await changes()).map(line)).toEqual([
      "anthropic claude-3-5-haiku cacheWrite 1.25→1 CONFIRMED SOURCE_VERSION 2025-03-02T01:52:46.000Z",
      "anthropic claude-3-5-haiku cachedInput 0.1→0.8 UNCONFIRMED SOURCE_VERSION 2025-03-02T01:52:46.000Z",
      "anthropic claude-3-5-haiku input 1→0.8 CONFIRMED SOURCE_VERSION 2025-03-02T01:52:46.000Z",
      "anthropic claude-3-5-haiku output 5→4 CONFIRMED SOURCE_VERSION 2025-03-02T01:52:46.000Z",
    ]);
    // The version written carries the cut but keeps the old cache-read price: estimates never see the typo.
    const v = await priceForDay("anthropic", "claude-3-5-haiku-20241022", new Date("2025-03-03T00:00:00Z"));
    expect([v?.input.toString(), v?.output.toString(), v?.cacheWrite?.toString(), v?.cachedInput?.toString()]).toEqual(["0.8", "4", "1", "0.1"]);
    expect((await db().priceChange.findFirstOrThrow({ where: { status: "UNCONFIRMED" } })).note).toBe("held: the cached-input price moved ×8 in one step; not used until a later catalog version confirms it");
  });

  it("one alert for Haiku with its three confirmed lines, priced on the org's usage; nothing for the held price", async () => {
    const raised = await evaluate(new Date("2025-03-02T06:15:00Z"));
    expect(raised).toHaveLength(1);
    const [e] = raised;
    // Chat: 100M input × −$0.20 + 10M output × −$1.00 per 1M = −$30.00 a month (no cache writes; the held cache-read move is not counted)
    expect(e!.title).toBe("Price change: anthropic claude-3-5-haiku -$30.00/month for Haiku Co");
    expect((e!.data as { lineKeys: string[] }).lineKeys).toEqual([
      "anthropic/claude-3-5-haiku|cacheWrite|1.25|1|2025-03-02",
      "anthropic/claude-3-5-haiku|input|1|0.8|2025-03-02",
      "anthropic/claude-3-5-haiku|output|5|4|2025-03-02",
    ]);
    expect(e!.body).toContain("cache-write price $1.25 → $1.00");
    expect(e!.body).not.toContain("cached-input");
    expect(await evaluate(new Date("2025-03-02T06:30:00Z"))).toEqual([]); // the next run raises nothing again
  });

  it("2025-03-03: a later version still lists 0.8, so the cache-read price is confirmed and alerted once, dated when published", async () => {
    const r = await poll("03-03", new Date("2025-03-04T08:00:00Z"));
    expect(r).toMatchObject({ confirmedSuspects: 1, heldSuspects: 0 });
    const confirmed = await db().priceChange.findFirstOrThrow({ where: { field: "cachedInput", model: "claude-3-5-haiku" } });
    expect(line(confirmed)).toBe("anthropic claude-3-5-haiku cachedInput 0.1→0.8 CONFIRMED SOURCE_VERSION 2025-03-02T01:52:46.000Z");
    expect(confirmed.toVersionId).not.toBeNull();
    const v = await priceForDay("anthropic", "claude-3-5-haiku-20241022", new Date("2025-03-05T00:00:00Z"));
    expect(v?.cachedInput?.toString()).toBe("0.8");
    const raised = await evaluate(new Date("2025-03-04T08:15:00Z"));
    // Chat: 50M cached × +$0.70 per 1M = +$35.00 a month
    expect(raised.map((e) => e.title)).toEqual(["Price change: anthropic claude-3-5-haiku +$35.00/month for Haiku Co"]);
    expect((raised[0]!.data as { lineKeys: string[] }).lineKeys).toEqual(["anthropic/claude-3-5-haiku|cachedInput|0.1|0.8|2025-03-02"]);
  });

  it("2025-03-17 → 03-19: Mistral Small's ÷10 is held, then confirmed; Azure's gpt-4o cut reaches the org's azure-openai usage", async () => {
    const held = await poll("03-17", new Date("2025-03-18T08:00:00Z"));
    expect(held).toMatchObject({ heldSuspects: 2, priceChanges: 0 });
    expect((await priceForDay("mistral", "mistral-small-latest", new Date("2025-03-19T00:00:00Z")))?.input.toString()).toBe("1");
    expect(await evaluate(new Date("2025-03-18T08:15:00Z"))).toEqual([]);

    const r = await poll("03-19", new Date("2025-03-20T08:00:00Z"));
    expect(r).toMatchObject({ confirmedSuspects: 2, priceChanges: 4 });
    expect((await changes({ detectedAt: new Date("2025-03-20T08:00:00Z") })).map(line)).toEqual([
      "azure gpt-4o input 5→2.5 CONFIRMED SOURCE_VERSION 2025-03-19T09:58:31.000Z",
      "azure gpt-4o output 15→10 CONFIRMED SOURCE_VERSION 2025-03-19T09:58:31.000Z",
      "mistral mistral-small input 1→0.1 CONFIRMED SOURCE_VERSION 2025-03-18T06:57:06.000Z",
      "mistral mistral-small output 3→0.3 CONFIRMED SOURCE_VERSION 2025-03-18T06:57:06.000Z",
    ]);
    // Support on Azure: 40M input × −$2.50 + 4M output × −$5.00 per 1M = −$120.00 a month; Mistral is not used
    const raised = await evaluate(new Date("2025-03-20T08:15:00Z"));
    expect(raised.map((e) => e.title)).toEqual(["Price change: azure gpt-4o -$120.00/month for Haiku Co"]);
    expect(raised[0]!.body).toContain("-$120.00/month for project Support");
  });
});

describe("a suspect the next catalog version undoes is one correction, not two alerts", () => {
  beforeAll(async () => {
    await wipe();
    await db().alertEvent.deleteMany({ where: { orgId } });
  });

  it("held on 03-01, back to $0.10 in the next version: REVERTED, no alert, and the price in effect never moved", async () => {
    await poll("02-19", new Date("2025-02-20T08:00:00Z"));
    await poll("03-01", new Date("2025-03-02T06:00:00Z"));
    await evaluate(new Date("2025-03-02T06:15:00Z")); // the input/output cut, as above
    const r = await poll("restored", new Date("2025-03-02T18:00:00Z"));
    expect(r).toMatchObject({ revertedSuspects: 1, confirmedSuspects: 0, priceChanges: 0 });
    const reverted = await db().priceChange.findFirstOrThrow({ where: { field: "cachedInput" } });
    expect(line(reverted)).toBe("anthropic claude-3-5-haiku cachedInput 0.1→0.8 REVERTED SOURCE_VERSION 2025-03-02T01:52:46.000Z");
    expect(reverted.note).toBe("corrected: the next catalog version went back to 0.1 per 1M");
    expect(reverted.toVersionId).toBeNull();
    expect(await evaluate(new Date("2025-03-02T18:15:00Z"))).toEqual([]);
    const events = await db().alertEvent.findMany({ where: { orgId } });
    expect(events.map((e) => e.title)).toEqual(["Price change: anthropic claude-3-5-haiku -$30.00/month for Haiku Co"]);
    for (const day of ["2025-03-02", "2025-03-03"]) {
      expect((await priceForDay("anthropic", "claude-3-5-haiku-20241022", new Date(`${day}T00:00:00Z`)))?.cachedInput?.toString()).toBe("0.1");
    }
  });
});

describe("a fresh install never alerts on history", () => {
  beforeAll(async () => {
    await wipe();
    await db().alertEvent.deleteMany({ where: { orgId } });
  });

  it("the first poll after the bundled catalog records what moved since as baseline; the next poll is news again", async () => {
    // The install's bundled catalog is the 2025-02-19 version (as lib/pricing/snapshot.json is a dated version).
    await recordCatalogVersion({ source: "litellm", effectiveFrom: V["02-19"].at, models: parseLiteLlmCatalog(fixture(V["02-19"].file)).models });
    // Installed and first polled on 2025-03-20: Haiku's cut and typo, Mistral's ÷10 and Azure's cut are all history.
    const first = await poll("03-19", new Date("2025-03-20T08:00:00Z"));
    // Haiku input, output, cache-read and cache-write; Azure gpt-4o input and output; Mistral Small input and output
    expect(first).toMatchObject({ heldSuspects: 0, priceChanges: 8 });
    expect(new Set((await changes()).map((c) => c.status))).toEqual(new Set(["BASELINE"]));
    expect(await evaluate(new Date("2025-03-20T08:15:00Z"))).toEqual([]);
    // Then 2025-05-07 fixes the cache-read price ÷10: a suspect again, held (no longer a first poll).
    const next = await poll("05-07", new Date("2025-05-08T08:00:00Z"));
    expect(next).toMatchObject({ heldSuspects: 1 });
    expect(line(await db().priceChange.findFirstOrThrow({ where: { status: "UNCONFIRMED" } }))).toBe("anthropic claude-3-5-haiku cachedInput 0.8→0.08 UNCONFIRMED SOURCE_VERSION 2025-05-07T17:09:50.000Z");
  });
});

describe("the shared catalog history (tests/fixtures/prices, 7 versions 2024-04 … 2025-03) played back in date order", () => {
  const shared = (name: string) => readFileSync(new URL(`../fixtures/prices/${name}`, import.meta.url), "utf8");
  // tokencost commit dates from tests/fixtures/prices/README.md
  const HISTORY = [
    ["model_prices.2024-04-22-569280a3.trimmed.json", "2024-04-22T23:50:00-07:00"],
    ["model_prices.2024-06-05-4d27dcd1.trimmed.json", "2024-06-05T18:23:52-07:00"],
    ["model_prices.2024-07-25-0deb7c4b.trimmed.json", "2024-07-25T15:55:10-07:00"],
    ["model_prices.2024-11-22-b993a71f.trimmed.json", "2024-11-22T18:40:40+05:30"],
    ["model_prices.2025-02-16-bd790792.trimmed.json", "2025-02-16T23:56:38-08:00"],
    ["model_prices.2025-03-03-25d1eea7.trimmed.json", "2025-03-03T23:50:46-08:00"],
    ["model_prices.2025-03-17-3b898f73.trimmed.json", "2025-03-17T23:57:06-07:00"],
  ] as const;
  let org: string;
  beforeAll(async () => {
    await wipe();
    // An org that uses Mistral Large every day: 10M input and 1M output tokens a day in project "Search".
    const f = await createOrgWithMembers("Mistral Co", ["OWNER"]);
    org = f.org.id;
    await db().project.create({ data: { orgId: org, provider: "mistral", externalId: "search", name: "Search" } });
    const days = [];
    for (let t = Date.UTC(2024, 3, 1); t <= Date.UTC(2025, 2, 31); t += 86_400_000) days.push(new Date(t));
    await db().usageBucket.createMany({ data: days.map((day) => ({ orgId: org, sourceKey: "test", origin: "PUSH" as const, provider: "mistral", day, projectId: "search", model: "mistral-large-latest", inputTokens: 10_000_000n, outputTokens: 1_000_000n })) });
    await db().alertRule.create({ data: { orgId: org, type: "PRICE_CHANGE", name: "Price changes", params: {}, recipientRoles: ["OWNER"] } });
  });

  it("dates every change by the catalog version, holds Mistral Small's ÷10, and raises one alert per model per poll", async () => {
    const alertsPerPoll: string[][] = [];
    for (const [file, date] of HISTORY) {
      const at = new Date(date);
      served = { body: shared(file), lastModified: at };
      const polledAt = new Date(at.getTime() + 6 * HOUR);
      await pollPriceCatalogs({ now: polledAt, sources: [{ format: "litellm", url }] });
      const ids = (await evaluateOrgAlerts(org, new Date(polledAt.getTime() + 15 * 60_000))).raised.map((e) => e.id);
      alertsPerPoll.push((await db().alertEvent.findMany({ where: { id: { in: ids } } })).map((e) => `${(e.data as { model: string }).model} ${(e.data as { lineKeys: string[] }).lineKeys.length} lines`));
    }
    // Mistral Large moved on 2024-06-05 ($8/$24 → $4/$12), 2024-07-25 (→ $3/$9) and 2025-02-16 (→ $2/$6): one alert each, two lines each.
    expect(alertsPerPoll).toEqual([[], ["mistral-large 2 lines"], ["mistral-large 2 lines"], [], ["mistral-large 2 lines"], [], []]);
    const large = await changes({ model: "mistral-large", field: "input" });
    expect(large.map(line)).toEqual([
      "mistral mistral-large input 8→4 CONFIRMED SOURCE_VERSION 2024-06-06T01:23:52.000Z",
      "mistral mistral-large input 4→3 CONFIRMED SOURCE_VERSION 2024-07-25T22:55:10.000Z",
      "mistral mistral-large input 3→2 CONFIRMED SOURCE_VERSION 2025-02-17T07:56:38.000Z",
    ]);
    // Gemini 1.5 Flash's real ÷4.67 cut is below the threshold: applied at once.
    expect((await changes({ model: "gemini-1.5-flash", field: "input" })).map((c) => c.status)).toEqual(["CONFIRMED"]);
    // Mistral Small's ÷10 (a real cut, but one step beyond ×5) waits for the next catalog version.
    expect((await changes({ model: "mistral-small", status: "UNCONFIRMED" })).map((c) => c.field).sort()).toEqual(["input", "output"]);
    expect((await priceForDay("mistral", "mistral-small-latest", new Date("2025-03-19T00:00:00Z")))?.input.toString()).toBe("1");
  });
});


describe("a catalog entry that switches its price units is held, even under the ×5 ratio", () => {
  beforeAll(async () => {
    await wipe();
  });

  // Composed from LiteLLM's own field names: Vertex-style per-character prices appearing beside the per-token
  // one, with the per-character value (a quarter of the per-token price) typed into the per-token field.
  const entry = (fields: Record<string, number>) => ({ "mistral/mistral-unit-demo": { litellm_provider: "mistral", mode: "chat", output_cost_per_token: 5e-6, ...fields } });

  it("stores the units, holds the ÷4 move as a unit change, and keeps pricing at the stored rate", async () => {
    await recordCatalogVersion({ source: "litellm", effectiveFrom: new Date("2025-06-01T00:00:00Z"), models: parseLiteLlmCatalog(entry({ input_cost_per_token: 1e-6 })).models });
    const stored = await db().modelPriceVersion.findFirstOrThrow({ where: { model: "mistral-unit-demo" } });
    expect(stored.priceUnits).toBe("token");
    const r = await recordCatalogVersion(
      { source: "litellm", effectiveFrom: new Date("2025-06-02T00:00:00Z"), models: parseLiteLlmCatalog(entry({ input_cost_per_token: 2.5e-7, input_cost_per_character: 2.5e-7 })).models },
      db(),
      { datedBySource: true },
    );
    expect(r).toMatchObject({ heldSuspects: 1, priceChanges: 0 });
    const held = await db().priceChange.findFirstOrThrow({ where: { model: "mistral-unit-demo" } });
    expect([held.field, held.oldValue?.toString(), held.newValue?.toString(), held.status]).toEqual(["input", "1", "0.25", "UNCONFIRMED"]);
    expect(held.note).toBe("held: the catalog now states this entry's prices per character and per token (was per token); not used until a later catalog version confirms it");
    expect((await priceForDay("mistral", "mistral-unit-demo", new Date("2025-06-03T00:00:00Z")))?.input.toString()).toBe("1");
  });
});
