import { z } from "zod";
import { parseOrThrow } from "@/lib/errors";
import { RESERVED_OFFERINGS, type ReservedQuote } from "./reserved-prices";

// A quote for a provisioned-throughput offering, as the Opportunities page's GET form sends it:
// q.<offering id>.price (USD per unit a month), .tpm (input tokens per minute per unit), .min (units).
// Empty fields are ignored; a present one must be a positive number, named in the error.

const positive = z.string().trim().regex(/^\d+(\.\d+)?$/, "must be a positive number").refine((v) => Number(v) > 0, "must be greater than zero");
const whole = z.string().trim().regex(/^[1-9]\d{0,5}$/, "must be a whole number of units (1 or more)");

export function parseReservedQuotes(search: Record<string, string | string[] | undefined>): Record<string, ReservedQuote> {
  const one = (k: string) => {
    const v = search[k];
    const s = Array.isArray(v) ? v[0] : v;
    return s && s.trim() !== "" ? s : undefined;
  };
  const out: Record<string, ReservedQuote> = {};
  for (const o of RESERVED_OFFERINGS) {
    const price = one(`q.${o.id}.price`), tpm = one(`q.${o.id}.tpm`), min = one(`q.${o.id}.min`);
    if (!price && !tpm && !min) continue;
    out[o.id] = {
      ...(price ? { unitPricePerMonth: parseOrThrow(positive, price, `q.${o.id}.price`) } : {}),
      ...(tpm ? { inputTpmPerUnit: parseOrThrow(positive, tpm, `q.${o.id}.tpm`) } : {}),
      ...(min ? { minUnits: parseOrThrow(whole, min, `q.${o.id}.min`), increment: "1" } : {}),
    };
  }
  return out;
}
