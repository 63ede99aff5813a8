import { describe, expect, it } from "vitest";
import { backoffDelayMs, buildQuery, DEFAULT_RETRY, providerErrorMessage, redactSecrets, retryAfterMs } from "@/lib/providers/http";

const policy = { ...DEFAULT_RETRY, baseDelayMs: 100, maxDelayMs: 1000, maxRetryAfterMs: 30_000, defaultRetryAfterMs: 5000 };

describe("http helpers", () => {
  it("buildQuery keeps repeated and bracket keys as written and encodes values", () => {
    expect(buildQuery([["group_by", "project_id"], ["group_by", "line_item"], ["page", "a+b=/c"]])).toBe("group_by=project_id&group_by=line_item&page=a%2Bb%3D%2Fc");
    expect(buildQuery([["group_by[]", "model"], ["starting_at", "2026-01-01T00:00:00Z"]])).toBe("group_by[]=model&starting_at=2026-01-01T00:00:00Z");
  });

  it("full-jitter back-off: random × min(max, base × 2^(n−1))", () => {
    expect([1, 2, 3, 4, 5].map((n) => backoffDelayMs(policy, n, () => 0.99))).toEqual([99, 198, 396, 792, 990]);
    expect(backoffDelayMs(policy, 3, () => 0)).toBe(0);
  });

  it("Retry-After: whole seconds, capped; default when missing or not a number", () => {
    expect(retryAfterMs("2", policy)).toBe(2000);
    expect(retryAfterMs("3600", policy)).toBe(30_000);
    expect(retryAfterMs(null, policy)).toBe(5000);
    expect(retryAfterMs("Wed, 21 Oct 2026 07:28:00 GMT", policy)).toBe(5000);
  });

  it("provider error messages: error.message from either provider, else the raw text", () => {
    expect(providerErrorMessage('{"error":{"message":"Rate limit reached","type":"requests"}}')).toBe("Rate limit reached");
    expect(providerErrorMessage('{"type":"error","error":{"type":"rate_limit_error","message":"Rate limited"}}')).toBe("Rate limited");
    expect(providerErrorMessage("<html>Bad gateway</html>")).toBe("<html>Bad gateway</html>");
    expect(providerErrorMessage("")).toBe("no error message in the response");
  });

  it("redactSecrets removes the key and key-shaped strings", () => {
    expect(redactSecrets("bad key abc123SECRET here", "abc123SECRET")).toBe("bad key [redacted] here");
    expect(redactSecrets("Incorrect API key provided: sk-proj-abc***wxyz", "other")).toBe("Incorrect API key provided: sk-[redacted]");
  });
});
