import { Decimal } from "@/lib/money";
import { findRetirement, retiringWithin, type Retirement } from "@/lib/pricing/retirements";
import type { CatalogModel } from "@/lib/scenarios/catalogModels";
import { vendorShares, herfindahl } from "./concentration";
import { riskScore, type RiskScore } from "./score";
import { workloadMode } from "./openWeight";
import { capabilityOf, compareTiers } from "@/lib/pricing/capability-tiers";

// Per vendor: dependence, price and terms churn, retirements and lock-in, decided from values the
// query layer loaded (queries.ts). Pure, so every figure is testable by hand.

export const RETIREMENT_WINDOW_DAYS = 183; // ~6 months

export interface RiskInputs {
  now: Date;
  /** spend per vendor over the last 12 months (USD) */
  spend12: { vendor: string; spend: Decimal }[];
  /** spend per vendor and model over the last 30 days (USD): the current run-rate */
  recent: { vendor: string; model: string; spend: Decimal }[];
  /** price changes of the models used, one row per model and effective date, last 12 months */
  priceEvents: { vendor: string; model: string; effectiveFrom: Date; increase: boolean }[];
  /** detected changes of the vendor's documents, last 12 months */
  termsChanges: { vendor: string; title: string; severity: string; summary: string; detectedAt: Date }[];
  retirements: Retirement[];
  catalog: CatalogModel[];
}

export interface VendorRisk {
  vendor: string;
  spend12: Decimal;
  share: Decimal;
  recentSpend: Decimal;
  priceChanges: number;
  priceIncreases: number;
  termsChanges: { title: string; severity: string; summary: string; detectedAt: Date }[];
  materialTermsChanges: number;
  retiring: { model: string; retiresAt: Date; daysLeft: number; replacement: string | null; spend: Decimal }[];
  retiringSpend: Decimal;
  /** each model of the vendor in use, with an open-weight model of the same kind, if the catalog has one */
  models: { model: string; spend: Decimal; alternative: string | null }[];
  noAlternativeSpend: Decimal;
  /** the cheapest API alternative of comparable capability (another vendor's chat model, open weights first) for the what-if links */
  fallback: { provider: string; model: string } | null;
  risk: RiskScore;
}

const MATERIAL = new Set(["MEDIUM", "HIGH", "CRITICAL"]);
const ratio = (part: Decimal, whole: Decimal) => (whole.isZero() ? new Decimal(0) : part.div(whole));
const priceOrder = (m: CatalogModel) => Number(m.input) + Number(m.output); // ordering only

/**
 * Whether `candidate` can stand in for `model`: for chat, a known capability tier at least as high
 * (lib/pricing/capability-tiers.ts); an unknown model has no known stand-in. Embeddings are matched
 * on kind only (the capability table covers chat models).
 */
export function comparable(model: string, candidate: string, mode: "chat" | "embedding"): boolean {
  if (mode === "embedding") return true;
  const a = capabilityOf(model);
  const b = capabilityOf(candidate);
  return a !== null && b !== null && compareTiers(b.tier, a.tier) >= 0;
}

/** The cheapest open-weight model in the catalog doing the same kind of work at comparable capability. */
export function openWeightAlternative(model: string, catalog: readonly CatalogModel[]): CatalogModel | null {
  const known = catalog.find((c) => c.model === model);
  const mode = workloadMode(model, known?.mode);
  return catalog.filter((c) => c.openWeight && c.mode === mode && comparable(model, c.model, mode)).sort((a, b) => priceOrder(a) - priceOrder(b))[0] ?? null;
}

export function vendorRisks(x: RiskInputs): { vendors: VendorRisk[]; hhi: Decimal } {
  const shares = vendorShares(x.spend12);
  const upcoming = retiringWithin(x.retirements, x.now, RETIREMENT_WINDOW_DAYS);
  const vendors = shares.map(({ vendor, spend, share }) => {
    const models = x.recent.filter((r) => r.vendor === vendor && r.spend.gt(0));
    const recentSpend = models.reduce((s, m) => s.plus(m.spend), new Decimal(0));
    const events = x.priceEvents.filter((e) => e.vendor === vendor);
    const terms = x.termsChanges.filter((t) => t.vendor === vendor).sort((a, b) => b.detectedAt.getTime() - a.detectedAt.getTime());
    const retiring = models.flatMap((m) => {
      const r = findRetirement(upcoming, vendor, m.model);
      const u = r ? upcoming.find((u) => u.model === r.model && u.provider === r.provider) : undefined;
      return u ? [{ model: m.model, retiresAt: u.retiresAt, daysLeft: u.daysLeft, replacement: u.replacement, spend: m.spend }] : [];
    });
    const withAlt = models.map((m) => ({ model: m.model, spend: m.spend, alternative: (() => { const a = openWeightAlternative(m.model, x.catalog); return a ? `${a.provider}/${a.model}` : null; })() }));
    const retiringSpend = retiring.reduce((s, r) => s.plus(r.spend), new Decimal(0));
    const noAlternativeSpend = withAlt.filter((m) => !m.alternative).reduce((s, m) => s.plus(m.spend), new Decimal(0));
    // the fallback must carry the vendor's most capable chat model in use, not just any chat model
    const lead = models.filter((m) => workloadMode(m.model, x.catalog.find((c) => c.model === m.model)?.mode) === "chat").sort((a, b) => b.spend.comparedTo(a.spend))[0];
    const others = x.catalog.filter((c) => c.provider !== vendor && c.mode === "chat" && (!lead || comparable(lead.model, c.model, "chat")));
    const fallback = [...others].sort((a, b) => Number(b.openWeight) - Number(a.openWeight) || priceOrder(a) - priceOrder(b))[0];
    const priceIncreases = events.filter((e) => e.increase).length;
    const materialTermsChanges = terms.filter((t) => MATERIAL.has(t.severity)).length;
    return {
      vendor,
      spend12: spend,
      share,
      recentSpend,
      priceChanges: events.length,
      priceIncreases,
      termsChanges: terms,
      materialTermsChanges,
      retiring,
      retiringSpend,
      models: withAlt.sort((a, b) => b.spend.comparedTo(a.spend)),
      noAlternativeSpend,
      fallback: fallback ? { provider: fallback.provider, model: fallback.model } : null,
      risk: riskScore({ share, priceIncreases, materialTermsChanges, retiringShare: ratio(retiringSpend, recentSpend), noAlternativeShare: ratio(noAlternativeSpend, recentSpend) }),
    };
  });
  return { vendors: vendors.sort((a, b) => b.risk.score.comparedTo(a.risk.score) || a.vendor.localeCompare(b.vendor)), hhi: herfindahl(shares) };
}

/** Links to the scenario builder pre-filled for "this vendor doubled its prices" and "disappeared tomorrow". */
export function whatIfLinks(orgSlug: string, v: Pick<VendorRisk, "vendor" | "fallback">): { doubled: string; disappeared: string } {
  const base = `/${orgSlug}/scenarios/new`;
  const doubled = new URLSearchParams({ provider: v.vendor, priceChangePct: "100" });
  const gone = new URLSearchParams({ provider: v.vendor, stayPct: "0", rampMonths: "0", target: "api", ...(v.fallback ? { targetProvider: v.fallback.provider, targetModel: v.fallback.model } : {}) });
  return { doubled: `${base}?${doubled.toString()}`, disappeared: `${base}?${gone.toString()}` };
}
