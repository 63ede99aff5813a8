import { describe, expect, it } from "vitest";
import { exactCount, exposureView, projectsSendingToVendor, tokenTotal, type ProjectTokens } from "@/lib/privacy/exposure";
import { effectivePosture, offeringForProvider, type SeedOffering } from "@/lib/privacy/posture";

// Hand-made offerings so the expected flags do not depend on what the bundled seed confirms.
const OFFERINGS: SeedOffering[] = [
  { vendor: "openai", offering: "api", label: "OpenAI API", providers: ["openai"], fields: { trainsOnInputsByDefault: { value: false, source: "s", quote: "q", confirmed: "2026-01-01" } } },
  { vendor: "openai", offering: "consumer", label: "ChatGPT", providers: [], fields: {} },
  { vendor: "google", offering: "gemini-api", label: "Gemini API", providers: ["google", "gemini"], fields: { trainsOnInputsByDefault: { value: true, source: "s", quote: "q", confirmed: "2026-01-01" } } },
  { vendor: "google", offering: "vertex", label: "Vertex AI", providers: ["vertex"], fields: {} },
  { vendor: "azure-openai", offering: "cloud", label: "Azure OpenAI", providers: ["azure"], fields: {} },
];
const postures = OFFERINGS.map((o) => ({ vendor: o.vendor, offering: o.offering, label: o.label, fields: effectivePosture(o, [], []) }));
const t = (provider: string, projectId: string, projectName: string, inputTokens: number, outputTokens: number, cachedInputTokens = 0, cacheWriteTokens = 0): ProjectTokens => ({ provider, projectId, projectName, inputTokens, outputTokens, cachedInputTokens, cacheWriteTokens });

describe("tokens a project sends", () => {
  it("counts input, cached input, cache writes and output, exactly past 2^53", () => {
    expect(tokenTotal({ inputTokens: 9_007_199_254_740_993n, outputTokens: 7n, cachedInputTokens: 0, cacheWriteTokens: 0 }).toFixed(0)).toBe("9007199254741000");
    expect(exactCount("1590000")).toBe("1,590,000");
  });
  it("maps usage providers to offerings; an unknown provider has none", () => {
    expect([offeringForProvider("Gemini", OFFERINGS)?.offering, offeringForProvider("vertex", OFFERINGS)?.offering, offeringForProvider("together", OFFERINGS)]).toEqual(["gemini-api", "vertex", undefined]);
  });
});

describe("exposure view", () => {
  const usage = [t("google", "g1", "Chat assistant", 700, 300), t("google", "g1", "Chat assistant", 100, 0, 50), t("openai", "o1", "Summaries", 4000, 1000), t("together", "x1", "Experiments", 10, 10)];
  const projects = [
    { provider: "google", projectId: "g1", name: "Chat assistant", sensitiveData: ["PII" as const] },
    { provider: "openai", projectId: "o1", name: "Summaries", sensitiveData: ["CUSTOMER_CONTENT" as const] },
    { provider: "together", projectId: "x1", name: "Experiments", sensitiveData: ["SOURCE_CODE" as const] },
  ];
  const rows = exposureView({ orgSlug: "acme", usage, projects, postures, offerings: OFFERINGS, orgMaxRetentionDays: null });

  it("flags sensitive data sent to a training-by-default offering first, with a self-hosting scenario", () => {
    // Chat assistant: 700 + 300 + 100 + 50 = 1,150 tokens to the Gemini API, which trains by default.
    expect(rows[0]).toMatchObject({ projectName: "Chat assistant", tokens30d: "1150", trainsOnInputsByDefault: true, flags: [{ kind: "may-train", text: "Chat assistant sends personal data to an offering that trains on inputs by default" }], selfHostScenarioHref: "/acme/scenarios/new?provider=google&projectId=g1&target=selfHost" });
  });
  it("says an unknown vendor is unknown, and does not flag an offering that does not train", () => {
    expect(rows.slice(1).map((r) => [r.projectName, r.tokens30d, r.offering?.label ?? null, r.flags.map((f) => f.text), r.selfHostScenarioHref])).toEqual([
      ["Experiments", "20", null, ["Experiments sends source code to together, which has no posture record"], null],
      ["Summaries", "5000", "OpenAI API", [], null],
    ]);
  });
});

describe("exposure of an offering whose terms changed", () => {
  it("lists the posture fields a watched document's change asks to review", () => {
    const reviewed = OFFERINGS.map((o) => ({ vendor: o.vendor, offering: o.offering, label: o.label, fields: effectivePosture(o, [], o.vendor === "openai" ? [{ vendor: "openai", offering: "api", field: "retentionDays", changeId: "c1", diff: ["Added: \"…\""] }] : []) }));
    const rows = exposureView({ orgSlug: "acme", usage: [t("openai", "o1", "Summaries", 10, 0), t("google", "g1", "Chat", 10, 0)], projects: [], postures: reviewed, offerings: OFFERINGS, orgMaxRetentionDays: null });
    expect(rows.map((r) => [r.projectName, r.fieldsToReview])).toEqual([["Chat", []], ["Summaries", ["Keeps inputs and outputs (days)"]]]);
  });
});

describe("projects named by a vendor's terms alert", () => {
  const usage = [t("google", "g1", "Chat", 1000, 500), t("vertex", "v1", "Batch", 20000, 0, 0, 100), t("google", "g1", "Chat", 0, 250), t("openai", "o1", "Summaries", 1, 1), t("azure", "a1", "Azure bot", 5, 5), t("google", "idle", "Idle", 0, 0)];
  it("sums each project's tokens across the vendor's offerings, most first; nothing from other vendors or idle projects", () => {
    expect(projectsSendingToVendor("Google", usage, OFFERINGS)).toEqual([
      { provider: "vertex", projectId: "v1", name: "Batch", tokens: "20100" },
      { provider: "google", projectId: "g1", name: "Chat", tokens: "1750" },
    ]);
  });
  it("an OpenAI terms change does not name projects on Azure OpenAI (Microsoft's contract)", () => {
    expect(projectsSendingToVendor("openai", usage, OFFERINGS).map((p) => p.name)).toEqual(["Summaries"]);
  });
});
