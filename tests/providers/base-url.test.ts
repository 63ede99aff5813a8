import { describe, expect, it } from "vitest";
import { normaliseBaseUrl, resolveBaseUrl, resolvedRequestUrl } from "@/lib/providers/base-url";
import { createConnectionSchema } from "@/lib/connections/schemas";

describe("base URL as people paste it", () => {
  it("with or without /v1, with or without a trailing slash: the same base", () => {
    for (const pasted of ["https://api.openai.com", "https://api.openai.com/", "https://api.openai.com/v1", "https://api.openai.com/v1/", " https://api.openai.com/V1// "]) {
      expect(normaliseBaseUrl(pasted)).toBe("https://api.openai.com");
    }
  });

  it("a proxy path is kept; only the final /v1 goes", () => {
    expect(normaliseBaseUrl("https://gw.example.com/openai/v1/")).toBe("https://gw.example.com/openai");
    expect(normaliseBaseUrl("https://gw.example.com/v1/openai")).toBe("https://gw.example.com/v1/openai");
  });

  it("the resolved request URL the form shows, for an override and for the provider's own host", () => {
    expect(resolvedRequestUrl("openai", "https://gw.example.com/openai/v1")).toBe("https://gw.example.com/openai/v1/organization/costs");
    expect(resolvedRequestUrl("anthropic", "")).toBe("https://api.anthropic.com/v1/organizations/cost_report");
    expect(resolveBaseUrl("openai", null)).toBe("https://api.openai.com");
  });

  it("the connection form stores the normalised base", () => {
    const parsed = createConnectionSchema.parse({ provider: "openai", name: "Prod", apiKey: "sk-admin-0123456789", baseUrl: "https://gw.example.com/v1/" });
    expect(parsed.baseUrl).toBe("https://gw.example.com");
  });
});
