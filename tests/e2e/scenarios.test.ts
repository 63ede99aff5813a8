import type { Page } from "playwright-core";
import { beforeAll, describe, expect, it } from "vitest";
import { db } from "@/lib/db";
import { DEMO_ORG_SLUG } from "@/lib/demo/seed";
import { DEMO_PASSWORD } from "@/lib/demo/generate";
import { formatUsd } from "@/lib/money";
import { analyseScenario } from "@/lib/scenarios";
import { monthDays, referenceMonth } from "@/lib/scenarios/measured";
import { signIn } from "../support/app-server";
import { useDemoApp } from "../support/demo-app";

// An executive builds a scenario from a measured workload, saves it, builds a second one, compares
// the two, and the printable pages show the same figures. Every expected figure is computed here,
// independently of the pages: the cost from the database, the outputs by the engine from the
// inputs the database holds.

const now = new Date();
const org = DEMO_ORG_SLUG;

const demo = useDemoApp(now);

const text = (page: Page, testId: string) => page.getByTestId(testId).first().textContent();

async function expectedFigures(id: string) {
  const row = await db().migrationScenario.findUniqueOrThrow({ where: { id } });
  const a = analyseScenario(row.inputs);
  return {
    name: row.name,
    npv: formatUsd(a.totals.npv),
    payback: a.totals.paybackMonth === null ? `not within ${a.inputs.horizonMonths} months` : `month ${a.totals.paybackMonth}`,
    savings: formatUsd(a.totals.savings),
    tcoScenario: formatUsd(a.tco3y.scenario),
    tcoBaseline: formatUsd(a.tco3y.baseline),
  };
}

async function chooseWorkload(page: Page, provider: string, model: string) {
  await page.getByLabel("Provider", { exact: true }).selectOption(provider);
  await page.getByLabel("Model", { exact: true }).selectOption(model);
  await expect.poll(() => page.getByTestId("measured-volume").getAttribute("aria-busy")).toBe("false");
}

async function save(page: Page, name: string, note: string): Promise<string> {
  await page.getByLabel("Name", { exact: true }).fill(name);
  await page.getByLabel("Note", { exact: true }).fill(note);
  await page.getByRole("button", { name: "Save scenario" }).click();
  await page.waitForURL((u) => /^\/demo\/scenarios\/c[a-z0-9]+$/.test(u.pathname), { timeout: 30_000 });
  return new URL(page.url()).pathname.split("/").pop()!;
}

describe("executive: scenarios in a real browser", () => {
  it("builds from a workload, saves, compares with a second, and prints the same figures", async () => {
    const page = await demo.browser.newPage();
    await signIn(page, demo.app.baseUrl, "executive@demo.breakeven.local", DEMO_PASSWORD);
    await page.goto(`${demo.app.baseUrl}/${org}/scenarios/new`);

    // 1. The workload: OpenAI gpt-4o, measured last month. Its cost is what the database holds.
    await chooseWorkload(page, "openai", "gpt-4o");
    const { from, to } = monthDays(referenceMonth(now));
    const demoOrg = await db().organization.findUniqueOrThrow({ where: { slug: org } });
    const cost = await db().costBucket.aggregate({ where: { orgId: demoOrg.id, provider: "openai", model: "gpt-4o", day: { gte: new Date(`${from}T00:00:00Z`), lte: new Date(`${to}T00:00:00Z`) } }, _sum: { amount: true } });
    expect(await text(page, "measured-cost")).toBe(formatUsd(cost._sum.amount!.toString()));

    // 2. The target: another API (DeepSeek chat, open weights); the result follows at once.
    await page.getByLabel("Another API").check();
    await page.getByLabel("API model", { exact: true }).selectOption("deepseek/deepseek-chat");
    await page.getByLabel("Engineering weeks", { exact: true }).fill("6");
    await expect.poll(() => text(page, "scenario-summary")).toContain("deepseek deepseek-chat");
    await page.screenshot({ path: "test-results/scenarios-builder.png", fullPage: true });
    const first = await save(page, "GPT-4o to DeepSeek", "Cheapest open-weight chat model; check quality first.");

    // 3. The saved scenario shows its author, note and the engine's figures for the stored inputs.
    const e1 = await expectedFigures(first);
    expect(await text(page, "npv")).toBe(e1.npv);
    expect(await text(page, "payback")).toBe(e1.payback);
    expect(await text(page, "scenario-author")).toContain("executive@demo.breakeven.local");
    expect(await text(page, "scenario-note")).toBe("Cheapest open-weight chat model; check quality first.");
    // The builder, opened on the saved inputs, computes the same figure in the browser.
    await page.getByRole("link", { name: "Edit", exact: true }).click(); // exact: "Credits" in the nav contains "edit"
    await expect.poll(() => text(page, "npv")).toBe(e1.npv);

    // 4. A second scenario: the same workload on the org's own GPU pool (the builder's default target).
    await page.goto(`${demo.app.baseUrl}/${org}/scenarios/new`);
    await chooseWorkload(page, "openai", "gpt-4o");
    // Other browser tests may add pools to the demo org (sorted first by name): pick the demo's own, as it is.
    await page.getByLabel("Pool", { exact: true }).selectOption({ label: "Existing: On-prem L40S as it is (4 × NVIDIA L40S)" });
    await expect.poll(() => text(page, "scenario-summary")).toContain("pool On-prem L40S");
    await page.getByLabel("Horizon", { exact: true }).selectOption("24");
    const second = await save(page, "GPT-4o on our L40S pool", "Uses spare capacity.");
    const e2 = await expectedFigures(second);
    expect(await text(page, "npv")).toBe(e2.npv);

    // 5. Compare the two from the list.
    await page.goto(`${demo.app.baseUrl}/${org}/scenarios`);
    await page.getByLabel("Compare GPT-4o to DeepSeek").check();
    await page.getByLabel("Compare GPT-4o on our L40S pool").check();
    await page.getByRole("button", { name: /Compare selected/ }).click();
    await page.waitForURL((u) => u.pathname === `/${org}/scenarios/compare`);
    for (const [id, e] of [[first, e1], [second, e2]] as const) {
      expect(await text(page, `npv-${id}`)).toBe(e.npv);
      expect(await text(page, `payback-${id}`)).toBe(e.payback);
      expect(await text(page, `tco-scenario-${id}`)).toBe(e.tcoScenario);
      expect(await text(page, `tco-baseline-${id}`)).toBe(e.tcoBaseline);
    }
    await page.screenshot({ path: "test-results/scenarios-compare.png", fullPage: true });

    // 6. The printable comparison and the printable scenario: same figures; in print, no navigation.
    await page.getByRole("link", { name: "Printable report" }).click();
    await page.waitForURL((u) => u.pathname === `/${org}/scenarios/compare/print`);
    for (const [id, e] of [[first, e1], [second, e2]] as const) expect(await text(page, `npv-${id}`)).toBe(e.npv);

    await page.goto(`${demo.app.baseUrl}/${org}/scenarios/${first}/print`);
    expect(await text(page, "scenario-name")).toBe("GPT-4o to DeepSeek");
    expect(await text(page, "npv")).toBe(e1.npv);
    expect(await text(page, "payback")).toBe(e1.payback);
    expect(await text(page, "savings")).toBe(e1.savings);
    expect(await text(page, "tco-scenario")).toBe(e1.tcoScenario);
    expect(await text(page, "tco-baseline")).toBe(e1.tcoBaseline);
    await page.screenshot({ path: "test-results/scenarios-print.png", fullPage: true });
    await page.emulateMedia({ media: "print" });
    expect(await page.locator("nav").isVisible()).toBe(false);
    expect(await page.getByRole("button", { name: "Print / Save as PDF" }).isVisible()).toBe(false);
    expect(await page.getByTestId("npv").isVisible()).toBe(true);
    const pdf = await page.pdf({ path: "test-results/scenario-report.pdf", format: "A4", printBackground: true });
    expect(pdf.subarray(0, 5).toString()).toBe("%PDF-");
    await page.close();
  });

  it("a finance member reads scenarios but is sent away from the builder", async () => {
    const page = await demo.browser.newPage();
    await signIn(page, demo.app.baseUrl, "finance@demo.breakeven.local", DEMO_PASSWORD);
    await page.goto(`${demo.app.baseUrl}/${org}/scenarios`);
    expect(await page.getByRole("link", { name: "New scenario" }).count()).toBe(0);
    await page.goto(`${demo.app.baseUrl}/${org}/scenarios/new`);
    expect(new URL(page.url()).pathname).toBe(`/${org}/forbidden`);
    await page.close();
  });

  it("vendor risk: shares, the index, and a what-if link that opens a pre-filled builder", async () => {
    const page = await demo.browser.newPage();
    await signIn(page, demo.app.baseUrl, "executive@demo.breakeven.local", DEMO_PASSWORD);
    await page.goto(`${demo.app.baseUrl}/${org}/risk`);
    await page.screenshot({ path: "test-results/vendor-risk.png", fullPage: true });
    const shares = [Number(await text(page, "share-openai").then((t) => t!.replace("%", ""))), Number(await text(page, "share-anthropic").then((t) => t!.replace("%", "")))];
    expect(shares[0]! + shares[1]!).toBeCloseTo(100, 0);
    expect(await text(page, "risk-formula")).toContain("50 × dependence");
    await page.getByTestId("whatif-doubled-openai").click();
    await page.waitForURL((u) => u.pathname === `/${org}/scenarios/new`);
    expect(await page.getByLabel("Today's vendor price change", { exact: true }).inputValue()).toBe("100");
    expect(await page.getByLabel("Provider", { exact: true }).inputValue()).toBe("openai");
    await page.close();
  });
});
