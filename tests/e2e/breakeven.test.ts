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
    // Other browser tests may add pools to the demo org: pick the demo's own pool by name, at its real size.
    await page.getByLabel("Workload").selectOption({ label: "gpt-4o-mini · OpenAI · Support assistant" });
    await page.getByLabel("Self-host option").selectOption({ label: "Pool: On-prem L40S as it is (4 × NVIDIA L40S)" });
    // The pool serves Llama 3.1 8B (small tier); GPT-4o mini is medium tier: no saving is claimed.
    await page.getByLabel("Replacement model").selectOption("meta-llama/Llama-3.1-8B-Instruct");
    await expect.poll(() => page.getByTestId("breakeven-standing").textContent()).toMatch(/^Not like for like: Llama 3\.1 8B Instruct is small tier, GPT-4o mini is medium tier/);
    // A same-tier open-weight model from the catalog (Mistral Small 3, medium tier) gives a break-even.
    await page.getByLabel("Replacement model").selectOption("mistral-small");
    await expect.poll(() => page.getByTestId("breakeven-capability").textContent()).toMatch(/^Like for like: Mistral Small 3, medium tier \(MMLU \(5-shot\) 81\.0\) replaces GPT-4o mini, medium tier/);
    // At the estimate for a 24B model on an L40S (800 tokens/s per GPU) a GPU serves less than it costs at GPT-4o mini's prices.
    await expect.poll(() => page.getByTestId("breakeven-standing").textContent()).toBe("Self-hosting does not break even within the modelled range.");
    // Engineering measured more on its own benchmark: the estimate is an input like any other.
    await page.getByLabel("Throughput (tokens/s per GPU)").fill("5000");
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
