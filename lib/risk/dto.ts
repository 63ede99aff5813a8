import { Decimal, toCents } from "@/lib/money";
import { concentrationBand, explainHerfindahl } from "./concentration";
import { RISK_FORMULA, RISK_WEIGHTS } from "./score";
import { whatIfLinks, type VendorRisk } from "./vendors";

// The vendor-risk report as JSON: money as cent strings, shares as percentages with one decimal.

const pct = (share: Decimal) => share.times(100).toDecimalPlaces(1, Decimal.ROUND_HALF_UP).toFixed(1);

export function riskReportDto(orgSlug: string, r: { vendors: VendorRisk[]; hhi: Decimal }) {
  return {
    hhi: r.hhi.toDecimalPlaces(0, Decimal.ROUND_HALF_UP).toString(),
    band: concentrationBand(r.hhi),
    hhiExplanation: explainHerfindahl(r.hhi, r.vendors.length),
    formula: RISK_FORMULA,
    weights: RISK_WEIGHTS,
    vendors: r.vendors.map((v) => ({
      vendor: v.vendor,
      spend12: toCents(v.spend12),
      sharePct: pct(v.share),
      recentSpend: toCents(v.recentSpend),
      priceChanges: v.priceChanges,
      priceIncreases: v.priceIncreases,
      termsChanges: v.termsChanges.map((t) => ({ ...t, detectedAt: t.detectedAt.toISOString().slice(0, 10) })),
      materialTermsChanges: v.materialTermsChanges,
      retiring: v.retiring.map((m) => ({ model: m.model, retiresAt: m.retiresAt.toISOString().slice(0, 10), daysLeft: m.daysLeft, replacement: m.replacement, spend: toCents(m.spend) })),
      retiringSpend: toCents(v.retiringSpend),
      models: v.models.map((m) => ({ model: m.model, spend: toCents(m.spend), alternative: m.alternative })),
      noAlternativeSpend: toCents(v.noAlternativeSpend),
      score: v.risk.score.toFixed(1),
      band: v.risk.band,
      parts: v.risk.parts.map((p) => ({ factor: p.factor, value: p.value.toDecimalPlaces(3, Decimal.ROUND_HALF_UP).toString(), points: p.points.toDecimalPlaces(1, Decimal.ROUND_HALF_UP).toFixed(1) })),
      links: whatIfLinks(orgSlug, v),
      fallback: v.fallback,
    })),
  };
}
export type RiskReportDto = ReturnType<typeof riskReportDto>;
