import { describe, expect, it } from "vitest";
import { AppError } from "@/lib/errors";
import { classifySyncFailure } from "@/lib/connections/outcome";
import { createConnectionSchema } from "@/lib/connections/schemas";
import { syncCronPattern } from "@/lib/connections/jobs";

describe("what a failed sync means", () => {
  it.each([
    ["UPSTREAM_AUTH", false, true],
    ["UPSTREAM_BAD_RESPONSE", false, true],
    ["UPSTREAM_RATE_LIMITED", true, false],
    ["UPSTREAM_UNAVAILABLE", true, false],
    ["INTERNAL", true, false],
  ] as const)("%s → retry %s, failing at once %s", (code, retry, failingNow) => {
    expect(classifySyncFailure(new AppError(code, "x"))).toEqual({ retry, failingNow, message: "x" });
  });

  it("an unexpected error is retried and shown as internal, first line only", () => {
    expect(classifySyncFailure(new Error("connection reset\n at stack"))).toEqual({ retry: true, failingNow: false, message: "Internal error while syncing: connection reset" });
  });
});

describe("connection form", () => {
  it("accepts a key and an optional base URL, trimming the trailing slash", () => {
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
