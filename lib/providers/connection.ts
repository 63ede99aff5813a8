import { AppError, isAppError } from "@/lib/errors";
import type { ConnectionTestResult, FetchWindow } from "@/lib/providers/types";

// Small pieces both provider clients share: window checks and the words a connection test shows.

export function assertWindow(window: FetchWindow, providerName: string): void {
  const { start, end } = window;
  if (!(start instanceof Date) || Number.isNaN(start.getTime()) || !(end instanceof Date) || Number.isNaN(end.getTime())) {
    throw new AppError("BAD_INPUT", `${providerName} fetch window: start and end must be valid dates`, { issues: [{ field: "window", message: "invalid date" }] });
  }
  if (end.getTime() <= start.getTime()) {
    throw new AppError("BAD_INPUT", `${providerName} fetch window: end must be after start`, { issues: [{ field: "window.end", message: "must be after start" }] });
  }
}

/** Run one cheap call and say in a sentence what happened; never throws for upstream faults. */
export async function runConnectionTest(providerName: string, successMessage: string, call: () => Promise<unknown>): Promise<ConnectionTestResult> {
  try {
    await call();
    return { ok: true, message: successMessage };
  } catch (e) {
    if (!isAppError(e)) throw e;
    return { ok: false, message: connectionFailureMessage(providerName, e) };
  }
}

function connectionFailureMessage(providerName: string, e: AppError): string {
  switch (e.code) {
    case "UPSTREAM_AUTH":
      return `${providerName} refused the key: ${String(e.details.providerMessage ?? e.message)}`;
    case "UPSTREAM_RATE_LIMITED": {
      const seconds = Math.ceil(Number(e.details.retryAfterMs ?? 0) / 1000);
      return `${providerName} is rate-limiting this key; try again in ${seconds} seconds.`;
    }
    case "UPSTREAM_UNAVAILABLE":
      return `${providerName} could not be reached: ${e.message}`;
    case "UPSTREAM_BAD_RESPONSE":
      return `${providerName} answered, but not as documented (check the base URL): ${e.message}`;
    default:
      return `${providerName} connection test failed: ${e.message}`;
  }
}
