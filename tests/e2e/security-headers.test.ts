import type { Page, Response } from "playwright-core";
import { describe, expect, it } from "vitest";
import { DEMO_ORG_SLUG } from "@/lib/demo/seed";
import { DEMO_PASSWORD } from "@/lib/demo/generate";
import { signIn } from "../support/app-server";
import { useDemoApp } from "../support/demo-app";

// The production build in real Chromium: every page answers with the security headers, its CSP carries
// a fresh nonce that Next.js put on its own scripts, the pages work under that policy (sign-in is a
// client-side form, so a blocked script would keep us on /signin), and the browser reports no CSP
// violation on any of them. An injected inline handler, by contrast, is blocked.

const demo = useDemoApp();

const PAGES = ["overview", "spend", "breakeven", "scenarios", "gpu-pools", "prices", "documents", "alerts", "risk", "settings/members", "settings/connections", "settings/api-tokens", "settings/audit"];

/** Collects CSP violations the page reports (securitypolicyviolation events and console errors). */
async function watchViolations(page: Page): Promise<string[]> {
  const violations: string[] = [];
  await page.exposeFunction("__reportCsp", (v: string) => void violations.push(v));
  await page.addInitScript(() => {
    document.addEventListener("securitypolicyviolation", (e) => (window as unknown as { __reportCsp(v: string): void }).__reportCsp(`${e.violatedDirective} blocked ${e.blockedURI || "inline"}`));
  });
  page.on("console", (m) => {
    if (m.type() === "error" && /Content Security Policy/i.test(m.text())) violations.push(m.text());
  });
  return violations;
}

function nonceOf(res: Response): string {
  const csp = res.headers()["content-security-policy"] ?? "";
  const nonce = /'nonce-([^']+)'/.exec(csp)?.[1];
  expect(nonce, `CSP of ${res.url()}: ${csp}`).toBeTruthy();
  return nonce!;
}

function expectSecurityHeaders(res: Response) {
  const h = res.headers();
  expect(h["content-security-policy"]).toContain("frame-ancestors 'none'");
  expect(h["content-security-policy"]).toContain("object-src 'none'");
  expect(h["content-security-policy"]).toMatch(/script-src 'self' 'nonce-[^']+' 'strict-dynamic'(;|$)/); // no unsafe-inline/eval in production
  expect(h["x-content-type-options"]).toBe("nosniff");
  expect(h["referrer-policy"]).toBe("same-origin");
  expect(h["permissions-policy"]).toContain("camera=()");
  expect(h["x-frame-options"]).toBe("DENY");
  expect(h["strict-transport-security"]).toBeUndefined(); // served over plain http here
}

describe("the audit page in a real browser", () => {
  it("an owner reads who did what, filters it, and the export link carries the filter", async () => {
    const page = await demo.browser.newPage();
    await signIn(page, demo.app.baseUrl, "owner@demo.breakeven.local", DEMO_PASSWORD);
    await page.goto(`${demo.app.baseUrl}/${DEMO_ORG_SLUG}/settings/audit`);
    await expect.poll(() => page.getByTestId("audit-table").textContent()).toContain("Demo data loaded");
    await page.getByLabel("What").selectOption("demo.seeded");
    await page.getByRole("button", { name: "Filter" }).click();
    await page.waitForURL((u) => u.searchParams.get("action") === "demo.seeded");
    expect(await page.getByRole("link", { name: "Export CSV" }).getAttribute("href")).toBe(`/api/orgs/${DEMO_ORG_SLUG}/audit/export?action=demo.seeded`);
    const rows = await page.locator("[data-testid=audit-table] tbody tr").allTextContents();
    expect(rows.length).toBeGreaterThan(0);
    expect(rows.every((r) => r.includes("Demo data loaded"))).toBe(true);
    await page.close();
  });
});

describe("security headers and CSP in a real browser", () => {
  it("every page carries the headers and a fresh nonce on its scripts, and runs with no CSP violation", async () => {
    const page = await demo.browser.newPage();
    const violations = await watchViolations(page);

    const signin = (await page.goto(`${demo.app.baseUrl}/signin`))!;
    expectSecurityHeaders(signin);
    const firstNonce = nonceOf(signin);
    // Next.js put this response's nonce on its scripts: every <script> in the HTML carries it.
    const scriptNonces = await page.$$eval("script", (els) => els.map((s) => (s as HTMLScriptElement).nonce));
    expect(scriptNonces.length).toBeGreaterThan(0);
    expect(new Set(scriptNonces)).toEqual(new Set([firstNonce]));

    await signIn(page, demo.app.baseUrl, "owner@demo.breakeven.local", DEMO_PASSWORD);
    const seen = new Set<string>([firstNonce]);
    for (const path of PAGES) {
      const res = (await page.goto(`${demo.app.baseUrl}/${DEMO_ORG_SLUG}/${path}`))!;
      expect(res.status(), path).toBe(200);
      expectSecurityHeaders(res);
      seen.add(nonceOf(res));
      await page.waitForLoadState("networkidle");
    }
    expect(seen.size).toBe(PAGES.length + 1); // a new nonce per response
    expect(violations).toEqual([]);
    await page.close();
  });

  it("an injected inline event handler does not run, and the browser reports the violation", async () => {
    const page = await demo.browser.newPage();
    const violations = await watchViolations(page);
    await page.goto(`${demo.app.baseUrl}/signin`);
    await page.evaluate(() => {
      document.body.insertAdjacentHTML("beforeend", '<img src="data:," onerror="window.__injected = true" onload="window.__injected = true">');
    });
    await expect.poll(() => violations.length).toBeGreaterThan(0);
    expect(await page.evaluate(() => (window as unknown as { __injected?: boolean }).__injected)).toBeUndefined();
    expect(violations.join("\n")).toMatch(/script-src/);
    await page.close();
  });

  it("API routes carry the headers too, and HSTS appears when the app is reached over https (TLS proxy)", async () => {
    const plain = await fetch(`${demo.app.baseUrl}/api/health`);
    expect(plain.headers.get("x-content-type-options")).toBe("nosniff");
    expect(plain.headers.get("strict-transport-security")).toBeNull();
    const viaTls = await fetch(`${demo.app.baseUrl}/api/health`, { headers: { "x-forwarded-proto": "https" } });
    expect(viaTls.headers.get("strict-transport-security")).toBe("max-age=31536000; includeSubDomains");
  });
});
