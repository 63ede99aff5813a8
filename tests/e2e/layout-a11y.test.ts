import { describe, expect, it } from "vitest";
import type { Page } from "playwright-core";
import { NAV } from "@/components/nav";
import { DEMO_ORG_SLUG } from "@/lib/demo/seed";
import { DEMO_PASSWORD } from "@/lib/demo/generate";
import { THEME_STORAGE_KEY } from "@/lib/ui/theme";
import { signIn } from "../support/app-server";
import { seriousAxeViolations, type AxeViolation } from "../support/axe";
import { useDemoApp } from "../support/demo-app";

// Every page of the navigation (components/nav.ts), for the seeded demo org's owner (who may open
// all of them): on a 390×844 phone the page never scrolls sideways; at 1440×900, in light and in
// dark, axe-core finds no WCAG A/AA violation of serious or critical impact (contrast included).

const demo = useDemoApp();
const OWNER = "owner@demo.breakeven.local";
const url = (path: string) => `${demo.app.baseUrl}/${DEMO_ORG_SLUG}/${path}`;

async function open(page: Page, path: string) {
  await page.goto(url(path));
  await page.waitForLoadState("networkidle");
}

async function axeEveryPage(colorScheme: "light" | "dark") {
  const page = await demo.browser.newPage({ viewport: { width: 1440, height: 900 }, colorScheme });
  await signIn(page, demo.app.baseUrl, OWNER, DEMO_PASSWORD);
  const found: Record<string, AxeViolation[]> = {};
  for (const n of NAV) {
    await open(page, n.href);
    expect(await page.evaluate(() => document.documentElement.classList.contains("dark")), n.href).toBe(colorScheme === "dark");
    const v = await seriousAxeViolations(page);
    if (v.length) found[n.href] = v;
  }
  await page.close();
  return found;
}

describe("phone layout, dark mode and accessibility on every page", () => {
  it("at 390×844 no page scrolls sideways, and the menu button opens the navigation", { timeout: 600_000 }, async () => {
    const page = await demo.browser.newPage({ viewport: { width: 390, height: 844 }, isMobile: true, hasTouch: true });
    await signIn(page, demo.app.baseUrl, OWNER, DEMO_PASSWORD);
    const overflow: Record<string, { scrollWidth: number; clientWidth: number }> = {};
    for (const n of NAV) {
      await open(page, n.href);
      const w = await page.evaluate(() => ({ scrollWidth: document.documentElement.scrollWidth, clientWidth: document.documentElement.clientWidth }));
      expect(w.clientWidth).toBe(390);
      if (w.scrollWidth > w.clientWidth) overflow[n.href] = w;
    }
    expect(overflow).toEqual({});

    // The sidebar is not on the page until the menu opens it; a link in it navigates and closes it.
    await open(page, "overview");
    const nav = page.locator("#app-nav");
    expect(await nav.isVisible()).toBe(false);
    await page.getByTestId("nav-toggle").click();
    expect(await nav.isVisible()).toBe(true);
    expect(await page.getByTestId("nav-toggle").getAttribute("aria-expanded")).toBe("true");
    await nav.getByRole("link", { name: "GPU pools", exact: true }).click();
    await page.waitForURL(url("gpu-pools"));
    await expect.poll(() => nav.isVisible(), { timeout: 10_000 }).toBe(false);
    await page.close();
  });

  it("light (system setting): no serious or critical axe violation on any page", { timeout: 600_000 }, async () => {
    expect(await axeEveryPage("light")).toEqual({});
  });

  it("dark (system setting): no serious or critical axe violation on any page", { timeout: 600_000 }, async () => {
    expect(await axeEveryPage("dark")).toEqual({});
  });

  it("the toggle overrides the system, is kept across loads, and is applied before the first paint", async () => {
    const page = await demo.browser.newPage({ viewport: { width: 1440, height: 900 }, colorScheme: "light" });
    const cspErrors: string[] = [];
    page.on("console", (m) => m.text().includes("Content Security Policy") && cspErrors.push(m.text()));
    // Before any page script: note whether <html> is already dark when <body> is first parsed.
    await page.addInitScript(() => {
      new MutationObserver((_, obs) => {
        if (document.body) {
          (window as unknown as { darkAtBody: boolean }).darkAtBody = document.documentElement.classList.contains("dark");
          obs.disconnect();
        }
      }).observe(document, { childList: true, subtree: true });
    });
    await signIn(page, demo.app.baseUrl, OWNER, DEMO_PASSWORD);
    await open(page, "overview");
    expect(await page.evaluate(() => document.documentElement.classList.contains("dark"))).toBe(false);
    const bodyBackground = () => page.evaluate(() => getComputedStyle(document.body).backgroundColor);
    expect(await bodyBackground()).toBe("rgb(249, 250, 251)"); // gray-50

    await page.getByTestId("theme-toggle").selectOption("dark");
    expect(await page.evaluate(() => document.documentElement.classList.contains("dark"))).toBe(true);
    expect(await page.evaluate((k) => localStorage.getItem(k), THEME_STORAGE_KEY)).toBe("dark");
    expect(await bodyBackground()).toBe("rgb(3, 7, 18)"); // gray-950, the mirror of gray-50

    await open(page, "spend");
    expect(await page.evaluate(() => (window as unknown as { darkAtBody: boolean }).darkAtBody)).toBe(true);
    expect(await page.getByTestId("theme-toggle").inputValue()).toBe("dark");

    await page.getByTestId("theme-toggle").selectOption("system");
    await open(page, "overview");
    expect(await page.evaluate(() => (window as unknown as { darkAtBody: boolean }).darkAtBody)).toBe(false);
    expect(cspErrors).toEqual([]);
    await page.close();
  });
});
