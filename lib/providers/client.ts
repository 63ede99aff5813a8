import { AppError } from "@/lib/errors";
import { ANTHROPIC_DEFAULT_BASE_URL, createAnthropicClient } from "@/lib/providers/anthropic-client";
import { DEFAULT_RETRY, realSleep, type HttpContext } from "@/lib/providers/http";
import { OPENAI_DEFAULT_BASE_URL, createOpenAiClient } from "@/lib/providers/openai-client";
import type { BillingProviderClient, ProviderClientOptions } from "@/lib/providers/types";

// The one entry point workers use: a connection's provider, key and base URL in, a client out.

export const SUPPORTED_PROVIDERS = ["openai", "anthropic"] as const;

export function createProviderClient(options: ProviderClientOptions): BillingProviderClient {
  if (!options.apiKey) {
    throw new AppError("BAD_INPUT", "The connection has no API key", { issues: [{ field: "apiKey", message: "required" }] });
  }
  const retry = { ...DEFAULT_RETRY, ...options.retry };
  if (!Number.isInteger(retry.maxAttempts) || retry.maxAttempts < 1) {
    throw new AppError("BAD_INPUT", "retry.maxAttempts must be a whole number ≥ 1", { issues: [{ field: "retry.maxAttempts", message: "must be ≥ 1" }] });
  }
  const base = {
    apiKey: options.apiKey,
    allowList: options.allowList,
    retry,
    sleep: options.sleep ?? realSleep,
    random: options.random ?? Math.random,
    stats: { requests: 0, retries: 0 },
  };
  const now = options.now ?? (() => new Date());

  switch (options.provider) {
    case "openai": {
      const ctx: HttpContext = { ...base, providerName: "OpenAI" };
      return createOpenAiClient(ctx, { baseUrl: options.baseUrl || OPENAI_DEFAULT_BASE_URL, now, usageKinds: options.usageKinds });
    }
    case "anthropic": {
      const ctx: HttpContext = { ...base, providerName: "Anthropic" };
      return createAnthropicClient(ctx, { baseUrl: options.baseUrl || ANTHROPIC_DEFAULT_BASE_URL, now });
    }
    default:
      throw new AppError("BAD_INPUT", `No billing client for provider "${options.provider}" (supported: ${SUPPORTED_PROVIDERS.join(", ")})`, {
        issues: [{ field: "provider", message: "unsupported" }],
      });
  }
}
