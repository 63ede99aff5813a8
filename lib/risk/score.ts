import { Decimal } from "@/lib/money";

// A vendor's risk score, 0–100: a weighted sum of five factors, each between 0 and 1, so the page
// can show the formula and every factor's value. Weights favour dependence, read as concentration:
// the vendor's own term of the Herfindahl–Hirschman index, (100 × share)², against the 1,800 points
// at which a portfolio is "highly concentrated" — so a vendor that alone makes the org's spend highly
// concentrated (a share of 42.4 % or more) carries the full 50 points and is at least "medium".

export interface RiskFactors {
  /** the vendor's share of the org's spend, 0..1 */
  share: Decimal;
  /** price increases on models the org uses in the last 12 months */
  priceIncreases: number;
  /** terms/policy changes of MEDIUM severity or above in the last 12 months */
  materialTermsChanges: number;
  /** share of the vendor's recent spend on models retiring within 6 months, 0..1 */
  retiringShare: Decimal;
  /** share of the vendor's recent spend with no open-weight alternative of comparable capability in the catalog, 0..1 */
  noAlternativeShare: Decimal;
}

export const RISK_WEIGHTS = { dependence: 50, price: 10, terms: 10, retirement: 15, lockIn: 15 } as const;
/** Events at which the price and terms factors are full: two in a year is a pattern. */
export const EVENTS_FOR_FULL_FACTOR = 2;
/** HHI above which spend is highly concentrated (2023 US Merger Guidelines; lib/risk/concentration.ts). */
export const HIGHLY_CONCENTRATED_HHI = 1800;

export const RISK_FORMULA =
  "score = 50 × dependence + 10 × min(1, price increases ÷ 2) + 10 × min(1, material terms changes ÷ 2) + 15 × share of its spend on models retiring within 6 months + 15 × share of its spend without an open-weight alternative of the same capability tier; dependence = min(1, (100 × share of spend)² ÷ 1,800), the vendor's own part of the concentration index against the level that is highly concentrated";

/** The dependence factor: min(1, (100 × share)² ÷ 1,800). */
export function dependenceOf(share: Decimal): Decimal {
  return Decimal.min(1, share.times(100).pow(2).div(HIGHLY_CONCENTRATED_HHI));
}

export interface RiskScore {
  score: Decimal; // 0..100, one decimal
  band: "low" | "medium" | "high";
  /** each factor's 0..1 value and its points (weight × value) */
  parts: { factor: keyof typeof RISK_WEIGHTS; value: Decimal; points: Decimal }[];
}

const capped = (events: number) => Decimal.min(1, new Decimal(events).div(EVENTS_FOR_FULL_FACTOR));

export function riskScore(f: RiskFactors): RiskScore {
  const values: Record<keyof typeof RISK_WEIGHTS, Decimal> = {
    dependence: dependenceOf(f.share),
    price: capped(f.priceIncreases),
    terms: capped(f.materialTermsChanges),
    retirement: f.retiringShare,
    lockIn: f.noAlternativeShare,
  };
  const parts = (Object.keys(RISK_WEIGHTS) as (keyof typeof RISK_WEIGHTS)[]).map((factor) => ({ factor, value: values[factor], points: values[factor].times(RISK_WEIGHTS[factor]) }));
  const score = parts.reduce((s, p) => s.plus(p.points), new Decimal(0)).toDecimalPlaces(1, Decimal.ROUND_HALF_UP);
  return { score, band: score.gte(60) ? "high" : score.gte(30) ? "medium" : "low", parts };
}
