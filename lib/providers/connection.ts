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
    const { sentence, detail } = describeProviderError(providerName, e);
    return { ok: false, message: sentence, detail };
  }
}

export interface ProviderErrorText {
  /** What failed, the HTTP status, the provider's own words, what to do: what the page shows. */
  sentence: string;
  /** The raw exchange (request path, status, body; secrets redacted), behind a "details" toggle. */
  detail: string;
}

const quoted = (m: unknown) => (typeof m === "string" && m.trim() ? `: \u201c${m.trim().slice(0, 300)}\u201d` : "");

/** An AppError from a provider call, in words a person can act on. Pure. */
export function describeProviderError(providerName: string, e: AppError): ProviderErrorText {
  const d = e.details;
  const status = typeof d.status === "number" ? d.status : null;
  const endpoint = typeof d.endpoint === "string" ? d.endpoint : "the API";
  const said = quoted(d.providerMessage);
  const tries = typeof d.attempts === "number" ? `${d.attempts} tries` : "several tries";
  const detail = typeof d.raw === "string" && d.raw ? `${e.message}\n\n${d.raw}` : e.message;
  const sentence = (() => {
    switch (e.code) {
      case "UPSTREAM_AUTH":
        return `${providerName} refused the admin key (HTTP ${status ?? 401}${said}). Create a new admin key in the ${providerName} console and use \u201cReplace key\u201d.`;
      case "UPSTREAM_ENDPOINT_UNAVAILABLE":
        return d.allEndpoints
          ? `${providerName} answered HTTP ${status ?? "403/404"} for every report this connection reads${said}, so nothing could be synced. Use an admin key of the organisation (not a project key), and check the base URL.`
          : `${providerName} ${endpoint} is not available to this key (HTTP ${status ?? "403/404"}${said}). The rest is still synced; where billed dollars are missing, spend is priced from the catalog and marked estimated.`;
      case "UPSTREAM_RATE_LIMITED": {
        const wait = typeof d.retryAfterMs === "number" && d.retryAfterMs > 0 ? ` (it asked for ${Math.ceil(d.retryAfterMs / 1000)} seconds)` : "";
        return `${providerName} is rate-limiting this key (HTTP 429${said})${wait}. It is retried automatically; nothing to do unless this persists for hours.`;
      }
      case "UPSTREAM_UNAVAILABLE":
        if (status != null && status < 300) {
          return `${providerName} ${endpoint} ${/HTML/.test(e.message) ? "returned an HTML page instead of JSON" : "returned a body that is not JSON"} (HTTP ${status}) on ${tries}. The provider may be down for maintenance, or the base URL points at a web page; it is retried automatically, check the base URL if this persists.`;
        }
        if (status != null) {
          return `${providerName} ${endpoint} kept failing (HTTP ${status}${said}) over ${tries}. It is retried automatically; nothing to do unless this persists.`;
        }
        return `${providerName} ${endpoint} did not answer (${e.message.replace(/^.*attempts: /, "")}) over ${tries}. It is retried automatically; check the base URL and the network if this persists.`;
      case "UPSTREAM_BAD_RESPONSE":
        // A message that ends in a full stop already says what to do (e.g. a currency the organisation does not bill in).
        if (status == null && e.message.endsWith(".")) return e.message;
        return status != null
          ? `${providerName} rejected the ${endpoint} request (HTTP ${status}${said}). Check the base URL; if it is right, report this to us with the details below.`
          : `${e.message}${/nothing of this window was stored/.test(e.message) ? "" : ". Nothing of this window was stored"}; check the base URL, and report this to us with the details below if it persists.`;
      default:
        return e.message;
    }
  })();
  return { sentence, detail };
}
