import { describe, expect, it } from "vitest";
import { dec } from "@/lib/money";
import { planCatalogVersion, suspectReason, type PendingSuspect, type PlanInput } from "@/lib/pricing/change-plan";
import type { ModelPrice } from "@/lib/pricing/types";

// The decisions of one poll, on hand-worked prices (USD per 1M tokens).

const haiku = (input: number, output: number, cachedInput: number | null, effectiveDate: string | null = null): ModelPrice => ({
  provider: "anthropic", model: "claude-3-5-haiku", mode: "chat", input: dec(input), output: dec(output), cachedInput: cachedInput === null ? null : dec(cachedInput),
  cacheWrite: null, perRequest: null, perImage: null, deprecationDate: null, sourceIds: ["claude-3-5-haiku-20241022"], effectiveDate,
});
const T0 = new Date("2025-02-20T07:50:03Z");
const T1 = new Date("2025-03-02T01:52:46Z");
const POLL = new Date("2025-03-02T06:00:00Z");
const input = (over: Partial<PlanInput>): PlanInput => ({
  previous: [haiku(1, 5, 0.1)], latestVersionAt: new Map([["anthropic\u0000claude-3-5-haiku", T0]]), pending: [], next: [haiku(0.8, 4, 0.8)],
  versionDate: T1, versionDatedBy: "SOURCE_VERSION", pollDate: POLL, baseline: false, ...over,
});

describe("suspectReason", () => {
  it("holds ×5 and more, ÷5 and more, and a drop to zero; not ×4.99, not a price appearing", () => {
    expect(suspectReason("cachedInput", dec("0.1"), dec("0.8"))).toBe("the cached-input price moved ×8 in one step");
    expect(suspectReason("input", dec(1), dec("0.2"))).toBe("the input price moved ÷5 in one step");
    expect(suspectReason("input", dec(1), dec(5))).toBe("the input price moved ×5 in one step");
    expect(suspectReason("output", dec(3), dec(0))).toBe("the output price dropped from 3 to 0 in one step");
    expect(suspectReason("input", dec(1), dec("4.99"))).toBeNull();
    expect(suspectReason("input", dec("0.35"), dec("0.075"))).toBeNull(); // Gemini 1.5 Flash's real ÷4.67 cut
    expect(suspectReason("cachedInput", null, dec("1.5"))).toBeNull();
  });
});

describe("planCatalogVersion", () => {
  it("applies the ordinary moves dated by the source and holds the suspect field at its stored value", () => {
    const plan = planCatalogVersion(input({}));
    expect(plan.changes.map((c) => `${c.field} ${c.status} ${c.datedBy} ${c.effectiveFrom.toISOString()}`)).toEqual([
      "input CONFIRMED SOURCE_VERSION 2025-03-02T01:52:46.000Z",
      "output CONFIRMED SOURCE_VERSION 2025-03-02T01:52:46.000Z",
      "cachedInput UNCONFIRMED SOURCE_VERSION 2025-03-02T01:52:46.000Z",
    ]);
    expect(plan.versions).toHaveLength(1);
    const v = plan.versions[0]!;
    expect([v.price.input.toFixed(), v.price.output.toFixed(), v.price.cachedInput?.toFixed(), v.effectiveFrom]).toEqual(["0.8", "4", "0.1", T1]);
  });

  it("a version whose only move is a suspect writes no version at all", () => {
    const plan = planCatalogVersion(input({ next: [haiku(1, 5, 0.8)] }));
    expect(plan.versions).toEqual([]);
    expect(plan.changes.map((c) => c.status)).toEqual(["UNCONFIRMED"]);
  });

  const pending: PendingSuspect = { id: "s1", provider: "anthropic", model: "claude-3-5-haiku", field: "cachedInput", oldValue: dec("0.1"), newValue: dec("0.8"), effectiveFrom: T1, datedBy: "SOURCE_VERSION" };
  it("a later version repeating the suspect confirms it, applied from when it was published", () => {
    const plan = planCatalogVersion(input({ previous: [haiku(1, 5, 0.1)], pending: [pending], next: [haiku(1, 5, 0.8)], versionDate: new Date("2025-03-04T07:50:46Z") }));
    expect(plan.resolutions.map((r) => [r.id, r.status])).toEqual([["s1", "CONFIRMED"]]);
    expect(plan.changes).toEqual([]); // the confirmed row is the held one, updated, not a second change
    expect(plan.versions.map((v) => [v.price.cachedInput?.toFixed(), v.effectiveFrom])).toEqual([["0.8", T1]]);
  });

  it("a later version back at the old value reverts it (a correction) and writes nothing", () => {
    const plan = planCatalogVersion(input({ pending: [pending], next: [haiku(1, 5, 0.1)] }));
    expect(plan.resolutions.map((r) => [r.status, r.note])).toEqual([["REVERTED", "corrected: the next catalog version went back to 0.1 per 1M"]]);
    expect(plan.versions).toEqual([]);
    expect(plan.changes).toEqual([]);
  });

  it("a third value supersedes the suspect and is judged on its own", () => {
    const plan = planCatalogVersion(input({ pending: [pending], next: [haiku(1, 5, 0.08)] }));
    expect(plan.resolutions.map((r) => r.status)).toEqual(["REVERTED"]);
    expect(plan.changes.map((c) => `${c.field} ${c.oldValue?.toFixed()}→${c.newValue?.toFixed()} ${c.status}`)).toEqual(["cachedInput 0.1→0.08 CONFIRMED"]);
  });

  it("the first poll after install records everything as baseline, suspects included", () => {
    const plan = planCatalogVersion(input({ baseline: true }));
    expect(plan.changes.map((c) => c.status)).toEqual(["BASELINE", "BASELINE", "BASELINE"]);
    expect(plan.versions[0]!.price.cachedInput?.toFixed()).toBe("0.8");
  });

  it("dates by the entry's own date field first; a source date not after the stored version falls back to the poll", () => {
    const byEntry = planCatalogVersion(input({ next: [haiku(0.8, 4, 0.1, "2025-02-27")] }));
    expect(byEntry.changes.map((c) => `${c.datedBy} ${c.effectiveFrom.toISOString()}`)).toEqual(["SOURCE_ENTRY 2025-02-27T00:00:00.000Z", "SOURCE_ENTRY 2025-02-27T00:00:00.000Z"]);
    const stale = planCatalogVersion(input({ versionDate: new Date("2025-02-01T00:00:00Z"), next: [haiku(0.8, 4, 0.1)] }));
    expect(stale.changes.map((c) => `${c.datedBy} ${c.effectiveFrom.toISOString()}`)).toEqual(["FIRST_SEEN 2025-03-02T06:00:00.000Z", "FIRST_SEEN 2025-03-02T06:00:00.000Z"]);
  });
});

describe("planCatalogVersion and token-class rates", () => {
  const KEY = "anthropic\u0000claude-3-5-haiku";
  const plain = haiku(1, 5, 0.1);
  const withAudio = { ...plain, audioInput: dec(40), audioOutput: dec(80) };

  it("a token-class rate that appears writes a new version (priced from now on) but no price change", () => {
    const plan = planCatalogVersion(input({ previous: [plain], next: [withAudio], latestVersionAt: new Map([[KEY, T0]]) }));
    expect(plan.changes).toEqual([]);
    expect(plan.versions.map((v) => [v.price.audioInput?.toString(), v.price.audioOutput?.toString(), v.effectiveFrom.toISOString()])).toEqual([["40", "80", T1.toISOString()]]);
  });

  it("the same rates again write nothing", () => {
    const plan = planCatalogVersion(input({ previous: [withAudio], next: [{ ...withAudio }], latestVersionAt: new Map([[KEY, T0]]) }));
    expect([plan.versions.length, plan.changes.length]).toEqual([0, 0]);
  });
});

describe("planCatalogVersion and a unit change", () => {
  const KEY = "anthropic\u0000claude-3-5-haiku";
  const perToken = { ...haiku(1, 5, 0.1), priceUnits: "token" };

  it("a move under the ratio is held when the entry's prices are now stated in other units", () => {
    // A per-character price typed into the per-token field: ÷4, under SUSPECT_RATIO, but the units moved.
    const next = { ...haiku(0.25, 5, 0.1), priceUnits: "character,token" };
    const plan = planCatalogVersion(input({ previous: [perToken], next: [next], latestVersionAt: new Map([[KEY, T0]]) }));
    expect(plan.changes.map((c) => [c.field, c.status, c.note])).toEqual([
      ["input", "UNCONFIRMED", "held: the catalog now states this entry's prices per character and per token (was per token); not used until a later catalog version confirms it"],
    ]);
    expect(plan.versions).toEqual([]);
  });

  it("the same move with the same units is an ordinary change", () => {
    const plan = planCatalogVersion(input({ previous: [perToken], next: [{ ...haiku(0.25, 5, 0.1), priceUnits: "token" }], latestVersionAt: new Map([[KEY, T0]]) }));
    expect(plan.changes.map((c) => [c.field, c.status])).toEqual([["input", "CONFIRMED"]]);
  });

  it("units unknown on one side (versions stored before units were recorded) make no claim", () => {
    const plan = planCatalogVersion(input({ previous: [haiku(1, 5, 0.1)], next: [{ ...haiku(0.25, 5, 0.1), priceUnits: "character,token" }], latestVersionAt: new Map([[KEY, T0]]) }));
    expect(plan.changes.map((c) => [c.field, c.status])).toEqual([["input", "CONFIRMED"]]);
  });

  it("units that change with no price moving are carried by a new version, without a price change", () => {
    const plan = planCatalogVersion(input({ previous: [perToken], next: [{ ...perToken, priceUnits: "character,token" }], latestVersionAt: new Map([[KEY, T0]]) }));
    expect(plan.changes).toEqual([]);
    expect(plan.versions.map((v) => v.price.priceUnits)).toEqual(["character,token"]);
  });
});
