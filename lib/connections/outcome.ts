import { isAppError } from "@/lib/errors";
import { describeProviderError } from "@/lib/providers/connection";

// What a failed sync means for the job and for the connection. Pure, so the rules are tested as a table.

export interface SyncFailure {
  /** Should the job be attempted again (BullMQ back-off)? */
  retry: boolean;
  /** Mark the connection FAILING now, whatever attempt this is? */
  failingNow: boolean;
  /** What the connection page shows: what failed, the HTTP status, the provider's words, what to do; never a secret. */
  message: string;
  /** The raw exchange behind the page's "details" toggle (redacted). */
  detail: string;
}

export function classifySyncFailure(e: unknown, providerName = "The provider"): SyncFailure {
  if (isAppError(e)) {
    const { sentence: message, detail } = describeProviderError(providerName, e);
    switch (e.code) {
      // 401: the key is wrong or revoked; retrying only risks locking the account.
      case "UPSTREAM_AUTH":
      // 403/404 on every endpoint: this key cannot read the organisation's reports at all.
      case "UPSTREAM_ENDPOINT_UNAVAILABLE":
      // A malformed body, a repeated cursor or a contradicting repeat comes back the same on every try: stop loudly.
      case "UPSTREAM_BAD_RESPONSE":
        return { retry: false, failingNow: true, message, detail };
      // The client already retried 429s (honouring Retry-After), 5xx, time-outs and non-JSON pages; BullMQ tries again later.
      case "UPSTREAM_RATE_LIMITED":
      case "UPSTREAM_UNAVAILABLE":
        return { retry: true, failingNow: false, message, detail };
      case "BAD_INPUT":
      case "NOT_FOUND":
        return { retry: false, failingNow: true, message, detail };
      default:
        return { retry: true, failingNow: false, message, detail };
    }
  }
  const text = e instanceof Error ? e.message : String(e);
  const message = `Internal error while syncing: ${text.split("\n")[0]!.slice(0, 300)}`;
  return { retry: true, failingNow: false, message, detail: message };
}
