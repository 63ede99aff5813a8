import { AppError } from "@/lib/errors";

// Cross-site request forgery: a page on another site can make the browser send our session cookie
// with a form post or a "simple" fetch (text/plain, no preflight). SameSite=Lax stops some of that,
// not all (same-site subdomains, top-level POST navigations in older browsers). So every
// state-changing request to a cookie-authenticated route must
//   1. come from our own origin: Origin equal to APP_URL's origin (or the request's own), or, when a
//      browser sends no Origin, Sec-Fetch-Site "same-origin" (or "none": typed by the user); a request
//      with neither header is refused — browsers always send one of them on a POST;
//   2. carry Content-Type application/json on POST/PUT/PATCH (forms cannot send it, and fetch cannot
//      send it cross-origin without a CORS preflight that we never answer). Upload routes (a CSV file
//      sent as text/csv, text/plain or multipart/form-data) accept those types instead and rely on 1.
// /api/v1 routes authenticate with a bearer token the browser never attaches on its own: not CSRF-able.

export type BodyKind = "json" | "upload";

const SAFE_METHODS = new Set(["GET", "HEAD", "OPTIONS"]);
const BODY_METHODS = new Set(["POST", "PUT", "PATCH"]);
// Binary uploads (a gzipped or Parquet FOCUS file) are not "simple" types: a cross-site fetch would need a preflight.
const UPLOAD_TYPES = ["text/csv", "text/plain", "multipart/form-data", "application/json", "application/octet-stream", "application/gzip", "application/vnd.apache.parquet"];

/** Throws FORBIDDEN (cross-origin) or BAD_INPUT (content type) for a state-changing request that is not ours. */
export function assertSameOriginRequest(req: Request, appUrl: string, body: BodyKind = "json"): void {
  const method = req.method.toUpperCase();
  if (SAFE_METHODS.has(method)) return;

  const origin = req.headers.get("origin");
  const fetchSite = req.headers.get("sec-fetch-site")?.toLowerCase() ?? null;
  if (origin !== null) {
    if (!allowedOrigins(req, appUrl).has(origin.toLowerCase())) {
      throw new AppError("FORBIDDEN", `Refused: this request comes from another site (${origin}). Changes can only be made from Breakeven itself.`, { reason: "cross-origin" });
    }
  } else if (fetchSite === null) {
    throw new AppError("FORBIDDEN", "Refused: a request that changes something must say where it comes from (Origin header).", { reason: "no-origin" });
  } else if (fetchSite !== "same-origin" && fetchSite !== "none") {
    throw new AppError("FORBIDDEN", `Refused: this request comes from another site (Sec-Fetch-Site: ${fetchSite}). Changes can only be made from Breakeven itself.`, { reason: "cross-origin" });
  }

  if (!BODY_METHODS.has(method)) return;
  const type = (req.headers.get("content-type") ?? "").split(";")[0]!.trim().toLowerCase();
  const accepted = body === "upload" ? UPLOAD_TYPES : ["application/json"];
  if (!accepted.includes(type)) {
    throw new AppError("BAD_INPUT", `Content-Type must be ${accepted.join(" or ")}${type ? `, not ${type}` : ""}.`, { issues: [{ field: "Content-Type", message: `must be ${accepted.join(" or ")}` }] });
  }
}

function allowedOrigins(req: Request, appUrl: string): Set<string> {
  const origins = new Set<string>();
  for (const u of [appUrl, req.url]) {
    try {
      origins.add(new URL(u).origin.toLowerCase());
    } catch {
      // a malformed APP_URL is refused by lib/env at start-up
    }
  }
  return origins;
}
