import { readFileSync } from "node:fs";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { db } from "@/lib/db";
import { estimateForDay, loadPriceVersions, priceForDay } from "@/lib/pricing/store";
import { versionForDay } from "@/lib/pricing/price-book";
import { ensureBundledCatalog, pollPriceCatalogs } from "@/lib/pricing/sync";
import { startLocalServer, type LocalServer } from "../net/local-server";

// The price-catalog job's write path against real Postgres: real dated LiteLLM catalog versions
// (tests/fixtures/prices, see its README) served by a local HTTP server on 127.0.0.1 — allow-listed through
// FETCH_ALLOW_LIST as an operator would — fetched with safeFetch, parsed, diffed and written. Each poll is
// "observed" at the fixture's own commit date, so effective dates are the real ones.

process.env.FETCH_ALLOW_LIST = "127.0.0.1";

const fixture = (name: string) => readFileSync(new URL(`../fixtures/prices/${name}`, import.meta.url), "utf8");
// tokencost commit dates from tests/fixtures/prices/README.md, in UTC
const V = {
  "2024-04-22": { file: "model_prices.2024-04-22-569280a3.trimmed.json", at: new Date("2024-04-22T23:50:00-07:00") },
  "2024-06-05": { file: "model_prices.2024-06-05-4d27dcd1.trimmed.json", at: new Date("2024-06-05T18:23:52-07:00") },
  "2024-07-25": { file: "model_prices.2024-07-25-0deb7c4b.trimmed.json", at: new Date("2024-07-25T15:55:10-07:00") },
  "2025-02-16": { file: "model_prices.2025-02-16-bd790792.trimmed.json", at: new Date("2025-02-16T23:56:38-08:00") },
  "2025-03-03": { file: "model_prices.2025-03-03-25d1eea7.trimmed.json", at: new Date("2025-03-03T23:50:46-08:00") },
} as const;

let server: LocalServer;
let current = "";
beforeAll(async () => {
  server = await startLocalServer((req, res) => {
    if (req.url === "/litellm.json") return void res.writeHead(200, { "content-type": "application/json" }).end(current);
    if (req.url === "/openrouter/models") return void res.writeHead(200, { "content-type": "application/json" }).end(fixture("openrouter-models.json"));
    res.writeHead(404).end();
  });
  // The catalog is global (not per org): this file works on an empty one so the counts below are exact,
  // and puts back what other test files had written (files run one at a time).
  saved = await Promise.all([db().modelPriceVersion.findMany(), db().priceChange.findMany(), db().modelRetirement.findMany()]);
  await wipeCatalog();
});
afterAll(async () => {
  await server.close();
  await wipeCatalog();
  await db().modelPriceVersion.createMany({ data: saved[0] });
  await db().priceChange.createMany({ data: saved[1] });
  await db().modelRetirement.createMany({ data: saved[2] });
});

let saved: [Awaited<ReturnType<ReturnType<typeof db>["modelPriceVersion"]["findMany"]>>, Awaited<ReturnType<ReturnType<typeof db>["priceChange"]["findMany"]>>, Awaited<ReturnType<ReturnType<typeof db>["modelRetirement"]["findMany"]>>];
async function wipeCatalog() {
  await db().priceChange.deleteMany();
  await db().modelPriceVersion.deleteMany();
  await db().modelRetirement.deleteMany();
}

async function poll(version: keyof typeof V) {
  current = fixture(V[version].file);
  const [result] = await pollPriceCatalogs({ now: V[version].at, sources: [{ format: "litellm", url: `${server.origin}/litellm.json` }] });
  return result!;
}

const changesOf = async (effectiveFrom: Date) =>
  (await db().priceChange.findMany({ where: { effectiveFrom }, orderBy: [{ model: "asc" }, { field: "asc" }] })).map((c) => ({
    provider: c.provider,
    model: c.model,
    field: c.field,
    oldValue: c.oldValue?.toString() ?? null,
    newValue: c.newValue?.toString() ?? null,
  }));

describe("price catalog job: real LiteLLM versions into Postgres", () => {
  it("the first version writes every model and no price change", async () => {
    const r = await poll("2024-04-22");
    expect(r).toMatchObject({ source: "litellm", models: 9, addedModels: 9, priceChanges: 0 });
    expect(await db().modelPriceVersion.count()).toBe(9);
    expect(await db().priceChange.count()).toBe(0);
    const large = await db().modelPriceVersion.findFirstOrThrow({ where: { provider: "mistral", model: "mistral-large" } });
    // mistral/mistral-large-latest: input_cost_per_token 8e-06, output 2.4e-05 → $8 / $24 per 1M tokens
    expect([large.inputPerMTok.toString(), large.outputPerMTok.toString(), large.effectiveFrom.toISOString()]).toEqual(["8", "24", "2024-04-23T06:50:00.000Z"]);
  });

  it("2024-04-22 → 2024-06-05: exactly the four price changes of the fixture, and codestral as a new model", async () => {
    const r = await poll("2024-06-05");
    expect(r).toMatchObject({ addedModels: 1, changedModels: 2, priceChanges: 4 });
    // README: mistral-small 2e-06→1e-06, 6e-06→3e-06; mistral-large 8e-06→4e-06, 2.4e-05→1.2e-05 (per token)
    expect(await changesOf(V["2024-06-05"].at)).toEqual([
      { provider: "mistral", model: "mistral-large", field: "input", oldValue: "8", newValue: "4" },
      { provider: "mistral", model: "mistral-large", field: "output", oldValue: "24", newValue: "12" },
      { provider: "mistral", model: "mistral-small", field: "input", oldValue: "2", newValue: "1" },
      { provider: "mistral", model: "mistral-small", field: "output", oldValue: "6", newValue: "3" },
    ]);
    expect(await db().priceChange.count()).toBe(4);
    // new versions only for the three models that are new or moved
    expect(await db().modelPriceVersion.count({ where: { effectiveFrom: V["2024-06-05"].at } })).toBe(3);
    const change = await db().priceChange.findFirstOrThrow({ where: { model: "mistral-large", field: "input" } });
    const [from, to] = await Promise.all([db().modelPriceVersion.findUniqueOrThrow({ where: { id: change.fromVersionId! } }), db().modelPriceVersion.findUniqueOrThrow({ where: { id: change.toVersionId! } })]);
    expect([from.inputPerMTok.toString(), to.inputPerMTok.toString()]).toEqual(["8", "4"]);
  });

  it("polling the same catalog again writes nothing", async () => {
    current = fixture(V["2024-06-05"].file);
    const [r] = await pollPriceCatalogs({ now: new Date("2024-06-06T12:00:00Z"), sources: [{ format: "litellm", url: `${server.origin}/litellm.json` }] });
    expect(r).toMatchObject({ addedModels: 0, changedModels: 0, priceChanges: 0 });
    expect(await db().modelPriceVersion.count()).toBe(12);
  });

  it("2024-06-05 → 2024-07-25: mistral-large and groq llama3-70b moved, gemini-1.5-flash is new", async () => {
    await poll("2024-07-25");
    expect(await changesOf(V["2024-07-25"].at)).toEqual([
      { provider: "groq", model: "llama3-70b-8192", field: "input", oldValue: "0.64", newValue: "0.59" },
      { provider: "groq", model: "llama3-70b-8192", field: "output", oldValue: "0.8", newValue: "0.79" },
      { provider: "mistral", model: "mistral-large", field: "input", oldValue: "4", newValue: "3" },
      { provider: "mistral", model: "mistral-large", field: "output", oldValue: "12", newValue: "9" },
    ]);
    expect(await db().modelPriceVersion.count({ where: { provider: "google", model: "gemini-1.5-flash" } })).toBe(1);
  });

  it("a version whose only changes are fields we do not model (batch prices) writes nothing", async () => {
    // 2025-02-16 → 2025-03-03 has no change for these models (README)
    await poll("2025-02-16");
    const before = await db().priceChange.count();
    const r = await poll("2025-03-03");
    expect(r).toMatchObject({ addedModels: 0, priceChanges: 0 });
    expect(await db().priceChange.count()).toBe(before);
  });

  it("normalises usage names: aliases and dated snapshots price as the catalog model", async () => {
    const day = new Date("2024-07-01T00:00:00Z");
    for (const name of ["mistral-large-latest", "mistral/mistral-large-latest", "mistral-large-2402", "Mistral-Large"]) {
      const v = await priceForDay("mistral", name, day);
      expect(v?.model, name).toBe("mistral-large");
      expect(v?.input.toString(), name).toBe("4");
    }
    expect((await priceForDay("anthropic", "claude-3-opus-20240229", day))?.model).toBe("claude-3-opus");
    expect(await priceForDay("mistral", "mistral-medium", day)).toBeNull();
  });

  it("the estimate for a day uses the version in effect that day (effective from the instant it was observed)", async () => {
    const usage = { inputTokens: 1_000_000, outputTokens: 1_000_000 };
    // mistral-large: $8/$24 until 2024-06-06T01:23:52Z, then $4/$12, then $3/$9 from 2024-07-25T22:55:10Z
    const est = async (day: string) => (await estimateForDay("mistral", "mistral-large-latest", new Date(`${day}T00:00:00Z`), usage))?.cost.toString();
    expect(await est("2024-05-01")).toBe("32");
    expect(await est("2024-06-06")).toBe("32"); // the 06-05 catalog was seen at 01:23 UTC on the 6th: applies from the 7th
    expect(await est("2024-06-07")).toBe("16");
    expect(await est("2024-07-25")).toBe("16");
    expect(await est("2024-07-26")).toBe("12");
    expect(await estimateForDay("mistral", "mistral-large-latest", new Date("2024-04-01T00:00:00Z"), usage)).toBeNull(); // before the first version
    const v = await estimateForDay("mistral", "mistral-large", new Date("2024-06-07T00:00:00Z"), usage);
    const row = await db().modelPriceVersion.findUniqueOrThrow({ where: { id: v!.priceVersionId } });
    expect(row.effectiveFrom).toEqual(V["2024-06-05"].at);
  });

  it("a second source is its own chain; the LiteLLM chain wins where both price a model", async () => {
    const [r] = await pollPriceCatalogs({ now: new Date("2025-03-05T00:00:00Z"), sources: [{ format: "openrouter", url: `${server.origin}/openrouter/models` }] });
    expect(r).toMatchObject({ source: "openrouter", addedModels: 1, priceChanges: 0 });
    const versions = await loadPriceVersions([{ provider: "openai", model: "gpt-4" }]);
    expect(new Set(versions.map((v) => v.source))).toEqual(new Set(["litellm", "openrouter"]));
    expect(versionForDay(versions, "openai", "gpt-4", new Date("2025-03-06T00:00:00Z"))?.source).toBe("litellm");
  });

  it("retirements: the maintained vendor table is merged in on every poll", async () => {
    const r = await db().modelRetirement.findUniqueOrThrow({ where: { provider_model: { provider: "anthropic", model: "claude-3-opus-20240229" } } });
    expect(r.retiresAt.toISOString()).toBe("2026-01-05T00:00:00.000Z");
    expect(r.replacement).toBe("claude-opus-4-1-20250805");
  });

  it("the bundled snapshot is loaded once, only when no LiteLLM chain exists", async () => {
    expect(await ensureBundledCatalog()).toBeNull(); // a LiteLLM chain exists
    await db().priceChange.deleteMany();
    await db().modelPriceVersion.deleteMany();
    const r = await ensureBundledCatalog();
    expect(r).toMatchObject({ source: "litellm", priceChanges: 0 });
    expect(await db().modelPriceVersion.count()).toBe(r!.models);
    expect(await ensureBundledCatalog()).toBeNull();
  });
});
