import { describe, expect, it } from "vitest";
import { hostOf, isAiRow, makerOf, modelOf, quantityOf, tokenClassOf, tokenClassOfText } from "@/lib/focus/map";

// How each cloud's FOCUS columns become provider (the model's maker), host, model and token class.

describe("host and AI filter", () => {
  it("maps the clouds to the pricing catalog's host ids", () => {
    expect(hostOf({ ProviderName: "AWS" })).toBe("bedrock");
    expect(hostOf({ ProviderName: "Google Cloud" })).toBe("vertex");
    expect(hostOf({ ProviderName: "Microsoft" })).toBe("azure");
    expect(hostOf({ ProviderName: "OpenAI", x_Host: "api" })).toBe("");
  });
  it("keeps AI and Machine Learning, and known AI services filed elsewhere; skips the rest", () => {
    expect(isAiRow({ ServiceCategory: "AI and Machine Learning", ServiceName: "Amazon SageMaker" })).toBe(true);
    expect(isAiRow({ ServiceCategory: "Other", ServiceName: "Azure OpenAI" })).toBe(true);
    expect(isAiRow({ ServiceCategory: "Compute", ServiceName: "Amazon Elastic Compute Cloud" })).toBe(false);
  });
});

describe("model and maker", () => {
  it("reads the Bedrock foundation-model ARN", () => {
    const r = { ResourceId: "arn:aws:bedrock:us-east-1::foundation-model/anthropic.claude-3-5-sonnet-20240620-v1:0" };
    expect(modelOf(r)).toBe("claude-3-5-sonnet-20240620");
    expect(makerOf(modelOf(r), "Amazon Web Services, Inc.", "bedrock")).toBe("anthropic");
    expect(makerOf(modelOf({ ResourceId: "arn:aws:bedrock:us-east-1::foundation-model/meta.llama3-1-70b-instruct-v1:0" }), null, "bedrock")).toBe("meta-llama");
  });
  it("reads Azure meters and Google SKU descriptions", () => {
    expect(modelOf({ x_SkuMeterName: "gpt-4o-mini-0718-Inp-glbl" })).toBe("gpt-4o-mini");
    expect(modelOf({ SkuMeter: "Gemini 2.0 Flash Lite input text tokens" })).toBe("gemini-2.0-flash-lite");
    expect(modelOf({ ChargeDescription: "Claude 3.5 Sonnet output tokens" })).toBe("claude-3-5-sonnet");
    expect(makerOf("gemini-2.0-flash", "Google", "vertex")).toBe("google");
    expect(makerOf("gpt-4o", "Microsoft", "azure")).toBe("openai");
  });
  it("a charge without a model belongs to the cloud's own company", () => {
    expect(makerOf("", "Amazon Web Services, Inc.", "bedrock")).toBe("amazon");
    expect(makerOf("", "Microsoft", "azure")).toBe("microsoft");
  });
});

describe("token class and quantity", () => {
  it("names the class from meters, usage types and line items", () => {
    expect(tokenClassOf({ x_SkuMeterName: "gpt-4o-0806-cached-Inp-glbl" })).toBe("cached_input");
    expect(tokenClassOf({ x_UsageType: "USE1-Claude3.5Sonnet-output-tokens" })).toBe("output");
    expect(tokenClassOfText("input_tokens")).toBe("input");
    expect(tokenClassOfText("Claude Sonnet 4 Usage - Cache Write")).toBe("cache_write");
    expect(tokenClassOfText("web search")).toBe("");
  });
  it("turns per-1K and per-1M token units into tokens", () => {
    expect(quantityOf({ ConsumedQuantity: "2000", ConsumedUnit: "1K Tokens" }).quantity?.toFixed()).toBe("2000000");
    expect(quantityOf({ PricingQuantity: "1.5", PricingUnit: "1M tokens" }).quantity?.toFixed()).toBe("1500000");
    expect(quantityOf({ ConsumedQuantity: "24", ConsumedUnit: "Hours" })).toMatchObject({ unit: "Hours" });
  });
});
