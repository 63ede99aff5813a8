import { Decimal } from "@/lib/money";
import type { ChargeCategory } from "./columns";
import type { FocusCharge, FocusHost, TokenClass } from "./map";

// FOCUS charges summed into daily buckets (day × source × provider × host × model × project × token
// class × charge category), exact decimals. Billed, effective and list cost stay three sums; credits,
// refunds (corrections) and tax are their own charge categories and never netted into usage. Charges
// in another currency than the organisation's are counted and reported, never summed with it.

export interface FocusBucket {
  sourceKey: string;
  day: string;
  host: FocusHost;
  provider: string;
  model: string;
  projectId: string;
  /** Token class, with "correction:" in front for a correction of an earlier period (ChargeClass). */
  lineItem: string;
  tokenClass: TokenClass;
  chargeCategory: ChargeCategory;
  currency: string;
  billed: Decimal;
  effective: Decimal;
  list: Decimal;
  quantity: Decimal | null;
  unit: string | null;
  rows: number;
}

export interface OtherCurrency {
  currency: string;
  rows: number;
  billed: string;
}

export class FocusAggregate {
  private readonly buckets = new Map<string, FocusBucket>();
  private readonly others = new Map<string, { rows: number; billed: Decimal }>();
  readonly sources = new Set<string>();
  aiRows = 0;
  skippedRows = 0;

  constructor(readonly billingCurrency: string) {}

  /** A row outside AI still names its source: a re-delivery with no AI rows left must still clear the old ones. */
  skip(sourceKey: string | null): void {
    this.skippedRows += 1;
    if (sourceKey) this.sources.add(sourceKey);
  }

  add(c: FocusCharge): void {
    this.sources.add(c.sourceKey);
    if (c.currency !== this.billingCurrency) {
      const o = this.others.get(c.currency) ?? { rows: 0, billed: new Decimal(0) };
      o.rows += 1;
      o.billed = o.billed.add(c.billed);
      this.others.set(c.currency, o);
      return;
    }
    this.aiRows += 1;
    const lineItem = (c.correction ? "correction:" : "") + c.tokenClass;
    const key = [c.sourceKey, c.day, c.host, c.provider, c.model, c.projectId, lineItem, c.chargeCategory].join("\u0001");
    const b = this.buckets.get(key);
    if (!b) {
      this.buckets.set(key, {
        sourceKey: c.sourceKey, day: c.day, host: c.host, provider: c.provider, model: c.model, projectId: c.projectId, lineItem, tokenClass: c.tokenClass,
        chargeCategory: c.chargeCategory, currency: c.currency, billed: c.billed, effective: c.effective, list: c.list, quantity: c.quantity, unit: c.unit, rows: 1,
      });
      return;
    }
    b.billed = b.billed.add(c.billed);
    b.effective = b.effective.add(c.effective);
    b.list = b.list.add(c.list);
    // Quantities add only in one unit; a key that mixes units keeps no quantity rather than a wrong one.
    b.quantity = b.quantity !== null && c.quantity !== null && b.unit === c.unit ? b.quantity.add(c.quantity) : null;
    if (b.quantity === null) b.unit = null;
    b.rows += 1;
  }

  rows(): FocusBucket[] {
    return [...this.buckets.values()];
  }

  otherCurrencies(): OtherCurrency[] {
    return [...this.others].map(([currency, o]) => ({ currency, rows: o.rows, billed: o.billed.toFixed() })).sort((a, b) => a.currency.localeCompare(b.currency));
  }
}
