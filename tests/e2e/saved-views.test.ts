import { describe, expect, it } from "vitest";
import type { Browser, Page } from "playwright-core";
import { db } from "@/lib/db";
import { DEMO_ORG_SLUG } from "@/lib/demo/seed";
import { DEMO_PASSWORD } from "@/lib/demo/generate";
import { formatUsd } from "@/lib/money";
import { monthEndOf, monthStartOf, isoDay } from "@/lib/spend/filters";
import { signIn } from "../support/app-server";
import { useDemoApp } from "../support/demo-app";

// Saved views in a real browser: finance saves "Anthropic last month by model" from the Spend page (the
// range proposed as the relative "Last month" because the dates match it), pins it to the Overview,
// where its card shows last month's Anthropic spend as the database holds it (summed here, not by the
// app); engineering does not see it while it is private, and sees, opens and pins it once shared.

const now = new Date();
const demo = useDemoApp(now);
const today = isoDay(now);
const from = monthStartOf(today, -1);
const to = monthEndOf(from);
const VIEW = "Anthropic last month";

async function anthropicLastMonth(): Promise<string> {
  const org = await db().organization.findUniqueOrThrow({ where: { slug: DEMO_ORG_SLUG } });
  const agg = await db().costBucket.aggregate({ where: { orgId: org.id, provider: "anthropic", day: { gte: new Date(`${from}T00:00:00Z`), lte: new Date(`${to}T00:00:00Z`) } }, _sum: { amount: true } });
  return formatUsd(agg._sum.amount!.toString());
}

async function signedIn(browser: Browser, email: string): Promise<Page> {
  const page = await (await browser.newContext()).newPage();
  await signIn(page, demo.app.baseUrl, email, DEMO_PASSWORD);
  return page;
}

const viewRow = (page: Page) => page.locator(`[data-testid=saved-view][data-view-name="${VIEW}"]`);

describe("saved Spend views", () => {
  it("finance saves a view, pins it and sees its total on the Overview", async () => {
    const expected = await anthropicLastMonth();
    expect(expected).not.toBe("$0.00");
    const page = await signedIn(demo.browser, "finance@demo.breakeven.local");
    await page.goto(`${demo.app.baseUrl}/${DEMO_ORG_SLUG}/spend?from=${from}&to=${to}&provider=anthropic&groupBy=model`);
    await expect.poll(() => page.getByTestId("spend-total").textContent()).toBe(expected);

    await page.getByTestId("save-view-open").click();
    await page.getByLabel("View name").fill(VIEW);
    expect(await page.getByLabel("Dates").inputValue()).toBe("last-month");
    await page.getByRole("button", { name: "Save view" }).click();
    await viewRow(page).waitFor();
    expect(await viewRow(page).textContent()).toContain("private");

    await viewRow(page).getByRole("button", { name: "Pin to Overview" }).click();
    await viewRow(page).getByRole("button", { name: "Unpin from Overview" }).waitFor();

    await page.goto(`${demo.app.baseUrl}/${DEMO_ORG_SLUG}/overview`);
    const card = page.locator(`[data-testid=pinned-view][data-view-name="${VIEW}"]`);
    expect(await card.getByTestId("pinned-view-total").textContent()).toBe(expected);
    expect(await card.textContent()).toContain(`${from} to ${to}`);
    await page.screenshot({ path: "test-results/overview-pinned-views.png", fullPage: true });

    // The card opens the view: the Spend page with its filters and grouping in the URL.
    await card.click();
    await page.waitForURL((u) => u.pathname.endsWith("/spend") && u.searchParams.get("provider") === "anthropic" && u.searchParams.get("groupBy") === "model");
    expect(await page.getByTestId("spend-total").textContent()).toBe(expected);
    await page.context().close();
  });

  it("a private view is finance's alone; once shared, engineering sees it, opens it and pins it", async () => {
    const eng = await signedIn(demo.browser, "engineering@demo.breakeven.local");
    await eng.goto(`${demo.app.baseUrl}/${DEMO_ORG_SLUG}/spend`);
    await eng.getByRole("heading", { name: "Saved views" }).waitFor();
    expect(await viewRow(eng).count()).toBe(0);

    const fin = await signedIn(demo.browser, "finance@demo.breakeven.local");
    await fin.goto(`${demo.app.baseUrl}/${DEMO_ORG_SLUG}/spend`);
    await viewRow(fin).getByRole("button", { name: "Share with the org" }).click();
    await viewRow(fin).getByRole("button", { name: "Make private" }).waitFor();
    expect(await viewRow(fin).textContent()).toContain("shared with the org");

    await eng.reload();
    expect(await viewRow(eng).textContent()).toContain("shared by finance@demo.breakeven.local");
    // Engineering may pin it to its own Overview but neither rename/share nor schedule it.
    expect(await viewRow(eng).getByRole("button", { name: "Make private" }).count()).toBe(0);
    expect(await viewRow(eng).getByRole("button", { name: "Weekly email…" }).count()).toBe(0);
    await viewRow(eng).getByRole("button", { name: "Pin to Overview" }).click();
    await viewRow(eng).getByRole("button", { name: "Unpin from Overview" }).waitFor();
    await eng.goto(`${demo.app.baseUrl}/${DEMO_ORG_SLUG}/overview`);
    expect(await eng.locator(`[data-testid=pinned-view][data-view-name="${VIEW}"]`).getByTestId("pinned-view-total").textContent()).toBe(await anthropicLastMonth());

    // Finance schedules the Monday email from the same row (the run itself: tests/integration/view-report.test.ts).
    await viewRow(fin).getByRole("button", { name: "Weekly email…" }).click();
    const form = fin.getByRole("form", { name: `Weekly email of ${VIEW}` });
    await form.getByLabel("Day").selectOption("1");
    await form.getByLabel("Time (UTC)").fill("07:00");
    await form.getByLabel(/finance@demo\.breakeven\.local/).check();
    await form.getByLabel(/Other addresses/).fill("cfo@outside.test");
    await form.getByRole("button", { name: "Save schedule" }).click();
    await expect.poll(() => viewRow(fin).getByTestId("view-report-label").textContent().catch(() => null)).toBe("Every Monday at 07:00 UTC");
    await fin.context().close();
    await eng.context().close();
  });
});
