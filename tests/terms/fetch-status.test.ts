import { describe, expect, it } from "vitest";
import { describeFetchError, fetchStatusText } from "@/lib/terms/fetch-status";

const NEVER = { enabled: true, lastFetchedAt: null, lastError: null, lastErrorAt: null };

describe("what the Documents page says about fetching", () => {
  it("a document never tried says when its first check is due, or that no worker scheduled one", () => {
    expect(fetchStatusText(NEVER, new Date("2026-12-02T18:43:00Z"))).toEqual({ text: "Not fetched yet: the first check is due at 2026-12-02 18:43 UTC", problem: null });
    expect(fetchStatusText(NEVER, null).text).toBe("Not fetched yet: no check is scheduled, because the workers (npm run workers) have not started");
    expect(fetchStatusText({ ...NEVER, enabled: false }, null).text).toBe("Never fetched: checking is paused for this document");
  });

  it("a document whose every try failed for lack of internet says so in words", () => {
    const s = fetchStatusText({ ...NEVER, lastError: "Could not resolve openai.com: getaddrinfo ENOTFOUND openai.com", lastErrorAt: "2026-12-02T12:43:05.000Z" }, null);
    expect(s.text).toBe("Never fetched");
    expect(s.problem).toBe(
      "Every try so far failed (2026-12-02 12:43 UTC): this server could not look up openai.com: it has no internet access or no working DNS (Could not resolve openai.com: getaddrinfo ENOTFOUND openai.com)",
    );
  });

  it("a document fetched before shows the time and, separately, that the last try failed", () => {
    const s = fetchStatusText({ enabled: true, lastFetchedAt: "2026-11-30T06:43:00.000Z", lastError: "https://x.test/terms answered HTTP 503", lastErrorAt: "2026-12-02T06:43:00.000Z" }, null);
    expect(s).toEqual({ text: "2026-11-30 06:43 UTC", problem: "The last try failed (2026-12-02 06:43 UTC): https://x.test/terms answered HTTP 503" });
  });

  it("names the usual network failures", () => {
    expect(describeFetchError("getaddrinfo EAI_AGAIN docs.anthropic.com")).toMatch(/^this server could not look up docs\.anthropic\.com: it has no internet access/);
    expect(describeFetchError("connect ENETUNREACH 1.2.3.4:443")).toMatch(/^this server has no network route/);
    expect(describeFetchError("connect ECONNREFUSED 127.0.0.1:9")).toMatch(/^the site refused the connection/);
    expect(describeFetchError("Fetching https://x.test/ timed out")).toMatch(/^the site did not answer in time/);
    expect(describeFetchError("https://x.test/ has no text")).toBe("https://x.test/ has no text");
  });
});
