// Time from `npm run demo` to "ready" (the demo's own count, /api/health answering) on a fresh clone
// of this tree's HEAD: the first run (embedded PostgreSQL initialised, client generated, migrated,
// seeded, built) and a second run on the same clone; next to, in the same run, the floors they
// cannot beat: `next build` alone (the first run's slowest step) and `next start` alone up to its
// first /api/health answer (the last step of every run). `npx tsx bench/demo-start.ts`.
// Uses free ports and its own Redis key prefix; removes the clone afterwards.
import { spawn } from "node:child_process";
import { randomBytes } from "node:crypto";
import { readFileSync, rmSync, writeFileSync } from "node:fs";
import os from "node:os";
import { Redis } from "ioredis";
import { join } from "node:path";
import { BUILD_STAMP_FILE } from "../lib/demo/build-fingerprint.ts";
import { parseStartedProcesses } from "../lib/demo/leftovers.ts";
import { freePort } from "../tests/support/app-server.ts";
import { demoReadySeconds, makeDemoClone, startDemo, untilDemoReady, type DemoRun } from "../tests/support/demo-clone.ts";

const clone = makeDemoClone(process.cwd(), { reuseBuild: false });
const webPort = await freePort();
const pgPort = await freePort();
const baseUrl = `http://localhost:${webPort}`;
const env: NodeJS.ProcessEnv = { ...process.env, PORT: String(webPort), DEMO_DATABASE_PORT: String(pgPort), QUEUE_PREFIX: `bench_demo_${randomBytes(3).toString("hex")}`, NEXT_TELEMETRY_DISABLED: "1" };
for (const k of ["DATABASE_URL", "NEXTAUTH_SECRET", "ENCRYPTION_KEYS", "APP_URL", "NEXTAUTH_URL", "NODE_ENV"]) delete env[k];

async function timedRun(): Promise<{ wall: number; reported: number | null; output: string }> {
  const t = performance.now();
  const run: DemoRun = startDemo(clone.dir, env);
  await untilDemoReady(run, baseUrl, 900_000);
  const wall = (performance.now() - t) / 1000;
  const output = run.output();
  process.kill(-run.child.pid!, "SIGINT");
  await run.exited;
  await new Promise((r) => setTimeout(r, 3000)); // the demo stops its database after npm has returned
  return { wall, reported: demoReadySeconds(output), output };
}

/** A command in the clone, timed; resolves when `until` says so (or the command exits 0). */
async function timed(cmd: string[], until?: () => Promise<boolean>): Promise<number> {
  const t = performance.now();
  const child = spawn(process.execPath, cmd, { cwd: clone.dir, env: { ...env, ...dbEnv }, stdio: "ignore", detached: true });
  const exited = new Promise<number | null>((r) => child.on("exit", r));
  if (until) {
    while (!(await until())) await new Promise((r) => setTimeout(r, 100));
    const s = (performance.now() - t) / 1000;
    process.kill(-child.pid!, "SIGTERM");
    await exited;
    return s;
  }
  if ((await exited) !== 0) throw new Error(`${cmd.join(" ")} failed`);
  return (performance.now() - t) / 1000;
}
let dbEnv: Record<string, string> = {};

try {
  const first = await timedRun();
  const second = await timedRun();
  // The floors, on the same clone and build. `next start` needs the database and Redis: it runs next
  // to a third demo run, on another port, with the environment of that run's web server.
  const stamp = readFileSync(join(clone.dir, BUILD_STAMP_FILE));
  const build = await timed(["node_modules/next/dist/bin/next", "build"]);
  writeFileSync(join(clone.dir, BUILD_STAMP_FILE), stamp); // the same code: the third run must not build again
  const third: DemoRun = startDemo(clone.dir, env);
  await untilDemoReady(third, baseUrl, 300_000);
  const web = parseStartedProcesses(readFileSync(join(clone.dir, ".data", "demo-processes.json"), "utf8")).find((p) => p.name === "web")!;
  const webEnv = readFileSync(`/proc/${web.pid}/environ`, "utf8").split("\0").filter((l) => /^(DATABASE_URL|NEXTAUTH_SECRET|ENCRYPTION_KEYS|APP_URL|NEXTAUTH_URL|REDIS_URL|QUEUE_PREFIX)=/.test(l));
  dbEnv = Object.fromEntries(webEnv.map((l) => [l.slice(0, l.indexOf("=")), l.slice(l.indexOf("=") + 1)]));
  const floorPort = await freePort();
  const nextStart = await timed(["node_modules/next/dist/bin/next", "start", "-p", String(floorPort)], () => fetch(`http://127.0.0.1:${floorPort}/api/health`).then((r) => r.ok, () => false));
  process.kill(-third.child.pid!, "SIGINT");
  await third.exited;
  await new Promise((r) => setTimeout(r, 3000));

  console.log(`npm run demo on a fresh clone — ${os.cpus().length} cores, Node ${process.version}, load average ${os.loadavg().map((l) => l.toFixed(1)).join(" / ")}`);
  console.log("| run | ready after (the demo's count) | wall clock to /api/health |");
  console.log("|---|---:|---:|");
  console.log(`| first (initdb, generate, migrate, seed, build, start) | ${first.reported} s | ${first.wall.toFixed(1)} s |`);
  console.log(`| second (same clone) | ${second.reported} s | ${second.wall.toFixed(1)} s |`);
  console.log(`| floor: \`next build\` alone | | ${build.toFixed(1)} s |`);
  console.log(`| floor: \`next start\` alone to its first /api/health | | ${nextStart.toFixed(1)} s |`);
} finally {
  rmSync(clone.parent, { recursive: true, force: true });
  // The demo runs' queues and schedulers under this run's prefix.
  const redis = new Redis(process.env.REDIS_URL ?? "redis://127.0.0.1:6379");
  let cursor = "0";
  do {
    const [next, keys] = await redis.scan(cursor, "MATCH", `${env.QUEUE_PREFIX}:*`, "COUNT", 500);
    if (keys.length) await redis.del(...keys);
    cursor = next;
  } while (cursor !== "0");
  redis.disconnect();
}
