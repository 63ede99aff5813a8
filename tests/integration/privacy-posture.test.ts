import { describe, expect, it } from "vitest";
import { db } from "@/lib/db";
import { clearPostureOverride, listPosture, setPostureOverride } from "@/lib/privacy/store";
import { createOrgWithMembers } from "../support/factories";
import { orgContext } from "../support/org-context";

// Posture as an org sees it: the cited seed, its own overrides winning, stored in Postgres, per org.

const field = (offerings: Awaited<ReturnType<typeof listPosture>>, vendor: string, offering: string, name: string) => offerings.find((o) => o.vendor === vendor && o.offering === offering)!.fields.find((f) => f.field === name)!;

describe("privacy posture overrides", () => {
  it("an override wins over the seed for that org only, is audited, and can be cleared back to the seed", async () => {
    const a = await createOrgWithMembers("Posture A", ["OWNER"]);
    const b = await createOrgWithMembers("Posture B", ["OWNER"]);
    const before = field(await listPosture(orgContext(a)), "anthropic", "consumer", "trainsOnInputsByDefault");
    expect([before.value, before.origin, before.confirmed]).toEqual([true, "seed", "2026-08-17"]);

    await setPostureOverride(orgContext(a), { vendor: "anthropic", offering: "consumer", field: "trainsOnInputsByDefault", value: false, note: "Commercial terms 2026-02, §B" });
    await setPostureOverride(orgContext(a), { vendor: "google", offering: "gemini-api", field: "retentionDays", value: 0, note: "ZDR granted 2026-05" });
    const mine = await listPosture(orgContext(a));
    expect(field(mine, "anthropic", "consumer", "trainsOnInputsByDefault")).toMatchObject({ value: false, origin: "override", note: "Commercial terms 2026-02, §B", quote: null });
    expect(field(mine, "google", "gemini-api", "retentionDays")).toMatchObject({ value: 0, origin: "override" });
    expect(field(await listPosture(orgContext(b)), "anthropic", "consumer", "trainsOnInputsByDefault")).toMatchObject({ value: true, origin: "seed" });
    expect(await db().auditLog.count({ where: { orgId: a.org.id, action: "posture.overridden" } })).toBe(2);

    await clearPostureOverride(orgContext(a), { vendor: "anthropic", offering: "consumer", field: "trainsOnInputsByDefault" });
    expect(field(await listPosture(orgContext(a)), "anthropic", "consumer", "trainsOnInputsByDefault")).toMatchObject({ value: true, origin: "seed" });
    await expect(clearPostureOverride(orgContext(b), { vendor: "google", offering: "gemini-api", field: "retentionDays" })).rejects.toMatchObject({ code: "NOT_FOUND" });
  });

  it("names the field of a bad override and stores nothing", async () => {
    const a = await createOrgWithMembers("Posture C", ["OWNER"]);
    await expect(setPostureOverride(orgContext(a), { vendor: "openai", offering: "api", field: "retentionDays", value: 2.5, note: "x" })).rejects.toThrow(/posture override: value: a whole number of days/);
    await expect(setPostureOverride(orgContext(a), { vendor: "openai", offering: "desktop", field: "regions", value: ["EU"], note: "x" })).rejects.toThrow(/offering: no offering "desktop" of vendor "openai"/);
    await expect(setPostureOverride(orgContext(a), { vendor: "openai", offering: "api", field: "regions", value: ["EU"], note: " " })).rejects.toThrow(/note: say where this comes from/);
    expect(await db().postureOverride.count({ where: { orgId: a.org.id } })).toBe(0);
  });
});

describe("posture tied to the document watch", () => {
  it("a training-rule change of an Anthropic document marks its training fields for review until the org re-confirms them", async () => {
    const a = await createOrgWithMembers("Posture D", ["OWNER"]);
    const now = new Date("2026-12-02T12:00:00Z");
    const doc = await db().vendorDocument.create({ data: { orgId: a.org.id, vendor: "anthropic", kind: "PRIVACY", title: "Claude privacy policy (test)", url: "https://example.com/privacy-d" } });
    const v = await db().vendorDocumentVersion.create({ data: { documentId: doc.id, contentHash: "h1", text: "t", fetchedAt: now } });
    const change = await db().documentChange.create({
      data: {
        documentId: doc.id,
        toVersionId: v.id,
        severity: "CRITICAL",
        diff: [{ op: "added", text: "We may use your Inputs and Outputs to train our models" }],
        matchedRules: [{ rule: "training-on-customer-data", severity: "CRITICAL", explanation: "x", excerpt: "x", sentences: 1 }],
        summary: "training",
        detectedAt: new Date("2026-12-01T00:00:00Z"),
      },
    });
    // (only this change's reviews: other tests may have changed default documents in the same database)
    const flagged = (await listPosture(orgContext(a), now)).flatMap((o) => o.fields.filter((f) => f.needsReview.some((r) => r.changeId === change.id)).map((f) => `${o.vendor}/${o.offering}:${f.field}`));
    expect(flagged.sort()).toEqual(["anthropic/api:optOutAvailable", "anthropic/api:trainsOnInputsByDefault", "anthropic/consumer:optOutAvailable", "anthropic/consumer:trainsOnInputsByDefault"]);
    const review = field(await listPosture(orgContext(a), now), "anthropic", "api", "trainsOnInputsByDefault").needsReview.find((r) => r.changeId === change.id);
    expect(review).toEqual({ changeId: change.id, documentId: doc.id, diff: ['Added: "We may use your Inputs and Outputs to train our models"'] });
    // Another org does not watch that document: nothing to review there.
    const b = await createOrgWithMembers("Posture E", ["OWNER"]);
    expect((await listPosture(orgContext(b), now)).flatMap((o) => o.fields.flatMap((f) => f.needsReview.map((r) => r.changeId)))).not.toContain(change.id);
    // Re-confirmed by the org after the change: that field is reviewed, the others still wait.
    await setPostureOverride(orgContext(a), { vendor: "anthropic", offering: "api", field: "trainsOnInputsByDefault", value: false, note: "Commercial terms: no training on API data" });
    expect(field(await listPosture(orgContext(a), now), "anthropic", "api", "trainsOnInputsByDefault").needsReview).toEqual([]);
    expect(field(await listPosture(orgContext(a), now), "anthropic", "api", "optOutAvailable").needsReview.map((r) => r.changeId)).toContain(change.id);
  });
});
