import { z } from "zod";
import { DEFAULT_BACKFILL_MONTHS, MAX_BACKFILL_MONTHS, monthsFrom } from "@/lib/ingest/windows";
import { AppError } from "@/lib/errors";
import { normaliseBaseUrl } from "@/lib/providers/base-url";

// Request bodies of the connection routes. The admin key is write-only: it appears in the create
// body and nowhere else (responses carry its last four characters).

export const PROVIDER_KINDS = { openai: "OPENAI", anthropic: "ANTHROPIC" } as const;
export type ProviderSlug = keyof typeof PROVIDER_KINDS;

const baseUrl = z
  .string()
  .trim()
  .max(500)
  .refine((v) => {
    try {
      const u = new URL(v);
      return (u.protocol === "https:" || u.protocol === "http:") && !u.username && !u.password && !u.search && !u.hash;
    } catch {
      return false;
    }
  }, "must be an http(s) URL without credentials, query or fragment, e.g. https://proxy.example.com")
  // Stored as it will be used: "/v1" and trailing slashes off (our paths start with /v1).
  .transform(normaliseBaseUrl);

const apiKey = z
  .string()
  .trim()
  .min(8, "paste the whole admin key")
  .max(500, "at most 500 characters")
  .regex(/^\S+$/, "must not contain spaces");

export const createConnectionSchema = z.object({
  provider: z.enum(["openai", "anthropic"], { error: "choose openai or anthropic" }),
  name: z.string().trim().min(1, "required").max(100, "at most 100 characters"),
  apiKey,
  // An empty field in the form means "the provider's own endpoint".
  baseUrl: z.union([z.literal("").transform(() => undefined), baseUrl]).optional(),
});
export type CreateConnectionInput = z.infer<typeof createConnectionSchema>;

/** Pause/resume, or replace the key (after the provider revoked or rotated it). */
export const updateConnectionSchema = z
  .object({ paused: z.boolean({ error: "must be true or false" }).optional(), apiKey: apiKey.optional() })
  .refine((v) => v.paused !== undefined || v.apiKey !== undefined, { message: "send paused or apiKey", path: ["paused"] });
export type UpdateConnectionInput = z.infer<typeof updateConnectionSchema>;

/** A backfill from the 1st of `startMonth` ("YYYY-MM", what the form sends), or of the last `months` months. */
export const backfillSchema = z.object({
  months: z.number({ error: "must be a number of months" }).int("whole months").min(1, "at least 1").max(MAX_BACKFILL_MONTHS, `at most ${MAX_BACKFILL_MONTHS}`).optional(),
  startMonth: z.string().regex(/^\d{4}-(0[1-9]|1[0-2])$/, "a month as YYYY-MM, e.g. 2025-01").optional(),
});
export type BackfillRequest = z.infer<typeof backfillSchema>;

/** Months the request covers through this month; the providers' 36-month limit is checked here, with the field named. */
export function backfillMonths(request: BackfillRequest, now: Date): number {
  if (request.startMonth === undefined) return request.months ?? DEFAULT_BACKFILL_MONTHS;
  const months = monthsFrom(request.startMonth, now);
  if (months === null) throw new AppError("BAD_INPUT", "backfill: startMonth: must not be after this month", { issues: [{ field: "startMonth", message: "must not be after this month" }] });
  if (months > MAX_BACKFILL_MONTHS) {
    const message = `at most ${MAX_BACKFILL_MONTHS} months back: the providers' usage and cost APIs keep no older history`;
    throw new AppError("BAD_INPUT", `backfill: startMonth: ${message}`, { issues: [{ field: "startMonth", message }] });
  }
  return months;
}
