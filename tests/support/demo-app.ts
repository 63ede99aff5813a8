import type { Browser } from "playwright-core";
import { afterAll, beforeAll } from "vitest";
import { db } from "@/lib/db";
import { seedDemo } from "@/lib/demo/seed";
import { launchBrowser, startAppServer, type AppServer } from "./app-server";

/**
 * The demo org seeded at `now`, the production app serving it and a Chromium, for one browser
 * test file: set up before its tests, stopped after. Read `demo.app` / `demo.browser` in tests.
 */
export function useDemoApp(now: Date = new Date()): { app: AppServer; browser: Browser } {
  const demo = {} as { app: AppServer; browser: Browser };
  beforeAll(async () => {
    await seedDemo(db(), now);
    demo.app = await startAppServer();
    demo.browser = await launchBrowser();
  });
  afterAll(async () => {
    await demo.browser?.close();
    await demo.app?.stop();
  });
  return demo;
}
