import { describe, expect, it } from "vitest";
import { riskScore, RISK_FORMULA } from "@/lib/risk/score";
import { vendorRisks, whatIfLinks, type RiskInputs } from "@/lib/risk/vendors";
import { Decimal } from "@/lib/money";

const d = (v: string | number) => new Decimal(v);

describe("risk score", () => {
  it("hand-worked: 40 × 0.6 + 15 × min(1, 1/2) + 15 × min(1, 3/2) + 15 × 0.25 + 15 × 0.5 = 24 + 7.5 + 15 + 3.75 + 7.5 = 57.75 → 57.8, medium", () => {
    const r = riskScore({ share: d("0.6"), priceIncreases: 1, materialTermsChanges: 3, retiringShare: d("0.25"), noAlternativeShare: d("0.5") });
    expect(r.parts.map((p) => [p.factor, p.value.toString(), p.points.toString()])).toEqual([
      ["share", "0.6", "24"],
      ["price", "0.5", "7.5"],
      ["terms", "1", "15"],
      ["retirement", "0.25", "3.75"],
      ["lockIn", "0.5", "7.5"],
    ]);
    expect(r.score.toString()).toBe("57.8");
    expect(r.band).toBe("medium");
    expect(RISK_FORMULA).toContain("40 × share of spend");
  });

  it("everything at its worst is 100 (high); nothing is 0 (low)", () => {
    expect(riskScore({ share: d(1), priceIncreases: 5, materialTermsChanges: 2, retiringShare: d(1), noAlternativeShare: d(1) }).score.toString()).toBe("100");
    const none = riskScore({ share: d(0), priceIncreases: 0, materialTermsChanges: 0, retiringShare: d(0), noAlternativeShare: d(0) });
    expect([none.score.toString(), none.band]).toEqual(["0", "low"]);
  });
});

describe("vendor risks from loaded values", () => {
  const now = new Date("2026-11-24T00:00:00Z");
  const catalog = [
    { provider: "groq", model: "llama3-70b-8192", mode: "chat" as const, openWeight: true, input: "0.59", output: "0.79", cachedInput: null, cacheWrite: null, source: "bundled" },
    { provider: "openai", model: "text-embedding-3-small", mode: "embedding" as const, openWeight: false, input: "0.02", output: "0", cachedInput: null, cacheWrite: null, source: "bundled" },
  ];
  const inputs: RiskInputs = {
    now,
    spend12: [{ vendor: "openai", spend: d(7500) }, { vendor: "anthropic", spend: d(2500) }],
    recent: [
      { vendor: "openai", model: "gpt-4o", spend: d(600) },
      { vendor: "openai", model: "text-embedding-3-small", spend: d(200) },
      { vendor: "anthropic", model: "claude-3-opus-20240229", spend: d(100) },
      { vendor: "anthropic", model: "claude-sonnet-4", spend: d(300) },
    ],
    priceEvents: [
      { vendor: "openai", model: "gpt-4o", effectiveFrom: new Date("2026-05-01"), increase: false },
      { vendor: "anthropic", model: "claude-sonnet-4", effectiveFrom: new Date("2026-06-01"), increase: true },
    ],
    termsChanges: [{ vendor: "anthropic", title: "Terms", severity: "HIGH", summary: "training on customer data", detectedAt: new Date("2026-09-01") }],
    retirements: [{ provider: "anthropic", model: "claude-3-opus-20240229", deprecatedAt: null, retiresAt: new Date("2027-01-05T00:00:00Z"), replacement: "claude-opus-4-1", source: "test" }],
    catalog,
  };
  const { vendors, hhi } = vendorRisks(inputs);
  const by = Object.fromEntries(vendors.map((v) => [v.vendor, v]));

  it("shares 75 % / 25 %: HHI 75² + 25² = 5,625 + 625 = 6,250", () => {
    expect(hhi.toString()).toBe("6250");
    expect(by.openai!.share.toString()).toBe("0.75");
  });

  it("openai: 40 × 0.75 + 0 (a price cut is not an increase) + 0 + 0 + 15 × 200/800 (embeddings have no open-weight alternative) = 30 + 3.75 = 33.8", () => {
    expect(by.openai!.models.map((m) => [m.model, m.alternative])).toEqual([["gpt-4o", "groq/llama3-70b-8192"], ["text-embedding-3-small", null]]);
    expect([by.openai!.priceChanges, by.openai!.priceIncreases]).toEqual([1, 0]);
    expect(by.openai!.risk.score.toString()).toBe("33.8");
  });

  it("anthropic: 40 × 0.25 + 15 × 1/2 + 15 × 1/2 + 15 × 100/400 (opus retires in 42 days) + 0 = 10 + 7.5 + 7.5 + 3.75 = 28.75 → 28.8", () => {
    expect(by.anthropic!.retiring.map((r) => [r.model, r.daysLeft, r.spend.toString()])).toEqual([["claude-3-opus-20240229", 42, "100"]]);
    expect(by.anthropic!.materialTermsChanges).toBe(1);
    expect(by.anthropic!.risk.score.toString()).toBe("28.8");
    expect(vendors.map((v) => v.vendor)).toEqual(["openai", "anthropic"]); // highest score first
  });

  it("links to a builder pre-filled for doubled prices and for the vendor disappearing", () => {
    const links = whatIfLinks("demo", by.openai!);
    expect(links.doubled).toBe("/demo/scenarios/new?provider=openai&priceChangePct=100");
    expect(links.disappeared).toBe("/demo/scenarios/new?provider=openai&stayPct=0&rampMonths=0&target=api&targetProvider=groq&targetModel=llama3-70b-8192");
  });
});
