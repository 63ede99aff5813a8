import { z } from "zod";
import { parseOrThrow } from "@/lib/errors";
import { dec, Decimal } from "@/lib/money";
import { apiPriceSchema, nonNegativeDecimal, selfHostOptionSchema, tokensByKindSchema, type DecimalLike } from "@/lib/breakeven";

// A migration scenario's inputs: one zod schema, parsed once at the edge of the engine so a bad
// field fails with its dotted path (e.g. "target.selfHost.option.throughput.tokensPerSecondPerGpu").
// Percentages are entered as percentages ("3.5" = 3.5 %), amounts in USD, all as exact decimals.
// The parsed form is what a MigrationScenario row stores (Decimals serialise to strings).

function isFiniteDecimal(v: unknown): boolean {
  if (v === undefined || v === null || typeof v === "boolean" || v === "") return false;
  try {
    return dec(v as DecimalLike).isFinite();
  } catch {
    return false;
  }
}
const decimalValue = () => z.custom<DecimalLike>(isFiniteDecimal, { message: "must be a decimal number" }).transform((v) => dec(v));
const percentBetween = (min: number, max: number, message: string) => decimalValue().refine((d) => d.gte(min) && d.lte(max), message);

export const HORIZONS = [12, 24, 36] as const;

/** Which measured usage the workload is: any of provider, model, project (empty = all). */
export const workloadFilterSchema = z.strictObject({
  provider: z.string().trim().min(1).max(100).optional(),
  model: z.string().trim().min(1).max(200).optional(),
  /** "" = usage without a project, as the buckets hold it. */
  projectId: z.string().trim().max(200).optional(),
});
export type WorkloadFilter = z.output<typeof workloadFilterSchema>;

const measuredWorkloadSchema = z.strictObject({
  source: z.literal("measured"),
  filter: workloadFilterSchema,
  /** The project's name as people know it (the filter holds the provider's id, e.g. "wrkspc_eng"). */
  projectName: z.string().trim().max(200).default(""),
  /** The complete calendar month (YYYY-MM, UTC) the volumes and cost were measured in. */
  month: z.string().regex(/^\d{4}-(0[1-9]|1[0-2])$/, "must be a month as YYYY-MM"),
  monthlyTokens: tokensByKindSchema,
  monthlyRequests: nonNegativeDecimal().default(new Decimal(0)),
  /** What that month cost on the current vendors (USD, cost buckets): the baseline's month 1. */
  monthlyCost: nonNegativeDecimal(),
});

const manualWorkloadSchema = z.strictObject({
  source: z.literal("manual"),
  label: z.string().trim().max(200).default(""),
  monthlyTokens: tokensByKindSchema,
  /** Today's API and its price per 1M tokens; the baseline is these tokens at this price. */
  provider: z.string().trim().max(100).default(""),
  model: z.string().trim().max(200).default(""),
  price: apiPriceSchema,
});

export const scenarioWorkloadSchema = z.discriminatedUnion("source", [measuredWorkloadSchema, manualWorkloadSchema], {
  message: 'workload.source must be "measured" or "manual"',
});

/** Another API model at catalog prices (USD per 1M tokens, copied from the catalog when chosen). */
export const apiPlanSchema = z.strictObject({
  provider: z.string().trim().min(1).max(100),
  model: z.string().trim().min(1).max(200),
  price: apiPriceSchema,
});

/** A self-hosted pool: an existing one (its cost model and measured throughput) or a new one from a GPU type. */
export const selfHostPlanSchema = z.strictObject({
  pool: z.discriminatedUnion("source", [
    z.strictObject({
      source: z.literal("existing"),
      poolId: z.string().min(1),
      name: z.string().max(200).default(""),
      /** The pool at its real size, or the labelled what-if that starts from the GPUs the model needs. */
      sizing: z.enum(["as-measured", "right-size"]).default("as-measured"),
    }),
    z.strictObject({ source: z.literal("new"), gpuType: z.string().trim().min(1).max(100) }),
  ]),
  /** The open-weight model the pool would serve in place of the API model ("" = not named: not like for like). */
  replacementModel: z.string().trim().max(200).default(""),
  option: selfHostOptionSchema,
});

export const scenarioTargetSchema = z.discriminatedUnion(
  "kind",
  [
    z.strictObject({ kind: z.literal("selfHost"), selfHost: selfHostPlanSchema }),
    z.strictObject({ kind: z.literal("api"), api: apiPlanSchema }),
    z.strictObject({
      kind: z.literal("hybrid"),
      /** Share of the moved traffic on the self-hosted pool; the rest goes to the API model. */
      selfHostSharePct: percentBetween(0, 100, "must be between 0 and 100 (%)"),
      selfHost: selfHostPlanSchema,
      api: apiPlanSchema,
    }),
  ],
  { message: 'target.kind must be "selfHost", "api" or "hybrid"' },
);

export const scenarioInputSchema = z
  .strictObject({
    workload: scenarioWorkloadSchema,
    target: scenarioTargetSchema,
    horizonMonths: z.int({ message: "must be 12, 24 or 36 (months)" }).refine((m) => (HORIZONS as readonly number[]).includes(m), "must be 12, 24 or 36 (months)"),
    /** Volume growth per month, compounding; −100 % means the workload stops after month 1. */
    growthPctPerMonth: decimalValue()
      .refine((d) => d.gte(-100), "must be at least −100 % (a workload cannot shrink by more than all of it)")
      .refine((d) => d.lte(1000), "must be at most 1000 % a month")
      .default(new Decimal(0)),
    /** What today's vendor's prices do from month 1 (+100 = they double); the baseline pays it. */
    baselinePriceChangePct: decimalValue().refine((d) => d.gte(-100), "must be at least −100 % (a price cannot fall below zero)").default(new Decimal(0)),
    /** One-time cost of the move = engineering weeks × USD per week, paid in month 1. */
    migration: z
      .strictObject({ engineeringWeeks: nonNegativeDecimal(), weeklyRate: nonNegativeDecimal() })
      .default({ engineeringWeeks: new Decimal(0), weeklyRate: new Decimal(0) }),
    /** Months in which the original keeps serving all traffic while the target runs beside it. */
    rampMonths: z.int({ message: "must be a whole number of months" }).min(0, "must not be negative").default(0),
    /** Share of traffic that must stay on the original (quality or risk): it never moves. */
    stayOnOriginalPct: percentBetween(0, 100, "must be between 0 and 100 (%)").default(new Decimal(0)),
    /** Annual discount rate for NPV, e.g. 10 = 10 % a year. */
    discountRatePctPerYear: decimalValue()
      .refine((d) => d.gte(0), "must not be negative")
      .refine((d) => d.lte(100), "must be at most 100 % a year")
      .default(new Decimal(10)),
  })
  .superRefine((s, ctx) => {
    if (s.rampMonths > s.horizonMonths) ctx.addIssue({ code: "custom", path: ["rampMonths"], message: `must not be longer than the horizon (${s.horizonMonths} months)` });
  });

export type ScenarioInput = z.input<typeof scenarioInputSchema>;
export type ScenarioInputs = z.output<typeof scenarioInputSchema>;
export type ScenarioTarget = ScenarioInputs["target"];
export type SelfHostPlan = z.output<typeof selfHostPlanSchema>;
export type SelfHostPlanInput = z.input<typeof selfHostPlanSchema>;
export type ApiPlan = z.output<typeof apiPlanSchema>;

export function parseScenarioInput(input: unknown): ScenarioInputs {
  return parseOrThrow(scenarioInputSchema, input, "scenario");
}

/** The parsed inputs as plain JSON (Decimals as exact strings) for a Json column or a URL. */
export function scenarioInputToJson(inputs: ScenarioInputs): ScenarioInput {
  return JSON.parse(JSON.stringify(inputs)) as ScenarioInput;
}

/** A saved scenario as a request body carries it: name, note and the engine's input. */
export const scenarioBodySchema = z.strictObject({
  name: z.string().trim().min(1, "must not be empty").max(120, "must be at most 120 characters"),
  note: z.string().max(4000, "must be at most 4000 characters").default(""),
  inputs: scenarioInputSchema,
});
export const scenarioPatchSchema = z.strictObject({
  name: z.string().trim().min(1, "must not be empty").max(120, "must be at most 120 characters").optional(),
  note: z.string().max(4000, "must be at most 4000 characters").optional(),
  inputs: scenarioInputSchema.optional(),
});

/** A measured-usage request: the filter and the month (YYYY-MM). */
export const measuredQuerySchema = workloadFilterSchema.extend({ month: z.string().regex(/^\d{4}-(0[1-9]|1[0-2])$/, "must be a month as YYYY-MM") });
