import type { FetchWindow } from "@/lib/providers/types";

// Which time windows a sync reads. Pure: `now` is an argument. Windows are whole UTC days,
// half-open [start, end), so the days a window rewrites are exactly the days it read.

export const DAY_MS = 86_400_000;
/** Providers restate recent buckets (late usage, corrections): every incremental sync re-reads these days. */
export const RESTATEMENT_DAYS = 3;
/**
 * 31 days = the largest page of daily buckets the usage endpoints serve (OpenAI usage, both
 * Anthropic reports), so each window costs exactly one request per endpoint and report.
 */
export const WINDOW_DAYS = 31;
export const DEFAULT_BACKFILL_MONTHS = 13;
/** How far back the providers' usage and cost APIs answer (OpenAI and Anthropic alike): 36 months. */
export const MAX_BACKFILL_MONTHS = 36;

export function utcDay(d: Date): Date {
  return new Date(Date.UTC(d.getUTCFullYear(), d.getUTCMonth(), d.getUTCDate()));
}

export function isoDay(d: Date): string {
  return d.toISOString().slice(0, 10);
}

/** Cut [start, end) into consecutive windows of at most `days` days, oldest first. */
export function splitWindows(start: Date, end: Date, days = WINDOW_DAYS): FetchWindow[] {
  const windows: FetchWindow[] = [];
  for (let s = start.getTime(); s < end.getTime(); s += days * DAY_MS) {
    windows.push({ start: new Date(s), end: new Date(Math.min(s + days * DAY_MS, end.getTime())) });
  }
  return windows;
}

/** Tomorrow 00:00 UTC: the exclusive end that includes today's partial bucket. */
export function syncHorizon(now: Date): Date {
  return new Date(utcDay(now).getTime() + DAY_MS);
}

/**
 * Incremental sync: from the day of `syncedThrough` minus the restatement days, through today.
 * A connection never synced reads just the restatement days; history is the backfill's job.
 */
export function incrementalWindows(syncedThrough: Date | null, now: Date): FetchWindow[] {
  const from = utcDay(syncedThrough && syncedThrough < now ? syncedThrough : now);
  return splitWindows(new Date(from.getTime() - RESTATEMENT_DAYS * DAY_MS), syncHorizon(now));
}

/** First day a backfill of `months` reads: the 1st of the month `months − 1` months back (13 → the Overview's 13 months). */
export function backfillStart(now: Date, months: number): Date {
  return new Date(Date.UTC(now.getUTCFullYear(), now.getUTCMonth() - (months - 1), 1));
}

/**
 * Cut [start, end) at every 1st of a month (UTC), oldest first. A calendar month has at most 31
 * days, so each window still costs one request per endpoint; unlike fixed 31-day steps, a backfill
 * of N months is always N windows, whatever today's date (fixed steps gave a 1-day tail window on
 * 2 December and a single window on 1 December for the same 2-month request).
 * The first k month windows never end later than k fixed 31-day windows from the same start, so a
 * job whose progress was counted in the old windows never skips an unread day.
 */
export function monthWindows(start: Date, end: Date): FetchWindow[] {
  const windows: FetchWindow[] = [];
  for (let s = start; s.getTime() < end.getTime(); ) {
    const nextMonth = new Date(Date.UTC(s.getUTCFullYear(), s.getUTCMonth() + 1, 1));
    const e = new Date(Math.min(nextMonth.getTime(), end.getTime()));
    windows.push({ start: s, end: e });
    s = e;
  }
  return windows;
}

/** A backfill of `months`: one window per calendar month, the current month's ending tomorrow 00:00 UTC. */
export function backfillWindows(now: Date, months = DEFAULT_BACKFILL_MONTHS): FetchWindow[] {
  return monthWindows(backfillStart(now, months), syncHorizon(now));
}

/** "YYYY-MM" of a date, UTC. */
export function isoMonth(d: Date): string {
  return d.toISOString().slice(0, 7);
}

/**
 * Months a backfill starting on the 1st of `startMonth` ("YYYY-MM") covers through the month of
 * `now`, inclusive (this month = 1). Null when it is not a month, or after this month.
 */
export function monthsFrom(startMonth: string, now: Date): number | null {
  const m = /^(\d{4})-(0[1-9]|1[0-2])$/.exec(startMonth);
  if (!m) return null;
  const months = (now.getUTCFullYear() * 12 + now.getUTCMonth()) - (Number(m[1]) * 12 + Number(m[2]) - 1) + 1;
  return months >= 1 ? months : null;
}

/** The start months a backfill may choose, newest first: this month back to the providers' limit. */
export function backfillMonthChoices(now: Date): string[] {
  return Array.from({ length: MAX_BACKFILL_MONTHS }, (_, i) => isoMonth(new Date(Date.UTC(now.getUTCFullYear(), now.getUTCMonth() - i, 1))));
}
