import { describe, expect, it } from "vitest";
import { PUT as putSensitivity } from "@/app/api/orgs/[org]/project-sensitivity/route";
import { PUT as putSettings } from "@/app/api/orgs/[org]/privacy-settings/route";
import { db } from "@/lib/db";
import { loadExposure, setProjectSensitivity, setRetentionLimit } from "@/lib/privacy/exposure-store";
import { setPostureOverride } from "@/lib/privacy/store";
import { createOrgWithMembers } from "../support/factories";
import { orgContext } from "../support/org-context";
import { params, requestAs } from "../support/session";

// The data-exposure view on the real database: usage of the last 30 days per project, the org's effective
// posture per offering (its overrides over the seed), project sensitivity and the org's retention limit.

const NOW = new Date("2026-12-02T12:00:00Z"); // window: 2026-11-03 .. 2026-12-02 (30 UTC days)
const day = (d: string) => new Date(`${d}T00:00:00Z`);

async function usageFixture(orgId: string) {
  const base = { orgId, sourceKey: "test", origin: "PROVIDER_API" as const };
  await db().usageBucket.createMany({
    data: [
      // Support bot on OpenAI: 1,000,000 + 200,000 + 50,000 cached (11-20) + 300,000 + 40,000 (11-25) = 1,590,000 tokens
      { ...base, provider: "openai", day: day("2026-11-20"), projectId: "proj_support", model: "gpt-4o", inputTokens: 1_000_000n, outputTokens: 200_000n, cachedInputTokens: 50_000n },
      { ...base, provider: "openai", day: day("2026-11-25"), projectId: "proj_support", model: "gpt-4o-mini", inputTokens: 300_000n, outputTokens: 40_000n },
      // before the window: not counted
      { ...base, provider: "openai", day: day("2026-11-02"), projectId: "proj_support", model: "gpt-4o", inputTokens: 9_999_999n, outputTokens: 1n },
      // Docs search on OpenAI, nothing sensitive: 500,000 + 100,000 = 600,000
      { ...base, provider: "openai", day: day("2026-11-30"), projectId: "proj_docs", model: "gpt-4o-mini", inputTokens: 500_000n, outputTokens: 100_000n },
      // Code review on Anthropic: 2,000,000 + 300,000 + 10,000 cache writes = 2,310,000
      { ...base, provider: "anthropic", day: day("2026-12-01"), projectId: "wrk_code", model: "claude-sonnet-4", inputTokens: 2_000_000n, outputTokens: 300_000n, cacheWriteTokens: 10_000n },
    ],
  });
  await db().project.createMany({
    data: [
      { orgId, provider: "openai", externalId: "proj_support", name: "Support bot" },
      { orgId, provider: "openai", externalId: "proj_docs", name: "Docs search" },
      { orgId, provider: "anthropic", externalId: "wrk_code", name: "Code review" },
    ],
  });
}

describe("data exposure", () => {
  it("flags a sensitive project sending to an offering that trains by default, or keeps data past the org's limit, and links a self-hosting scenario", async () => {
    const f = await createOrgWithMembers("Exposure A", ["OWNER", "ADMIN", "EXECUTIVE"]);
    const ctx = orgContext(f);
    await usageFixture(f.org.id);
    // The org's contracts, so the expected flags do not depend on the bundled seed: Anthropic may train on this
    // workspace's data; OpenAI does not train but keeps it 30 days.
    await setPostureOverride(ctx, { vendor: "anthropic", offering: "api", field: "trainsOnInputsByDefault", value: true, note: "Test contract: training allowed" });
    await setPostureOverride(ctx, { vendor: "openai", offering: "api", field: "trainsOnInputsByDefault", value: false, note: "Test contract: no training" });
    await setPostureOverride(ctx, { vendor: "openai", offering: "api", field: "retentionDays", value: 30, note: "Test contract: 30 days" });
    await setPostureOverride(ctx, { vendor: "anthropic", offering: "api", field: "retentionDays", value: 7, note: "Test contract: 7 days" });

    // Nothing marked sensitive yet: nothing flagged, tokens per project exact.
    let view = await loadExposure(ctx, NOW);
    expect(view.rows.map((r) => [r.projectName, r.offering?.label ?? null, r.tokens30d, r.flags.length])).toEqual([
      ["Code review", "Anthropic — API", "2310000", 0],
      ["Support bot", "OpenAI — API platform", "1590000", 0],
      ["Docs search", "OpenAI — API platform", "600000", 0],
    ]);

    await setProjectSensitivity(orgContext(f, "ADMIN"), { provider: "anthropic", projectId: "wrk_code", sensitiveData: ["SOURCE_CODE"] });
    await setProjectSensitivity(ctx, { provider: "openai", projectId: "proj_support", sensitiveData: ["CUSTOMER_CONTENT", "PII"] });
    await setRetentionLimit(ctx, { maxRetentionDays: 14 });
    view = await loadExposure(ctx, NOW);
    expect(view.maxRetentionDays).toBe(14);
    const byName = Object.fromEntries(view.rows.map((r) => [r.projectName, r]));
    // Code review: source code to an offering that trains by default (7 days is within 14: no retention flag).
    expect(byName["Code review"]!.flags).toEqual([{ kind: "may-train", text: "Code review sends source code to an offering that trains on inputs by default" }]);
    expect(byName["Code review"]!.selfHostScenarioHref).toBe(`/${f.org.slug}/scenarios/new?provider=anthropic&projectId=wrk_code&target=selfHost`);
    // Support bot: no training, but 30 days > 14 (the kinds are stored in the fixed order PII, customer content).
    expect(byName["Support bot"]!.sensitiveData).toEqual(["PII", "CUSTOMER_CONTENT"]);
    expect(byName["Support bot"]!.flags).toEqual([{ kind: "retention-over-limit", text: "Support bot sends personal data, customer content to an offering that keeps it 30 days, over your limit of 14" }]);
    expect(byName["Support bot"]!.selfHostScenarioHref).toBe(`/${f.org.slug}/scenarios/new?provider=openai&projectId=proj_support&target=selfHost`);
    // Docs search sends nothing sensitive: never flagged, whatever the posture.
    expect([byName["Docs search"]!.flags, byName["Docs search"]!.selfHostScenarioHref]).toEqual([[], null]);

    // The org's contract changes (override wins over everything): Anthropic no longer trains → flag gone.
    await setPostureOverride(ctx, { vendor: "anthropic", offering: "api", field: "trainsOnInputsByDefault", value: false, note: "Amended contract" });
    expect((await loadExposure(ctx, NOW)).rows.find((r) => r.projectName === "Code review")!.flags).toEqual([]);

    // Both settings are audited.
    expect(await db().auditLog.findMany({ where: { orgId: f.org.id, action: { in: ["project.sensitivity", "org.retentionLimit"] } }, select: { action: true, targetId: true }, orderBy: { id: "asc" } })).toEqual([
      { action: "project.sensitivity", targetId: "anthropic/wrk_code" },
      { action: "project.sensitivity", targetId: "openai/proj_support" },
      { action: "org.retentionLimit", targetId: f.org.id },
    ]);
  });

  it("a project known only from its usage gets a row when marked; bad input names the field and stores nothing", async () => {
    const f = await createOrgWithMembers("Exposure B", ["OWNER"]);
    const ctx = orgContext(f);
    await setProjectSensitivity(ctx, { provider: "Mistral", projectId: "", sensitiveData: ["PII"] });
    expect(await db().project.findMany({ where: { orgId: f.org.id }, select: { provider: true, externalId: true, name: true, sensitiveData: true } })).toEqual([{ provider: "mistral", externalId: "", name: "(no project)", sensitiveData: ["PII"] }]);
    // Marked but silent in the window: listed with 0 tokens, nothing flagged (nothing was sent).
    expect((await loadExposure(ctx, NOW)).rows.map((r) => [r.projectName, r.tokens30d, r.flags])).toEqual([["(no project)", "0", []]]);

    await expect(setProjectSensitivity(ctx, { provider: "openai", projectId: "p", sensitiveData: ["HEALTH"] })).rejects.toThrow(/project sensitivity: sensitiveData\[0\]: each one of PII, CUSTOMER_CONTENT, SOURCE_CODE/);
    await expect(setRetentionLimit(ctx, { maxRetentionDays: 2.5 })).rejects.toThrow(/retention limit: maxRetentionDays: a whole number of days/);
    await expect(setRetentionLimit(ctx, { maxRetentionDays: "30" })).rejects.toThrow(/retention limit: maxRetentionDays: a whole number of days, or null for no limit/);
    expect((await db().organization.findUniqueOrThrow({ where: { id: f.org.id } })).maxRetentionDays).toBeNull();
    expect(await db().project.count({ where: { orgId: f.org.id } })).toBe(1);
  });

  it("only owners and admins may change the settings (the permission table, through the route)", async () => {
    const f = await createOrgWithMembers("Exposure C", ["OWNER", "ADMIN", "FINANCE", "ENGINEERING", "EXECUTIVE"]);
    const status = async (role: keyof typeof f.members, days: number) =>
      (await putSettings(await requestAs(f.members[role], `/api/orgs/${f.org.slug}/privacy-settings`, { method: "PUT", body: { maxRetentionDays: days } }), params({ org: f.org.slug }))).status;
    expect([await status("FINANCE", 1), await status("ENGINEERING", 2), await status("EXECUTIVE", 3)]).toEqual([403, 403, 403]);
    expect((await db().organization.findUniqueOrThrow({ where: { id: f.org.id } })).maxRetentionDays).toBeNull();
    expect(await status("ADMIN", 30)).toBe(200);
    expect((await db().organization.findUniqueOrThrow({ where: { id: f.org.id } })).maxRetentionDays).toBe(30);
    const sens = await putSensitivity(await requestAs(f.members.ENGINEERING, `/api/orgs/${f.org.slug}/project-sensitivity`, { method: "PUT", body: { provider: "openai", projectId: "p", sensitiveData: ["PII"] } }), params({ org: f.org.slug }));
    expect(sens.status).toBe(403);
    const bad = await putSensitivity(await requestAs(f.members.OWNER, `/api/orgs/${f.org.slug}/project-sensitivity`, { method: "PUT", body: { provider: "", projectId: "p", sensitiveData: [] } }), params({ org: f.org.slug }));
    expect(bad.status).toBe(400);
    expect(JSON.stringify(await bad.json())).toContain("provider");
  });
});
