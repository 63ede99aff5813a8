import Decimal from "decimal.js";

// All money arithmetic goes through decimal.js: 28+ significant digits, no binary float error.
// Round only at the edge (display, CSV, email) with toCents, never in the middle of a sum.
Decimal.set({ precision: 40, rounding: Decimal.ROUND_HALF_UP });

export { Decimal };
export type DecimalInput = Decimal | string | number | bigint;

export function dec(value: DecimalInput | { toString(): string }): Decimal {
  if (value instanceof Decimal) return value;
  if (typeof value === "bigint") return new Decimal(value.toString());
  if (typeof value === "number" || typeof value === "string") return new Decimal(value);
  return new Decimal(value.toString());
}

export function sum(values: Iterable<DecimalInput>): Decimal {
  let total = new Decimal(0);
  for (const v of values) total = total.plus(dec(v));
  return total;
}

/** Round half-up to cents and return a fixed 2-decimal string, e.g. "1240.50". */
export function toCents(value: DecimalInput): string {
  return dec(value).toDecimalPlaces(2, Decimal.ROUND_HALF_UP).toFixed(2);
}

/** "$1,240.50" (or "-$3.00") for emails and pages; amounts are USD unless said otherwise. */
export function formatUsd(value: DecimalInput, currency = "usd"): string {
  const d = dec(value).toDecimalPlaces(2, Decimal.ROUND_HALF_UP);
  const [int, frac] = d.abs().toFixed(2).split(".");
  const grouped = int!.replace(/\B(?=(\d{3})+(?!\d))/g, ",");
  const symbol = currency.toLowerCase() === "usd" ? "$" : `${currency.toUpperCase()} `;
  return `${d.isNegative() ? "-" : ""}${symbol}${grouped}.${frac}`;
}
