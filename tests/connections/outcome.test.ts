import { describe, expect, it } from "vitest";
import { AppError } from "@/lib/errors";
import { classifySyncFailure } from "@/lib/connections/outcome";
import { createConnectionSchema } from "@/lib/connections/schemas";
import { syncCronPattern } from "@/lib/connections/jobs";

describe("what a failed sync means", () => {
  it.each([
    ["UPSTREAM_AUTH", false, true],
    ["UPSTREAM_ENDPOINT_UNAVAILABLE", false, true],
    ["UPSTREAM_BAD_RESPONSE", false, true],
    ["UPSTREAM_RATE_LIMITED", true, false],
    ["UPSTREAM_UNAVAILABLE", true, false],
    ["INTERNAL", true, false],
  ] as const)("%s → retry %s, failing at once %s", (code, retry, failingNow) => {
    expect(classifySyncFailure(new AppError(code, "x"))).toMatchObject({ retry, failingNow });
  });

  it("an unexpected error is retried and shown as internal, first line only", () => {
    expect(classifySyncFailure(new Error("connection reset\n at stack"))).toEqual({
      retry: true, failingNow: false, message: "Internal error while syncing: connection reset", detail: "Internal error while syncing: connection reset",
    });
  });

  it("a sentence: what failed, the HTTP status, the provider's words, what to do; the raw exchange as detail", () => {
    const raw = 'GET /v1/organization/costs → HTTP 503\n{"error":{"message":"The server is overloaded"}}';
    const e = new AppError("UPSTREAM_UNAVAILABLE", "OpenAI is unavailable for costs after 5 attempts: HTTP 503: The server is overloaded", {
      status: 503, providerMessage: "The server is overloaded", endpoint: "costs", attempts: 5, raw,
    });
    expect(classifySyncFailure(e, "OpenAI")).toEqual({
      retry: true,
      failingNow: false,
      message: "OpenAI costs kept failing (HTTP 503: \u201cThe server is overloaded\u201d) over 5 tries. It is retried automatically; nothing to do unless this persists.",
      detail: `OpenAI is unavailable for costs after 5 attempts: HTTP 503: The server is overloaded\n\n${raw}`,
    });
  });

  it("an HTML page instead of JSON says so", () => {
    const e = new AppError("UPSTREAM_UNAVAILABLE", "Anthropic usage report returned an HTML page instead of JSON after 3 attempts", { status: 200, endpoint: "usage report", attempts: 3, raw: "<html>" });
    expect(classifySyncFailure(e, "Anthropic").message).toBe(
      "Anthropic usage report returned an HTML page instead of JSON (HTTP 200) on 3 tries. The provider may be down for maintenance, or the base URL points at a web page; it is retried automatically, check the base URL if this persists.",
    );
  });
});

describe("connection form", () => {
  it("accepts a key and an optional base URL, trimming the trailing slash (and a final /v1)", () => {
    expect(createConnectionSchema.parse({ provider: "openai", name: " Prod ", apiKey: "sk-admin-abc12345", baseUrl: "https://proxy.example.com/openai/" })).toEqual({
      provider: "openai", name: "Prod", apiKey: "sk-admin-abc12345", baseUrl: "https://proxy.example.com/openai",
    });
    expect(createConnectionSchema.parse({ provider: "anthropic", name: "A", apiKey: "sk-ant-admin01-xyz", baseUrl: "" }).baseUrl).toBeUndefined();
  });

  it("refuses base URLs with credentials or other schemes, and keys with spaces", () => {
    const r = createConnectionSchema.safeParse({ provider: "mistral", name: "", apiKey: "sk admin", baseUrl: "https://user:pw@proxy.example.com" });
    expect(r.success).toBe(false);
    expect(r.error!.issues.map((i) => i.path.join("."))).toEqual(["provider", "name", "apiKey", "baseUrl"]);
    expect(createConnectionSchema.safeParse({ provider: "openai", name: "x", apiKey: "sk-admin-abc12345", baseUrl: "file:///etc/passwd" }).success).toBe(false);
  });

  it("spreads hourly syncs over the hour by connection id", () => {
    expect(syncCronPattern("c1")).toMatch(/^([0-9]|[1-5][0-9]) \* \* \* \*$/);
    expect(syncCronPattern("c1")).toBe(syncCronPattern("c1"));
  });
});
