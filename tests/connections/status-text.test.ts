import { describe, expect, it } from "vitest";
import { connectionStatusText } from "@/lib/connections/status-text";
import type { EndpointOutcome } from "@/lib/providers/types";

const ok = (id: string, produces: "costs" | "usage", label: string, usageKinds: string[] = []): EndpointOutcome => ({ id, label, produces, usageKinds, available: true, status: null, message: null });
const refused = (e: EndpointOutcome, status: number): EndpointOutcome => ({ ...e, available: false, status, message: "Not found" });
const COSTS = ok("costs", "costs", "costs");
const IMAGES = ok("usage/images", "usage", "usage (images)", ["images"]);
const SPEECH = ok("usage/audio_speeches", "usage", "usage (audio speeches)", ["audio_speeches"]);
const t0 = new Date("2026-01-10T00:00:00Z");
const t1 = new Date("2026-01-10T01:00:00Z");
const base = { status: "ACTIVE" as const, lastSuccessAt: t0, lastError: null, lastErrorAt: null, endpoints: [COSTS, IMAGES] };

describe("the sentence a connection card leads with", () => {
  it("every report answered", () => {
    expect(connectionStatusText(base)).toBe("Synced: billed dollars and usage from every report.");
  });

  it("no cost access: catalog estimates, in words", () => {
    expect(connectionStatusText({ ...base, endpoints: [refused(COSTS, 404), IMAGES] })).toBe("Synced, but billed dollars unavailable (the costs answered HTTP 404): showing catalog estimates.");
  });

  it("usage kinds missing, with both missing parts", () => {
    expect(connectionStatusText({ ...base, endpoints: [refused(COSTS, 403), refused(IMAGES, 403), refused(SPEECH, 404)] })).toBe(
      "Synced, but billed dollars unavailable (the costs answered HTTP 403): showing catalog estimates; usage of images, audio speeches unavailable (HTTP 403, HTTP 404): not in the figures.",
    );
  });

  it("a failed attempt after the last success is said, and will be retried", () => {
    expect(connectionStatusText({ ...base, lastError: "OpenAI costs kept failing (HTTP 503) over 5 tries.", lastErrorAt: t1 })).toBe(
      "Synced: billed dollars and usage from every report. The last attempt failed and is retried: OpenAI costs kept failing (HTTP 503) over 5 tries.",
    );
    // An error older than the last success is history, not news.
    expect(connectionStatusText({ ...base, lastSuccessAt: t1, lastError: "old", lastErrorAt: t0 })).toBe("Synced: billed dollars and usage from every report.");
  });

  it("paused, failing, never synced", () => {
    expect(connectionStatusText({ ...base, status: "PAUSED" })).toBe("Paused: nothing is synced until it is resumed.");
    expect(connectionStatusText({ ...base, status: "FAILING", lastError: "OpenAI refused the admin key (HTTP 401)." })).toBe("Failing: OpenAI refused the admin key (HTTP 401).");
    expect(connectionStatusText({ ...base, status: "PENDING", lastSuccessAt: null, endpoints: [] })).toBe("Waiting for the first sync.");
  });
});
