import { readFileSync } from "node:fs";
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
    // Each quote, with Markdown links flattened, must appear in one of the recorded documents.
    const corpus = [
      readFileSync(path.join(FIXTURES, "terms/openai-terms-of-use.2023-11-14T1830Z.d9d49b2.md"), "utf8"),
      readFileSync(path.join(FIXTURES, "terms-corpus/anthropic-claude-privacy-policy/2025-09-01T1232Z.14e6e02.md"), "utf8"),
    ]
      .join("\n")
      .replace(/\[([^\]]+)\]\([^)]+\)/g, "$1");
    const quotes = seedOfferings().flatMap((o) => Object.values(o.fields).map((f) => f!.quote));
    expect(quotes.length).toBeGreaterThan(0);
    for (const q of quotes) expect(corpus, q).toContain(q);
  });
});

describe("effective posture", () => {
  it("an org override wins over the seed, and says so", () => {
    const p = effectivePosture(offering("openai", "consumer"), [{ vendor: "openai", offering: "consumer", field: "trainsOnInputsByDefault", value: false, note: "Enterprise agreement 2026-03, section 4.2" }], []);
    const trains = p.find((f) => f.field === "trainsOnInputsByDefault")!;
    expect([trains.value, trains.origin, trains.note]).toEqual([false, "override", "Enterprise agreement 2026-03, section 4.2"]);
    const optOut = p.find((f) => f.field === "optOutAvailable")!;
    expect([optOut.value, optOut.origin, optOut.confirmed]).toEqual([true, "seed", "2023-11-14"]);
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
