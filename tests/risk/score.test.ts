import { describe, expect, it } from "vitest";
import { dependenceOf, riskScore, RISK_FORMULA } from "@/lib/risk/score";
import { vendorRisks, whatIfLinks, type RiskInputs } from "@/lib/risk/vendors";
import { Decimal } from "@/lib/money";

const d = (v: string | number) => new Decimal(v);
const emptyInputs: RiskInputs = { now: new Date("2026-11-24T00:00:00Z"), spend12: [], recent: [], priceEvents: [], termsChanges: [], retirements: [], catalog: [] };

describe("risk score", () => {
  it("hand-worked: 50 × min(1, 60² ÷ 1,800) + 10 × min(1, 1/2) + 10 × min(1, 3/2) + 15 × 0.25 + 15 × 0.5 = 50 + 5 + 10 + 3.75 + 7.5 = 76.25 → 76.3, high", () => {
    const r = riskScore({ share: d("0.6"), priceIncreases: 1, materialTermsChanges: 3, retiringShare: d("0.25"), noAlternativeShare: d("0.5") });
    expect(r.parts.map((p) => [p.factor, p.value.toString(), p.points.toString()])).toEqual([
      ["dependence", "1", "50"],
      ["price", "0.5", "5"],
      ["terms", "1", "10"],
      ["retirement", "0.25", "3.75"],
      ["lockIn", "0.5", "7.5"],
    ]);
    expect(r.score.toString()).toBe("76.3");
    expect(r.band).toBe("high");
    expect(RISK_FORMULA).toContain("50 × dependence");
  });

  it("reflects concentration: a 30 % vendor's dependence is 30² ÷ 1,800 = 0.5 (25 points); two 50 % vendors (HHI 5,000, highly concentrated) are never low", () => {
    expect(dependenceOf(d("0.3")).toString()).toBe("0.5");
    for (const vendor of vendorRisks({ ...emptyInputs, spend12: [{ vendor: "a", spend: d(500) }, { vendor: "b", spend: d(500) }] }).vendors) {
      expect(vendor.risk.score.toString()).toBe("50");
      expect(vendor.risk.band).toBe("medium");
    }
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
    // Llama 3 70B is medium tier: no stand-in for GPT-4o (frontier); DeepSeek-V3 is frontier
    { provider: "groq", model: "llama3-70b-8192", mode: "chat" as const, openWeight: true, input: "0.59", output: "0.79", cachedInput: null, cacheWrite: null, source: "bundled" },
    { provider: "deepseek", model: "deepseek-chat", mode: "chat" as const, openWeight: true, input: "0.27", output: "1.10", cachedInput: null, cacheWrite: null, source: "bundled" },
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

  it("openai: 50 × min(1, 75² ÷ 1,800) + 0 (a price cut is not an increase) + 0 + 0 + 15 × 200/800 (embeddings have no open-weight alternative) = 50 + 3.75 = 53.8", () => {
    // GPT-4o's comparable alternative is DeepSeek-V3 (frontier), not the cheaper Llama 3 70B (medium tier)
    expect(by.openai!.models.map((m) => [m.model, m.alternative])).toEqual([["gpt-4o", "deepseek/deepseek-chat"], ["text-embedding-3-small", null]]);
    expect([by.openai!.priceChanges, by.openai!.priceIncreases]).toEqual([1, 0]);
    expect(by.openai!.risk.score.toString()).toBe("53.8");
  });

  it("anthropic: 50 × 25² ÷ 1,800 + 10 × 1/2 + 10 × 1/2 + 15 × 100/400 (opus retires in 42 days) + 0 = 17.36 + 5 + 5 + 3.75 = 31.11 → 31.1", () => {
    expect(by.anthropic!.retiring.map((r) => [r.model, r.daysLeft, r.spend.toString()])).toEqual([["claude-3-opus-20240229", 42, "100"]]);
    expect(by.anthropic!.materialTermsChanges).toBe(1);
    expect(by.anthropic!.risk.score.toString()).toBe("31.1");
    expect(vendors.map((v) => v.vendor)).toEqual(["openai", "anthropic"]); // highest score first
  });

  it("links to a builder pre-filled for doubled prices and for the vendor disappearing", () => {
    const links = whatIfLinks("demo", by.openai!);
    expect(links.doubled).toBe("/demo/scenarios/new?provider=openai&priceChangePct=100");
    expect(links.disappeared).toBe("/demo/scenarios/new?provider=openai&stayPct=0&rampMonths=0&target=api&targetProvider=deepseek&targetModel=deepseek-chat"); // comparable to GPT-4o
  });
});
