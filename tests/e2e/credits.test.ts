import { describe, expect, it } from "vitest";
import { db } from "@/lib/db";
import { loadCommitments } from "@/lib/commitments/store";
import { DEMO_PASSWORD } from "@/lib/demo/generate";
import { DEMO_ORG_SLUG } from "@/lib/demo/seed";
import { signIn } from "../support/app-server";
import { useDemoApp } from "../support/demo-app";

// Finance opens Credits & commitments in the demo: the OpenAI credit's run-out sentence is the query layer's,
// a bad amount is refused with the field named, a new credit appears; Reconciliation shows coverage per provider.

const now = new Date();
const org = DEMO_ORG_SLUG;
const demo = useDemoApp(now);

describe("credits and commitments in a real browser", () => {
  it("finance reads the burn-down, records a credit; reconciliation shows coverage", async () => {
    const page = await demo.browser.newPage();
    await signIn(page, demo.app.baseUrl, "finance@demo.breakeven.local", DEMO_PASSWORD);
    await page.goto(`${demo.app.baseUrl}/${org}/spend/commitments`);
    const demoOrg = await db().organization.findUniqueOrThrow({ where: { slug: org } });
    const openai = (await loadCommitments(demoOrg.id, new Date())).find((c) => c.provider === "openai")!;
    expect(openai.burnDown.runOutDate).not.toBeNull();
    const section = page.getByTestId(`commitment-${openai.id}`);
    await expect.poll(() => section.getByTestId("burn-down-sentence").textContent(), { timeout: 20_000 }).toContain(`runs out on ${openai.burnDown.runOutDate}`);

    await page.getByLabel("Provider").fill("mistral");
    await page.getByLabel("Name").fill("E2E credit");
    await page.getByLabel("Amount (USD)").fill("12.345");
    await page.getByLabel("Starts on").fill("2026-11-01");
    await page.getByRole("button", { name: "Save" }).click();
    await expect.poll(() => page.getByRole("alert").first().textContent(), { timeout: 20_000 }).toContain("no more than 2 decimals");
    await page.getByLabel("Amount (USD)").fill("5000");
    await page.getByRole("button", { name: "Save" }).click();
    await expect.poll(() => page.getByRole("heading", { name: /mistral · Prepaid credit · E2E credit/ }).count(), { timeout: 20_000 }).toBe(1);
    await page.screenshot({ path: "test-results/credits.png", fullPage: true });

    await page.goto(`${demo.app.baseUrl}/${org}/spend/reconciliation`);
    await expect.poll(() => page.getByTestId("coverage-table").locator("tbody tr").count(), { timeout: 20_000 }).toBeGreaterThan(0);
    expect(await page.getByTestId("coverage-table").textContent()).toContain("OpenAI");
  });
});
