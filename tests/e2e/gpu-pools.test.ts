import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { db } from "@/lib/db";
import { DEMO_PASSWORD } from "@/lib/demo/generate";
import { DEMO_ORG_SLUG } from "@/lib/demo/seed";
import { formatUsdPerMillion } from "@/lib/gpu/api-comparison";
import { closeQueues, getQueue } from "@/lib/queues";
import { dec } from "@/lib/money";
import { signIn } from "../support/app-server";
import { useDemoApp } from "../support/demo-app";

// GPU pools in a real browser against the production build: an engineer creates a pool and sees
// its cost per hour; the demo pool's page shows the effective $/1M tokens that the test works out
// on its own from the database rows.

const demo = useDemoApp();
afterAll(async () => {
  await getQueue("gpuScrape").obliterate({ force: true }); // the schedulers the created pool's page made
  await closeQueues();
});

describe("GPU pools in a real browser", () => {
  it("an engineer creates a cloud pool (a bad GPU count is named first) and sees its cost per hour", async () => {
    const page = await demo.browser.newPage();
    await signIn(page, demo.app.baseUrl, "engineering@demo.breakeven.local", DEMO_PASSWORD);
    await page.goto(`${demo.app.baseUrl}/${DEMO_ORG_SLUG}/settings/gpu-pools`);
    await page.getByRole("button", { name: "Add a GPU pool" }).click();
    const form = page.getByRole("form", { name: "New GPU pool" });
    await form.getByLabel("Pool name").fill("E2E H100 cloud");
    await form.getByLabel("GPU model").fill("NVIDIA H100 80GB");
    await form.getByLabel("Number of GPUs").fill("0");
    await form.getByLabel("Hourly rate per GPU ($)").fill("2.50");
    await form.getByLabel("Pricing").selectOption("RESERVED");
    await form.getByLabel("Power price ($/kWh)").fill("0.12");
    await form.getByLabel("Staff: share of one FTE (0–1)").fill("0.5");
    await form.getByLabel("Staff: annual cost of one FTE ($)").fill("120000");
    await form.getByRole("button", { name: "Create pool" }).click();
    await expect.poll(() => form.locator('[data-field-error="gpuCount"]').textContent()).toBe("must be at least 1 GPU");

    await form.getByLabel("Number of GPUs").fill("4");
    await form.getByRole("button", { name: "Create pool" }).click();
    const created = page.getByTestId("pool-settings-E2E H100 cloud");
    await created.getByRole("link", { name: "View costs" }).click();
    await page.waitForURL(/\/gpu-pools\/[^/]+$/);
    // No metrics yet, so no energy: 4 GPUs × $2.50 = $10.00/h + staff 0.5 × $120,000 ÷ 8,760 h = $6.849315/h → $16.85/h
    await expect.poll(() => page.getByTestId("cost-per-hour").textContent()).toBe("$16.85/h");
    const stored = await db().gpuPool.findFirstOrThrow({ where: { name: "E2E H100 cloud" } });
    expect([stored.gpuCount, stored.pricingTerm, stored.hourlyRatePerGpu?.toString()]).toEqual([4, "RESERVED", "2.5"]);
    await page.screenshot({ path: "test-results/gpu-pool-created.png", fullPage: true });
    await page.close();
  });

  it("the demo pool's page shows the effective $/1M tokens and the API's, worked out here from the rows", async () => {
    const now = new Date();
    const monthStart = new Date(Date.UTC(now.getUTCFullYear(), now.getUTCMonth(), 1));
    const org = await db().organization.findUniqueOrThrow({ where: { slug: DEMO_ORG_SLUG } });
    const pool = await db().gpuPool.findFirstOrThrow({ where: { orgId: org.id, name: "On-prem L40S" } });
    const where = { poolId: pool.id, hour: { gte: monthStart } };
    const metrics = await db().gpuHourlyMetric.aggregate({ where, _sum: { energyKwh: true }, _min: { hour: true }, _max: { hour: true } });
    const tokens = await db().gpuHourlyTokens.aggregate({ where, _sum: { promptTokens: true, generationTokens: true } });
    const price = await db().modelPriceVersion.findFirstOrThrow({ where: { provider: "openai", model: "gpt-4o-mini", effectiveFrom: { lte: now } }, orderBy: { effectiveFrom: "desc" } });
    let expected = "—";
    let expectedApi = "—";
    if (metrics._min.hour && metrics._max.hour) {
      // This month from its first to its last rolled-up hour: hours × (amortisation (48,000 − 4,800) ÷ 36 ÷ 730
      // + staff 0.1 × 160,000 ÷ 8,760) + kWh × PUE 1.3 × $0.14; ÷ tokens × 10^6
      const hours = (metrics._max.hour.getTime() - metrics._min.hour.getTime()) / 3_600_000 + 1;
      const perHour = dec(48000 - 4800).div(36).div(730).plus(dec("0.1").times(160000).div(8760));
      const cost = perHour.times(hours).plus(dec(metrics._sum.energyKwh!).times("1.3").times("0.14"));
      const prompt = dec(tokens._sum.promptTokens!), generation = dec(tokens._sum.generationTokens!);
      expected = formatUsdPerMillion(cost.div(prompt.plus(generation)).times(1_000_000));
      // gpt-4o-mini for the same tokens: prompt × input + generated × output, per 1M of them
      expectedApi = formatUsdPerMillion(prompt.times(dec(price.inputPerMTok)).plus(generation.times(dec(price.outputPerMTok))).div(prompt.plus(generation)));
    }

    const page = await demo.browser.newPage();
    await signIn(page, demo.app.baseUrl, "finance@demo.breakeven.local", DEMO_PASSWORD);
    await page.goto(`${demo.app.baseUrl}/${DEMO_ORG_SLUG}/gpu-pools`);
    await page.getByTestId("pool-card-On-prem L40S").click();
    await page.waitForURL(`${demo.app.baseUrl}/${DEMO_ORG_SLUG}/gpu-pools/${pool.id}`);
    await expect.poll(() => page.getByTestId("effective-per-million").textContent()).toBe(expected);
    expect(await page.getByTestId("api-per-million").textContent()).toBe(expectedApi);
    expect(await page.getByTestId("gpu-table").locator("tbody tr").count()).toBe(4);
    await page.screenshot({ path: "test-results/gpu-pool-demo.png", fullPage: true });
    await page.close();
  });

  it("finance sees no GPU pool settings in the menu and is turned away from the page", async () => {
    const page = await demo.browser.newPage();
    await signIn(page, demo.app.baseUrl, "finance@demo.breakeven.local", DEMO_PASSWORD);
    await page.goto(`${demo.app.baseUrl}/${DEMO_ORG_SLUG}/gpu-pools`);
    expect(await page.getByRole("link", { name: "GPU pool settings" }).count()).toBe(0);
    await page.goto(`${demo.app.baseUrl}/${DEMO_ORG_SLUG}/settings/gpu-pools`);
    expect(new URL(page.url()).pathname).toBe(`/${DEMO_ORG_SLUG}/forbidden`);
    await page.close();
  });
});
