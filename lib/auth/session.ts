import { decode } from "next-auth/jwt";
import { env } from "@/lib/env";

// Route handlers read the signed-in user from the next-auth JWT cookie of the request itself, so
// they work (and are testable) with any Request, not only inside Next's request scope.

export interface SessionUser { id: string; email: string }

const COOKIE_NAMES = ["__Secure-next-auth.session-token", "next-auth.session-token"];

function readCookies(header: string | null): Map<string, string> {
  const jar = new Map<string, string>();
  for (const part of (header ?? "").split(";")) {
    const i = part.indexOf("=");
    if (i > 0) jar.set(part.slice(0, i).trim(), decodeURIComponent(part.slice(i + 1).trim()));
  }
  return jar;
}

export async function sessionUserFromRequest(req: Request): Promise<SessionUser | null> {
  const jar = readCookies(req.headers.get("cookie"));
  for (const name of COOKIE_NAMES) {
    // next-auth splits large tokens into name.0, name.1, ...
    let token = jar.get(name);
    if (!token) {
      const chunks = [...jar.keys()].filter((k) => k.startsWith(`${name}.`)).sort((a, b) => Number(a.split(".").pop()) - Number(b.split(".").pop()));
      if (chunks.length) token = chunks.map((k) => jar.get(k)).join("");
    }
    if (!token) continue;
    try {
      const payload = await decode({ token, secret: env().NEXTAUTH_SECRET });
      if (payload?.sub && typeof payload.email === "string") return { id: payload.sub, email: payload.email };
    } catch {
      return null;
    }
  }
  return null;
}
