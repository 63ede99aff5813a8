// `npm run demo`: the product with demo data on a fresh machine.
// - DATABASE_URL set → use it; unset → an embedded Postgres (PGlite over the wire protocol), data in .data/pglite.
// - REDIS_URL reachable → use it; else start a local redis-server if installed; else say how to get one.
// Then migrate, seed the demo org if missing, build if needed, and run web + workers on :3000.
import { spawn, spawnSync, type ChildProcess } from "node:child_process";
import { randomBytes } from "node:crypto";
import { existsSync, mkdirSync, readFileSync, statSync, readdirSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { loadDotEnv } from "../lib/dotenv.ts";

loadDotEnv();
const PORT = Number(process.env.PORT ?? 3000);
const DATA = ".data";
mkdirSync(DATA, { recursive: true });
const children: ChildProcess[] = [];
const say = (s: string) => console.log(`[demo] ${s}`);

// Secrets that must survive restarts (sessions, encrypted credentials) live in .data/.
function persistentSecret(name: string, make: () => string): string {
  const file = join(DATA, "demo-secrets.json");
  const saved = existsSync(file) ? (JSON.parse(readFileSync(file, "utf8")) as Record<string, string>) : {};
  if (!saved[name]) {
    saved[name] = make();
    writeFileSync(file, JSON.stringify(saved, null, 2), { mode: 0o600 });
  }
  return saved[name]!;
}
process.env.NEXTAUTH_SECRET ||= persistentSecret("NEXTAUTH_SECRET", () => randomBytes(32).toString("base64"));
process.env.ENCRYPTION_KEYS ||= persistentSecret("ENCRYPTION_KEYS", () => `k1:${randomBytes(32).toString("base64")}`);
process.env.APP_URL ||= `http://localhost:${PORT}`;
process.env.NEXTAUTH_URL ||= process.env.APP_URL;
process.env.NEXT_TELEMETRY_DISABLED = "1";

async function startEmbeddedPostgres(): Promise<string> {
  const { PGlite } = await import("@electric-sql/pglite");
  const { PGLiteSocketServer } = await import("@electric-sql/pglite-socket");
  const port = Number(process.env.PGLITE_PORT ?? 54329);
  const db = await PGlite.create(join(DATA, "pglite"));
  const server = new PGLiteSocketServer({ db, host: "127.0.0.1", port, maxConnections: 20 });
  await server.start();
  say(`DATABASE_URL not set: embedded Postgres (PGlite) on 127.0.0.1:${port}, data in ${DATA}/pglite`);
  return `postgresql://postgres@127.0.0.1:${port}/postgres?sslmode=disable`;
}

async function redisReachable(url: string): Promise<boolean> {
  const { pingRedis } = await import("../lib/redis.ts");
  return pingRedis(url, 1000);
}

async function ensureRedis(): Promise<void> {
  const url = (process.env.REDIS_URL ||= "redis://127.0.0.1:6379");
  if (await redisReachable(url)) return say(`Redis at ${url}`);
  const which = spawnSync("sh", ["-c", "command -v redis-server"], { encoding: "utf8" });
  if (which.status !== 0) {
    console.error(`[demo] Redis is not reachable at ${url} and redis-server is not installed.\n` +
      "       Install it (Debian/Ubuntu: sudo apt-get install redis-server; macOS: brew install redis)\n" +
      "       or set REDIS_URL to a running Redis, then run npm run demo again.");
    process.exit(1);
  }
  const port = new URL(url).port || "6379";
  children.push(spawn(which.stdout.trim(), ["--port", port, "--bind", "127.0.0.1", "--save", "", "--appendonly", "no"], { stdio: "ignore" }));
  for (let i = 0; i < 50 && !(await redisReachable(url)); i++) await new Promise((r) => setTimeout(r, 100));
  say(`started a local redis-server on port ${port}`);
}

function newestMtime(paths: string[]): number {
  let newest = 0;
  for (const p of paths) {
    if (!existsSync(p)) continue;
    const s = statSync(p);
    if (s.isDirectory()) for (const e of readdirSync(p, { recursive: true })) newest = Math.max(newest, statSync(join(p, String(e))).mtimeMs);
    else newest = Math.max(newest, s.mtimeMs);
  }
  return newest;
}

// Asynchronous on purpose: the embedded Postgres answers from this very process, so blocking the
// event loop (spawnSync) while a child talks to it would deadlock.
async function run(cmd: string, args: string[]): Promise<void> {
  const child = spawn(cmd, args, { stdio: "inherit", env: process.env });
  const code = await new Promise<number | null>((resolve) => child.on("exit", resolve));
  if (code !== 0) process.exit(code ?? 1);
}

function shutdown() {
  for (const c of children) c.kill("SIGTERM");
  setTimeout(() => process.exit(0), 3000).unref();
}
process.on("SIGINT", shutdown);
process.on("SIGTERM", shutdown);

if (!process.env.DATABASE_URL) process.env.DATABASE_URL = await startEmbeddedPostgres();
await ensureRedis();
await run("./node_modules/.bin/tsx", ["scripts/db-migrate.ts"]);
await run("./node_modules/.bin/tsx", ["prisma/seed.ts"]);
await run("./node_modules/.bin/tsx", ["scripts/prisma-generate.ts"]);
const buildId = join(".next", "BUILD_ID");
if (!existsSync(buildId) || statSync(buildId).mtimeMs < newestMtime(["app", "lib", "components", "package-lock.json", "next.config.ts", "tailwind.config.ts"])) {
  say("building the web app (first run, or the code changed)…");
  await run("./node_modules/.bin/next", ["build"]);
}
children.push(spawn("./node_modules/.bin/next", ["start", "-p", String(PORT)], { stdio: "inherit", env: process.env }));
children.push(spawn("./node_modules/.bin/tsx", ["workers/index.ts"], { stdio: "inherit", env: process.env }));
say(`Breakeven is starting on ${process.env.APP_URL} — sign in with a demo login printed above. Ctrl+C stops everything.`);
for (const c of children) c.on("exit", (code) => code && code !== 0 && say(`a process exited with ${code}`));
