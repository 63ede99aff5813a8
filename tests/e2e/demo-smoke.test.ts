import { existsSync, readdirSync, readFileSync, readlinkSync, rmSync } from "node:fs";
import { createServer } from "node:net";
import { join } from "node:path";
import { Redis } from "ioredis";
import type { Browser, BrowserContext, Page } from "playwright-core";
import { afterAll, beforeAll, describe, expect, inject, it } from "vitest";
import { NAV } from "@/components/nav";
import { can, type Role } from "@/lib/auth/permissions";
import { DEMO_ORG_SLUG } from "@/lib/demo/seed";
import { parseStartedProcesses, type StartedProcess } from "@/lib/demo/leftovers";
import { freePort, launchBrowser, signIn } from "../support/app-server";
import { demoReadySeconds, makeDemoClone, startDemo as startDemoIn, untilDemoReady, type DemoClone, type DemoRun } from "../support/demo-clone";

// The README's front door, as a new user meets it: a fresh `git clone` (no lib/generated, .next or
// .data), `npm run demo` with DATABASE_URL unset, then Chromium signs in with a login the demo
// printed and opens every navigation page for each role, then eight pages at once, three rounds,
// while a push-API batch and a CSV import run. Any 4xx/5xx, console error or page without its
// heading fails. Ctrl+C (SIGINT to the process group, as a terminal sends it) must leave no process
// and no port behind; a second start must reuse the data and the build.
//
// The clone is of this worktree's HEAD (commit first to test uncommitted work). node_modules is
// copied as hard links (Turbopack refuses a symlinked node_modules). When `npm test` has just built
// the same code (its stamp equals the clone's fingerprint), that build is copied: the build is the
// slow part and is the same `next build`; otherwise the demo builds it itself.

const ROOT = process.cwd();
let cloned: DemoClone;
let clone: string;
let webPort: number;
let pgPort: number;
let baseUrl: string;
const queuePrefix = `${inject("queuePrefix")}_demo`;
let browser: Browser;

function demoEnv(): NodeJS.ProcessEnv {
  const env: NodeJS.ProcessEnv = { ...process.env };
  // What this test run set for itself (tests/support/setup-env.ts) and what vitest sets: the demo must see none of it.
  for (const k of ["DATABASE_URL", "NEXTAUTH_SECRET", "ENCRYPTION_KEYS", "APP_URL", "NEXTAUTH_URL", "SMTP_URL", "NODE_ENV", "LOG_LEVEL", "QUEUE_PREFIX", "PORT"]) delete env[k];
  for (const k of Object.keys(env)) if (k.startsWith("VITEST") || k === "TEST") delete env[k];
  // Free ports and this run's Redis key prefix, so colleagues' demos and test runs are not disturbed.
  return { ...env, PORT: String(webPort), DEMO_DATABASE_PORT: String(pgPort), QUEUE_PREFIX: queuePrefix, NEXT_TELEMETRY_DISABLED: "1" };
}

let run: DemoRun | undefined;
const startDemo = () => startDemoIn(clone, demoEnv());
const untilHealthy = (demo: DemoRun, limitMs: number) => untilDemoReady(demo, baseUrl, limitMs);

function portFree(port: number): Promise<boolean> {
  return new Promise((resolve) => {
    const s = createServer();
    s.once("error", () => resolve(false));
    s.listen({ port, exclusive: true }, () => s.close(() => resolve(true)));
  });
}

/** Every process whose working directory or command line is inside the clone. */
function processesInClone(): string[] {
  const found: string[] = [];
  for (const pid of readdirSync("/proc").filter((p) => /^\d+$/.test(p))) {
    try {
      const cwd = readlinkSync(`/proc/${pid}/cwd`);
      const args = readFileSync(`/proc/${pid}/cmdline`, "utf8").split("\0").join(" ");
      const state = /State:\s+(\S)/.exec(readFileSync(`/proc/${pid}/status`, "utf8"))?.[1];
      if (state !== "Z" && (cwd.startsWith(clone) || args.includes(clone))) found.push(`${pid} ${args.trim()}`);
    } catch {
      /* gone meanwhile, or not ours to read */
    }
  }
  return found;
}

function isAlive(pid: number): boolean {
  try {
    const state = /State:\s+(\S)/.exec(readFileSync(`/proc/${pid}/status`, "utf8"))?.[1];
    return state !== undefined && state !== "Z";
  } catch {
    return false;
  }
}

/** Ctrl+C, then: the demo exits, everything it started is gone and its ports are free. */
async function stopWithCtrlC(demo: DemoRun): Promise<void> {
  const recorded: StartedProcess[] = parseStartedProcesses(readFileSync(join(clone, ".data", "demo-processes.json"), "utf8"));
  expect(recorded.map((p) => p.name).sort()).toEqual(["postgres", "web", "workers"]);
  process.kill(-demo.child.pid!, "SIGINT");
  const code = await Promise.race([demo.exited, new Promise<"hung">((r) => setTimeout(() => r("hung"), 90_000))]);
  expect(code, demo.output()).not.toBe("hung");
  // The npm process may exit as soon as its child does; the demo's own "stopped." comes after everything it started.
  const settled = () => !recorded.some((p) => isAlive(p.pid)) && demo.output().includes("[demo] stopped.") && processesInClone().length === 0;
  for (const until = Date.now() + 60_000; !settled() && Date.now() < until; ) {
    await new Promise((r) => setTimeout(r, 250));
  }
  expect(demo.output()).toContain("[demo] stopped.");
  expect(recorded.filter((p) => isAlive(p.pid))).toEqual([]);
  expect(processesInClone()).toEqual([]);
  expect(await portFree(webPort)).toBe(true);
  expect(await portFree(pgPort)).toBe(true);
  expect(existsSync(join(clone, ".data", "demo-processes.json"))).toBe(false);
  expect(readFileSync(join(clone, ".data", "postgres.log"), "utf8")).toContain("database system is shut down");
}

// ---- the browser side --------------------------------------------------------------------------

interface Problems {
  list: string[];
}

function watch(page: Page, problems: Problems): void {
  page.on("console", (m) => {
    if (m.type() === "error") problems.list.push(`console error on ${page.url()}: ${m.text()}`);
  });
  page.on("pageerror", (e) => problems.list.push(`page error on ${page.url()}: ${e.message}`));
  page.on("response", (r) => {
    if (r.status() >= 400) problems.list.push(`HTTP ${r.status()} for ${r.request().method()} ${r.url()} (on ${page.url()})`);
  });
}

const pagesFor = (role: Role) => NAV.filter((n) => can(role, n.permission)).map((n) => ({ href: n.href, label: n.label }));

/** Open one navigation page and check it rendered: its own heading, not an error page. */
async function openPage(page: Page, href: string): Promise<void> {
  const res = await page.goto(`${baseUrl}/${DEMO_ORG_SLUG}/${href}`, { waitUntil: "networkidle", timeout: 90_000 });
  expect(res?.status(), href).toBe(200);
  const heading = page.locator("main h1, h1").first();
  await heading.waitFor({ timeout: 30_000 });
  const text = (await heading.textContent())?.trim() ?? "";
  expect(text, `heading of ${href}`).not.toBe("");
  expect(text, `heading of ${href}`).not.toMatch(/^404$|could not be found|couldn.t load|not a member/i);
}

let logins: { role: Role; email: string }[] = [];
let password = "";
const contexts = new Map<Role, BrowserContext>();

beforeAll(async () => {
  webPort = await freePort();
  pgPort = await freePort();
  baseUrl = `http://localhost:${webPort}`;
  cloned = makeDemoClone(ROOT, { reuseBuild: true });
  clone = cloned.dir;
  for (const generated of ["lib/generated", ".data"]) expect(existsSync(join(clone, generated)), generated).toBe(false);
  if (!cloned.buildReused) expect(existsSync(join(clone, ".next"))).toBe(false);
  browser = await launchBrowser();
}, 600_000);

afterAll(async () => {
  for (const c of contexts.values()) await c.close().catch(() => {});
  await browser?.close();
  if (run && run.child.exitCode === null) {
    try {
      process.kill(-run.child.pid!, "SIGINT");
    } catch {
      /* already gone */
    }
    await Promise.race([run.exited, new Promise((r) => setTimeout(r, 30_000))]);
  }
  // Whatever a failed run left: stop it by pid (recorded by the demo), never by name.
  const record = join(clone, ".data", "demo-processes.json");
  if (existsSync(record)) for (const p of parseStartedProcesses(readFileSync(record, "utf8"))) if (isAlive(p.pid)) process.kill(p.pid, "SIGKILL");
  const redis = new Redis(process.env.REDIS_URL ?? "redis://127.0.0.1:6379");
  let cursor = "0";
  do {
    const [next, keys] = await redis.scan(cursor, "MATCH", `${queuePrefix}:*`, "COUNT", 500);
    if (keys.length) await redis.del(...keys);
    cursor = next;
  } while (cursor !== "0");
  redis.disconnect();
  rmSync(cloned.parent, { recursive: true, force: true });
}, 120_000);

describe("npm run demo on a fresh clone, as the README says", () => {
  it("comes up from nothing: generate, database, migrate, seed, build, start", { timeout: 900_000 }, async () => {
    run = startDemo();
    await untilHealthy(run, 840_000);
    const out = run.output();
    expect(out).toContain("embedded PostgreSQL 17");
    expect(out).toMatch(/Demo org seeded in/);
    console.log(`[smoke] first start ready after ${demoReadySeconds(out)} s (build ${cloned.buildReused ? "reused from npm test's" : "made by the demo"})`);
    password = /password: (\S+)\)/.exec(out)?.[1] ?? "";
    logins = [...out.matchAll(/^\s+(OWNER|ADMIN|FINANCE|ENGINEERING|EXECUTIVE)\s+(\S+@\S+)\s*$/gm)].map((m) => ({ role: m[1] as Role, email: m[2]! }));
    expect(password).not.toBe("");
    expect(logins.map((l) => l.role).sort()).toEqual(["ADMIN", "ENGINEERING", "EXECUTIVE", "FINANCE", "OWNER"]);
    const favicon = await fetch(`${baseUrl}/favicon.ico`);
    expect(favicon.status).toBe(200);
    expect(favicon.headers.get("content-type")).toMatch(/^image\//);
  });

  it("every role signs in with its printed login and opens every page of its navigation", { timeout: 900_000 }, async () => {
    const problems: Problems = { list: [] };
    for (const { role, email } of logins) {
      const context = await browser.newContext();
      contexts.set(role, context);
      const page = await context.newPage();
      watch(page, problems);
      await signIn(page, baseUrl, email, password);
      const pages = pagesFor(role);
      expect(pages.length).toBeGreaterThan(0);
      // The menu the app renders for this role holds exactly these links.
      await page.goto(`${baseUrl}/${DEMO_ORG_SLUG}/${pages[0]!.href}`, { waitUntil: "networkidle" });
      for (const p of pages) expect(await page.locator(`a[href="/${DEMO_ORG_SLUG}/${p.href}"]`).count(), `${role} menu link to ${p.href}`).toBeGreaterThan(0);
      for (const p of pages) await openPage(page, p.href);
      if (role === "FINANCE") {
        await page.goto(`${baseUrl}/${DEMO_ORG_SLUG}/overview`, { waitUntil: "networkidle" });
        expect(await page.getByTestId("spend-this-month").textContent()).not.toBe("$0.00");
      }
      await page.close();
    }
    expect(problems.list).toEqual([]);
  });

  it("eight pages at once, three rounds, while a push-API batch and a CSV import run: no errors", { timeout: 900_000 }, async () => {
    const problems: Problems = { list: [] };
    const owner = contexts.get("OWNER")!;
    const pages = pagesFor("OWNER");

    const tokenPage = await owner.newPage();
    watch(tokenPage, problems);
    await tokenPage.goto(`${baseUrl}/${DEMO_ORG_SLUG}/settings/api-tokens`, { waitUntil: "networkidle" });
    await tokenPage.getByLabel("Token name").fill("smoke test");
    await tokenPage.getByRole("button", { name: "Create token" }).click();
    const token = (await tokenPage.getByTestId("new-token").textContent())!;
    await tokenPage.close();

    const day = (i: number) => new Date(Date.now() - (i + 1) * 86_400_000).toISOString().slice(0, 10);
    const push = async () => {
      const records = Array.from({ length: 300 }, (_, i) => ({ id: `smoke-${i}`, provider: "openai", model: "gpt-smoke", timestamp: new Date(Date.now() - i * 60_000).toISOString(), inputTokens: 100 + i, outputTokens: 50, cost: "0.25" }));
      const res = await fetch(`${baseUrl}/api/v1/usage`, { method: "POST", headers: { authorization: `Bearer ${token}`, "content-type": "application/json" }, body: JSON.stringify({ records }) });
      expect(res.status).toBe(200);
      expect(await res.json()).toEqual({ accepted: 300, duplicates: 0, errors: [] });
    };
    const csv = async () => {
      const page = await owner.newPage();
      watch(page, problems);
      await page.goto(`${baseUrl}/${DEMO_ORG_SLUG}/settings/import`, { waitUntil: "networkidle" });
      const text = `date,provider,model,amount\n${[0, 1, 2, 3, 4].map((i) => `${day(i)},anthropic,claude-smoke,1${i}.50`).join("\n")}\n`;
      await page.getByLabel("CSV file").setInputFiles({ name: "smoke.csv", mimeType: "text/csv", buffer: Buffer.from(text) });
      await page.getByRole("button", { name: "Import 5 rows" }).click();
      await expect.poll(() => page.getByRole("status").textContent(), { timeout: 60_000 }).toBe("Imported smoke.csv: 5 cost rows and 0 usage rows.");
      await page.close();
    };
    const rounds = async () => {
      for (let round = 0; round < 3; round++) {
        const batch = Array.from({ length: 8 }, (_, i) => pages[(round * 8 + i) % pages.length]!.href);
        await Promise.all(
          batch.map(async (href) => {
            const page = await owner.newPage();
            watch(page, problems);
            await openPage(page, href);
            await page.close();
          }),
        );
      }
    };
    await Promise.all([rounds(), push(), csv()]);
    expect(problems.list).toEqual([]);
  });

  it("Ctrl+C stops the web app, the workers and the database, leaving no process and no port", { timeout: 180_000 }, async () => {
    await stopWithCtrlC(run!);
  });

  it("a second start reuses the data and the build, and stops as cleanly", { timeout: 600_000 }, async () => {
    run = startDemo();
    await untilHealthy(run, 300_000);
    const out = run.output();
    expect(out).toContain("Demo org already present: left as it is.");
    expect(out).toContain("the web app is already built from this code");
    expect(out).not.toContain("creating the embedded PostgreSQL");
    expect(out).not.toContain("building the web app");
    console.log(`[smoke] second start ready after ${demoReadySeconds(out)} s`);
    // The first run's import is still there.
    const context = await browser.newContext();
    const page = await context.newPage();
    await signIn(page, baseUrl, logins.find((l) => l.role === "FINANCE")!.email, password);
    await page.goto(`${baseUrl}/${DEMO_ORG_SLUG}/settings/import`, { waitUntil: "networkidle" });
    expect(await page.locator("tr", { hasText: "smoke.csv" }).textContent()).toContain("5 rows imported");
    await context.close();
    await stopWithCtrlC(run);
  });
});
