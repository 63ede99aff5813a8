import { z } from "zod";
import { parseOrThrow } from "@/lib/errors";
import { dec, Decimal } from "@/lib/money";

// A GPU pool's cost model, as the settings form posts it and as a GpuPool row holds it (the field
// names and enum values are the Prisma model's, so a row validates as is; extra keys are dropped).
// Money is in the org's currency; amounts become Decimal here and stay Decimal.

/** number, numeric string, or a Decimal (ours or Prisma's) → Decimal; the field is named on error. */
const decimalField = z.unknown().transform((value, ctx) => {
  if (value === undefined || value === null || value === "") {
    ctx.addIssue({ code: "custom", message: "is required" });
    return z.NEVER;
  }
  const text = typeof value === "number" ? String(value) : typeof value === "string" ? value.trim() : isDecimalLike(value) ? value.toString() : null;
  if (text === null || !/^[+-]?(\d+\.?\d*|\.\d+)(e[+-]?\d+)?$/i.test(text)) {
    ctx.addIssue({ code: "custom", message: "must be a number" });
    return z.NEVER;
  }
  return dec(text);
});

const nonNegative = decimalField.refine((d) => d.gte(0), { message: "must not be negative" });

/** A whole number (also from a form's string) of at least `min`. */
function wholeNumber(min: number, message: string) {
  return z.preprocess((v) => (typeof v === "string" && v.trim() !== "" ? Number(v) : v), z.number({ message: "must be a number" }).int({ message: "must be a whole number" }).min(min, { message }));
}

const sharedFields = {
  gpuCount: wholeNumber(1, "must be at least 1 GPU"),
  /** Electricity price, per kWh drawn from the grid. */
  powerPricePerKwh: nonNegative,
  /** Power usage effectiveness: facility power ÷ IT power (1.0 = no cooling overhead). */
  pue: decimalField.refine((d) => d.gte(1), { message: "must be at least 1.0 (PUE is facility power ÷ IT power)" }),
  /** Share of one full-time engineer's time spent operating this pool, 0..1. */
  staffFteShare: decimalField.refine((d) => d.gte(0) && d.lte(1), { message: "must be between 0 and 1 (a share of one full-time engineer)" }),
  staffAnnualCost: nonNegative,
};

const cloudPoolSchema = z.object({
  costModel: z.literal("CLOUD"),
  /** On-demand or reserved only changes the rate entered: both are paid per GPU-hour, used or not. */
  pricingTerm: z
    .enum(["ON_DEMAND", "RESERVED"], { message: 'must be "ON_DEMAND" or "RESERVED"' })
    .nullish()
    .transform((v) => v ?? "ON_DEMAND"),
  hourlyRatePerGpu: nonNegative,
  ...sharedFields,
});

const ownedPoolSchema = z
  .object({
    costModel: z.literal("OWNED"),
    /** What the whole pool cost to buy (servers with their GPUs), not the price per GPU. */
    purchasePrice: nonNegative,
    /** Expected resale value at the end of amortisation. */
    residualValue: z.preprocess((v) => v ?? "0", nonNegative),
    amortisationMonths: wholeNumber(1, "must be at least 1 month"),
    ...sharedFields,
  })
  .superRefine((pool, ctx) => {
    if (pool.residualValue.gt(pool.purchasePrice)) {
      ctx.addIssue({ code: "custom", path: ["residualValue"], message: "must not exceed the purchase price" });
    }
  });

export const poolConfigSchema = z.discriminatedUnion("costModel", [cloudPoolSchema, ownedPoolSchema], {
  message: 'costModel must be "CLOUD" or "OWNED"',
});

export type PoolConfigInput = z.input<typeof poolConfigSchema>;
export type PoolConfig = z.output<typeof poolConfigSchema>;

/**
 * Validate a pool's cost settings (form input or a GpuPool row). Throws BAD_INPUT whose issues
 * name every bad field: "pue: must be at least 1.0 …", "amortisationMonths: must be at least 1 month".
 */
export function validatePoolConfig(input: unknown): PoolConfig {
  return parseOrThrow(poolConfigSchema, input, "GPU pool cost settings");
}

function isDecimalLike(v: unknown): v is { toString(): string } {
  // Prisma's Decimal is decimal.js under another constructor: accept anything decimal-shaped.
  return v instanceof Decimal || (typeof v === "object" && v !== null && typeof (v as { toFixed?: unknown }).toFixed === "function");
}
