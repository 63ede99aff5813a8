import { readFileSync } from "node:fs";
import type { Browser } from "playwright-core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { evaluateOrgAlerts } from "@/lib/alerts/raise";
import { db } from "@/lib/db";
import { DEMO_PASSWORD } from "@/lib/demo/generate";
import { DEMO_ORG_SLUG, seedDemo } from "@/lib/demo/seed";
import { closeQueues, getQueue } from "@/lib/queues";
import { runDocumentsCheck } from "@/workers/check-documents";
import { startLocalServer, type LocalServer } from "../net/local-server";
import { launchBrowser, signIn, startAppServer, type AppServer } from "../support/app-server";

// The alert inbox in a real browser against the production build. The terms change is produced by the
// product's own path: the real OpenAI Terms of Use of 2023-10-16 and 2023-11-14 (tests/fixtures/terms) served
// on 127.0.0.1, fetched by the document job, diffed, then raised by the evaluation job under the demo org's
// "High-severity terms changes" rule. An engineering user opens it and sees the diff.

process.env.FETCH_ALLOW_LIST = "127.0.0.1";

const fixture = (name: string) => readFileSync(new URL(`../fixtures/terms/${name}`, import.meta.url), "utf8");
let app: AppServer;
let browser: Browser;
let server: LocalServer;
let body = fixture("openai-terms-of-use.2023-10-16T1230Z.a1da2dc.md");
let eventId: string;

beforeAll(async () => {
  const { orgId } = await seedDemo(db(), new Date());
  server = await startLocalServer((_req, res) => void res.writeHead(200, { "content-type": "text/markdown; charset=utf-8" }).end(body));
  const doc = await db().vendorDocument.create({ data: { orgId, vendor: "openai", kind: "TERMS", title: "OpenAI Terms of Use (mirror)", url: `${server.origin}/policies/terms-of-use` } });
  await runDocumentsCheck({ documentId: doc.id });
  body = fixture("openai-terms-of-use.2023-11-14T1830Z.d9d49b2.md");
  await runDocumentsCheck({ documentId: doc.id });
  const r = await evaluateOrgAlerts(orgId, new Date());
  const event = await db().alertEvent.findFirstOrThrow({ where: { orgId, type: "TERMS_CHANGE", id: { in: r.raised.map((e) => e.id) } } });
  eventId = event.id;
  app = await startAppServer();
  browser = await launchBrowser();
});
afterAll(async () => {
  await browser?.close();
  await app?.stop();
  await server?.close();
  await getQueue("email").obliterate({ force: true });
  await getQueue("channelDeliver").obliterate({ force: true });
  await closeQueues();
});

describe("alerts in a real browser", () => {
  it("an admin adds a Slack channel, sends a test message and sees the delivered attempt; the URL never reaches the page", async () => {
    const slack = await startLocalServer((_req, res) => void res.writeHead(200, { "content-type": "text/plain" }).end("ok"));
    try {
      const page = await browser.newPage();
      await signIn(page, app.baseUrl, "admin@demo.breakeven.local", DEMO_PASSWORD);
      await page.goto(`${app.baseUrl}/${DEMO_ORG_SLUG}/alert-channels`);
      const form = page.getByRole("form", { name: "New channel" });
      await form.getByLabel("Name").fill("#e2e-spend");
      await form.getByLabel("URL").fill("ftp://nope.example/hook");
      await form.getByRole("button", { name: "Add channel" }).click();
      await expect.poll(() => form.getByRole("alert").first().textContent()).toContain("url: must be an https:// URL");
      await form.getByLabel("URL").fill(`${slack.origin}/services/T9/B9/e2esecretpath`);
      await form.getByRole("button", { name: "Add channel" }).click();
      const item = page.getByTestId("channels").locator("li", { hasText: "#e2e-spend" });
      await item.getByRole("button", { name: "Send test message" }).click();
      const channel = await db().alertChannel.findFirstOrThrow({ where: { name: "#e2e-spend" } });
      // No worker runs beside this build: the test plays the channel job's part for the queued delivery.
      const { attemptChannelDelivery } = await import("@/lib/channels/deliver");
      await expect.poll(() => db().channelDelivery.count({ where: { channelId: channel.id } })).toBe(1);
      const delivery = await db().channelDelivery.findFirstOrThrow({ where: { channelId: channel.id } });
      expect(await attemptChannelDelivery(delivery.id)).toBe("sent");
      await page.reload();
      await expect.poll(() => item.textContent()).toMatch(/Test message.*Delivered.*delivered \(200\)/);
      expect(await page.content()).not.toContain("e2esecretpath");
      await page.close();
    } finally {
      await slack.close();
    }
  });

  it("an engineering user opens the Alerts page, opens the terms-change event and sees the diff", async () => {
    const page = await browser.newPage();
    await signIn(page, app.baseUrl, "engineering@demo.breakeven.local", DEMO_PASSWORD);
    await page.getByRole("link", { name: "Alerts", exact: true }).click();
    await page.waitForURL(`${app.baseUrl}/${DEMO_ORG_SLUG}/alerts`);

    const link = page.getByRole("link", { name: /^CRITICAL change: OpenAI Terms of Use \(mirror\)/ });
    await link.click();
    await page.waitForURL(`${app.baseUrl}/${DEMO_ORG_SLUG}/alerts/${eventId}`);

    await expect.poll(() => page.getByTestId("alert-title").textContent()).toContain("CRITICAL change: OpenAI Terms of Use (mirror)");
    const rules = page.getByTestId("matched-rules");
    expect(await rules.textContent()).toContain("The section on using your content to train models changed");
    const diff = page.getByTestId("diff");
    // the sentence OpenAI removed, shown struck through, and the one it added
    const removed = diff.locator('del[data-op="removed"]', { hasText: 'We do not use Content that you provide to or receive from our API ("API Content") to develop or improve our Services.' });
    const added = diff.locator('ins[data-op="added"]', { hasText: "If you do not want us to use your Content to train our models, you can opt out" });
    expect(await removed.count()).toBe(1);
    expect(await added.count()).toBe(1);
    expect(await removed.isVisible()).toBe(true);
    expect(await added.isVisible()).toBe(true);
    await page.screenshot({ path: "test-results/alerts-terms-change.png", fullPage: false });

    // Engineering may acknowledge it; the page then says who did.
    await page.getByRole("button", { name: "Acknowledge" }).click();
    await expect.poll(() => page.getByTestId("acknowledged").textContent()).toContain("Acknowledged by engineering@demo.breakeven.local");
    expect((await db().alertEvent.findUniqueOrThrow({ where: { id: eventId } })).acknowledgedAt).not.toBeNull();
    await page.close();
  });

  it("the document's change page shows the same diff, and the Prices page lists the demo's price change with its impact", async () => {
    const page = await browser.newPage();
    await signIn(page, app.baseUrl, "engineering@demo.breakeven.local", DEMO_PASSWORD);
    const event = await db().alertEvent.findUniqueOrThrow({ where: { id: eventId } });
    await page.goto(`${app.baseUrl}${event.link}`);
    expect(await page.getByTestId("diff").locator("ins, del").count()).toBe(300); // 374 changed sentences, the stored diff keeps 300
    expect(await page.getByTestId("matched-rules").textContent()).toContain("The section on using your content to train models changed");
    await page.goto(`${app.baseUrl}/${DEMO_ORG_SLUG}/prices`);
    expect(await page.getByTestId("current-prices").isVisible()).toBe(true);
    // The demo's own catalog has gpt-4o's price cut (when this run's demo seed wrote the demo prices).
    if (await db().priceChange.count({ where: { provider: "openai", model: "gpt-4o" } })) {
      expect(await page.getByTestId("recent-changes").textContent()).toMatch(/openai gpt-4o.*-\$[\d,]+\.\d\d\/month/);
    }
    await page.close();
  });

  it("an admin creates a rule on the Alert rules page (a bad value is named first) and disables it", async () => {
    const page = await browser.newPage();
    await signIn(page, app.baseUrl, "admin@demo.breakeven.local", DEMO_PASSWORD);
    await page.goto(`${app.baseUrl}/${DEMO_ORG_SLUG}/alert-rules`);
    await page.getByRole("button", { name: "New rule" }).click();
    const form = page.getByRole("form", { name: "New rule" });
    await form.getByLabel("Type").selectOption("RETIREMENT");
    await form.getByLabel("Name").fill("E2E retirements within 30 days");
    await form.getByLabel("Retiring within (days)").fill("0");
    await form.getByLabel("…and addresses (comma-separated)").fill("platform@demo.example");
    await form.getByRole("button", { name: "Create rule" }).click();
    await expect.poll(() => form.getByRole("alert").first().textContent()).toContain("must be at least 1 day");
    await form.getByLabel("Retiring within (days)").fill("30");
    await form.getByRole("button", { name: "Create rule" }).click();
    const rules = page.getByTestId("rules");
    await expect.poll(() => rules.textContent()).toContain("E2E retirements within 30 days");
    const rule = await db().alertRule.findFirstOrThrow({ where: { name: "E2E retirements within 30 days" } });
    expect(rule).toMatchObject({ type: "RETIREMENT", params: { withinDays: 30 }, recipientEmails: ["platform@demo.example"], enabled: true });
    await rules.locator("li", { hasText: "E2E retirements within 30 days" }).getByRole("button", { name: "Disable" }).click();
    await expect.poll(async () => (await db().alertRule.findUniqueOrThrow({ where: { id: rule.id } })).enabled).toBe(false);
    await page.screenshot({ path: "test-results/alert-rules.png", fullPage: true });
    await page.goto(`${app.baseUrl}/${DEMO_ORG_SLUG}/documents`);
    expect(await page.getByTestId("documents").textContent()).toContain("OpenAI Terms of Use (mirror)");
    // "Check now" says what happened: queued the first time; the second click queues nothing and says why.
    const row = page.getByTestId("documents").locator("tr", { hasText: "OpenAI Terms of Use (mirror)" });
    await row.getByRole("button", { name: "Check now" }).click();
    await expect.poll(() => row.getByRole("status").textContent()).toMatch(/^(Check queued: the result appears here within a few minutes\.|This document was checked less than a minute ago; try again in a minute\.)$/);
    await row.getByRole("button", { name: "Check now" }).click();
    await expect.poll(() => row.getByRole("status").textContent()).toMatch(/^(A check of this document is already queued\.|A check of this document is running now\.|This document was checked less than a minute ago; try again in a minute\.)$/);
    await page.screenshot({ path: "test-results/documents.png", fullPage: false });
    await page.close();
  });
});
