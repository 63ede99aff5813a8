import { z } from "zod";
import { parseOrThrow } from "@/lib/errors";
import { isoDaySchema } from "./forecast";

// What a spend view asks for, as it lives in the URL (?from=…&to=…&provider=openai&groupBy=model)
// so a view can be shared. Pure: parse, default, serialise. Dates are UTC calendar days and the
// range is inclusive at both ends ("from 1 Nov to 24 Nov" means both days count).

export const GROUP_BYS = ["provider", "model", "project", "tag", "day", "month"] as const;
export type GroupBy = (typeof GROUP_BYS)[number];
export const GROUP_BY_LABEL: Record<GroupBy, string> = { provider: "Provider", model: "Model", project: "Project", tag: "Tag", day: "Day", month: "Month" };

/** The longest range one view covers: three years of days keeps a day-grouped table readable. */
export const MAX_RANGE_DAYS = 3 * 366;
const LIST_FIELDS = ["provider", "model", "project", "tag"] as const;
type ListField = (typeof LIST_FIELDS)[number];

const value = z.string().trim().min(1).max(200);
export const spendQuerySchema = z
  .strictObject({
    from: isoDaySchema,
    to: isoDaySchema,
    provider: z.array(value.transform((s) => s.toLowerCase())).max(50).default([]),
    model: z.array(value).max(50).default([]),
    /** Provider project / workspace ids as the buckets hold them ("" = spend without a project). */
    project: z.array(z.string().max(200)).max(50).default([]),
    /** Project tags (Project.tags): spend of projects carrying any of them. */
    tag: z.array(value).max(50).default([]),
    groupBy: z.enum(GROUP_BYS).default("provider"),
  })
  .superRefine((q, ctx) => {
    if (q.from > q.to) ctx.addIssue({ code: "custom", path: ["to"], message: `must not be before from (${q.from})` });
    else if (daysBetween(q.from, q.to) + 1 > MAX_RANGE_DAYS) ctx.addIssue({ code: "custom", path: ["to"], message: `the range may span at most ${MAX_RANGE_DAYS} days` });
  });
export type SpendQueryInput = z.input<typeof spendQuerySchema>;
export type SpendQuery = z.output<typeof spendQuerySchema>;
export type SpendFilters = Omit<SpendQuery, "groupBy">;

export function isoDay(d: Date): string {
  return d.toISOString().slice(0, 10);
}
export function daysBetween(from: string, to: string): number {
  return Math.round((Date.parse(`${to}T00:00:00Z`) - Date.parse(`${from}T00:00:00Z`)) / 86_400_000);
}
export function addDays(day: string, n: number): string {
  return isoDay(new Date(Date.parse(`${day}T00:00:00Z`) + n * 86_400_000));
}
/** First day of the month of `day`, moved by `offset` months. */
export function monthStartOf(day: string, offset = 0): string {
  const d = new Date(`${day}T00:00:00Z`);
  return isoDay(new Date(Date.UTC(d.getUTCFullYear(), d.getUTCMonth() + offset, 1)));
}
/** Last day of the month of `day`. */
export function monthEndOf(day: string): string {
  return addDays(monthStartOf(day, 1), -1);
}

/**
 * A day range (inclusive) as the whole calendar months inside it, read from the roll-up
 * ([from, to) of month starts), and the days around them, read from the buckets (inclusive ranges).
 */
export function splitByMonths(from: string, to: string): { months: { from: string; to: string } | null; days: { from: string; to: string }[] } {
  const first = from.endsWith("-01") ? from : monthStartOf(from, 1); // first whole month
  const end = monthStartOf(addDays(to, 1)); // the month after the last whole one
  if (first >= end) return { months: null, days: [{ from, to }] };
  const days: { from: string; to: string }[] = [];
  if (from < first) days.push({ from, to: addDays(first, -1) });
  if (end <= to) days.push({ from: end, to });
  return { months: { from: first, to: end }, days };
}

/** The default view: this month so far, by provider. */
export function defaultSpendQuery(now: Date): SpendQuery {
  const today = isoDay(now);
  return { from: monthStartOf(today), to: today, provider: [], model: [], project: [], tag: [], groupBy: "provider" };
}

/** A query from URL search params; absent params take the defaults, bad ones are a BAD_INPUT naming the param. */
export function parseSpendSearchParams(params: URLSearchParams, now: Date): SpendQuery {
  const d = defaultSpendQuery(now);
  const list = (k: ListField) => params.getAll(k).filter((v) => k === "project" || v.trim() !== "");
  const raw = {
    from: params.get("from") || d.from,
    to: params.get("to") || d.to,
    provider: list("provider"),
    model: list("model"),
    project: list("project"),
    tag: list("tag"),
    groupBy: params.get("groupBy") || d.groupBy,
  };
  return parseOrThrow(spendQuerySchema, raw, "spend filters");
}

/** The same query as URL search params, in a stable order (for links, the CSV route, sharing). */
export function spendSearchParams(q: SpendQuery, extra: Record<string, string> = {}): URLSearchParams {
  const p = new URLSearchParams({ from: q.from, to: q.to });
  for (const k of LIST_FIELDS) for (const v of q[k]) p.append(k, v);
  p.set("groupBy", q.groupBy);
  for (const [k, v] of Object.entries(extra)) p.set(k, v);
  return p;
}

/** Page searchParams ({ key: string | string[] }) as URLSearchParams. */
export function toSearchParams(record: Record<string, string | string[] | undefined>): URLSearchParams {
  const p = new URLSearchParams();
  for (const [k, v] of Object.entries(record)) for (const one of Array.isArray(v) ? v : v === undefined ? [] : [v]) p.append(k, one);
  return p;
}

/** True when any filter other than the dates narrows the view. */
export function hasNarrowingFilters(f: SpendFilters): boolean {
  return LIST_FIELDS.some((k) => f[k].length > 0);
}
