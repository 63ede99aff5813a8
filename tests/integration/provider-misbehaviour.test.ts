import { afterEach, beforeAll, beforeEach, describe, expect, it } from "vitest";
import { db } from "@/lib/db";
import { dec } from "@/lib/money";
import { AppError } from "@/lib/errors";
import { getConnection } from "@/lib/connections/connections";
import { recordSyncFailure, syncWindows, type ClientOverrides } from "@/lib/connections/sync";
import { getTokenUsageByModel } from "@/lib/spend/token-usage";
import { getReconciliation } from "@/lib/spend/reconciliation";
import { createOrgWithMembers } from "../support/factories";
import { costTotal, insertConnection } from "../support/connections";
import { startFixtureServer, type FixtureServer, type ScriptedResponse } from "../support/fixture-server";
import {
  ANTHROPIC_COSTS, ANTHROPIC_USAGE, OPENAI_COMPLETIONS, OPENAI_COSTS, anthropicCostBucket, anthropicUsageBucket, openAiCompletionsBucket, openAiCostBucket, pages,
  serveEmptyOpenAiUsage, servePages,
} from "../support/provider-playback";

// The failure classes of issue 13, each played by a local provider server on 127.0.0.1 for OpenAI
// and for Anthropic, through the real sync (HTTP client, pricing, one transaction per window) into
// Postgres; then the stored totals to the token and the connection's status text.
//
// The hand-worked example every class starts from (window 2026-01-01 … 2026-01-03, project/workspace A,
// catalog price $2 input, $0.50 cached input, $8 output per 1M tokens):
//   2026-01-01: 1,000,000 uncached + 200,000 cached input, 100,000 output → 2 + 0.1 + 0.8 = $2.90 at catalog prices; billed $3.10
//   2026-01-03:   500,000 uncached input,                    50,000 output → 1 + 0.4       = $1.40 at catalog prices; billed $1.50

process.env.FETCH_ALLOW_LIST = "127.0.0.1";

const WINDOW = { start: new Date("2026-01-01T00:00:00Z"), end: new Date("2026-01-04T00:00:00Z") };
const NOW = () => new Date("2026-01-10T00:00:00Z");
const DAY1 = { uncached: 1_000_000, cached: 200_000, output: 100_000 };
const DAY3 = { uncached: 500_000, output: 50_000 };

type ProviderSlug = "openai" | "anthropic";
interface Counts {
  model?: string | null;
  uncached: number;
  cached?: number;
  output: number;
}

/** What differs between the providers: paths, names, page shapes. Everything asserted is the same. */
const PROVIDERS = {
  openai: {
    name: "OpenAI",
    model: "playback-gpt",
    costsPath: OPENAI_COSTS,
    usagePath: OPENAI_COMPLETIONS,
    costsLabel: "costs",
    usageLabel: "usage (completions)",
    usageKinds: "completions",
    costBucket: (day: string, dollars: number) => openAiCostBucket(day, [{ project: "proj_A", lineItem: "input_tokens", dollars }]),
    usageBucket: (day: string, rows: Counts[]) => openAiCompletionsBucket(day, rows.map((r) => ({ model: r.model === undefined ? "playback-gpt" : r.model, project: "proj_A", uncached: r.uncached, cached: r.cached, output: r.output, requests: 10 }))),
    project: "proj_A",
    others: (server: FixtureServer) => serveEmptyOpenAiUsage(server),
  },
  anthropic: {
    name: "Anthropic",
    model: "playback-claude",
    costsPath: ANTHROPIC_COSTS,
    usagePath: ANTHROPIC_USAGE,
    costsLabel: "cost report",
    usageLabel: "usage report",
    usageKinds: "messages, web search calls",
    // Anthropic reports cents as a decimal string: $3.10 = "310".
    costBucket: (day: string, dollars: number) => anthropicCostBucket(day, [{ model: "playback-claude", description: "Playback Claude Usage - Input Tokens", cents: dec(dollars).times(100).toString() }]),
    usageBucket: (day: string, rows: Counts[]) => anthropicUsageBucket(day, rows.map((r) => ({ model: r.model === undefined ? "playback-claude" : r.model, uncached: r.uncached, cacheRead: r.cached, output: r.output }))),
    project: "wrkspc_A",
    others: (_server: FixtureServer) => {},
  },
} as const;

let server: FixtureServer;
let orgId: string;
let sleeps: number[];
const client = (extra: ClientOverrides = {}): ClientOverrides => ({
  retry: { maxAttempts: 3, baseDelayMs: 100, maxDelayMs: 1000, timeoutMs: 5000, maxRetryAfterMs: 60_000 },
  sleep: async (ms) => void sleeps.push(ms),
  random: () => 0.5,
  ...extra,
});

beforeAll(async () => {
  const price = (provider: string, model: string) =>
    db().modelPriceVersion.create({ data: { provider, model, source: "litellm", effectiveFrom: new Date("2025-01-01T00:00:00Z"), inputPerMTok: dec(2), cachedInputPerMTok: dec("0.5"), outputPerMTok: dec(8) } });
  await price("openai", "playback-gpt");
  await price("anthropic", "playback-claude");
  // Token-class rates (class 4), hand-set: audio $40 in / $80 out per 1M; cache writes $2.50 (5 minutes) and $4 (1 hour).
  await db().modelPriceVersion.create({ data: { provider: "openai", model: "playback-gpt-audio", source: "litellm", effectiveFrom: new Date("2025-01-01T00:00:00Z"), inputPerMTok: dec(2), cachedInputPerMTok: dec("0.5"), outputPerMTok: dec(8), audioInputPerMTok: dec(40), audioOutputPerMTok: dec(80) } });
  // Batch rates at half the standard ones (as OpenAI and Anthropic sell them); image tokens $10 in / $40 out per 1M.
  await db().modelPriceVersion.create({ data: { provider: "openai", model: "playback-gpt-batch", source: "litellm", effectiveFrom: new Date("2025-01-01T00:00:00Z"), inputPerMTok: dec(2), cachedInputPerMTok: dec("0.5"), outputPerMTok: dec(8), batchInputPerMTok: dec(1), batchOutputPerMTok: dec(4), imageInputPerMTok: dec(10), imageOutputPerMTok: dec(40) } });
  await db().modelPriceVersion.create({ data: { provider: "anthropic", model: "playback-claude-batch", source: "litellm", effectiveFrom: new Date("2025-01-01T00:00:00Z"), inputPerMTok: dec(2), cachedInputPerMTok: dec("0.5"), outputPerMTok: dec(8), batchInputPerMTok: dec(1), batchOutputPerMTok: dec(4) } });
  await db().modelPriceVersion.create({ data: { provider: "anthropic", model: "playback-claude-1h", source: "litellm", effectiveFrom: new Date("2025-01-01T00:00:00Z"), inputPerMTok: dec(2), cachedInputPerMTok: dec("0.5"), outputPerMTok: dec(8), cacheWritePerMTok: dec("2.5"), cacheWrite1hPerMTok: dec(4) } });
});
beforeEach(async () => {
  server = await startFixtureServer();
  sleeps = [];
  orgId = (await createOrgWithMembers("Misbehaving provider")).org.id;
});
afterEach(() => server.close());

async function usageTotals(connectionId: string, where: Record<string, unknown> = {}) {
  const agg = await db().usageBucket.aggregate({ where: { sourceKey: connectionId, usageKind: { in: ["completions", "messages"] }, ...where }, _sum: { inputTokens: true, cachedInputTokens: true, outputTokens: true } });
  return [agg._sum.inputTokens ?? 0n, agg._sum.cachedInputTokens ?? 0n, agg._sum.outputTokens ?? 0n];
}

async function statusText(connectionId: string) {
  return (await getConnection({ orgId }, connectionId)).statusText;
}

/** The window's usage (two pages) and costs (one page) as the happy path serves them. */
function serveHappy(p: (typeof PROVIDERS)[ProviderSlug], opts: { costs?: ScriptedResponse[]; usage?: ScriptedResponse[] } = {}) {
  const prov: ProviderSlug = p.name === "OpenAI" ? "openai" : "anthropic";
  servePages(server, p.usagePath, pages(prov, "u", [p.usageBucket("2026-01-01", [DAY1])], [p.usageBucket("2026-01-03", [DAY3])]), opts.usage);
  servePages(server, p.costsPath, pages(prov, "c", [p.costBucket("2026-01-01", 3.1), p.costBucket("2026-01-03", 1.5)]), opts.costs);
  p.others(server);
}

async function connect(slug: ProviderSlug, baseUrl = server.baseUrl) {
  return (await insertConnection(orgId, { provider: slug, baseUrl })).id;
}

describe.each(["openai", "anthropic"] as const)("%s", (slug) => {
  const p = PROVIDERS[slug];
  const sync = (id: string, extra: ClientOverrides = {}) => syncWindows(id, [WINDOW], { now: NOW, client: client(extra) });

  describe("1. an endpoint the account cannot use", () => {
    it("costs answer 404: usage is still stored to the token and priced from the catalog, marked estimated; the connection says so", async () => {
      const id = await connect(slug);
      servePages(server, p.usagePath, pages(slug, "u", [p.usageBucket("2026-01-01", [DAY1])], [p.usageBucket("2026-01-03", [DAY3])]));
      server.on({ path: p.costsPath }, { status: 404, body: { error: { message: "Not found" } } });
      p.others(server);
      await sync(id);
      expect(await usageTotals(id)).toEqual([1_500_000n, 200_000n, 150_000n]);
      expect(await costTotal({ orgId, estimated: true })).toBe("4.3"); // 2.90 + 1.40
      expect(await costTotal({ orgId, estimated: false })).toBe("0");
      expect(await statusText(id)).toBe(`Synced, but billed dollars unavailable (the ${p.costsLabel} answered HTTP 404): showing catalog estimates.`);
    });

    it("a usage report answers 403: the billed dollars are stored; the connection names the usage that is missing", async () => {
      const id = await connect(slug);
      servePages(server, p.costsPath, pages(slug, "c", [p.costBucket("2026-01-01", 3.1), p.costBucket("2026-01-03", 1.5)]));
      server.on({ path: p.usagePath }, { status: 403, body: { error: { message: "This key cannot read usage" } } });
      p.others(server);
      await sync(id);
      expect(await costTotal({ orgId, estimated: false })).toBe("4.6");
      expect(await usageTotals(id)).toEqual([0n, 0n, 0n]);
      expect(await statusText(id)).toBe(`Synced, but usage of ${p.usageKinds} unavailable (HTTP 403): not in the figures.`);
    });

    it("an endpoint lost later keeps what it reported before: the billed dollars stay, nothing is re-estimated", async () => {
      const id = await connect(slug);
      serveHappy(p);
      await sync(id);
      expect(await costTotal({ orgId, estimated: false })).toBe("4.6");
      await server.close();
      server = await startFixtureServer();
      await db().providerConnection.update({ where: { id }, data: { baseUrl: server.baseUrl } });
      servePages(server, p.usagePath, pages(slug, "u", [p.usageBucket("2026-01-01", [DAY1])], [p.usageBucket("2026-01-03", [DAY3])]));
      server.on({ path: p.costsPath }, { status: 403, body: { error: { message: "Cost access revoked" } } });
      p.others(server);
      await sync(id);
      expect([await costTotal({ orgId, estimated: false }), await costTotal({ orgId, estimated: true })]).toEqual(["4.6", "0"]);
      expect(await usageTotals(id)).toEqual([1_500_000n, 200_000n, 150_000n]);
    });

    it("every endpoint refused: nothing stored, FAILING, and the sentence says the key cannot read the reports", async () => {
      const id = await connect(slug);
      server.on({ path: p.costsPath }, { status: 403, body: { error: { message: "Not an admin key" } } });
      server.on({ path: p.usagePath }, { status: 403, body: { error: { message: "Not an admin key" } } });
      if (slug === "openai") for (const k of ["embeddings", "moderations", "images", "audio_speeches", "audio_transcriptions", "vector_stores", "code_interpreter_sessions", "file_search_calls", "web_search_calls"]) server.on({ path: `/v1/organization/usage/${k}` }, { status: 403, body: { error: { message: "Not an admin key" } } });
      const e = await sync(id).catch((x: unknown) => x);
      expect(e).toBeInstanceOf(AppError);
      await recordSyncFailure(id, e, { finalAttempt: true, now: NOW() });
      expect(await db().costBucket.count({ where: { sourceKey: id } })).toBe(0);
      expect(await statusText(id)).toBe(
        `Failing: ${p.name} answered HTTP 403 for every report this connection reads: \u201cNot an admin key\u201d, so nothing could be synced. Use an admin key of the organisation (not a project key), and check the base URL.`,
      );
    });
  });

  describe("2. a base URL pasted with /v1 and a trailing slash", () => {
    it("requests go to /v1/organization…, never /v1/v1/…; totals stored; the resolved URL is shown", async () => {
      const id = await connect(slug, `${server.baseUrl}/v1/`);
      serveHappy(p);
      await sync(id);
      expect(server.requests.every((r) => r.path.startsWith("/v1/organization") && !r.path.startsWith("/v1/v1"))).toBe(true);
      expect(await costTotal({ orgId })).toBe("4.6");
      expect(await usageTotals(id)).toEqual([1_500_000n, 200_000n, 150_000n]);
      const dto = await getConnection({ orgId }, id);
      expect([dto.resolvedBaseUrl, dto.resolvedRequestUrl]).toEqual([server.baseUrl, `${server.baseUrl}${p.costsPath}`]);
      expect(dto.statusText).toBe("Synced: billed dollars and usage from every report.");
    });
  });

  describe("5. a bucket outside the requested window", () => {
    it("is ignored, never stored, and the connection warns in words", async () => {
      const id = await connect(slug);
      servePages(server, p.usagePath, pages(slug, "u", [p.usageBucket("2025-12-31", [{ uncached: 9_999, output: 9_999 }]), p.usageBucket("2026-01-01", [DAY1])], [p.usageBucket("2026-01-03", [DAY3])]));
      servePages(server, p.costsPath, pages(slug, "c", [p.costBucket("2026-01-01", 3.1), p.costBucket("2026-01-03", 1.5), p.costBucket("2026-01-04", 99)]));
      p.others(server);
      await sync(id);
      expect(await usageTotals(id)).toEqual([1_500_000n, 200_000n, 150_000n]);
      expect(await costTotal({ orgId })).toBe("4.6");
      expect(await db().usageBucket.count({ where: { sourceKey: id, day: { lt: WINDOW.start } } })).toBe(0);
      const dto = await getConnection({ orgId }, id);
      expect(dto.lastWarning).toBe(
        `${p.name} ${p.costsLabel} returned 1 bucket for 2026-01-04; ${p.usageLabel} returned 1 bucket for 2025-12-31, outside the requested days 2026-01-01 to 2026-01-03: ignored, not stored.`,
      );
      expect(dto.statusText).toBe("Synced: billed dollars and usage from every report.");
    });
  });

  describe("6. a bucket repeated across pages", () => {
    it("an identical repeat is counted once", async () => {
      const id = await connect(slug);
      const day1 = p.usageBucket("2026-01-01", [DAY1]);
      servePages(server, p.usagePath, pages(slug, "u", [day1], [day1, p.usageBucket("2026-01-03", [DAY3])]));
      const c1 = p.costBucket("2026-01-01", 3.1);
      servePages(server, p.costsPath, pages(slug, "c", [c1], [c1, p.costBucket("2026-01-03", 1.5)]));
      p.others(server);
      await sync(id);
      expect(await usageTotals(id)).toEqual([1_500_000n, 200_000n, 150_000n]);
      expect(await costTotal({ orgId })).toBe("4.6");
    });

    it("a repeat with other numbers fails the window clearly and stores nothing", async () => {
      const id = await connect(slug);
      servePages(server, p.usagePath, pages(slug, "u", [p.usageBucket("2026-01-01", [DAY1])], [p.usageBucket("2026-01-01", [{ ...DAY1, output: 100_001 }])]));
      servePages(server, p.costsPath, pages(slug, "c", [p.costBucket("2026-01-01", 3.1)]));
      p.others(server);
      const e = await sync(id).catch((x: unknown) => x);
      await recordSyncFailure(id, e, { finalAttempt: false, now: NOW() });
      expect(await db().usageBucket.count({ where: { sourceKey: id } })).toBe(0);
      expect(await db().costBucket.count({ where: { sourceKey: id } })).toBe(0);
      const kind = slug === "openai" ? "completions" : "messages";
      expect(await statusText(id)).toBe(
        `Failing: ${p.name} ${p.usageLabel}: the bucket 2026-01-01, project ${p.project}, model ${p.model}, ${kind} came on pages 1 and 2 with different numbers; nothing of this window was stored; check the base URL, and report this to us with the details below if it persists.`,
      );
    });
  });

  describe("7. Retry-After", () => {
    it("an HTTP date on 503 and seconds on 429 are honoured, then the window is stored whole", async () => {
      const id = await connect(slug);
      serveHappy(p, {
        costs: [
          { status: 503, headers: { "retry-after": "Sat, 10 Jan 2026 00:00:45 GMT" }, body: { error: { message: "Service unavailable" } } },
          { status: 429, headers: { "retry-after": "3" }, body: { error: { message: "Rate limited" } } },
        ],
      });
      await sync(id, { now: NOW });
      expect(sleeps).toEqual([45_000, 3000]); // 00:00:45 − 00:00:00 by the client's clock, then 3 s
      expect(await costTotal({ orgId })).toBe("4.6");
      expect(await usageTotals(id)).toEqual([1_500_000n, 200_000n, 150_000n]);
    });

    it("without Retry-After: capped exponential back-off with jitter (0.5 × 100 ms, then 0.5 × 200 ms)", async () => {
      const id = await connect(slug);
      serveHappy(p, { usage: [{ status: 503 }, { status: 429 }] });
      await sync(id);
      expect(sleeps).toEqual([50, 100]);
      expect(await usageTotals(id)).toEqual([1_500_000n, 200_000n, 150_000n]);
    });
  });

  describe("8. a 200 with an HTML page", () => {
    it("is retried, and the JSON that follows is stored", async () => {
      const id = await connect(slug);
      serveHappy(p, { costs: [{ headers: { "content-type": "text/html" }, body: "<!doctype html><html><body>Scheduled maintenance</body></html>" }] });
      await sync(id);
      expect(sleeps).toEqual([50]);
      expect(await costTotal({ orgId })).toBe("4.6");
    });

    it("on every try: the window fails, nothing is stored, and the connection says the provider returned an HTML page instead of JSON", async () => {
      const id = await connect(slug);
      // Registered first, so it answers every costs request (routes match in order).
      server.on({ path: p.costsPath }, { headers: { "content-type": "text/html" }, body: "<!doctype html><html><body>Scheduled maintenance</body></html>" });
      serveHappy(p);
      const e = await sync(id).catch((x: unknown) => x);
      await recordSyncFailure(id, e, { finalAttempt: true, now: NOW() });
      expect(await db().costBucket.count({ where: { sourceKey: id } })).toBe(0);
      const dto = await getConnection({ orgId }, id);
      expect(dto.statusText).toBe(
        `Failing: ${p.name} ${p.costsLabel} returned an HTML page instead of JSON (HTTP 200) on 3 tries. The provider may be down for maintenance, or the base URL points at a web page; it is retried automatically, check the base URL if this persists.`,
      );
      expect(dto.lastErrorDetail).toContain(`GET ${p.costsPath} → HTTP 200\n<!doctype html>`);
    });
  });

  describe("9. usage without a model", () => {
    it("is its own row, \"model not reported\", with its tokens in Spend and in Reconciliation", async () => {
      const id = await connect(slug);
      servePages(server, p.usagePath, pages(slug, "u", [p.usageBucket("2026-01-01", [{ ...DAY1, model: null }])], [p.usageBucket("2026-01-03", [{ ...DAY3, model: null }])]));
      servePages(server, p.costsPath, pages(slug, "c", []));
      p.others(server);
      await sync(id);
      expect(await usageTotals(id, { model: "" })).toEqual([1_500_000n, 200_000n, 150_000n]);
      const rows = await getTokenUsageByModel({ orgId }, { from: "2026-01-01", to: "2026-01-31", provider: [], model: [], project: [], tag: [] });
      expect(rows.map((r) => [r.label, r.inputTokens, r.cachedInputTokens, r.outputTokens])).toEqual([[`model not reported · ${p.name}`, "1500000", "200000", "150000"]]);
      const rec = await getReconciliation({ orgId }, "2026-01");
      // 1,500,000 + 200,000 + 150,000 tokens; no model, so no catalog price: one unpriced bucket per day.
      expect(rec.providers.map((x) => x.models.map((m) => [m.model, m.tokens, m.reported, m.catalog, m.unpricedBuckets]))).toEqual([[["", "1850000", "0.00", null, 2]]]);
    });
  });

  describe("4. every token class the usage reports", () => {
    it("is kept to the token and shown per model in Spend", async () => {
      const id = await connect(slug);
      if (slug === "openai") {
        servePages(server, p.usagePath, pages(slug, "u", [openAiCompletionsBucket("2026-01-01", [{ model: "playback-gpt", project: "proj_A", uncached: 1_000_000, cached: 200_000, output: 100_000, requests: 10, audioIn: 30_000, audioOut: 10_000, imageIn: 5_000, imageOut: 2_000 }])]));
      } else {
        servePages(server, p.usagePath, pages(slug, "u", [anthropicUsageBucket("2026-01-01", [{ model: "playback-claude", uncached: 1_000_000, cacheRead: 200_000, cache5m: 40_000, cache1h: 10_000, output: 100_000, webSearches: 7 }])]));
      }
      server.on({ path: p.costsPath }, { status: 404, body: { error: { message: "Not found" } } });
      p.others(server);
      await sync(id);
      const rows = await getTokenUsageByModel({ orgId }, { from: "2026-01-01", to: "2026-01-31", provider: [], model: [], project: [], tag: [] });
      const r = rows.map((x) => [x.label, x.inputTokens, x.cachedInputTokens, x.cacheWriteTokens, x.outputTokens, x.audioInputTokens, x.audioOutputTokens, x.imageInputTokens, x.imageOutputTokens]);
      if (slug === "openai") {
        expect(r).toEqual([["playback-gpt · OpenAI", "1000000", "200000", "0", "100000", "30000", "10000", "5000", "2000"]]);
        // Priced from the catalog: 1M × $2 + 0.2M × $0.50 + 0.1M × $8 = $2.90 (audio and image inside input/output).
        expect(await costTotal({ orgId, estimated: true })).toBe("2.9");
      } else {
        // Cache writes: 40,000 (5 minutes) + 10,000 (1 hour); web searches are billed per call, kept as units.
        expect(r).toEqual([["playback-claude · Anthropic", "1000000", "200000", "50000", "100000", "0", "0", "0", "0"]]);
        const searches = await db().usageBucket.findFirstOrThrow({ where: { sourceKey: id, usageKind: "web_search_calls" } });
        expect([searches.units?.toString(), searches.unit]).toEqual(["7", "calls"]);
        // 1M × $2 + 0.2M × $0.50 + 0.05M × $2 (no cache-write price: input price) + 0.1M × $8 = $3.00.
        expect(await costTotal({ orgId, estimated: true })).toBe("3");
      }
    });

    it("is priced at its own catalog rate where the catalog lists one: the stored estimate to the cent", async () => {
      const id = await connect(slug);
      if (slug === "openai") {
        servePages(server, p.usagePath, pages(slug, "u", [openAiCompletionsBucket("2026-01-01", [{ model: "playback-gpt-audio", project: "proj_A", uncached: 1_000_000, cached: 200_000, output: 100_000, requests: 10, audioIn: 30_000, audioOut: 10_000 }])]));
      } else {
        servePages(server, p.usagePath, pages(slug, "u", [anthropicUsageBucket("2026-01-01", [{ model: "playback-claude-1h", uncached: 1_000_000, cacheRead: 200_000, cache5m: 40_000, cache1h: 10_000, output: 100_000 }])]));
      }
      server.on({ path: p.costsPath }, { status: 404, body: { error: { message: "Not found" } } });
      p.others(server);
      await sync(id);
      const bucket = await db().usageBucket.findFirstOrThrow({ where: { sourceKey: id, usageKind: { in: ["completions", "messages"] } } });
      if (slug === "openai") {
        // Text input 970,000 × $2 = 1.94; audio input 30,000 × $40 = 1.20; cached 200,000 × $0.50 = 0.10;
        // text output 90,000 × $8 = 0.72; audio output 10,000 × $80 = 0.80 → $4.76 (at text rates it would be $2.90).
        expect([bucket.audioInputTokens, bucket.cachedAudioInputTokens, bucket.audioOutputTokens]).toEqual([30_000n, 0n, 10_000n]);
        expect(dec(bucket.estimatedCost!.toString()).toFixed(2)).toBe("4.76");
        expect(await costTotal({ orgId, estimated: true })).toBe("4.76");
      } else {
        // 1M × $2 + 0.2M × $0.50 + 40,000 × $2.50 (5 minutes) + 10,000 × $4 (1 hour) + 0.1M × $8
        // = 2 + 0.10 + 0.10 + 0.04 + 0.80 = $3.04 (all writes at the 5-minute rate would be $3.025).
        expect([bucket.cacheWriteTokens, bucket.cacheWrite1hTokens]).toEqual([50_000n, 10_000n]);
        expect(dec(bucket.estimatedCost!.toString()).toFixed(2)).toBe("3.04");
        expect(await costTotal({ orgId, estimated: true })).toBe("3.04");
      }
    });

    it("Batch API traffic (OpenAI group_by=batch, Anthropic service_tier) is kept apart and priced at the batch rates", async () => {
      const id = await connect(slug);
      if (slug === "openai") {
        servePages(server, p.usagePath, pages(slug, "u", [openAiCompletionsBucket("2026-01-01", [
          { model: "playback-gpt-batch", project: "proj_A", uncached: 200_000, cached: 100_000, output: 50_000, requests: 10, imageIn: 20_000, imageOut: 5_000, batch: false },
          // A batch result's image split is not kept: the whole result is priced at the batch rates.
          { model: "playback-gpt-batch", project: "proj_A", uncached: 1_000_000, output: 400_000, requests: 500, imageIn: 7_000, batch: true },
        ])]));
      } else {
        servePages(server, p.usagePath, pages(slug, "u", [anthropicUsageBucket("2026-01-01", [
          { model: "playback-claude-batch", uncached: 200_000, cacheRead: 100_000, output: 50_000, serviceTier: "standard" },
          { model: "playback-claude-batch", uncached: 1_000_000, output: 400_000, serviceTier: "batch" },
        ])]));
      }
      server.on({ path: p.costsPath }, { status: 404, body: { error: { message: "Not found" } } });
      p.others(server);
      await sync(id);
      const asked = server.requests.find((r) => r.path === p.usagePath)!;
      expect(slug === "openai" ? asked.query.getAll("group_by") : asked.query.getAll("group_by[]")).toContain(slug === "openai" ? "batch" : "service_tier");
      const bucket = await db().usageBucket.findFirstOrThrow({ where: { sourceKey: id, usageKind: { in: ["completions", "messages"] } } });
      expect([bucket.inputTokens, bucket.cachedInputTokens, bucket.outputTokens, bucket.batchInputTokens, bucket.batchOutputTokens]).toEqual([1_200_000n, 100_000n, 450_000n, 1_000_000n, 400_000n]);
      const shown = await getTokenUsageByModel({ orgId }, { from: "2026-01-01", to: "2026-01-31", provider: [], model: [], project: [], tag: [] });
      expect(shown.map((x) => [x.inputTokens, x.batchInputTokens, x.batchOutputTokens])).toEqual([["1200000", "1000000", "400000"]]);
      if (slug === "openai") {
        expect([bucket.imageInputTokens, bucket.cachedImageInputTokens, bucket.imageOutputTokens]).toEqual([20_000n, 0n, 5_000n]);
        // Standard: text input 180,000 × $2 = 0.36; image input 20,000 × $10 = 0.20; cached 100,000 × $0.50 = 0.05;
        //   text output 45,000 × $8 = 0.36; image output 5,000 × $40 = 0.20.
        // Batch: 1,000,000 × $1 = 1.00; 400,000 × $4 = 1.60.  Total $3.77 (all at standard text rates: $6.05).
        expect(dec(bucket.estimatedCost!.toString()).toFixed(2)).toBe("3.77");
        expect(await costTotal({ orgId, estimated: true })).toBe("3.77");
      } else {
        // Standard: 200,000 × $2 = 0.40; cache reads 100,000 × $0.50 = 0.05; output 50,000 × $8 = 0.40.
        // Batch: 1,000,000 × $1 = 1.00; 400,000 × $4 = 1.60.  Total $3.45 (all at standard rates: $6.05).
        expect(dec(bucket.estimatedCost!.toString()).toFixed(2)).toBe("3.45");
        expect(await costTotal({ orgId, estimated: true })).toBe("3.45");
      }
    });
  });
});
