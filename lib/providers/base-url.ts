// A connection's base URL as people paste it: the SDKs' habit is "https://api.openai.com/v1", and
// our paths already start with /v1, so "/v1" (and any trailing slash) is taken off once here.
// Pure and free of server imports: the connection form shows the same resolution live.

export const PROVIDER_DEFAULT_BASE_URLS = { openai: "https://api.openai.com", anthropic: "https://api.anthropic.com" } as const;

/** Where each provider's requests go, for the form's preview ("…/v1/organization/costs"). */
export const PROVIDER_PROBE_PATHS = { openai: "/v1/organization/costs", anthropic: "/v1/organizations/cost_report" } as const;

/** "https://x/v1/" → "https://x"; "https://x/openai/v1" → "https://x/openai"; "https://x/" → "https://x". */
export function normaliseBaseUrl(url: string): string {
  return url.trim().replace(/\/+$/, "").replace(/\/v1$/i, "").replace(/\/+$/, "");
}

/** The base every request of this connection is built on: the override normalised, or the provider's own. */
export function resolveBaseUrl(provider: keyof typeof PROVIDER_DEFAULT_BASE_URLS, override: string | null | undefined): string {
  const trimmed = override?.trim();
  return trimmed ? normaliseBaseUrl(trimmed) : PROVIDER_DEFAULT_BASE_URLS[provider];
}

/** The full URL of one request, as the form shows it: "https://x/openai/v1/organization/costs". */
export function resolvedRequestUrl(provider: keyof typeof PROVIDER_DEFAULT_BASE_URLS, override: string | null | undefined): string {
  return resolveBaseUrl(provider, override) + PROVIDER_PROBE_PATHS[provider];
}
