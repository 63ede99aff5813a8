import { isAppError } from "@/lib/errors";

// What a failed sync means for the job and for the connection. Pure, so the rules are tested as a table.

export interface SyncFailure {
  /** Should the job be attempted again (BullMQ back-off)? */
  retry: boolean;
  /** Mark the connection FAILING now, whatever attempt this is? */
  failingNow: boolean;
  /** What the connection page shows: the provider's words where there are some; never a secret. */
  message: string;
}

export function classifySyncFailure(e: unknown): SyncFailure {
  if (isAppError(e)) {
    switch (e.code) {
      // 401/403: the key is wrong or revoked; retrying only risks locking the account.
      case "UPSTREAM_AUTH":
        return { retry: false, failingNow: true, message: e.message };
      // A malformed body or a repeated cursor comes back the same on every try: stop loudly.
      case "UPSTREAM_BAD_RESPONSE":
        return { retry: false, failingNow: true, message: e.message };
      // The client already retried 429s (honouring Retry-After), 5xx and time-outs; BullMQ tries again later.
      case "UPSTREAM_RATE_LIMITED":
      case "UPSTREAM_UNAVAILABLE":
        return { retry: true, failingNow: false, message: e.message };
      case "BAD_INPUT":
      case "NOT_FOUND":
        return { retry: false, failingNow: true, message: e.message };
      default:
        return { retry: true, failingNow: false, message: e.message };
    }
  }
  const text = e instanceof Error ? e.message : String(e);
  return { retry: true, failingNow: false, message: `Internal error while syncing: ${text.split("\n")[0]!.slice(0, 300)}` };
}
