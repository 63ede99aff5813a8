// Quiet hours per org: alert messages below CRITICAL raised inside the window are held until it ends (a
// critical one — money leaking now, a vendor starting to train on your data — is worth waking for).
// The window is minutes after local midnight in the org's IANA time zone; start > end spans midnight.

export interface QuietHours {
  startMinute: number | null;
  endMinute: number | null;
  timeZone: string;
}

function localMinute(at: Date, timeZone: string): number {
  const parts = new Intl.DateTimeFormat("en-GB", { timeZone, hour: "2-digit", minute: "2-digit", hourCycle: "h23" }).formatToParts(at);
  const get = (t: string) => Number(parts.find((p) => p.type === t)?.value ?? 0);
  return get("hour") * 60 + get("minute");
}

/** Milliseconds to hold a message raised at `at` (0 = send now). */
export function quietHoursHoldMs(q: QuietHours, severity: string, at: Date): number {
  if (q.startMinute == null || q.endMinute == null || q.startMinute === q.endMinute || severity === "CRITICAL") return 0;
  const m = localMinute(at, q.timeZone);
  const inside = q.startMinute < q.endMinute ? m >= q.startMinute && m < q.endMinute : m >= q.startMinute || m < q.endMinute;
  if (!inside) return 0;
  const minutesLeft = (q.endMinute - m + 1440) % 1440;
  return minutesLeft * 60_000 - at.getUTCSeconds() * 1000 - at.getUTCMilliseconds();
}

export function isValidTimeZone(tz: string): boolean {
  try {
    new Intl.DateTimeFormat("en-GB", { timeZone: tz });
    return true;
  } catch {
    return false;
  }
}
