// The documents every org watches by default (VendorDocument rows with orgId null), seeded at install.
// Each is a real public page. Selectors come from Open Terms Archive's declarations where they work without
// running the page's scripts: OTA renders openai.com with client scripts, so OpenAI pages fall back to
// main/article/body. Mistral publishes several documents on one page; the URL fragment keeps each row's
// (orgId, url) unique and is never sent to the server, the selector picks the document.

export const DOCUMENT_KINDS = ["TERMS", "USAGE_POLICY", "PRIVACY", "DATA_PROCESSING", "PRICING", "DEPRECATIONS"] as const;
export type WatchedDocumentKind = (typeof DOCUMENT_KINDS)[number];

export interface WatchedDocument {
  vendor: string;
  kind: WatchedDocumentKind;
  title: string;
  url: string;
  cssSelector: string | null;
}

export const DEFAULT_WATCHLIST: readonly WatchedDocument[] = [
  { vendor: "openai", kind: "TERMS", title: "OpenAI Terms of Use", url: "https://openai.com/policies/terms-of-use", cssSelector: null },
  { vendor: "openai", kind: "TERMS", title: "OpenAI Business Terms", url: "https://openai.com/policies/business-terms", cssSelector: null },
  { vendor: "openai", kind: "USAGE_POLICY", title: "OpenAI Usage Policies", url: "https://openai.com/policies/usage-policies", cssSelector: null },
  { vendor: "openai", kind: "PRIVACY", title: "OpenAI Privacy Policy", url: "https://openai.com/policies/privacy-policy", cssSelector: null },
  { vendor: "openai", kind: "DATA_PROCESSING", title: "OpenAI Data Processing Addendum", url: "https://openai.com/policies/data-processing-addendum", cssSelector: null },
  { vendor: "openai", kind: "PRICING", title: "OpenAI API Pricing", url: "https://openai.com/api/pricing/", cssSelector: null },
  { vendor: "openai", kind: "DEPRECATIONS", title: "OpenAI API Deprecations", url: "https://platform.openai.com/docs/deprecations", cssSelector: null },

  { vendor: "anthropic", kind: "TERMS", title: "Anthropic Commercial Terms of Service", url: "https://www.anthropic.com/legal/commercial-terms", cssSelector: null },
  { vendor: "anthropic", kind: "TERMS", title: "Anthropic Consumer Terms of Service", url: "https://www.anthropic.com/legal/consumer-terms", cssSelector: null },
  { vendor: "anthropic", kind: "USAGE_POLICY", title: "Anthropic Usage Policy", url: "https://www.anthropic.com/legal/aup", cssSelector: null },
  { vendor: "anthropic", kind: "PRIVACY", title: "Anthropic Privacy Policy", url: "https://www.anthropic.com/legal/privacy", cssSelector: null },
  { vendor: "anthropic", kind: "PRICING", title: "Anthropic Pricing", url: "https://www.anthropic.com/pricing", cssSelector: null },
  { vendor: "anthropic", kind: "DEPRECATIONS", title: "Anthropic Model Deprecations", url: "https://docs.anthropic.com/en/docs/about-claude/model-deprecations", cssSelector: null },

  { vendor: "mistral", kind: "TERMS", title: "Mistral AI Terms of Use", url: "https://mistral.ai/terms/#terms-of-use", cssSelector: "#terms-of-use" },
  { vendor: "mistral", kind: "PRIVACY", title: "Mistral AI Privacy Policy", url: "https://mistral.ai/terms/#privacy-policy", cssSelector: "#privacy-policy" },
  { vendor: "mistral", kind: "DATA_PROCESSING", title: "Mistral AI Data Processing Agreement", url: "https://mistral.ai/terms/#data-processing-agreement", cssSelector: "#data-processing-agreement" },

  { vendor: "google", kind: "TERMS", title: "Gemini API Additional Terms of Service", url: "https://ai.google.dev/gemini-api/terms", cssSelector: null },
  { vendor: "google", kind: "USAGE_POLICY", title: "Google Generative AI Prohibited Use Policy", url: "https://policies.google.com/terms/generative-ai/use-policy", cssSelector: null },
  { vendor: "google", kind: "PRICING", title: "Gemini API Pricing", url: "https://ai.google.dev/gemini-api/docs/pricing", cssSelector: null },
];
