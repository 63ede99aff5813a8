import { beforeAll, describe, expect, it } from "vitest";
import { db } from "@/lib/db";
import { DEMO_ORG_SLUG } from "@/lib/demo/seed";
import { DEMO_PASSWORD } from "@/lib/demo/generate";
import { formatUsd } from "@/lib/money";
import { signIn } from "../support/app-server";
import { useDemoApp } from "../support/demo-app";

const now = new Date();

const demo = useDemoApp(now);

describe("demo finance user in a real browser", () => {
  it("signs in and sees the Overview's spend figure that the database holds", async () => {
    // The figure, computed independently of the app: this UTC month's cost buckets, to the cent.
    const monthStart = new Date(Date.UTC(now.getUTCFullYear(), now.getUTCMonth(), 1));
    const org = await db().organization.findUniqueOrThrow({ where: { slug: DEMO_ORG_SLUG } });
    const agg = await db().costBucket.aggregate({ where: { orgId: org.id, day: { gte: monthStart } }, _sum: { amount: true } });
    const expected = formatUsd(agg._sum.amount!.toString());
    expect(expected).not.toBe("$0.00");

    const page = await demo.browser.newPage();
    await signIn(page, demo.app.baseUrl, "finance@demo.breakeven.local", DEMO_PASSWORD);
    await page.waitForURL(`${demo.app.baseUrl}/${DEMO_ORG_SLUG}/overview`);
    await expect.poll(() => page.getByTestId("spend-this-month").textContent()).toBe(expected);
    expect(await page.getByTestId("signed-in-as").textContent()).toBe("finance@demo.breakeven.local");
    await page.screenshot({ path: "test-results/overview.png", fullPage: true });
    await page.close();
  });

  it("a wrong password keeps the user on the sign-in page with an error", async () => {
    const page = await demo.browser.newPage();
    await page.goto(`${demo.app.baseUrl}/signin`);
    await page.getByLabel("Email").fill("finance@demo.breakeven.local");
    await page.getByLabel("Password").fill("not-the-password");
    await page.getByRole("button", { name: "Sign in" }).click();
    await expect.poll(() => page.locator("form [role=alert]").textContent()).toBe("Wrong email or password.");
    expect(new URL(page.url()).pathname).toBe("/signin");
    await page.close();
  });

  it("a signed-in user of one org gets 404 for another org's pages", async () => {
    const other = await db().organization.create({ data: { name: "Other", slug: `other-${Date.now()}` } });
    const page = await demo.browser.newPage();
    await signIn(page, demo.app.baseUrl, "finance@demo.breakeven.local", DEMO_PASSWORD);
    const res = await page.goto(`${demo.app.baseUrl}/${other.slug}/overview`);
    expect(res?.status()).toBe(404);
    await page.close();
  });
});
