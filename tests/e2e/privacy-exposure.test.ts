import { describe, expect, it } from "vitest";
import { db } from "@/lib/db";
import { DEMO_PASSWORD } from "@/lib/demo/generate";
import { DEMO_ORG_SLUG } from "@/lib/demo/seed";
import { projectTokens } from "@/lib/privacy/exposure-store";
import { exactCount, tokenTotal } from "@/lib/privacy/exposure";
import { signIn } from "../support/app-server";
import { useDemoApp } from "../support/demo-app";

// An admin marks the demo's Support assistant (OpenAI) as handling personal data and sets a 7-day retention limit:
// the data-exposure view flags it (the OpenAI API keeps inputs and outputs up to 30 days, quoted in the seed) and
// offers a self-hosting scenario; an executive follows that link into the scenario builder for that very workload.
// The token figure is computed here from the database, independently of the page.

const now = new Date();
const org = DEMO_ORG_SLUG;
const demo = useDemoApp(now);

describe("data exposure in a real browser", () => {
  it("admin marks a project sensitive and sets a limit; the flag and the self-hosting scenario link follow", async () => {
    const admin = await demo.browser.newPage();
    await signIn(admin, demo.app.baseUrl, "admin@demo.breakeven.local", DEMO_PASSWORD);
    await admin.goto(`${demo.app.baseUrl}/${org}/privacy/exposure`);

    const row = admin.getByTestId("exposure-row").filter({ hasText: "Support assistant" });
    await expect.poll(() => row.count()).toBe(1);
    // Tokens shown (title: exact count) = the 30-day usage the database holds for proj_support.
    const demoOrg = await db().organization.findUniqueOrThrow({ where: { slug: org } });
    const expected = (await projectTokens(demoOrg.id, now)).filter((u) => u.provider === "openai" && u.projectId === "proj_support").reduce((s, u) => s.plus(tokenTotal(u)), tokenTotal({ inputTokens: 0, outputTokens: 0, cachedInputTokens: 0, cacheWriteTokens: 0 }));
    expect(await row.locator("td[title]").getAttribute("title")).toBe(`${exactCount(expected.toFixed(0))} tokens`);
    expect(await row.textContent()).toContain("OpenAI — API platform");

    await row.getByLabel("Personal data").check();
    await row.getByRole("button", { name: "Save" }).click();
    await admin.getByLabel("Longest a vendor may keep your data (days)").fill("7");
    await admin.getByRole("form", { name: "Retention limit" }).getByRole("button", { name: "Save" }).click();

    const flag = admin.locator('[data-flag="retention-over-limit"]');
    await expect.poll(() => flag.textContent()).toBe("Support assistant sends personal data to an offering that keeps it 30 days, over your limit of 7");
    await admin.screenshot({ path: "test-results/privacy-exposure.png", fullPage: true });
    // A project left unmarked is never flagged. (A "needs review" notice may stand on any row whose vendor's documents
    // changed — the alerts browser test changes OpenAI's — and is about the vendor, not the project.)
    expect(await admin.getByTestId("exposure-row").filter({ hasText: "Search" }).locator('[data-flag]:not([data-flag="needs-review"])').count()).toBe(0);

    const executive = await demo.browser.newPage();
    await signIn(executive, demo.app.baseUrl, "executive@demo.breakeven.local", DEMO_PASSWORD);
    await executive.goto(`${demo.app.baseUrl}/${org}/privacy/exposure`);
    // The executive sees the flag but cannot edit the settings (privacy.manage is owners' and admins').
    expect(await executive.getByRole("form", { name: "Retention limit" }).count()).toBe(0);
    await executive.getByRole("link", { name: "Scenario: move this workload to self-hosting" }).click();
    await executive.waitForURL((u) => u.pathname === `/${org}/scenarios/new`, { timeout: 30_000 });
    const params = new URL(executive.url()).searchParams;
    expect([params.get("provider"), params.get("projectId"), params.get("target")]).toEqual(["openai", "proj_support", "selfHost"]);
    await expect.poll(() => executive.getByRole("heading", { name: "New migration scenario" }).count()).toBe(1);
  });
});
