import { Decimal, dec } from "@/lib/money";

const TOKENS_PER_MILLION = new Decimal(1_000_000);
const NUMERIC = /^[+]?(\d+\.?\d*|\.\d+)(e[+-]?\d+)?$/i;

/**
 * A source's price value (JSON number or numeric string) as an exact Decimal, or an error message.
 * Numbers go through String(): JS prints the shortest decimal that round-trips, which for catalog values
 * such as 3e-06 or 1.875e-05 is exactly the literal in the JSON text, so no binary float error enters.
 */
export function exactPrice(value: unknown): Decimal | string {
  const text = typeof value === "number" ? String(value) : typeof value === "string" ? value.trim() : null;
  if (text === null) return `expected a number, got ${value === null ? "null" : typeof value}`;
  if (!NUMERIC.test(text)) return `"${text}" is not a non-negative number`;
  return dec(text);
}

/** USD per token → USD per 1M tokens (×10⁶, exact in decimal). */
export function perMillionTokens(perToken: Decimal): Decimal {
  return perToken.times(TOKENS_PER_MILLION);
}

export { TOKENS_PER_MILLION };
