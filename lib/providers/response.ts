import type { z } from "zod";
import { AppError, zodIssuesToFields } from "@/lib/errors";

// Shared helpers for turning a provider's JSON into validated values. A body that does not match
// the documented shape is an UPSTREAM_BAD_RESPONSE naming the field, never a silent zero.

/** Validate `json` with `schema`; on mismatch throw naming the first bad field path. */
export function parseProviderBody<S extends z.ZodType>(schema: S, json: unknown, what: string): z.output<S> {
  const r = schema.safeParse(json);
  if (r.success) return r.data;
  const issues = zodIssuesToFields(r.error.issues).map((i) => ({ ...i, message: i.message.replace(/^Invalid input: /, "") }));
  const first = issues[0]!;
  throw new AppError("UPSTREAM_BAD_RESPONSE", `${what}: ${first.field || "(body)"}: ${first.message}`, { issues });
}

/** Unix seconds → "YYYY-MM-DD" in UTC. Edge buckets may start mid-day: their start still names the day. */
export function unixSecondsToUtcDay(seconds: number): string {
  return new Date(seconds * 1000).toISOString().slice(0, 10);
}

/** RFC 3339 timestamp → "YYYY-MM-DD" of the same instant in UTC. */
export function isoToUtcDay(iso: string): string {
  return new Date(iso).toISOString().slice(0, 10);
}

/** Date → RFC 3339 without milliseconds ("2026-01-01T00:00:00Z"), as providers print them. */
export function toRfc3339(d: Date): string {
  return d.toISOString().replace(/\.\d{3}Z$/, "Z");
}

/** Safe non-negative integer JSON number → bigint (token counts are summed as bigint). */
export function countToBigInt(n: number | null | undefined): bigint {
  return n == null ? 0n : BigInt(n);
}

export function utcMidnight(d: Date): Date {
  return new Date(Date.UTC(d.getUTCFullYear(), d.getUTCMonth(), d.getUTCDate()));
}
