// UTC calendar helpers for rule evaluation: a "day" is "YYYY-MM-DD" in UTC, as usage and cost buckets are.

const DAY_MS = 86_400_000;

export function isoDay(d: Date): string {
  return d.toISOString().slice(0, 10);
}

/** "YYYY-MM-DD" shifted by whole days. */
export function shiftDay(day: string, days: number): string {
  return isoDay(new Date(Date.parse(`${day}T00:00:00Z`) + days * DAY_MS));
}

/** UTC midnight of `d`'s day. */
export function startOfUtcDay(d: Date): Date {
  return new Date(Date.UTC(d.getUTCFullYear(), d.getUTCMonth(), d.getUTCDate()));
}

/** "YYYY-MM" of an ISO day or instant. */
export function monthOf(day: string | Date): string {
  return (typeof day === "string" ? day : isoDay(day)).slice(0, 7);
}

export const HOUR_MS = 3_600_000;
export { DAY_MS };
