// Provider fixture pages moved to other days: the payload exactly as recorded, only the buckets'
// start and end times shifted so the first bucket starts on `day` (both providers' shapes).

type Bucket = { start_time?: number; end_time?: number; starting_at?: string; ending_at?: string };

export function pageOnDay<T>(page: T, day: string): T {
  const copy = structuredClone(page) as T & { data: Bucket[] };
  const first = copy.data[0];
  if (!first) return copy;
  const firstStartMs = first.start_time != null ? first.start_time * 1000 : Date.parse(first.starting_at!);
  const shiftMs = Date.parse(`${day}T00:00:00Z`) - firstStartMs;
  for (const b of copy.data) {
    if (b.start_time != null) b.start_time += shiftMs / 1000;
    if (b.end_time != null) b.end_time += shiftMs / 1000;
    if (b.starting_at) b.starting_at = new Date(Date.parse(b.starting_at) + shiftMs).toISOString().replace(".000Z", "Z");
    if (b.ending_at) b.ending_at = new Date(Date.parse(b.ending_at) + shiftMs).toISOString().replace(".000Z", "Z");
  }
  return copy;
}

/** Today (UTC) as "YYYY-MM-DD": what an incremental sync run now reads. */
export const todayUtc = () => new Date().toISOString().slice(0, 10);
