// Channel delivery retries: about 24 hours of attempts, front-loaded (a receiver that blinked is retried in
// seconds, one that is down for the night is still caught in the morning). Attempt n+1 waits RETRY_DELAYS_MS[n-1],
// or longer when the receiver said so with Retry-After (Slack's documented 429 behaviour).

const MIN = 60_000;
const HOUR = 60 * MIN;

/** waits after attempts 1…9; attempt 10 is the last: 30 s + 2 + 10 + 30 min + 1 + 2 + 4 + 8 + 8 h ≈ 23 h 42 min */
export const RETRY_DELAYS_MS = [30_000, 2 * MIN, 10 * MIN, 30 * MIN, HOUR, 2 * HOUR, 4 * HOUR, 8 * HOUR, 8 * HOUR] as const;
export const MAX_ATTEMPTS = RETRY_DELAYS_MS.length + 1;
/** a receiver asking for more than this is treated as the schedule's own wait, not obeyed to the letter */
export const MAX_RETRY_AFTER_MS = 8 * HOUR;

/** Delay before the next attempt, after `attemptsMade` attempts (1-based, as BullMQ counts them). */
export function retryDelayMs(attemptsMade: number, retryAfterMs?: number | null): number {
  const scheduled = RETRY_DELAYS_MS[Math.min(Math.max(attemptsMade, 1), RETRY_DELAYS_MS.length) - 1]!;
  if (retryAfterMs == null || !Number.isFinite(retryAfterMs) || retryAfterMs < 0) return scheduled;
  // The receiver's own figure wins when it asks for a time (a rate limit resets then), within the cap.
  return Math.min(retryAfterMs, MAX_RETRY_AFTER_MS);
}

/** Retry-After is delay-seconds or an HTTP date (RFC 9110 §10.2.3). Returns milliseconds, or null if absent/unreadable. */
export function parseRetryAfter(value: string | string[] | undefined, now: Date): number | null {
  const v = (Array.isArray(value) ? value[0] : value)?.trim();
  if (!v) return null;
  if (/^\d+$/.test(v)) return Number(v) * 1000;
  const at = Date.parse(v);
  return Number.isNaN(at) ? null : Math.max(0, at - now.getTime());
}

/** Deliveries in a row whose every attempt failed before the channel is disabled and its owners told. */
export const DISABLE_AFTER_FAILED_DELIVERIES = 3;
