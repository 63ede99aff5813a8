import { readFile } from "node:fs/promises";
import { beforeAll, describe, expect, it } from "vitest";
import { db } from "@/lib/db";
import { DEMO_ORG_SLUG } from "@/lib/demo/seed";
import { DEMO_PASSWORD } from "@/lib/demo/generate";
import { formatUsd } from "@/lib/money";
import { signIn } from "../support/app-server";
import { useDemoApp } from "../support/demo-app";

// Finance in a real browser: opens Spend, filters by a provider (the filter lands in the URL),
// exports the table as CSV and finds in the downloaded file the total shown on screen, which is
// also what the database holds for that provider this month (summed here, independently).

const now = new Date();

const demo = useDemoApp(now);

async function thisMonthSoFar(provider?: string): Promise<string> {
  const org = await db().organization.findUniqueOrThrow({ where: { slug: DEMO_ORG_SLUG } });
  const from = new Date(Date.UTC(now.getUTCFullYear(), now.getUTCMonth(), 1));
  const to = new Date(Date.UTC(now.getUTCFullYear(), now.getUTCMonth(), now.getUTCDate()));
  const agg = await db().costBucket.aggregate({ where: { orgId: org.id, day: { gte: from, lte: to }, ...(provider ? { provider } : {}) }, _sum: { amount: true } });
  return formatUsd(agg._sum.amount!.toString());
}

describe("finance user on the Spend page", () => {
  it("filters by a provider, exports the CSV, and the file's total is the on-screen total", async () => {
    const page = await demo.browser.newPage();
    await signIn(page, demo.app.baseUrl, "finance@demo.breakeven.local", DEMO_PASSWORD);
    await page.goto(`${demo.app.baseUrl}/${DEMO_ORG_SLUG}/spend`);
    await expect.poll(() => page.getByTestId("spend-total").textContent()).toBe(await thisMonthSoFar());

    await page.getByLabel("Filter by provider").selectOption("anthropic");
    await page.waitForURL((u) => u.searchParams.getAll("provider").join() === "anthropic");
    const expected = await thisMonthSoFar("anthropic");
    expect(expected).not.toBe(await thisMonthSoFar());
    await expect.poll(() => page.getByTestId("spend-total").textContent()).toBe(expected);
    expect(await page.getByTestId("spend-table-total").textContent()).toBe(expected);
    await page.screenshot({ path: "test-results/spend.png", fullPage: true });

    const [download] = await Promise.all([page.waitForEvent("download"), page.getByTestId("spend-table-csv").click()]);
    expect(download.suggestedFilename()).toMatch(/^spend-by-provider-\d{4}-\d{2}-01-to-\d{4}-\d{2}-\d{2}\.csv$/);
    const lines = (await readFile((await download.path())!, "utf8")).trimEnd().split("\r\n");
    expect(lines[0]).toBe("Provider,Key,Billed (USD),Estimated (USD),Total (USD)");
    expect(lines.slice(1, -1).map((l) => l.split(",")[1])).toEqual(["anthropic"]);
    const total = lines.at(-1)!.split(",");
    expect(total[0]).toBe("Total");
    expect(formatUsd(total[4]!)).toBe(expected);
    await page.close();
  });

  it("the shared link opens the same filtered view", async () => {
    const page = await demo.browser.newPage();
    await signIn(page, demo.app.baseUrl, "finance@demo.breakeven.local", DEMO_PASSWORD);
    await page.goto(`${demo.app.baseUrl}/${DEMO_ORG_SLUG}/spend?provider=anthropic&groupBy=model`);
    await expect.poll(() => page.getByTestId("spend-total").textContent()).toBe(await thisMonthSoFar("anthropic"));
    expect(await page.getByTestId("filter-chip").allTextContents()).toEqual(["provider: anthropic×"]);
    await page.close();
  });
});
