import type { RetryPolicy } from "@/lib/providers/types";

// When to try a provider request again, and how long to wait first. Pure: the clock and the
// jitter source are arguments, so every wait is tested without waiting.

/** Statuses worth another try: rate limits, server errors (Anthropic's 529 "overloaded" included). */
export function isRetryableStatus(status: number): boolean {
  return status === 429 || status >= 500;
}

/**
 * Retry-After (RFC 9110 §10.2.3) in milliseconds from `now`: either whole seconds ("120") or an
 * HTTP date ("Wed, 21 Oct 2026 07:28:00 GMT"); a date in the past means "now" (0). Null when the
 * header is absent or unreadable, so the caller falls back to back-off.
 */
export function parseRetryAfterMs(header: string | null | undefined, now: Date): number | null {
  if (header == null) return null;
  const text = header.trim();
  if (/^\d+$/.test(text)) return Number(text) * 1000;
  // An HTTP date always names a weekday or month in letters; a bare number with a sign or a
  // fraction is malformed, not a date (Date.parse would read "1.5" as a year).
  if (!/[A-Za-z]/.test(text)) return null;
  const at = Date.parse(text);
  if (Number.isNaN(at)) return null;
  return Math.max(0, at - now.getTime());
}

/**
 * Capped exponential back-off with full jitter before retry number `retry` (1-based):
 * random in [0, min(maxDelayMs, baseDelayMs · 2^(retry−1))).
 */
export function backoffDelayMs(policy: Required<RetryPolicy>, retry: number, random: () => number): number {
  const ceiling = Math.min(policy.maxDelayMs, policy.baseDelayMs * 2 ** (retry - 1));
  return Math.floor(random() * ceiling);
}

export interface RetryWait {
  delayMs: number;
  /** Where the wait came from, for the log and the error text. */
  basis: "retry-after" | "back-off";
}

/**
 * The wait before retry `retry` after a retryable answer: the provider's Retry-After when it gave
 * one we can read (capped at maxRetryAfterMs: an hour-long wait belongs to the job queue, not to a
 * sleeping request), otherwise capped exponential back-off with jitter.
 */
export function retryWait(policy: Required<RetryPolicy>, input: { retry: number; retryAfter: string | null | undefined; now: Date; random: () => number }): RetryWait {
  const fromHeader = parseRetryAfterMs(input.retryAfter, input.now);
  if (fromHeader != null) return { delayMs: Math.min(fromHeader, policy.maxRetryAfterMs), basis: "retry-after" };
  return { delayMs: backoffDelayMs(policy, input.retry, input.random), basis: "back-off" };
}
