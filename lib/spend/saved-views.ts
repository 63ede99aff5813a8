import { z } from "zod";
import { GROUP_BYS, addDays, isoDay, monthEndOf, monthStartOf, spendQuerySchema, spendSearchParams, type SpendQuery } from "./filters";

// A saved Spend view: what the Spend URL holds (filters, grouping, range) under a name. Its range is
// either fixed days or a preset read against the day it is opened or emailed, so "Last month by
// project" sent every Monday is always last month. Pure: schemas, range resolution, who may do what.

export const RANGE_PRESETS = ["this-month", "last-month", "last-7-days", "last-90-days", "last-13-months"] as const;
export type RangePreset = (typeof RANGE_PRESETS)[number];
export type ViewRange = "fixed" | RangePreset;
export const RANGE_LABEL: Record<ViewRange, string> = {
  fixed: "Fixed dates",
  "this-month": "This month so far",
  "last-month": "Last month",
  "last-7-days": "Last 7 days",
  "last-90-days": "Last 90 days",
  "last-13-months": "Last 13 months",
};

/** Most views one person may pin to the Overview (per org). */
export const MAX_PINS = 6;

const list = z.array(z.string().max(200)).max(50).default([]);
export const viewFiltersSchema = z.strictObject({ provider: list, model: list, project: list, tag: list, groupBy: z.enum(GROUP_BYS) });
export type ViewFilters = z.output<typeof viewFiltersSchema>;

const name = z.string().trim().min(1, "give the view a name").max(80, "at most 80 characters");
export const savedViewInputSchema = z
  .strictObject({
    name,
    /** The Spend query as on screen (from, to, filters, groupBy). */
    query: spendQuerySchema,
    range: z.enum(["fixed", ...RANGE_PRESETS]).default("fixed"),
    shared: z.boolean().default(false),
  });
export type SavedViewInput = z.output<typeof savedViewInputSchema>;

export const savedViewPatchSchema = z
  .strictObject({ name: name.optional(), shared: z.boolean().optional(), pinned: z.boolean().optional() })
  .refine((p) => p.name !== undefined || p.shared !== undefined || p.pinned !== undefined, { message: "change at least one of name, shared, pinned" });
export type SavedViewPatch = z.output<typeof savedViewPatchSchema>;

/** The dates a preset stands for on `today` (UTC, inclusive), as the Spend page's preset buttons have them. */
export function presetDays(range: RangePreset, today: string): { from: string; to: string } {
  switch (range) {
    case "this-month":
      return { from: monthStartOf(today), to: today };
    case "last-month":
      return { from: monthStartOf(today, -1), to: monthEndOf(monthStartOf(today, -1)) };
    case "last-7-days":
      return { from: addDays(today, -6), to: today };
    case "last-90-days":
      return { from: addDays(today, -89), to: today };
    case "last-13-months":
      return { from: monthStartOf(today, -12), to: today };
  }
}

/** The preset whose days are exactly [from, to] on `today`, if any (what the save form proposes). */
export function matchingPreset(from: string, to: string, today: string): RangePreset | null {
  return RANGE_PRESETS.find((r) => {
    const d = presetDays(r, today);
    return d.from === from && d.to === to;
  }) ?? null;
}

export interface StoredView { filters: unknown; range: string; fromDay: string | null; toDay: string | null }

/** The Spend query a stored view stands for at `now`. A stored row that no longer parses is an error naming the field. */
export function resolveViewQuery(v: StoredView, now: Date): SpendQuery {
  const filters = viewFiltersSchema.parse(v.filters);
  const range = v.range as ViewRange;
  const days = range === "fixed" ? { from: v.fromDay ?? "", to: v.toDay ?? "" } : presetDays(range, isoDay(now));
  return spendQuerySchema.parse({ ...filters, ...days });
}

/** What is stored for a new view: the filters, and the days only when the range is fixed. */
export function storedViewFields(input: SavedViewInput): { filters: ViewFilters; range: ViewRange; fromDay: string | null; toDay: string | null } {
  const { from, to, ...filters } = input.query;
  return { filters, range: input.range, fromDay: input.range === "fixed" ? from : null, toDay: input.range === "fixed" ? to : null };
}

/** The Spend page link that opens the view at `now`. */
export function viewHref(orgSlug: string, v: StoredView, now: Date): string {
  return `/${orgSlug}/spend?${spendSearchParams(resolveViewQuery(v, now))}`;
}

/** Who sees a view: its owner, and everyone in the org once it is shared. */
export function canSeeView(v: { ownerId: string; shared: boolean }, userId: string): boolean {
  return v.shared || v.ownerId === userId;
}

/** Who changes or deletes it: its owner; owners and admins may also remove a shared view. */
export function canChangeView(v: { ownerId: string; shared: boolean }, user: { id: string; role: string }, change: "edit" | "delete"): boolean {
  if (v.ownerId === user.id) return true;
  return change === "delete" && v.shared && (user.role === "OWNER" || user.role === "ADMIN");
}
