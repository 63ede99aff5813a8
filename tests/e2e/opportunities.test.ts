import { describe, expect, it } from "vitest";
import { DEMO_ORG_SLUG } from "@/lib/demo/seed";
import { DEMO_PASSWORD } from "@/lib/demo/generate";
import { signIn } from "../support/app-server";
import { useDemoApp } from "../support/demo-app";

// An executive in a real browser opens the demo's Opportunities page, reads the batch-API
// opportunity of the Search project (its traffic tolerates delay), follows "model it" and finds the
// scenario builder pre-filled with the same workload, the same month's dollars and the batch prices.

const demo = useDemoApp();

describe("executive on the Opportunities page", () => {
  it("opens one opportunity, follows 'model it' and finds the scenario pre-filled with the same figures", async () => {
    const page = await demo.browser.newPage();
    await signIn(page, demo.app.baseUrl, "executive@demo.breakeven.local", DEMO_PASSWORD);
    await page.goto(`${demo.app.baseUrl}/${DEMO_ORG_SLUG}/opportunities`);
    await expect.poll(() => page.getByRole("heading", { name: "Savings opportunities" }).count()).toBe(1);

    // At least four kinds, each with evidence.
    const kinds = await page.getByTestId("opportunity").evaluateAll((els) => [...new Set(els.filter((e) => !e.closest("section section")).map((e) => e.getAttribute("data-kind")))]);
    for (const k of ["batch", "caching", "rightSizing", "idleGpu"]) expect(kinds).toContain(k);

    const card = page.locator('[data-testid="opportunity"][data-key="batch:openai:text-embedding-3-small:proj_search"]');
    const appliesTo = (await card.getByTestId("applies-to").textContent())!.replace(/^of | spent$/g, "");
    const summary = (await card.getByTestId("scenario-summary").textContent())!;
    const [, input, output] = /at \$([\d.]+) in \/ \$([\d.]+) out per 1M/.exec(summary)!;
    expect(summary).toMatch(/openai · text-embedding-3-small · proj_search → openai \/ text-embedding-3-small/);
    expect(Number(input)).toBe(0.01); // half of $0.02 per 1M: the Batch API discount

    // The evidence opens Spend on the same rows.
    const evidence = await card.getByTestId("evidence").getAttribute("href");
    expect(evidence).toMatch(/\/spend\?.*model=text-embedding-3-small.*project=proj_search/);

    await card.getByTestId("model-it").click();
    await page.waitForURL(/\/scenarios\/new\?/);
    await expect.poll(() => page.getByTestId("measured-cost").textContent()).toBe(appliesTo);
    expect(await page.getByLabel("Provider", { exact: true }).inputValue()).toBe("openai");
    expect(await page.getByLabel("Model", { exact: true }).inputValue()).toBe("text-embedding-3-small");
    expect(await page.getByLabel("Project", { exact: true }).inputValue()).toBe("proj_search");
    expect(await page.getByLabel("API model", { exact: true }).inputValue()).toBe("openai/text-embedding-3-small");
    expect(await page.getByLabel("Input price", { exact: true }).inputValue()).toBe(input);
    expect(await page.getByLabel("Output price", { exact: true }).inputValue()).toBe(output);
    expect(await page.getByLabel("Share that must stay on today's vendor").inputValue()).toBe("0");
    await page.screenshot({ path: "test-results/opportunities-model-it.png", fullPage: true });
    await page.close();
  });
});
