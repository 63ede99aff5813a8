import type { Browser, Page } from "playwright-core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { hashPassword } from "@/lib/auth/password";
import { db } from "@/lib/db";
import { launchBrowser, signIn, startAppServer, type AppServer } from "../support/app-server";
import { createOrgWithMembers } from "../support/factories";

// A fresh org's first hour in a real browser: the Overview's checklist starts at 0 of 5 with
// empty cards that say what fills them (and no chart axis), then each step is done the way a
// person does it (the next step's button, the page's own form, the push API) and flips to done
// from the database's state on the next load, until the checklist goes away.

const PASSWORD = "onboarding-e2e-password";
let app: AppServer;
let browser: Browser;

beforeAll(async () => {
  app = await startAppServer();
  browser = await launchBrowser();
});
afterAll(async () => {
  await browser?.close();
  await app?.stop();
});

const stepDone = (page: Page, key: string) => page.getByTestId(`step-${key}`).getAttribute("data-done");

async function overview(page: Page, slug: string) {
  await page.goto(`${app.baseUrl}/${slug}/overview`);
  await page.getByRole("heading", { level: 1 }).waitFor();
}

describe("first-run checklist on the Overview", () => {
  it("a fresh org: 0 of 5, empty cards with links and no axis; each step done flips it; all done hides it", async () => {
    const f = await createOrgWithMembers("Fresh Start", ["OWNER"]);
    await db().user.update({ where: { id: f.members.OWNER.id }, data: { passwordHash: await hashPassword(PASSWORD) } });
    const slug = f.org.slug;
    const page = await browser.newPage({ viewport: { width: 1440, height: 900 } });
    await signIn(page, app.baseUrl, f.members.OWNER.email, PASSWORD);
    await overview(page, slug);

    expect(await page.getByTestId("checklist-progress").textContent()).toBe("0 of 5 done");
    for (const key of ["data", "budget", "team", "gpu", "terms"]) expect(await stepDone(page, key)).toBe("false");
    // The next step's button goes to the page that does it.
    expect(await page.getByTestId("checklist-next").getAttribute("href")).toBe(`/${slug}/settings/connections`);
    // Empty cards: what fills them, a link there, and no chart (the old invented $0–$4 axis).
    const months = page.getByTestId("months-empty");
    expect(await months.textContent()).toContain("The chart fills once billing data arrives");
    expect(await months.getByRole("link", { name: /Import a CSV or FOCUS file/ }).getAttribute("href")).toBe(`/${slug}/settings/import`);
    expect(await page.locator(".recharts-cartesian-axis").count()).toBe(0);
    expect(await page.locator("svg.recharts-surface").count()).toBe(0);
    expect(await page.getByTestId("providers-empty").getByRole("link").count()).toBe(3);
    expect(await page.getByTestId("breakeven-empty").textContent()).toContain("No measured usage with a catalog price yet.");

    // 1. Point a trace exporter: an API token made on the page, one usage record pushed with it.
    await page.goto(`${app.baseUrl}/${slug}/settings/api-tokens`);
    await page.getByLabel("Token name").fill("tracing exporter");
    await page.getByRole("button", { name: "Create token" }).click();
    const token = (await page.getByTestId("new-token").textContent())!;
    const res = await fetch(`${app.baseUrl}/api/v1/usage`, {
      method: "POST",
      headers: { authorization: `Bearer ${token}`, "content-type": "application/json" },
      body: JSON.stringify({ records: [{ id: "trace-1", provider: "openai", model: "gpt-onboarding", timestamp: new Date().toISOString(), inputTokens: 100, outputTokens: 20, cost: "1.25" }] }),
    });
    expect(await res.json()).toEqual({ accepted: 1, duplicates: 0, errors: [] });
    await overview(page, slug);
    expect(await stepDone(page, "data")).toBe("true");
    expect(await page.getByTestId("checklist-progress").textContent()).toBe("1 of 5 done");
    expect(await page.getByTestId("step-data").textContent()).toContain("Spend comes from usage pushed to the usage API.");

    // 2. Budget: the next step's button opens Spend at its budgets card; the org-wide budget is saved there.
    const next = page.getByTestId("checklist-next");
    expect(await next.textContent()).toBe("Set a budget");
    await next.click();
    await page.waitForURL(`${app.baseUrl}/${slug}/spend#budgets`);
    const budgetInput = page.getByTestId("budgets-table").locator("input[name=amount]").first();
    await budgetInput.fill("5000");
    await budgetInput.press("Enter");
    await expect.poll(async () => (await db().organization.findUniqueOrThrow({ where: { id: f.org.id } })).monthlyBudget?.toString(), { timeout: 20_000 }).toBe("5000");
    await overview(page, slug);
    expect(await stepDone(page, "budget")).toBe("true");
    expect(await page.getByTestId("budget").textContent()).toBe("$5,000.00");

    // 3. Team: finance invited alone is not enough; engineering too makes it done.
    expect(await page.getByTestId("checklist-next").getAttribute("href")).toBe(`/${slug}/settings/members`);
    await page.getByTestId("checklist-next").click();
    await page.waitForURL(`${app.baseUrl}/${slug}/settings/members`);
    for (const role of ["FINANCE", "ENGINEERING"]) {
      await page.getByLabel("Email to invite").fill(`${role.toLowerCase()}@fresh-start.test`);
      await page.getByLabel("Role", { exact: true }).selectOption(role);
      await page.getByRole("button", { name: "Invite" }).click();
      await expect.poll(() => page.getByText(`${role.toLowerCase()}@fresh-start.test (invited)`).count(), { timeout: 20_000 }).toBe(1);
      await overview(page, slug);
      expect(await stepDone(page, "team")).toBe(role === "FINANCE" ? "false" : "true");
      if (role === "FINANCE") {
        expect(await page.getByTestId("step-team").textContent()).toContain("No one from engineering yet");
        await page.goto(`${app.baseUrl}/${slug}/settings/members`);
      }
    }

    // 4. A GPU pool (the row the GPU pool settings form writes) and 5. a terms-change alert rule.
    expect(await page.getByTestId("checklist-next").getAttribute("href")).toBe(`/${slug}/settings/gpu-pools`);
    await db().gpuPool.create({ data: { orgId: f.org.id, name: "Rented L4s", gpuModel: "L4", gpuCount: 2, costModel: "CLOUD", pricingTerm: "ON_DEMAND", hourlyRatePerGpu: "0.80", powerPricePerKwh: "0.12" } });
    await overview(page, slug);
    expect(await stepDone(page, "gpu")).toBe("true");
    expect(await page.getByTestId("checklist-progress").textContent()).toBe("4 of 5 done");
    expect(await page.getByTestId("checklist-next").getAttribute("href")).toBe(`/${slug}/alert-rules`);
    await db().alertRule.create({ data: { orgId: f.org.id, type: "TERMS_CHANGE", name: "Terms changes", params: { minSeverity: "HIGH" }, recipientRoles: ["OWNER"] } });
    await overview(page, slug);
    expect(await page.getByTestId("onboarding-checklist").count()).toBe(0);
    // With spend in, the 13-month chart is drawn.
    expect(await page.getByTestId("months-empty").count()).toBe(0);
    await page.close();
  });

  it("a finance member sees only the buttons finance may use, and is told who does the rest", async () => {
    const f = await createOrgWithMembers("Finance First", ["OWNER", "FINANCE"]);
    await db().user.update({ where: { id: f.members.FINANCE.id }, data: { passwordHash: await hashPassword(PASSWORD) } });
    const page = await browser.newPage();
    await signIn(page, app.baseUrl, f.members.FINANCE.email, PASSWORD);
    await overview(page, f.org.slug);
    expect(await page.getByTestId("step-data").getByRole("link").allTextContents()).toEqual(["Import a CSV or FOCUS file"]);
    expect(await page.getByTestId("step-gpu").textContent()).toContain("Your role cannot do this step");
    await page.close();
  });
});
