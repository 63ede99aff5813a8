import { z } from "zod";
import { dec, Decimal, type DecimalInput } from "@/lib/money";
import { parseOrThrow } from "@/lib/errors";

// The break-even model's inputs: one zod schema per input, parsed once at the edge of every
// public function so nonsense (a negative price, zero throughput) fails with the field named.
// Parsed values hold decimal.js Decimals only; callers may pass strings, numbers, Decimals or
// Prisma Decimals (anything whose toString() is a number).

export type DecimalLike = DecimalInput | { toString(): string };

function isFiniteDecimal(v: unknown): boolean {
  if (v === undefined || v === null || typeof v === "boolean") return false;
  try {
    return dec(v as DecimalLike).isFinite();
  } catch {
    return false;
  }
}

const decimalValue = z
  .custom<DecimalLike>(isFiniteDecimal, { message: "must be a decimal number" })
  .transform((v) => dec(v));

export const nonNegativeDecimal = () => decimalValue.refine((d) => d.gte(0), "must not be negative");
export const positiveDecimal = () => decimalValue.refine((d) => d.gt(0), "must be greater than zero");
/** A share of one in (0, 1], e.g. a target utilisation. */
export const shareOfOne = () => decimalValue.refine((d) => d.gt(0) && d.lte(1), "must be greater than 0 and at most 1");
/** A share of one in [0, 1], e.g. an FTE share or the part of the price recovered at resale. */
export const fractionOfOne = () => decimalValue.refine((d) => d.gte(0) && d.lte(1), "must be between 0 and 1");
const zero = () => nonNegativeDecimal().default(new Decimal(0));

// ── workload ────────────────────────────────────────────────────────────────

/** Tokens by kind; cached input and cache writes default to none. */
export const tokensByKindSchema = z.strictObject({
  input: nonNegativeDecimal(),
  output: nonNegativeDecimal(),
  cachedInput: zero(),
  cacheWrite: zero(),
});
export type TokensByKindInput = z.input<typeof tokensByKindSchema>;
export type TokensByKind = z.output<typeof tokensByKindSchema>;

/** A monthly workload: tokens per month, or requests per month × tokens per request. */
export const workloadSchema = z.discriminatedUnion("basis", [
  z.strictObject({ basis: z.literal("tokens"), monthlyTokens: tokensByKindSchema }),
  z.strictObject({
    basis: z.literal("requests"),
    requestsPerMonth: nonNegativeDecimal(),
    tokensPerRequest: tokensByKindSchema,
  }),
]);
export type WorkloadInput = z.input<typeof workloadSchema>;
export type Workload = z.output<typeof workloadSchema>;

export function totalTokens(t: TokensByKind): Decimal {
  return t.input.plus(t.output).plus(t.cachedInput).plus(t.cacheWrite); // tokens
}

/** Monthly tokens of each kind = requests/month × tokens/request of that kind. */
export function monthlyTokensFromRequests(requestsPerMonth: DecimalLike, tokensPerRequest: TokensByKindInput): TokensByKind {
  const requests = parseOrThrow(nonNegativeDecimal(), requestsPerMonth, "requestsPerMonth");
  const per = parseOrThrow(tokensByKindSchema, tokensPerRequest, "tokensPerRequest");
  return {
    input: requests.times(per.input),
    output: requests.times(per.output),
    cachedInput: requests.times(per.cachedInput),
    cacheWrite: requests.times(per.cacheWrite),
  };
}

/** The workload as monthly tokens by kind, plus tokens per request when it was given per request. */
export function workloadTokens(w: Workload): { monthly: TokensByKind; tokensPerRequest: Decimal | null } {
  if (w.basis === "tokens") return { monthly: w.monthlyTokens, tokensPerRequest: null };
  return { monthly: monthlyTokensFromRequests(w.requestsPerMonth, w.tokensPerRequest), tokensPerRequest: totalTokens(w.tokensPerRequest) };
}

// ── API price ───────────────────────────────────────────────────────────────

/** USD per 1M tokens, as the price catalog stores them. Missing cache prices fall back to input. */
export const apiPriceSchema = z.strictObject({
  inputPerMTok: nonNegativeDecimal(),
  outputPerMTok: nonNegativeDecimal(),
  cachedInputPerMTok: nonNegativeDecimal().optional(),
  cacheWritePerMTok: nonNegativeDecimal().optional(),
});
export type ApiPriceInput = z.input<typeof apiPriceSchema>;
export type ApiPrice = z.output<typeof apiPriceSchema>;

/** Vendors often quote per 1K tokens: $/1M = $/1K × 1000. */
export function per1KToPer1M(pricePer1K: DecimalLike): Decimal {
  return parseOrThrow(nonNegativeDecimal(), pricePer1K, "pricePer1K").times(1000);
}

// ── self-host option ────────────────────────────────────────────────────────

const cloudCostSchema = z.strictObject({
  kind: z.literal("cloud"),
  hourlyRatePerGpu: nonNegativeDecimal(), // USD per GPU-hour (on-demand or reserved)
});

const ownedCostSchema = z.strictObject({
  kind: z.literal("owned"),
  purchasePricePerGpu: zero(), // USD per GPU card
  // A machine (chassis, CPU, RAM, disks) holding gpusPerMachine cards; bought whole.
  machinePrice: zero(), // USD per machine, excluding its GPUs
  gpusPerMachine: z.int().min(1).default(1),
  otherCapex: zero(), // USD once, e.g. racks, networking, installation; does not step
  amortisationMonths: z.int().min(1).max(600),
  // Part of the GPU and machine price recovered at the end of amortisation (resale), 0..1.
  residualShare: fractionOfOne().default(new Decimal(0)),
});

const powerSchema = z.discriminatedUnion("kind", [
  z.strictObject({
    kind: z.literal("watts"),
    wattsPerGpu: nonNegativeDecimal(), // average draw at the planned load, W
    pricePerKwh: nonNegativeDecimal(), // USD per kWh
    pue: decimalValue.refine((d) => d.gte(1), "must be at least 1 (facility power / IT power)").default(new Decimal(1)),
  }),
  z.strictObject({
    kind: z.literal("monthlyAmount"),
    perGpuPerMonth: nonNegativeDecimal(), // USD of electricity per GPU per month, all-in
  }),
]);

export const selfHostOptionSchema = z.strictObject({
  cost: z.discriminatedUnion("kind", [cloudCostSchema, ownedCostSchema]),
  power: powerSchema.default({ kind: "monthlyAmount", perGpuPerMonth: new Decimal(0) }),
  staff: z
    .strictObject({ fteShare: nonNegativeDecimal(), annualCost: nonNegativeDecimal() })
    .default({ fteShare: new Decimal(0), annualCost: new Decimal(0) }),
  fixedMonthly: zero(), // USD per month that does not depend on GPU count (licences, monitoring)
  throughput: z.strictObject({
    tokensPerSecondPerGpu: positiveDecimal(), // all tokens (prompt + generated) per second per GPU
    source: z.enum(["measured", "assumed"]).default("assumed"),
  }),
  targetUtilisation: shareOfOne(),
  minGpus: z.int().min(0).max(1_000_000).default(1),
});
export type SelfHostOptionInput = z.input<typeof selfHostOptionSchema>;
export type SelfHostOption = z.output<typeof selfHostOptionSchema>;

export const parseWorkload = (v: WorkloadInput): Workload => parseOrThrow(workloadSchema, v, "workload");
export const parseApiPrice = (v: ApiPriceInput): ApiPrice => parseOrThrow(apiPriceSchema, v, "apiPrice");
export const parseSelfHostOption = (v: SelfHostOptionInput): SelfHostOption => parseOrThrow(selfHostOptionSchema, v, "selfHost");
