import { mkdir, writeFile } from "node:fs/promises";
import { describe, expect, it } from "vitest";
import type { Page } from "playwright-core";
import { db } from "@/lib/db";
import { DEMO_ORG_SLUG } from "@/lib/demo/seed";
import { DEMO_PASSWORD } from "@/lib/demo/generate";
import { NAV } from "@/components/nav";
import { signIn } from "../support/app-server";
import { useDemoApp } from "../support/demo-app";

// Keyboard only, in a real browser on the demo org: the skip link, the Ctrl+K command palette jumping
// to a page, a project, a model and a saved scenario (typed, arrowed, Enter), Escape and the focus trap;
// then the time of client-side navigation between every page of the menu after the first load, written
// to test-results/navigation-timing.json for the README (reported, never asserted: the machine is shared).

const demo = useDemoApp(new Date());

async function owner(): Promise<Page> {
  const page = await (await demo.browser.newContext({ viewport: { width: 1440, height: 900 } })).newPage();
  await signIn(page, demo.app.baseUrl, "owner@demo.breakeven.local", DEMO_PASSWORD);
  await page.waitForURL(`${demo.app.baseUrl}/${DEMO_ORG_SLUG}/overview`);
  return page;
}

const palette = (page: Page) => page.getByRole("dialog");
const activeInPalette = (page: Page) => page.evaluate(() => Boolean(document.activeElement?.closest("[role=dialog]")));

async function jump(page: Page, text: string, expectPath: (u: URL) => boolean) {
  await page.keyboard.press("Control+k");
  await palette(page).waitFor();
  expect(await activeInPalette(page)).toBe(true);
  await page.keyboard.type(text);
  await expect.poll(() => page.locator("[cmdk-item][data-selected=true]").first().textContent()).toContain(text);
  await page.keyboard.press("Enter");
  await page.waitForURL(expectPath);
  await palette(page).waitFor({ state: "detached" });
}

describe("keyboard", () => {
  it("the skip link is the first stop and moves focus to the page's content", async () => {
    const page = await owner();
    await page.keyboard.press("Tab");
    expect(await page.evaluate(() => document.activeElement?.textContent)).toBe("Skip to content");
    const box = await page.locator(".skip-link").boundingBox();
    expect(box!.y).toBeGreaterThanOrEqual(0); // on screen once focused
    await page.keyboard.press("Enter");
    expect(await page.evaluate(() => document.activeElement?.id)).toBe("main");
    await page.context().close();
  });

  it("Ctrl+K jumps to a page, a project, a model and a saved scenario; Escape closes; focus stays inside", async () => {
    const org = await db().organization.findUniqueOrThrow({ where: { slug: DEMO_ORG_SLUG } });
    const project = await db().project.findFirstOrThrow({ where: { orgId: org.id }, orderBy: { name: "asc" } });
    const scenario = await db().migrationScenario.findFirstOrThrow({ where: { orgId: org.id }, orderBy: { name: "asc" } });
    const model = (await db().costBucket.findFirstOrThrow({ where: { orgId: org.id, model: { not: "" } }, orderBy: { model: "asc" }, select: { model: true } })).model;
    const page = await owner();

    await jump(page, "Vendor risk", (u) => u.pathname === `/${DEMO_ORG_SLUG}/risk`);
    await jump(page, project.name, (u) => u.pathname === `/${DEMO_ORG_SLUG}/spend` && u.searchParams.get("project") === project.externalId);
    await jump(page, model, (u) => u.pathname === `/${DEMO_ORG_SLUG}/spend` && u.searchParams.get("model") === model);
    await jump(page, scenario.name, (u) => u.pathname === `/${DEMO_ORG_SLUG}/scenarios/${scenario.id}`);

    // Arrow keys move the selection; Tab never leaves the dialog; Escape closes it and gives focus back.
    await page.keyboard.press("Control+k");
    await palette(page).waitFor();
    const first = await page.locator("[cmdk-item][data-selected=true]").textContent();
    await page.keyboard.press("ArrowDown");
    expect(await page.locator("[cmdk-item][data-selected=true]").textContent()).not.toBe(first);
    for (let i = 0; i < 5; i++) {
      await page.keyboard.press("Tab");
      expect(await activeInPalette(page)).toBe(true);
    }
    await page.keyboard.press("Escape");
    await palette(page).waitFor({ state: "detached" });
    expect(await activeInPalette(page)).toBe(false);
    await page.context().close();
  });

  it("every page of the menu opens from the keyboard (focused link + Enter) with a visible focus ring; navigation timed", async () => {
    const page = await owner();
    // Starting on the Overview: every other page, then back to the Overview.
    const pages = [...NAV.slice(1), NAV[0]!].map((n) => `/${DEMO_ORG_SLUG}/${n.href}`);
    const timings: { page: string; round: number; ms: number }[] = [];
    for (const round of [1, 2]) {
      for (const href of pages) {
        const link = page.locator(`nav[aria-label=Main] a[href="${href}"]`);
        await link.focus();
        // The focus ring is drawn (outline from :focus-visible in app/globals.css).
        const outline = await link.evaluate((el) => getComputedStyle(el).outlineStyle);
        expect(outline).toBe("solid");
        const t0 = Date.now();
        await page.keyboard.press("Enter");
        await page.waitForURL((u) => u.pathname === href);
        await page.locator("main h1").first().waitFor();
        timings.push({ page: href, round, ms: Date.now() - t0 });
      }
    }
    const stats = (round: number) => {
      const ms = timings.filter((t) => t.round === round).map((t) => t.ms).sort((a, b) => a - b);
      return { n: ms.length, median: ms[Math.floor(ms.length / 2)], p90: ms[Math.floor(ms.length * 0.9)], max: ms.at(-1) };
    };
    const report = { at: new Date().toISOString(), loadavg: (await import("node:os")).loadavg(), firstVisit: stats(1), repeat: stats(2), timings };
    await mkdir("test-results", { recursive: true });
    await writeFile("test-results/navigation-timing.json", JSON.stringify(report, null, 2));
    console.log(`navigation after first load: first visit median ${report.firstVisit.median} ms (p90 ${report.firstVisit.p90}, max ${report.firstVisit.max}); repeat median ${report.repeat.median} ms (p90 ${report.repeat.p90}, max ${report.repeat.max}); load ${report.loadavg.map((l) => l.toFixed(1)).join(" ")}`);
    expect(timings).toHaveLength(pages.length * 2);
    await page.context().close();
  });
});
