import { beforeAll, describe, expect, it } from "vitest";
import { randomBytes } from "node:crypto";
import { db } from "@/lib/db";
import { Decimal } from "@/lib/money";
import { vendorRiskReport } from "@/lib/risk/queries";
import { createOrgWithMembers } from "../support/factories";

// The vendor-risk query layer on real Postgres, with made-up vendors and models so the global
// tables (price changes, retirements) touch nothing else. Every figure below is worked by hand.

const now = new Date("2026-11-24T12:00:00Z");
const daysAgo = (n: number) => new Date(Date.UTC(2026, 10, 24 - n));
const tag = randomBytes(3).toString("hex");
const A = `vendor-a-${tag}`;
const B = `vendor-b-${tag}`;
let orgId: string;

beforeAll(async () => {
  const { org } = await createOrgWithMembers("Risky", ["OWNER"]);
  const other = await createOrgWithMembers("Other", ["OWNER"]);
  orgId = org.id;
  const bucket = (provider: string, model: string, day: Date, amount: number) => ({ orgId, sourceKey: "csv", origin: "CSV" as const, provider, model, day, lineItem: model, amount: new Decimal(amount) });
  await db().costBucket.createMany({
    data: [
      bucket(A, "ra-chat-1", daysAgo(20), 300), // A: $600 in 12 months, $300 in the last 30 days
      bucket(A, "ra-chat-1", daysAgo(200), 300),
      bucket(A, "ra-chat-1", daysAgo(400), 5000), // older than 12 months: not counted
      bucket(B, "rb-embed-1", daysAgo(10), 100), // B: $200, all in the last 30 days
      bucket(B, "rb-chat-1", daysAgo(10), 100),
    ],
  });
  // A raised ra-chat-1's input price 100 days ago (its output fell the same day: one event, an increase).
  await db().priceChange.createMany({
    data: [
      { provider: A, model: "ra-chat-1", field: "input", oldValue: new Decimal(1), newValue: new Decimal(2), effectiveFrom: daysAgo(100), toVersionId: `v1-${tag}` },
      { provider: A, model: "ra-chat-1", field: "output", oldValue: new Decimal(4), newValue: new Decimal(3), effectiveFrom: daysAgo(100), toVersionId: `v1-${tag}` },
      { provider: A, model: "ra-chat-1", field: "input", oldValue: new Decimal(2), newValue: new Decimal(3), effectiveFrom: daysAgo(500), toVersionId: `v0-${tag}` },
    ],
  });
  // B retires rb-chat-1 in 60 days.
  await db().modelRetirement.create({ data: { provider: B, model: "rb-chat-1", retiresAt: daysAgo(-60), source: "test" } });
  // B's terms changed twice for this org (one HIGH, one LOW); another org's document must not count.
  const doc = await db().vendorDocument.create({ data: { orgId, vendor: B, kind: "TERMS", title: "B terms", url: `https://b.test/terms-${tag}` } });
  const otherDoc = await db().vendorDocument.create({ data: { orgId: other.org.id, vendor: B, kind: "TERMS", title: "B terms (other org)", url: `https://b.test/other-${tag}` } });
  await db().documentChange.createMany({
    data: [
      { documentId: doc.id, toVersionId: `d1-${tag}`, severity: "HIGH", diff: [], matchedRules: [], summary: "may train on customer data", detectedAt: daysAgo(30) },
      { documentId: doc.id, toVersionId: `d2-${tag}`, severity: "LOW", diff: [], matchedRules: [], summary: "wording", detectedAt: daysAgo(20) },
      { documentId: otherDoc.id, toVersionId: `d3-${tag}`, severity: "CRITICAL", diff: [], matchedRules: [], summary: "not ours", detectedAt: daysAgo(5) },
    ],
  });
});

describe("vendor risk from the database", () => {
  it("shares 600/800 and 200/800; HHI = 75² + 25² = 6,250", async () => {
    const r = await vendorRiskReport({ orgId }, now);
    expect(r.hhi.toString()).toBe("6250");
    expect(r.vendors.map((v) => [v.vendor, v.spend12.toString(), v.share.toString()])).toEqual([
      [A, "600", "0.75"],
      [B, "200", "0.25"],
    ]);
  });

  it("A: 40 × 0.75 + 15 × min(1, 1 increase ÷ 2) = 30 + 7.5 = 37.5 (its chat model has an open-weight alternative)", async () => {
    const a = (await vendorRiskReport({ orgId }, now)).vendors.find((v) => v.vendor === A)!;
    expect([a.priceChanges, a.priceIncreases, a.termsChanges.length]).toEqual([1, 1, 0]);
    expect(a.models.map((m) => [m.model, m.alternative !== null])).toEqual([["ra-chat-1", true]]);
    expect(a.risk.score.toString()).toBe("37.5");
  });

  it("B: 40 × 0.25 + 15 × 1/2 (one material terms change) + 15 × 100/200 retiring + 15 × 100/200 embeddings without an alternative = 10 + 7.5 + 7.5 + 7.5 = 32.5", async () => {
    const b = (await vendorRiskReport({ orgId }, now)).vendors.find((v) => v.vendor === B)!;
    expect(b.termsChanges.map((t) => t.severity)).toEqual(["LOW", "HIGH"]);
    expect(b.materialTermsChanges).toBe(1);
    expect(b.retiring.map((m) => [m.model, m.daysLeft, m.spend.toString()])).toEqual([["rb-chat-1", 60, "100"]]);
    expect(b.noAlternativeSpend.toString()).toBe("100");
    expect(b.risk.score.toString()).toBe("32.5");
  });
});
