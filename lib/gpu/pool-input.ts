import { z } from "zod";
import { AppError, isAppError, zodIssuesToFields, type FieldIssue } from "@/lib/errors";
import { validatePoolConfig, type PoolConfig } from "@/lib/gpu/pool-config";

// What the GPU pool settings form posts, validated in one pass so every bad field is named at
// once: the cost model (lib/gpu/pool-config, shared with the cost functions) plus the pool's
// name, GPU model, comparable API model, idle threshold and scrape interval. Pure.

const text = (max: number) => z.string({ message: "is required" }).trim().min(1, "is required").max(max, `must be at most ${max} characters`);
const optionalText = (max: number) =>
  z
    .string()
    .trim()
    .max(max, `must be at most ${max} characters`)
    .nullish()
    .transform((v) => (v ? v : null));
const numberFrom = (schema: z.ZodNumber) => z.preprocess((v) => (typeof v === "string" && v.trim() !== "" ? Number(v) : v), schema);

export const poolFieldsSchema = z
  .object({
    name: text(100),
    gpuModel: text(100),
    comparableProvider: optionalText(50),
    comparableModel: optionalText(100),
    /** GPU-hours averaging below this utilisation (%) count as idle. */
    idleUtilisationPct: numberFrom(z.number({ message: "must be a number" }).min(0, "must be between 0 and 100").max(100, "must be between 0 and 100")).default(10),
    /** 15 s is the shortest interval dcgm-exporter itself refreshes at usefully; an hour the longest that still rolls up. */
    scrapeIntervalSeconds: numberFrom(z.number({ message: "must be a number" }).int("must be a whole number of seconds").min(15, "must be at least 15 seconds").max(3600, "must be at most 3600 seconds")).default(60),
  })
  .superRefine((p, ctx) => {
    if (Boolean(p.comparableProvider) !== Boolean(p.comparableModel)) {
      ctx.addIssue({ code: "custom", path: [p.comparableProvider ? "comparableModel" : "comparableProvider"], message: "give both the provider and the model of the comparable API, or neither" });
    }
  });

export type PoolFields = z.output<typeof poolFieldsSchema>;
export interface PoolInput {
  fields: PoolFields;
  config: PoolConfig;
}

/** Validate a whole pool (form input or a row merged with a patch); BAD_INPUT names every bad field. */
export function validatePoolInput(input: unknown): PoolInput {
  const issues: FieldIssue[] = [];
  const fields = poolFieldsSchema.safeParse(input ?? {});
  if (!fields.success) issues.push(...zodIssuesToFields(fields.error.issues));
  let config: PoolConfig | undefined;
  try {
    config = validatePoolConfig(input);
  } catch (e) {
    if (!isAppError(e)) throw e;
    issues.push(...(e.details.issues ?? [{ field: "(pool)", message: e.message }]));
  }
  if (issues.length || !fields.success || !config) {
    throw new AppError("BAD_INPUT", `GPU pool: ${issues.map((i) => `${i.field || "costModel"}: ${i.message}`).join("; ")}`, { issues });
  }
  return { fields: fields.data, config };
}

/** The GpuPool columns for a validated pool: the other cost model's columns are cleared. */
export function poolColumns({ fields, config }: PoolInput) {
  const cloud = config.costModel === "CLOUD" ? config : null;
  const owned = config.costModel === "OWNED" ? config : null;
  return {
    ...fields,
    gpuCount: config.gpuCount,
    costModel: config.costModel,
    pricingTerm: cloud?.pricingTerm ?? null,
    hourlyRatePerGpu: cloud ? cloud.hourlyRatePerGpu.toFixed() : null,
    purchasePrice: owned ? owned.purchasePrice.toFixed() : null,
    amortisationMonths: owned?.amortisationMonths ?? null,
    residualValue: owned ? owned.residualValue.toFixed() : null,
    powerPricePerKwh: config.powerPricePerKwh.toFixed(),
    pue: config.pue.toFixed(),
    staffFteShare: config.staffFteShare.toFixed(),
    staffAnnualCost: config.staffAnnualCost.toFixed(),
    idleUtilisationPct: String(fields.idleUtilisationPct),
  };
}

export const sourceInputSchema = z.object({
  kind: z.enum(["PROMETHEUS_TEXT", "PROMETHEUS_API"], { message: 'must be "PROMETHEUS_TEXT" (a /metrics page) or "PROMETHEUS_API" (a Prometheus server)' }),
  url: z
    .string({ message: "is required" })
    .trim()
    .min(1, "is required")
    .max(2000, "must be at most 2000 characters")
    .superRefine((v, ctx) => {
      let u: URL;
      try {
        u = new URL(v);
      } catch {
        ctx.addIssue({ code: "custom", message: "must be a full URL, like http://gpu-node-1:9400/metrics" });
        return;
      }
      if (u.protocol !== "http:" && u.protocol !== "https:") ctx.addIssue({ code: "custom", message: "must start with http:// or https://" });
      // A password in a URL would be stored and shown in clear: not accepted (no encrypted field for it yet).
      if (u.username || u.password) ctx.addIssue({ code: "custom", message: "must not contain a user name or password" });
    }),
  enabled: z.boolean({ message: "must be true or false" }).default(true),
});

/** Prometheus base URL as people paste it (".../api/v1/query_range", a trailing slash) → the base. */
export function normaliseSourceUrl(kind: "PROMETHEUS_TEXT" | "PROMETHEUS_API", url: string): string {
  return kind === "PROMETHEUS_API" ? url.replace(/\/api\/v1(\/query(_range)?)?\/?$/, "").replace(/\/+$/, "") : url;
}
