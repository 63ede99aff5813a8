import { beforeAll, describe, expect, it } from "vitest";
import { db } from "@/lib/db";
import { DEMO_ORG_SLUG } from "@/lib/demo/seed";
import { DEMO_PASSWORD } from "@/lib/demo/generate";
import { signIn } from "../support/app-server";
import { useDemoApp } from "../support/demo-app";

// An executive in a real browser: opens Break-even, raises the GPU price and sees the break-even
// marker move out at once (the engine runs in the page), then the real-vs-modelled table of the
// demo's pool.

const demo = useDemoApp();

describe("executive on the Break-even page", () => {
  it("edits the GPU price and the break-even marker moves", async () => {
    const page = await demo.browser.newPage();
    await signIn(page, demo.app.baseUrl, "executive@demo.breakeven.local", DEMO_PASSWORD);
    await page.goto(`${demo.app.baseUrl}/${DEMO_ORG_SLUG}/breakeven`);
    // Other browser tests may add pools to the demo org: pick the demo's own pool by name.
    await page.getByLabel("Self-host option").selectOption({ label: "Pool: On-prem L40S" });
    const marker = page.getByTestId("breakeven-marker");
    await expect.poll(() => marker.getAttribute("data-tokens")).toMatch(/^\d+$/);
    const before = Number(await marker.getAttribute("data-tokens"));
    const volumeBefore = await page.getByTestId("breakeven-volume").textContent();
    expect(await page.getByTestId("breakeven-standing").textContent()).toMatch(/\d+% of break-even/);
    expect(await page.getByTestId("breakeven-history").textContent()).toMatch(/cheaper/);

    // The demo pool's GPUs were bought at $12,000 each; make them $60,000.
    const price = page.getByLabel("GPU price (USD per GPU)");
    expect(await price.inputValue()).toBe("12000");
    await price.fill("60000");
    await expect.poll(async () => Number(await marker.getAttribute("data-tokens"))).toBeGreaterThan(before);
    expect(await page.getByTestId("breakeven-volume").textContent()).not.toBe(volumeBefore);
    await page.screenshot({ path: "test-results/breakeven.png", fullPage: true });

    // A bad value names its field instead of breaking the page; fixing it brings the marker back.
    await price.fill("-1");
    await expect.poll(() => page.getByRole("alert").first().textContent()).toMatch(/must not be negative/);
    await price.fill("12000");
    await expect.poll(async () => Number(await marker.getAttribute("data-tokens"))).toBe(before);

    expect(await page.getByTestId("real-vs-modelled").filter({ hasText: "On-prem L40S" }).textContent()).toMatch(/On-prem L40S.*gpt-4o-mini/);
    await page.close();
  });
});
