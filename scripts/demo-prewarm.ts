// The demo launcher's own requests to the web app it just started on loopback (like its /api/health
// poll; not product traffic, so not through lib/net/safe-fetch.ts): a sign-in over HTTP exactly as the
// browser's form does it, and the pre-warm that runs it once before "ready" is said. Without it the
// first person to sign in pays for loading the auth route, the Prisma client's first connections and
// the Overview's modules while the workers start on the same cores (measured in bench/signin.ts).

export interface Step { name: string; status: number; ms: number }

/** A cookie jar over fetch that never follows redirects, so each hop is timed. */
export class HttpSession {
  private cookies = new Map<string, string>();
  constructor(readonly baseUrl: string) {}

  async request(method: "GET" | "POST", path: string, body?: URLSearchParams): Promise<{ status: number; location: string | null; text: string; step: Step }> {
    const t0 = performance.now();
    const res = await fetch(new URL(path, this.baseUrl), {
      method,
      redirect: "manual",
      headers: {
        cookie: [...this.cookies].map(([k, v]) => `${k}=${v}`).join("; "),
        ...(body ? { "content-type": "application/x-www-form-urlencoded" } : {}),
      },
      body,
    });
    for (const c of res.headers.getSetCookie()) {
      const [pair] = c.split(";");
      const eq = pair!.indexOf("=");
      this.cookies.set(pair!.slice(0, eq), pair!.slice(eq + 1));
    }
    const text = await res.text();
    return { status: res.status, location: res.headers.get("location"), text, step: { name: `${method} ${path}`, status: res.status, ms: performance.now() - t0 } };
  }

  /** GET, following same-origin redirects; one step per hop. */
  async follow(path: string): Promise<Step[]> {
    const steps: Step[] = [];
    for (let next: string | null = path, hops = 0; next && hops < 5; hops++) {
      const r = await this.request("GET", next);
      steps.push(r.step);
      next = r.status >= 300 && r.status < 400 ? r.location : null;
    }
    return steps;
  }
}

/**
 * "next-auth-react": what next-auth/react's signIn() did in the old form: providers, then the CSRF
 * token, then the credentials callback, then "/" and its redirect to the Overview.
 * "form": the form now (app/(auth)/signin/signin-form.tsx): the CSRF token is fetched while the page
 * is shown (not timed: it happens while the person types), then the callback, then "/" → Overview.
 */
export async function signInOverHttp(s: HttpSession, email: string, password: string, flow: "next-auth-react" | "form"): Promise<{ ok: boolean; steps: Step[]; ms: number }> {
  const steps: Step[] = [];
  let csrfToken: string;
  if (flow === "form") {
    csrfToken = (JSON.parse((await s.request("GET", "/api/auth/csrf")).text) as { csrfToken: string }).csrfToken;
  }
  const t0 = performance.now();
  if (flow === "next-auth-react") {
    steps.push((await s.request("GET", "/api/auth/providers")).step);
    const csrf = await s.request("GET", "/api/auth/csrf");
    steps.push(csrf.step);
    csrfToken = (JSON.parse(csrf.text) as { csrfToken: string }).csrfToken;
  }
  const cb = await s.request("POST", "/api/auth/callback/credentials", new URLSearchParams({ email, password, csrfToken: csrfToken!, callbackUrl: "/", json: "true" }));
  steps.push({ ...cb.step, name: "POST /api/auth/callback/credentials" });
  const ok = cb.status === 200 && !/error=/.test(cb.text);
  if (ok) steps.push(...(await s.follow("/")));
  return { ok, steps, ms: performance.now() - t0 };
}

/** Load the sign-in page, sign in once and open the landing page, so the first real person finds them warm. */
export async function prewarm(baseUrl: string, login: { email: string; password: string }): Promise<{ ok: boolean; ms: number }> {
  const t0 = performance.now();
  const s = new HttpSession(baseUrl);
  await s.request("GET", "/signin");
  const r = await signInOverHttp(s, login.email, login.password, "form");
  return { ok: r.ok, ms: performance.now() - t0 };
}
