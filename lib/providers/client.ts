import { AppError } from "@/lib/errors";
import { createAnthropicClient } from "@/lib/providers/anthropic-client";
import { resolveBaseUrl } from "@/lib/providers/base-url";
import { DEFAULT_RETRY, realSleep, type HttpContext } from "@/lib/providers/http";
import { createOpenAiClient } from "@/lib/providers/openai-client";
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
  const now = options.now ?? (() => new Date());
  const base = {
    apiKey: options.apiKey,
    allowList: options.allowList,
    retry,
    sleep: options.sleep ?? realSleep,
    random: options.random ?? Math.random,
    now,
    stats: { requests: 0, retries: 0 },
  };

  switch (options.provider) {
    case "openai": {
      const ctx: HttpContext = { ...base, providerName: "OpenAI" };
      return createOpenAiClient(ctx, { baseUrl: resolveBaseUrl("openai", options.baseUrl), now, usageKinds: options.usageKinds });
    }
    case "anthropic": {
      const ctx: HttpContext = { ...base, providerName: "Anthropic" };
      return createAnthropicClient(ctx, { baseUrl: resolveBaseUrl("anthropic", options.baseUrl), now });
    }
    default:
      throw new AppError("BAD_INPUT", `No billing client for provider "${options.provider}" (supported: ${SUPPORTED_PROVIDERS.join(", ")})`, {
        issues: [{ field: "provider", message: "unsupported" }],
      });
  }
}
