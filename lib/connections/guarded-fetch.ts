import { env } from "@/lib/env";
import { AppError, isAppError } from "@/lib/errors";
import { resolveAndCheck } from "@/lib/net/ssrf";
import { safeFetch } from "@/lib/net/safe-fetch";
import type { FetchImpl } from "@/lib/providers/types";

// A base URL override is typed by an org admin, and anyone who signs up is the admin of an org. So
// requests to an override go through the SSRF guard (lib/net): no loopback, private network or cloud
// metadata address unless the operator allow-lists it (FETCH_ALLOW_LIST), the socket pinned to the
// address that was checked. The providers' own hosts are public and use plain fetch.

/** A provider page can be large (31 days × every project and line item): well above a web page. */
const MAX_PAGE_BYTES = 64 * 1024 * 1024;

/** Refuse a base URL the guard would refuse, as a field error the form can show. */
export async function assertBaseUrlAllowed(baseUrl: string): Promise<void> {
  try {
    await resolveAndCheck(baseUrl, { allowList: env().FETCH_ALLOW_LIST });
  } catch (e) {
    if (!isAppError(e)) throw e;
    throw new AppError("BAD_INPUT", `Base URL: ${e.message}`, { issues: [{ field: "baseUrl", message: e.message }] });
  }
}

/** The provider client's fetch, through safeFetch; honours the client's abort signal (its time-out). */
export function guardedFetch(allowList: readonly string[] = env().FETCH_ALLOW_LIST): FetchImpl {
  return async (input, init) => {
    const request = safeFetch(input, {
      userAgent: "Breakeven billing sync",
      allowList,
      headers: { ...(init.headers as Record<string, string>), accept: "application/json" },
      // The client's own time-out (init.signal) is the one that counts; this is only a backstop.
      timeoutMs: 10 * 60_000,
      maxBytes: MAX_PAGE_BYTES,
      maxRedirects: 3,
    });
    const result = init.signal ? await abortable(request, init.signal) : await request;
    if (result.notModified) return new Response(null, { status: 304 });
    const headers = new Headers();
    for (const [k, v] of Object.entries(result.headers)) if (v !== undefined) headers.set(k, Array.isArray(v) ? v.join(", ") : v);
    return new Response(result.body, { status: result.status, headers });
  };
}

function abortable<T>(p: Promise<T>, signal: AbortSignal): Promise<T> {
  if (signal.aborted) return Promise.reject(signal.reason);
  return new Promise<T>((resolve, reject) => {
    const onAbort = () => reject(signal.reason);
    signal.addEventListener("abort", onAbort, { once: true });
    p.then(
      (v) => {
        signal.removeEventListener("abort", onAbort);
        resolve(v);
      },
      (e) => {
        signal.removeEventListener("abort", onAbort);
        reject(e);
      },
    );
  });
}
