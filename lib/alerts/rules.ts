import { z } from "zod";
import { ROLES } from "@/lib/auth/permissions";
import { AppError, parseOrThrow, zodIssuesToFields } from "@/lib/errors";
import { SEVERITIES } from "@/lib/terms/severity";

// Alert rule types and their parameters. Every rule's `params` (AlertRule.params, JSON) is validated here with
// the schema of its type, on the way in (route handlers) and again before evaluation (a row written by an
// older version still fails loudly with the field named). Amounts are USD, as the org's spend is.

export const ALERT_TYPES = [
  "BUDGET_THRESHOLD",
  "FORECAST_OVERRUN",
  "SPEND_ANOMALY",
  "PRICE_CHANGE",
  "TERMS_CHANGE",
  "RETIREMENT",
  "GPU_IDLE",
  "BREAKEVEN_CROSSED",
  "CONNECTION_FAILING",
  "COST_PER_UNIT",
  "CREDITS_RUNOUT",
] as const;
export type AlertType = (typeof ALERT_TYPES)[number];

const usd = (what: string) => z.number({ message: `${what} must be a number of dollars` }).min(0, `${what} must not be negative`).max(1e12);
const percent = z.number({ message: "must be a percentage" }).int("must be a whole percentage").min(1, "must be at least 1%").max(1000, "must be at most 1000%");
/** "" = the whole org */
const projectScope = z.string().max(200).default("");

export const RULE_PARAMS = {
  /**
   * Month-to-date spend reached a threshold of the monthly budget (the org's, or one project's): `percents`
   * (several levels, e.g. [50, 80, 100]) and/or `percent` (one level, as rules were first written). Output:
   * the distinct levels, ascending. Each level is raised at most once a month.
   */
  BUDGET_THRESHOLD: z
    .strictObject({
      percent: percent.optional(),
      // a list typed into a form arrives as strings: "50" is 50, "fifty" is named as not a percentage
      percents: z.array(z.preprocess((v) => (typeof v === "string" && v.trim() !== "" ? Number(v) : v), percent)).max(10, "at most 10 thresholds").optional(),
      projectId: projectScope,
    })
    .superRefine((v, ctx) => {
      if (v.percent === undefined && !v.percents?.length) ctx.addIssue({ code: "custom", path: ["percent"], message: "must be a percentage" });
    })
    .transform((v) => ({ percents: [...new Set([...(v.percents ?? []), ...(v.percent === undefined ? [] : [v.percent])])].sort((a, b) => a - b), projectId: v.projectId })),
  /** The month-end forecast exceeds `percent`% of the monthly budget. */
  FORECAST_OVERRUN: z.strictObject({ percent: percent.default(100), projectId: projectScope }),
  /** Yesterday's spend of a provider/model was far outside its trailing same-weekday distribution. "" = every one. */
  SPEND_ANOMALY: z.strictObject({
    provider: z.string().max(100).default(""),
    model: z.string().max(200).default(""),
    /** |robust z| at or above which a day is an anomaly */
    threshold: z.number().min(2, "must be at least 2").max(50).default(4),
    /** USD: a smaller difference from the usual day is never news */
    minAbsoluteDeviation: usd("minAbsoluteDeviation").default(5),
  }),
  /** A catalog price moved on a model the org used in the last 30 days, by at least this much a month. */
  PRICE_CHANGE: z.strictObject({ minMonthlyImpact: usd("minMonthlyImpact").default(0), increasesOnly: z.boolean().default(false) }),
  /** A watched vendor document changed with at least this severity. vendors [] = every vendor. */
  TERMS_CHANGE: z.strictObject({ minSeverity: z.enum(SEVERITIES).default("MEDIUM"), vendors: z.array(z.string().min(1).max(100)).max(50).default([]) }),
  /** A model used in the last 30 days retires within `withinDays`. */
  RETIREMENT: z.strictObject({ withinDays: z.number().int("must be a whole number of days").min(1, "must be at least 1 day").max(730, "must be at most 730 days").default(90) }),
  /** A GPU pool's idle GPUs cost more than this on one day (yesterday, UTC). poolId "" = every pool. */
  GPU_IDLE: z.strictObject({ maxDailyIdleCost: usd("maxDailyIdleCost"), poolId: z.string().max(100).default("") }),
  /**
   * The workload (provider/model[/project] usage of the last 30 days) crossed its break-even against self-hosting
   * on the GPU pool: self-hosting became cheaper than the API, or stopped being cheaper.
   */
  BREAKEVEN_CROSSED: z.strictObject({
    provider: z.string().min(1, "is required").max(100),
    model: z.string().min(1, "is required").max(200),
    projectId: projectScope,
    poolId: z.string().min(1, "is required"),
    /** tokens per second one GPU of the pool serves (prompt + generated), as measured or assumed */
    tokensPerSecondPerGpu: z.number().positive("must be greater than zero"),
    targetUtilisation: z.number().gt(0, "must be greater than 0").max(1, "must be at most 1").default(0.6),
  }),
  /** A provider connection has been failing for more than `hours`. */
  CONNECTION_FAILING: z.strictObject({ hours: z.number().min(1, "must be at least 1 hour").max(720).default(6) }),
  /**
   * The p95 (or p50) cost per unit (conversation, request, user or customer; from OpenTelemetry GenAI spans)
   * of the last complete ISO week is up at least `percentIncrease`% on the week before it.
   */
  COST_PER_UNIT: z.strictObject({
    unit: z.enum(["conversation", "request", "user", "customer"]).default("conversation"),
    percentile: z.enum(["p95", "p50"]).default("p95"),
    percentIncrease: percent.default(30),
  }),
  /**
   * A prepaid credit or spend commitment (lib/commitments) runs out within `daysAhead` days at the current rate,
   * or has run out. commitmentId "" = every one of the org. Once per commitment term.
   */
  CREDITS_RUNOUT: z.strictObject({
    daysAhead: z.number().int("must be a whole number of days").min(1, "must be at least 1 day").max(365, "must be at most 365 days").default(14),
    commitmentId: z.string().max(100).default(""),
  }),
} satisfies Record<AlertType, z.ZodType>;

export type RuleParams<T extends AlertType> = z.output<(typeof RULE_PARAMS)[T]>;
export type AnyRuleParams = { [T in AlertType]: { type: T; params: RuleParams<T> } }[AlertType];

/** Validate a rule's params for its type; BAD_INPUT names the field as "params.<field>". */
export function parseRuleParams<T extends AlertType>(type: T, params: unknown): RuleParams<T> {
  const r = (RULE_PARAMS[type] as z.ZodType).safeParse(params ?? {});
  if (r.success) return r.data as RuleParams<T>;
  const issues = zodIssuesToFields(r.error.issues, "params");
  throw new AppError("BAD_INPUT", `alert rule ${type}: ${issues[0]?.field}: ${issues[0]?.message}`, { issues });
}

const roleList = z.array(z.enum(ROLES)).max(ROLES.length);
const emailList = z.array(z.email("must be an email address").max(254).transform((e) => e.toLowerCase())).max(50);

export const alertRuleInputSchema = z
  .strictObject({
    type: z.enum(ALERT_TYPES),
    name: z.string().trim().min(1, "is required").max(200),
    params: z.record(z.string(), z.unknown()).default({}),
    recipientRoles: roleList.default([]),
    recipientEmails: emailList.default([]),
    delivery: z.enum(["IMMEDIATE", "DAILY_DIGEST"]).default("IMMEDIATE"),
    enabled: z.boolean().default(true),
  })
  .superRefine((v, ctx) => {
    if (v.recipientRoles.length + v.recipientEmails.length === 0) ctx.addIssue({ code: "custom", path: ["recipientRoles"], message: "choose at least one role or email address" });
  });
export type AlertRuleInput = z.output<typeof alertRuleInputSchema>;

/** A partial update; `type` cannot change (the params would no longer mean anything). */
export const alertRulePatchSchema = z.strictObject({
  name: z.string().trim().min(1, "is required").max(200).optional(),
  params: z.record(z.string(), z.unknown()).optional(),
  recipientRoles: roleList.optional(),
  recipientEmails: emailList.optional(),
  delivery: z.enum(["IMMEDIATE", "DAILY_DIGEST"]).optional(),
  enabled: z.boolean().optional(),
});
export type AlertRulePatch = z.output<typeof alertRulePatchSchema>;

/** Parse a whole rule input, params included (the params with their type's schema). */
export function parseAlertRuleInput(body: unknown): AlertRuleInput {
  const input = parseOrThrow(alertRuleInputSchema, body, "alert rule");
  return { ...input, params: parseRuleParams(input.type, input.params) as Record<string, unknown> };
}

/** What each type means, for the rules page and emails. */
export const ALERT_TYPE_LABELS: Record<AlertType, string> = {
  BUDGET_THRESHOLD: "Budget threshold reached",
  FORECAST_OVERRUN: "Month-end forecast over budget",
  SPEND_ANOMALY: "Spend anomaly",
  PRICE_CHANGE: "Price change on a model in use",
  TERMS_CHANGE: "Terms or policy change",
  RETIREMENT: "Model retirement",
  GPU_IDLE: "GPU pool idle cost",
  BREAKEVEN_CROSSED: "Break-even crossed",
  CONNECTION_FAILING: "Connection failing",
  COST_PER_UNIT: "Cost per unit rising (spans)",
  CREDITS_RUNOUT: "Credits or commitment running out",
};
