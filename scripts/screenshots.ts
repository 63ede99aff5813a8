// `npx tsx scripts/screenshots.ts`: the Overview on a desktop (1440×900), a phone (390×844) and in
// dark mode, written to docs/screenshots/ for the README. Against a running app with the demo org
// (`npm run demo`, or any app: BASE_URL, SHOTS_EMAIL, SHOTS_PASSWORD, SHOTS_ORG), in Debian's
// Chromium (CHROMIUM_PATH). Run it after a UI change and commit the PNGs it writes.
import { mkdirSync } from "node:fs";
import { join, resolve } from "node:path";
import { chromium, type Browser, type BrowserContextOptions } from "playwright-core";
import { DEMO_PASSWORD } from "../lib/demo/generate.ts";

const BASE_URL = (process.env.BASE_URL ?? "http://localhost:3000").replace(/\/$/, "");
const EMAIL = process.env.SHOTS_EMAIL ?? "owner@demo.breakeven.local";
const PASSWORD = process.env.SHOTS_PASSWORD ?? DEMO_PASSWORD;
const ORG = process.env.SHOTS_ORG ?? "demo";
const OUT = resolve(process.env.SHOTS_DIR ?? "docs/screenshots");

const SHOTS: { file: string; context: BrowserContextOptions; fullPage: boolean }[] = [
  { file: "overview-desktop.png", context: { viewport: { width: 1440, height: 900 }, colorScheme: "light" }, fullPage: false },
  { file: "overview-phone.png", context: { viewport: { width: 390, height: 844 }, deviceScaleFactor: 2, isMobile: true, hasTouch: true, colorScheme: "light" }, fullPage: false },
  { file: "overview-dark.png", context: { viewport: { width: 1440, height: 900 }, colorScheme: "dark" }, fullPage: false },
];

async function shoot(browser: Browser, shot: (typeof SHOTS)[number]): Promise<void> {
  const context = await browser.newContext(shot.context);
  const page = await context.newPage();
  await page.goto(`${BASE_URL}/signin`);
  await page.getByLabel("Email").fill(EMAIL);
  await page.getByLabel("Password").fill(PASSWORD);
  await page.getByRole("button", { name: "Sign in" }).click();
  await page.waitForURL((u) => !u.pathname.startsWith("/signin"), { timeout: 60_000 });
  await page.goto(`${BASE_URL}/${ORG}/overview`);
  await page.waitForLoadState("networkidle");
  // Charts draw after hydration; wait for one when there is spend to draw.
  await page.locator("svg.recharts-surface, [data-testid=months-empty]").first().waitFor({ timeout: 30_000 });
  await page.waitForTimeout(800); // recharts' entry animation
  await page.screenshot({ path: join(OUT, shot.file), fullPage: shot.fullPage });
  console.log(`[screenshots] ${join(OUT, shot.file)}`);
  await context.close();
}

mkdirSync(OUT, { recursive: true });
const browser = await chromium.launch({
  executablePath: process.env.CHROMIUM_PATH ?? "/usr/bin/chromium",
  headless: true,
  args: ["--no-sandbox", "--disable-gpu", "--no-first-run", "--disable-background-networking", "--disable-component-update", "--disable-sync", "--disable-dev-shm-usage"],
});
try {
  for (const shot of SHOTS) await shoot(browser, shot);
} finally {
  await browser.close();
}
