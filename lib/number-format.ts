import { Decimal } from "@/lib/money";

// The one compact number format of the product (token counts, volumes, axis ticks): three
// significant digits with K, M, B or T — "950M", "1.23B", "12.3K". A value that rounds up to 1,000
// of a unit moves to the next unit, so 999,960,000 reads "1B", never "1,000M" beside "1.1B".

const UNITS: readonly [number, string][] = [[1e12, "T"], [1e9, "B"], [1e6, "M"], [1e3, "K"], [1, ""]];

/** Digits after the point for three significant digits: 1.23, 12.3, 123. */
const decimalsFor = (v: number) => (v < 10 ? 2 : v < 100 ? 1 : 0);

export function compactNumber(value: number | Decimal): string {
  const n = value instanceof Decimal ? value.toNumber() : value;
  const sign = n < 0 ? "−" : "";
  const abs = Math.abs(n);
  if (abs < 1000) return `${sign}${trim(abs.toFixed(abs < 1 ? 2 : decimalsFor(abs)))}`;
  for (let i = 0; i < UNITS.length; i++) {
    const [size, suffix] = UNITS[i]!;
    if (abs < size) continue;
    const scaled = abs / size;
    const text = trim(scaled.toFixed(decimalsFor(scaled)));
    if (Number(text) >= 1000 && i > 0) return `${sign}1${UNITS[i - 1]![1]}`; // 999.96M → 1B
    return `${sign}${text}${suffix}`;
  }
  return `${sign}${abs}`;
}

/** "1.50" → "1.5", "2.00" → "2". */
function trim(s: string): string {
  return s.includes(".") ? s.replace(/0+$/, "").replace(/\.$/, "") : s;
}
