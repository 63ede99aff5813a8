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
      // A's chat model has a same-tier open-weight alternative (GPT-4o mini, medium tier: Mistral Small 3);
      // B's chat model is not in the capability table, so it has no known stand-in.
      bucket(A, "gpt-4o-mini", daysAgo(20), 300), // A: $600 in 12 months, $300 in the last 30 days
      bucket(A, "gpt-4o-mini", daysAgo(200), 300),
      bucket(A, "gpt-4o-mini", daysAgo(400), 5000), // older than 12 months: not counted
      bucket(B, "rb-embed-1", daysAgo(10), 100), // B: $200, all in the last 30 days
      bucket(B, "rb-chat-1", daysAgo(10), 100),
    ],
  });
  // A raised ra-chat-1's input price 100 days ago (its output fell the same day: one event, an increase).
  await db().priceChange.createMany({
    data: [
      { provider: A, model: "gpt-4o-mini", field: "input", oldValue: new Decimal(1), newValue: new Decimal(2), effectiveFrom: daysAgo(100), toVersionId: `v1-${tag}` },
      { provider: A, model: "gpt-4o-mini", field: "output", oldValue: new Decimal(4), newValue: new Decimal(3), effectiveFrom: daysAgo(100), toVersionId: `v1-${tag}` },
      { provider: A, model: "gpt-4o-mini", field: "input", oldValue: new Decimal(2), newValue: new Decimal(3), effectiveFrom: daysAgo(500), toVersionId: `v0-${tag}` },
      // a ×10 typo held 40 days ago and corrected: neither is a price change of the vendor
      { provider: A, model: "gpt-4o-mini", field: "cachedInput", oldValue: new Decimal("0.5"), newValue: new Decimal(5), effectiveFrom: daysAgo(40), status: "REVERTED" },
      { provider: A, model: "gpt-4o-mini", field: "output", oldValue: new Decimal(3), newValue: new Decimal(30), effectiveFrom: daysAgo(20), status: "UNCONFIRMED" },
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

  it("A: 50 × min(1, 75² ÷ 1,800) + 10 × min(1, 1 increase ÷ 2) = 50 + 5 = 55 (its chat model has a same-tier open-weight alternative)", async () => {
    const a = (await vendorRiskReport({ orgId }, now)).vendors.find((v) => v.vendor === A)!;
    expect([a.priceChanges, a.priceIncreases, a.termsChanges.length]).toEqual([1, 1, 0]);
    expect(a.models.map((m) => [m.model, m.alternative])).toEqual([["gpt-4o-mini", "mistral/mistral-small"]]);
    expect(a.risk.score.toString()).toBe("55");
    expect(a.risk.band).toBe("medium");
  });

  it("B: 50 × 25² ÷ 1,800 + 10 × 1/2 (one material terms change) + 15 × 100/200 retiring + 15 × 200/200 without a comparable alternative = 17.36 + 5 + 7.5 + 15 = 44.86 → 44.9", async () => {
    const b = (await vendorRiskReport({ orgId }, now)).vendors.find((v) => v.vendor === B)!;
    expect(b.termsChanges.map((t) => t.severity)).toEqual(["LOW", "HIGH"]);
    expect(b.materialTermsChanges).toBe(1);
    expect(b.retiring.map((m) => [m.model, m.daysLeft, m.spend.toString()])).toEqual([["rb-chat-1", 60, "100"]]);
    expect(b.noAlternativeSpend.toString()).toBe("200");
    expect(b.risk.score.toString()).toBe("44.9");
  });
});
