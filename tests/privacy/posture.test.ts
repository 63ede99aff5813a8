import { readdirSync, readFileSync } from "node:fs";
import path from "node:path";
import { describe, expect, it } from "vitest";
import { effectivePosture, exposureFlags, POSTURE_FIELDS, reviewsForChange, seedOfferings, type SeedOffering } from "@/lib/privacy/posture";

const FIXTURES = path.resolve(__dirname, "../fixtures");
const offering = (vendor: string, kind: string) => seedOfferings().find((o) => o.vendor === vendor && o.offering === kind)!;
// An offering no document speaks to (independent of what the seed confirms).
const BARE: SeedOffering = { vendor: "acme", offering: "api", label: "Acme API", providers: ["acme"], fields: {} };

describe("bundled posture seed", () => {
  it("covers the six main vendors", () => {
    expect([...new Set(seedOfferings().map((o) => o.vendor))].sort()).toEqual(["anthropic", "aws-bedrock", "azure-openai", "google", "mistral", "openai"]);
  });

  it("quotes only text that is really in the bundled vendor documents", () => {
    // Each quote, with Markdown links flattened, must appear in one of the bundled source documents (their README).
    const dir = path.join(FIXTURES, "privacy-sources");
    const corpus = readdirSync(dir)
      .filter((f) => f.endsWith(".md") && f !== "README.md")
      .map((f) => readFileSync(path.join(dir, f), "utf8"))
      .join("\n")
      .replace(/\[([^\]]+)\]\([^)]+\)/g, "$1");
    const quotes = seedOfferings().flatMap((o) => Object.values(o.fields).map((f) => f!.quote));
    expect(quotes.length).toBe(23);
    for (const q of quotes) expect(corpus, q).toContain(q);
  });

  it("every field of every offering is either cited (source, quote, date) or says why it is unknown", () => {
    for (const o of seedOfferings()) {
      for (const f of POSTURE_FIELDS) {
        const cited = o.fields[f];
        const why = o.unknown?.[f];
        expect(Boolean(cited) !== Boolean(why), `${o.vendor}/${o.offering}:${f}`).toBe(true);
        if (cited) expect([cited.source.startsWith("https://"), /^\d{4}-\d{2}-\d{2}$/.test(cited.confirmed)]).toEqual([true, true]);
      }
    }
  });

  it("says what the documents say (values read by hand from the quoted clauses)", () => {
    const v = (vendor: string, kind: string, f: (typeof POSTURE_FIELDS)[number]) => offering(vendor, kind).fields[f]?.value ?? null;
    expect([v("openai", "api", "trainsOnInputsByDefault"), v("openai", "api", "retentionDays"), v("openai", "api", "zeroDataRetention"), v("openai", "api", "subprocessorsUrl")]).toEqual([false, 30, true, "https://platform.openai.com/subprocessors"]);
    expect([v("openai", "consumer", "trainsOnInputsByDefault"), v("openai", "consumer", "optOutAvailable")]).toEqual([true, true]);
    expect([v("anthropic", "api", "trainsOnInputsByDefault"), v("anthropic", "consumer", "trainsOnInputsByDefault"), v("anthropic", "consumer", "optOutAvailable")]).toEqual([false, true, true]);
    expect([v("google", "gemini-api", "trainsOnInputsByDefault"), v("google", "gemini-api", "retentionDays"), v("google", "vertex", "trainsOnInputsByDefault")]).toEqual([false, 55, false]);
    expect([v("mistral", "api", "trainsOnInputsByDefault"), v("mistral", "api", "zeroDataRetention"), v("aws-bedrock", "cloud", "zeroDataRetention"), v("azure-openai", "cloud", "trainsOnInputsByDefault")]).toEqual([false, true, true, false]);
    // not confirmed by any bundled document: unknown, with the reason
    expect([v("aws-bedrock", "cloud", "trainsOnInputsByDefault"), offering("aws-bedrock", "cloud").unknown?.trainsOnInputsByDefault]).toEqual([null, "No stored AWS page quoting it was found (only third-party summaries, not used)."]);
  });
});

describe("effective posture", () => {
  it("an org override wins over the seed, and says so", () => {
    const p = effectivePosture(offering("openai", "consumer"), [{ vendor: "openai", offering: "consumer", field: "trainsOnInputsByDefault", value: false, note: "Enterprise agreement 2026-03, section 4.2" }], []);
    const trains = p.find((f) => f.field === "trainsOnInputsByDefault")!;
    expect([trains.value, trains.origin, trains.note]).toEqual([false, "override", "Enterprise agreement 2026-03, section 4.2"]);
    const optOut = p.find((f) => f.field === "optOutAvailable")!;
    expect([optOut.value, optOut.origin, optOut.confirmed]).toEqual([true, "seed", "2026-07-26"]);
  });

  it("a field no document confirms is unknown, not guessed", () => {
    const p = effectivePosture(BARE, [], []);
    expect(p.map((f) => f.origin)).toEqual(POSTURE_FIELDS.map(() => "unknown"));
    expect(p.every((f) => f.value === null)).toBe(true);
  });
});

describe("posture after a terms change", () => {
  const change = { id: "chg1", vendor: "Anthropic", matchedRules: ["training-on-customer-data", "indemnity"], diff: ['Added: "We may use your Inputs and Outputs to train our models"'] };
  it("marks the training fields of every Anthropic offering for review, and nothing else", () => {
    const reviews = reviewsForChange(change, seedOfferings());
    expect(reviews.map((r) => `${r.offering}:${r.field}`).sort()).toEqual(["api:optOutAvailable", "api:trainsOnInputsByDefault", "consumer:optOutAvailable", "consumer:trainsOnInputsByDefault"]);
    const p = effectivePosture(offering("anthropic", "consumer"), [], reviews);
    expect(p.filter((f) => f.needsReview.length).map((f) => f.field)).toEqual(["trainsOnInputsByDefault", "optOutAvailable"]);
    expect(p.find((f) => f.field === "trainsOnInputsByDefault")!.needsReview[0]!.diff).toEqual(change.diff);
  });
  it("a retention rule marks retention and zero-data-retention; a fee change marks nothing", () => {
    expect(reviewsForChange({ ...change, vendor: "mistral", matchedRules: ["data-retention"] }, seedOfferings()).map((r) => r.field)).toEqual(["retentionDays", "zeroDataRetention"]);
    expect(reviewsForChange({ ...change, matchedRules: ["price-and-fees"] }, seedOfferings())).toEqual([]);
    expect(reviewsForChange({ ...change, vendor: "google", matchedRules: ["processing-regions"] }, seedOfferings()).map((r) => `${r.offering}:${r.field}`)).toEqual(["gemini-api:regions", "vertex:regions"]);
  });
});

describe("data exposure", () => {
  const consumer: SeedOffering = offering("anthropic", "consumer");
  it("flags a sensitive project sending to an offering that trains on inputs by default", () => {
    const flags = exposureFlags({ name: "Support bot", sensitive: ["PII", "CUSTOMER_CONTENT"] }, effectivePosture(consumer, [], []), null);
    expect(flags).toEqual([{ kind: "may-train", text: "Support bot sends personal data, customer content to an offering that trains on inputs by default" }]);
  });
  it("does not flag it once the org records that its contract excludes training", () => {
    const overridden = effectivePosture(consumer, [{ vendor: "anthropic", offering: "consumer", field: "trainsOnInputsByDefault", value: false, note: "DPA" }], []);
    expect(exposureFlags({ name: "Support bot", sensitive: ["PII"] }, overridden, null)).toEqual([]);
  });
  it("flags retention beyond the org's limit, and never flags a project without sensitive data", () => {
    const kept = effectivePosture(consumer, [{ vendor: "anthropic", offering: "consumer", field: "retentionDays", value: 30, note: "" }, { vendor: "anthropic", offering: "consumer", field: "trainsOnInputsByDefault", value: false, note: "" }], []);
    expect(exposureFlags({ name: "Code review", sensitive: ["SOURCE_CODE"] }, kept, 7).map((f) => f.kind)).toEqual(["retention-over-limit"]);
    expect(exposureFlags({ name: "Code review", sensitive: ["SOURCE_CODE"] }, kept, 30)).toEqual([]);
    expect(exposureFlags({ name: "Marketing", sensitive: [] }, effectivePosture(consumer, [], []), 7)).toEqual([]);
  });
  it("says when the posture is unknown instead of passing it", () => {
    expect(exposureFlags({ name: "Search", sensitive: ["PII"] }, effectivePosture(BARE, [], []), null).map((f) => f.kind)).toEqual(["unknown-posture"]);
  });
});
