import { describe, expect, it } from "vitest";
import { db } from "@/lib/db";
import { DEMO_ORG_SLUG } from "@/lib/demo/seed";
import { DEMO_PASSWORD } from "@/lib/demo/generate";
import { DEMO_SPAN_DAYS } from "@/lib/demo/otel-seed";
import { signIn } from "../support/app-server";
import { useDemoApp } from "../support/demo-app";

const demo = useDemoApp(new Date());

describe("unit economics in a real browser", () => {
  it("shows the demo's span days, top customers and the cardinality note; an owner saves the attribution mapping", async () => {
    const org = await db().organization.findUniqueOrThrow({ where: { slug: DEMO_ORG_SLUG } });
    const requests = await db().otelDailyRollup.aggregate({ where: { orgId: org.id, dimension: "all" }, _sum: { requests: true } });
    expect(Number(requests._sum.requests)).toBeGreaterThan(0);

    const page = await demo.browser.newPage();
    await signIn(page, demo.app.baseUrl, "owner@demo.breakeven.local", DEMO_PASSWORD);
    await page.goto(`${demo.app.baseUrl}/${DEMO_ORG_SLUG}/unit-economics?days=30`);
    expect(await page.locator("h1").first().textContent()).toBe("Unit economics");
    expect(await page.getByTestId("unit-days").locator("tbody tr").count()).toBe(DEMO_SPAN_DAYS);
    expect(await page.getByTestId("top-customers").locator("tr").count()).toBeGreaterThan(3);
    expect(await page.getByTestId("cardinality-note").textContent()).toContain("top 50 values by cost are kept");
    await page.screenshot({ path: "test-results/unit-economics.png", fullPage: true });

    await page.getByLabel("Customer").fill("tenant.id");
    await page.getByRole("button", { name: "Save attribution" }).click();
    await expect.poll(async () => (await db().otelAttribution.findUnique({ where: { orgId: org.id } }))?.customerAttribute).toBe("tenant.id");
    await page.close();
  });
});
