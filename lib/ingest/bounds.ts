import { dec, type Decimal } from "@/lib/money";

// The bounds every ingested field is checked against before anything is written, shared by the push
// API and the CSV import. Each one exists because Postgres would otherwise refuse the write with an
// error the sender cannot act on (a 500): text cannot hold NUL, timestamptz has no year 0, a bucket
// amount is numeric(20,10), counts are bigint — and a day's bucket adds records up, so sums are
// checked too, not only each value.

/** Usage before the first commercial LLM APIs is a typo (or a year-0000 timestamp). */
export const EARLIEST_DAY = "2015-01-01";
/** Data from the future beyond time-zone slack is a clock or unit error. */
export const FUTURE_SLACK_MS = 24 * 3_600_000;
/** One record's count: a trillion tokens is far past any real day of one model in one project. */
export const MAX_COUNT = 1_000_000_000_000n;
/** A bucket's sum of one count: keeps bigint and the catalog-priced numeric(20,10) cost far from overflow. */
export const MAX_BUCKET_COUNT = 10_000_000_000_000n;
/** numeric(20,10): ten digits before the point, ten after. */
export const MAX_AMOUNT = dec("9999999999.9999999999");
export const MAX_AMOUNT_DECIMALS = 10;

export function hasNul(text: string): boolean {
  return text.includes("\u0000");
}

/** Null when `at` is inside [EARLIEST_DAY, now + 1 day]; else what is wrong, in words. */
export function timeProblem(at: Date, now: Date): string | null {
  if (Number.isNaN(at.getTime())) return "not a valid time";
  if (at.getTime() < Date.parse(`${EARLIEST_DAY}T00:00:00Z`)) return `before ${EARLIEST_DAY}; check the year`;
  if (at.getTime() > now.getTime() + FUTURE_SLACK_MS) return "more than a day in the future; check the year and the time zone";
  return null;
}

/** Null when a non-negative amount fits numeric(20,10) exactly; else what is wrong. */
export function amountProblem(amount: Decimal): string | null {
  if (amount.gt(MAX_AMOUNT)) return "larger than 9,999,999,999.9999999999 (ten digits before the point)";
  if (amount.decimalPlaces() > MAX_AMOUNT_DECIMALS) return `at most ${MAX_AMOUNT_DECIMALS} decimal places`;
  return null;
}

/**
 * Adds records into their buckets as the write will, and reports the first record that takes a
 * bucket's count or amount past what the column holds. `key` is the bucket's natural key.
 */
export class BucketSums {
  private readonly counts = new Map<string, bigint>();
  private readonly amounts = new Map<string, Decimal>();

  /** The name of the first count whose bucket sum passes MAX_BUCKET_COUNT, or null. */
  addCounts(key: string, counts: Record<string, bigint>): string | null {
    for (const [field, value] of Object.entries(counts)) {
      const k = `${key}\u0001${field}`;
      const total = (this.counts.get(k) ?? 0n) + value;
      this.counts.set(k, total);
      if (total > MAX_BUCKET_COUNT) return field;
    }
    return null;
  }

  /** True when the bucket's amount still fits numeric(20,10). */
  addAmount(key: string, amount: Decimal): boolean {
    const total = (this.amounts.get(key) ?? dec(0)).plus(amount);
    this.amounts.set(key, total);
    return total.lte(MAX_AMOUNT);
  }
}

export const BUCKET_COUNT_MESSAGE = `this record takes its day's total past ${MAX_BUCKET_COUNT.toLocaleString("en-US")} (same provider, model, project and day); split or check the numbers`;
export const BUCKET_AMOUNT_MESSAGE = "this record takes its day's cost past 9,999,999,999.9999999999 (same provider, model, project, line item and day)";
