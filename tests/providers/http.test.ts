import { describe, expect, it } from "vitest";
import { buildQuery, providerErrorMessage, redactSecrets } from "@/lib/providers/http";

describe("http helpers", () => {
  it("buildQuery keeps repeated and bracket keys as written and encodes values", () => {
    expect(buildQuery([["group_by", "project_id"], ["group_by", "line_item"], ["page", "a+b=/c"]])).toBe("group_by=project_id&group_by=line_item&page=a%2Bb%3D%2Fc");
    expect(buildQuery([["group_by[]", "model"], ["starting_at", "2026-01-01T00:00:00Z"]])).toBe("group_by[]=model&starting_at=2026-01-01T00:00:00Z");
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
