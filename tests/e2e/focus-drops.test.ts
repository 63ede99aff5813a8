import { readFile } from "node:fs/promises";
import { join } from "node:path";
import type { Worker } from "bullmq";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { db } from "@/lib/db";
import { DEMO_PASSWORD } from "@/lib/demo/generate";
import { DEMO_ORG_SLUG } from "@/lib/demo/seed";
import { closeQueues, getQueue } from "@/lib/queues";
import { startWorker } from "@/workers/registry";
import { focusSourceJob } from "@/workers/focus-source";
import { signIn } from "../support/app-server";
import { useDemoApp } from "../support/demo-app";
import { startLocalServer, type LocalServer } from "../net/local-server";

// Scheduled FOCUS drops in a real browser against the production build: the owner adds a URL drop with a
// secret header (a local server on 127.0.0.1, allow-listed by FETCH_ALLOW_LIST, serves the Azure fixture and
// checks the header), presses Import now, and the real worker (the queue's processor, started here) imports
// it; the page shows the run. The secret never reaches the page. Finance sees the drop but no form.

const SECRET = "Bearer e2e-drop-secret-41c2";
const demo = useDemoApp();
let server: LocalServer;
let worker: Worker;

beforeAll(async () => {
  const body = await readFile(join(__dirname, "../fixtures/focus/azure-focus-1.2.csv"));
  server = await startLocalServer((req, res) => {
    if (req.headers.authorization !== SECRET) return void res.writeHead(401, { "content-type": "text/plain" }).end("no");
    res.writeHead(200, { "content-type": "text/csv", etag: '"azure-1"' }).end(body);
  });
  worker = startWorker("focusSource", focusSourceJob, { concurrency: 1 });
  await worker.waitUntilReady();
});

afterAll(async () => {
  await worker?.close();
  await getQueue("focusSource").obliterate({ force: true });
  await closeQueues();
  await server?.close();
});

describe("scheduled FOCUS drops in a real browser", () => {
  it("the owner adds a URL drop with a secret header, imports it now and sees the run; the secret never reaches the page", async () => {
    const page = await demo.browser.newPage();
    await signIn(page, demo.app.baseUrl, "owner@demo.breakeven.local", DEMO_PASSWORD);
    await page.goto(`${demo.app.baseUrl}/${DEMO_ORG_SLUG}/settings/import`);
    const form = page.getByRole("form", { name: "Add a scheduled FOCUS drop" });
    await form.getByLabel("Drop name").fill("Azure export");
    await form.getByLabel("Drop URL").fill("http://drops.vendor.example/focus.csv");
    await form.getByRole("button", { name: "Add drop" }).click();
    // Plain http to a host the server does not allow-list: the field says why.
    await expect.poll(() => form.getByRole("alert").first().textContent()).toContain("must be an https:// URL");

    await form.getByLabel("Drop URL").fill(`${server.origin}/exports/azure.csv`);
    await form.getByLabel("Secret header name").fill("Authorization");
    await form.getByLabel("Secret header value").fill(SECRET);
    await form.getByRole("button", { name: "Add drop" }).click();
    await expect.poll(() => db().focusSource.count({ where: { name: "Azure export" } })).toBe(1);
    const stored = await db().focusSource.findFirstOrThrow({ where: { name: "Azure export" } });
    const row = page.getByTestId(`focus-source-${stored.id}`);
    await expect.poll(() => row.textContent()).toContain("Authorization: set");

    await row.getByRole("button", { name: "Import now" }).click();
    await expect.poll(() => row.textContent()).toContain("Import queued");
    await expect.poll(async () => (await db().focusSource.findUniqueOrThrow({ where: { id: stored.id } })).lastStatus).toBe("IMPORTED");
    await page.reload();
    const after = page.getByTestId(`focus-source-${stored.id}`);
    await expect.poll(() => after.textContent()).toContain("Imported");
    // azure-focus-1.2.csv: 2.70 + 5.00 − 0.50 + 0.33 = 7.53 USD billed in USD (the EUR row reported, not added).
    expect(await after.textContent()).toContain("azure.csv: ");
    expect(await after.textContent()).toContain("7.53 USD billed, 2026-10-01 to 2026-10-06");
    expect(server.requests.at(-1)!.headers.authorization).toBe(SECRET);
    expect(await page.content()).not.toContain("e2e-drop-secret");
    await page.screenshot({ path: "test-results/focus-drops.png", fullPage: true });
    await page.close();
  });

  it("finance sees the drop and its last run, without the form or the buttons", async () => {
    const page = await demo.browser.newPage();
    await signIn(page, demo.app.baseUrl, "finance@demo.breakeven.local", DEMO_PASSWORD);
    await page.goto(`${demo.app.baseUrl}/${DEMO_ORG_SLUG}/settings/import`);
    const section = page.getByTestId("focus-sources");
    await expect.poll(() => section.textContent()).toContain("Azure export");
    expect(await section.getByRole("button", { name: "Import now" }).count()).toBe(0);
    expect(await page.getByRole("form", { name: "Add a scheduled FOCUS drop" }).count()).toBe(0);
    expect(await section.textContent()).toContain("Owners and admins add and change scheduled drops.");
    await page.close();
  });
});
