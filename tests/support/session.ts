import { encode } from "next-auth/jwt";
import { TEST_NEXTAUTH_SECRET } from "./setup-env";

/** A request carrying a real next-auth session cookie for `user`, as the browser would send it. */
export async function requestAs(user: { id: string; email: string } | null, url: string, init: { method?: string; body?: unknown } = {}): Promise<Request> {
  const headers: Record<string, string> = {};
  if (user) headers.cookie = `next-auth.session-token=${await encode({ token: { sub: user.id, email: user.email }, secret: TEST_NEXTAUTH_SECRET })}`;
  const method = (init.method ?? "GET").toUpperCase();
  if (method !== "GET") {
    // What a browser sends from our own pages; lib/http/csrf.ts refuses state changes without it.
    headers.origin = "http://localhost:3999";
    headers["sec-fetch-site"] = "same-origin";
    if (method !== "DELETE" || init.body !== undefined) headers["content-type"] = "application/json";
  }
  return new Request(`http://localhost:3999${url}`, { method, headers, body: init.body === undefined ? undefined : typeof init.body === "string" ? init.body : JSON.stringify(init.body) });
}

export function params<P extends Record<string, string>>(p: P) {
  return { params: Promise.resolve(p) };
}
