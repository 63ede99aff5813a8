import { Decimal } from "@/lib/money";

// Concentration of spend across vendors: each vendor's share and the Herfindahl–Hirschman index
// (HHI), the sum of squared percentage shares. One vendor = 10,000; n equal vendors = 10,000 ÷ n.

export interface VendorShare {
  vendor: string;
  spend: Decimal;
  /** spend ÷ total spend, 0..1 (0 when nothing was spent) */
  share: Decimal;
}

export function vendorShares(rows: readonly { vendor: string; spend: Decimal }[]): VendorShare[] {
  const total = rows.reduce((s, r) => s.plus(r.spend), new Decimal(0));
  return rows
    .map((r) => ({ vendor: r.vendor, spend: r.spend, share: total.isZero() ? new Decimal(0) : r.spend.div(total) }))
    .sort((a, b) => b.spend.comparedTo(a.spend) || a.vendor.localeCompare(b.vendor));
}

/** HHI = Σ (100 × share)², from 0 (no spend) to 10,000 (one vendor takes everything). */
export function herfindahl(shares: readonly Pick<VendorShare, "share">[]): Decimal {
  return shares.reduce((s, v) => s.plus(v.share.times(100).pow(2)), new Decimal(0));
}

export type ConcentrationBand = "unconcentrated" | "moderately concentrated" | "highly concentrated";

/** Bands of the 2023 US Merger Guidelines: above 1,800 highly, 1,000–1,800 moderately concentrated. */
export function concentrationBand(hhi: Decimal): ConcentrationBand {
  if (hhi.gt(1800)) return "highly concentrated";
  if (hhi.gte(1000)) return "moderately concentrated";
  return "unconcentrated";
}

/** The HHI in words: its band, and how many equal-sized vendors would give the same index. */
export function explainHerfindahl(hhi: Decimal, vendorCount: number): string {
  if (hhi.isZero()) return "No spend in the period, so there is nothing to be concentrated.";
  const equivalent = new Decimal(10000).div(hhi).toDecimalPlaces(1, Decimal.ROUND_HALF_UP);
  return `The Herfindahl–Hirschman index adds up the square of each vendor's percentage share of spend: 10,000 means one vendor takes everything, ${vendorCount > 1 ? `and ${vendorCount} vendors with equal shares would score ${new Decimal(10000).div(vendorCount).toDecimalPlaces(0, Decimal.ROUND_HALF_UP).toString()}` : "and equal shares lower it"}. Yours is ${hhi.toDecimalPlaces(0, Decimal.ROUND_HALF_UP).toString()}: ${concentrationBand(hhi)} (over 1,800 is highly, 1,000–1,800 moderately concentrated, as US competition authorities read it), as concentrated as ${equivalent.toString()} equal-sized vendors.`;
}
