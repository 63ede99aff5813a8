import type { Browser } from "playwright-core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { db } from "@/lib/db";
import { launchBrowser, startAppServer, type AppServer } from "../support/app-server";
import { startSmtpServer, waitFor } from "../support/smtp";
import { createOrgWithMembers } from "../support/factories";

// With SMTP configured, an existing user can sign in with an emailed link: the real next-auth
// email flow, our verification-token adapter, a real SMTP server and a real browser.
let app: AppServer;
let browser: Browser;
let smtp: Awaited<ReturnType<typeof startSmtpServer>>;

beforeAll(async () => {
  smtp = await startSmtpServer();
  app = await startAppServer({ SMTP_URL: smtp.url, EMAIL_FROM: "Breakeven <login@breakeven.test>" });
  browser = await launchBrowser();
});
afterAll(async () => {
  await browser?.close();
  await app?.stop();
  await smtp?.close();
});

describe("magic-link sign-in", () => {
  it("mails a link to an existing user; opening it signs them in", async () => {
    const { org, members } = await createOrgWithMembers("Linkco", ["ENGINEERING"]);
    const email = members.ENGINEERING.email;
    const page = await browser.newPage();
    await page.goto(`${app.baseUrl}/signin`);
    await page.getByLabel("Email").fill(email);
    await page.getByRole("button", { name: "Email me a sign-in link instead" }).click();
    await page.waitForURL((u) => u.searchParams.has("check-email"));

    const mail = await waitFor(async () => smtp.received.find((m) => m.to.includes(email)), "sign-in email");
    // Quoted-printable may wrap lines with "=\r\n" and encode "=" as "=3D".
    const body = mail.raw.replace(/=\r?\n/g, "").replace(/=3D/g, "=");
    const link = body.match(/https?:\/\/[^\s"<>]+\/api\/auth\/callback\/email[^\s"<>]+/)?.[0];
    expect(link).toBeDefined();
    expect(await db().verificationToken.count({ where: { identifier: email } })).toBe(1);

    await page.goto(link!.replace(/&amp;/g, "&"));
    await page.waitForURL(`${app.baseUrl}/${org.slug}/overview`);
    expect(await page.getByTestId("signed-in-as").textContent()).toBe(email);
    expect(await db().verificationToken.count({ where: { identifier: email } })).toBe(0); // used once
    await page.close();
  });

  it("sends nothing to an address that has no account", async () => {
    const page = await browser.newPage();
    await page.goto(`${app.baseUrl}/signin`);
    await page.getByLabel("Email").fill("stranger@nowhere.test");
    await page.getByRole("button", { name: "Email me a sign-in link instead" }).click();
    await page.waitForLoadState("networkidle");
    expect(smtp.received.some((m) => m.to.includes("stranger@nowhere.test"))).toBe(false);
    expect(await db().verificationToken.count({ where: { identifier: "stranger@nowhere.test" } })).toBe(0);
    await page.close();
  });
});
