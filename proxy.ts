import { NextResponse, type NextRequest } from "next/server";
import { securityHeaders } from "@/lib/http/security-headers";

// Runs before every page and route (Next.js 16 "proxy", formerly middleware): a fresh CSP nonce per
// request, handed to Next.js through the request's Content-Security-Policy header so it can put the
// nonce on its scripts, and the security headers on the response (lib/http/security-headers.ts).

export function proxy(request: NextRequest) {
  const nonce = Buffer.from(crypto.randomUUID()).toString("base64");
  const https = request.nextUrl.protocol === "https:" || request.headers.get("x-forwarded-proto")?.split(",")[0]?.trim() === "https";
  const headers = securityHeaders({ nonce, https, dev: process.env.NODE_ENV === "development" });

  const requestHeaders = new Headers(request.headers);
  requestHeaders.set("x-nonce", nonce);
  requestHeaders.set("Content-Security-Policy", headers["Content-Security-Policy"]!);
  const response = NextResponse.next({ request: { headers: requestHeaders } });
  for (const [name, value] of Object.entries(headers)) response.headers.set(name, value);
  return response;
}

export const config = {
  // Everything but Next's hashed static files (they are scripts and styles, not documents), and the FOCUS
  // upload: with a proxy in front, Next buffers a request body to pass it on and silently cuts it at
  // proxyClientMaxBodySize (10 MB), so a cloud bill of a gigabyte would arrive truncated. That route
  // answers JSON only (no document, so no CSP nonce needed) and checks the bytes against Content-Length.
  matcher: ["/((?!_next/static|_next/image|favicon.ico|api/orgs/[^/]+/focus/import).*)"],
};
