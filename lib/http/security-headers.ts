// The response headers every page and route carries (set by proxy.ts). Pure, so the policy is tested
// as data; the browser test (tests/e2e/security-headers.test.ts) checks real pages obey it.

export interface SecurityHeaderOptions {
  /** fresh per request: Next.js puts it on its own scripts (the page must render dynamically) */
  nonce: string;
  /** served over https (directly or behind a TLS-terminating proxy): add HSTS */
  https: boolean;
  /** `next dev` needs eval for its error overlay; production never does */
  dev?: boolean;
}

export function contentSecurityPolicy({ nonce, dev = false }: Pick<SecurityHeaderOptions, "nonce" | "dev">): string {
  return [
    "default-src 'self'",
    // Only scripts carrying this response's nonce, and what they load ('strict-dynamic'): an injected
    // <script> or on*= handler does not run.
    `script-src 'self' 'nonce-${nonce}' 'strict-dynamic'${dev ? " 'unsafe-eval'" : ""}`,
    // Charts and React set style attributes in server-rendered HTML; a nonce cannot cover attributes,
    // so inline styles stay allowed (styles cannot run code).
    "style-src 'self' 'unsafe-inline'",
    "img-src 'self' data: blob:",
    "font-src 'self' data:",
    "connect-src 'self'",
    "object-src 'none'",
    "base-uri 'self'",
    "form-action 'self'",
    "frame-ancestors 'none'",
  ].join("; ");
}

export function securityHeaders(options: SecurityHeaderOptions): Record<string, string> {
  return {
    "Content-Security-Policy": contentSecurityPolicy(options),
    "X-Content-Type-Options": "nosniff",
    // Invitation and magic-link URLs carry tokens: never send our URLs to another site.
    "Referrer-Policy": "same-origin",
    "Permissions-Policy": "camera=(), microphone=(), geolocation=(), payment=(), usb=(), serial=(), bluetooth=(), interest-cohort=()",
    "X-Frame-Options": "DENY", // frame-ancestors for browsers that predate it
    "Cross-Origin-Opener-Policy": "same-origin",
    ...(options.https ? { "Strict-Transport-Security": "max-age=31536000; includeSubDomains" } : {}),
  };
}
