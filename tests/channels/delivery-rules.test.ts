import { describe, expect, it } from "vitest";
import { quietHoursHoldMs } from "@/lib/channels/quiet-hours";
import { MAX_ATTEMPTS, MAX_RETRY_AFTER_MS, parseRetryAfter, RETRY_DELAYS_MS, retryDelayMs } from "@/lib/channels/retry";
import { atOrAbove, immediateChannels } from "@/lib/channels/routing";

const MIN = 60_000;
const HOUR = 60 * MIN;

describe("retry schedule", () => {
  it("spreads 10 attempts over just under 24 hours", () => {
    const total = RETRY_DELAYS_MS.reduce((a, b) => a + b, 0);
    // 30 s + 2 min + 10 min + 30 min + 1 h + 2 h + 4 h + 8 h + 8 h = 23 h 42 min 30 s
    expect(total).toBe(23 * HOUR + 42 * MIN + 30_000);
    expect(MAX_ATTEMPTS).toBe(10);
    expect(retryDelayMs(1)).toBe(30_000);
    expect(retryDelayMs(4)).toBe(30 * MIN);
    expect(retryDelayMs(99)).toBe(8 * HOUR);
  });

  it("waits what the receiver asks with Retry-After, capped at 8 hours", () => {
    expect(retryDelayMs(1, 1_000)).toBe(1_000);
    expect(retryDelayMs(5, 120_000)).toBe(120_000);
    expect(retryDelayMs(1, 3 * 24 * HOUR)).toBe(MAX_RETRY_AFTER_MS);
    expect(retryDelayMs(2, null)).toBe(2 * MIN);
  });

  it("reads Retry-After as seconds or as an HTTP date", () => {
    const now = new Date("2026-12-02T10:00:00Z");
    expect(parseRetryAfter("30", now)).toBe(30_000);
    expect(parseRetryAfter(["1"], now)).toBe(1_000);
    expect(parseRetryAfter("Wed, 02 Dec 2026 10:01:30 GMT", now)).toBe(90_000);
    expect(parseRetryAfter("Wed, 02 Dec 2026 09:00:00 GMT", now)).toBe(0);
    expect(parseRetryAfter("soon", now)).toBeNull();
    expect(parseRetryAfter(undefined, now)).toBeNull();
  });
});

describe("routing by severity floor", () => {
  const links = [
    { channelId: "slack-all", minSeverity: "INFO", delivery: "IMMEDIATE" as const, channelEnabled: true },
    { channelId: "pager", minSeverity: "HIGH", delivery: "IMMEDIATE" as const, channelEnabled: true },
    { channelId: "digest", minSeverity: "INFO", delivery: "DAILY_DIGEST" as const, channelEnabled: true },
    { channelId: "off", minSeverity: "INFO", delivery: "IMMEDIATE" as const, channelEnabled: false },
  ];
  it("sends a MEDIUM event only to channels whose floor it reaches, not to digest or disabled ones", () => {
    expect(immediateChannels("MEDIUM", links)).toEqual(["slack-all"]);
    expect(immediateChannels("HIGH", links)).toEqual(["slack-all", "pager"]);
    expect(immediateChannels("CRITICAL", links)).toEqual(["slack-all", "pager"]);
  });
  it("orders severities INFO < LOW < MEDIUM < HIGH < CRITICAL", () => {
    expect(atOrAbove("LOW", "MEDIUM")).toBe(false);
    expect(atOrAbove("MEDIUM", "MEDIUM")).toBe(true);
    expect(atOrAbove("CRITICAL", "INFO")).toBe(true);
  });
});

describe("quiet hours", () => {
  const night = { startMinute: 22 * 60, endMinute: 7 * 60, timeZone: "Europe/Paris" };
  it("holds a message raised at 23:30 Paris time (22:30 UTC in winter) until 07:00 Paris", () => {
    // 23:30 → 07:00 is 7 h 30 min
    expect(quietHoursHoldMs(night, "HIGH", new Date("2026-12-02T22:30:00Z"))).toBe(7 * HOUR + 30 * MIN);
  });
  it("holds one raised at 06:59:30 for the remaining 30 seconds", () => {
    expect(quietHoursHoldMs(night, "LOW", new Date("2026-12-03T05:59:30Z"))).toBe(30_000);
  });
  it("sends at once outside the window, for CRITICAL, and when no window is set", () => {
    expect(quietHoursHoldMs(night, "HIGH", new Date("2026-12-02T12:00:00Z"))).toBe(0);
    expect(quietHoursHoldMs(night, "CRITICAL", new Date("2026-12-02T22:30:00Z"))).toBe(0);
    expect(quietHoursHoldMs({ startMinute: null, endMinute: null, timeZone: "UTC" }, "HIGH", new Date("2026-12-02T22:30:00Z"))).toBe(0);
  });
  it("handles a window inside one day (12:00–14:00 UTC)", () => {
    const lunch = { startMinute: 12 * 60, endMinute: 14 * 60, timeZone: "UTC" };
    expect(quietHoursHoldMs(lunch, "MEDIUM", new Date("2026-12-02T13:15:00Z"))).toBe(45 * MIN);
    expect(quietHoursHoldMs(lunch, "MEDIUM", new Date("2026-12-02T14:00:00Z"))).toBe(0);
  });
});
