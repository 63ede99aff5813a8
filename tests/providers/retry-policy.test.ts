import { describe, expect, it } from "vitest";
import { DEFAULT_RETRY } from "@/lib/providers/http";
import { backoffDelayMs, isRetryableStatus, parseRetryAfterMs, retryWait } from "@/lib/providers/retry-policy";

const policy = { ...DEFAULT_RETRY, baseDelayMs: 100, maxDelayMs: 1000, maxRetryAfterMs: 30_000 };
const NOW = new Date("2026-10-21T07:27:30Z");

describe("Retry-After", () => {
  it("whole seconds", () => {
    expect(parseRetryAfterMs("2", NOW)).toBe(2000);
    expect(parseRetryAfterMs(" 120 ", NOW)).toBe(120_000);
    expect(parseRetryAfterMs("0", NOW)).toBe(0);
  });

  it("an HTTP date: the time from now until then (30 s here), in every form RFC 9110 allows", () => {
    expect(parseRetryAfterMs("Wed, 21 Oct 2026 07:28:00 GMT", NOW)).toBe(30_000); // IMF-fixdate
    expect(parseRetryAfterMs("Wednesday, 21-Oct-26 07:28:00 GMT", NOW)).toBe(30_000); // RFC 850
    expect(parseRetryAfterMs("Wed Oct 21 07:28:00 2026", new Date("2026-10-21T07:27:30"))).toBe(30_000); // asctime (local, as Date reads it)
  });

  it("a date already past means retry now, not a negative wait", () => {
    expect(parseRetryAfterMs("Wed, 21 Oct 2026 07:00:00 GMT", NOW)).toBe(0);
  });

  it("absent or unreadable: null (the caller backs off instead)", () => {
    expect(parseRetryAfterMs(null, NOW)).toBeNull();
    expect(parseRetryAfterMs(undefined, NOW)).toBeNull();
    expect(parseRetryAfterMs("", NOW)).toBeNull();
    expect(parseRetryAfterMs("soon", NOW)).toBeNull();
    expect(parseRetryAfterMs("1.5", NOW)).toBeNull();
    expect(parseRetryAfterMs("-3", NOW)).toBeNull();
  });
});

describe("back-off", () => {
  it("full jitter under a doubling, capped ceiling: random × min(max, base × 2^(n−1))", () => {
    expect([1, 2, 3, 4, 5].map((n) => backoffDelayMs(policy, n, () => 0.99))).toEqual([99, 198, 396, 792, 990]);
    expect(backoffDelayMs(policy, 3, () => 0)).toBe(0);
    expect(backoffDelayMs(policy, 30, () => 0.5)).toBe(500); // the cap holds however many retries
  });
});

describe("retryWait: Retry-After first, else back-off", () => {
  it("seconds and dates are honoured, capped at maxRetryAfterMs", () => {
    expect(retryWait(policy, { retry: 1, retryAfter: "7", now: NOW, random: () => 0.5 })).toEqual({ delayMs: 7000, basis: "retry-after" });
    expect(retryWait(policy, { retry: 1, retryAfter: "Wed, 21 Oct 2026 07:28:00 GMT", now: NOW, random: () => 0.5 })).toEqual({ delayMs: 30_000, basis: "retry-after" });
    expect(retryWait(policy, { retry: 1, retryAfter: "86400", now: NOW, random: () => 0.5 })).toEqual({ delayMs: 30_000, basis: "retry-after" });
  });

  it("no header: back-off with the injected jitter (0.5 × 100 × 2² at the third retry)", () => {
    expect(retryWait(policy, { retry: 3, retryAfter: null, now: NOW, random: () => 0.5 })).toEqual({ delayMs: 200, basis: "back-off" });
  });
});

describe("which statuses are retried", () => {
  it("429 and 5xx (529 overloaded too), nothing else", () => {
    expect([429, 500, 502, 503, 504, 529].every(isRetryableStatus)).toBe(true);
    expect([400, 401, 403, 404, 409, 422].some(isRetryableStatus)).toBe(false);
  });
});
