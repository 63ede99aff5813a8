// Why sign-in took 7–46 s in the demo, and what it takes now. Against the production build (`npm run
// build` first) on a fresh database seeded with the demo org, in one run:
//   1. the password hash alone (scrypt N=2^15, r=8, p=1, unchanged), one at a time and 8 at once;
//   2. a fresh `next start` and its very first sign-in, the old way (next-auth/react: providers, CSRF,
//      callback, then "/" → Overview) — the baseline — then warm sign-ins, then 8 people at once;
//   3. a fresh `next start` pre-warmed as `npm run demo` now does (scripts/demo-prewarm.ts), then the
//      first sign-in with the form as it is now (CSRF fetched while typing: callback, "/" → Overview),
//      warm sign-ins and 8 at once the same way.
// With --hogs N, N busy-looping processes share the cores throughout (the demo's workers start, compile
// and sync at the same moment the first person signs in). The 1-minute load average is printed.
//   npx tsx bench/signin.ts [--hogs 2] [--warm 5]
import { spawn, type ChildProcess } from "node:child_process";
import { createServer } from "node:net";
import os from "node:os";
import { dropDatabase, ensureDatabase, migrate } from "../lib/db/migrate.ts";
import { HttpSession, prewarm, signInOverHttp, type Step } from "../scripts/demo-prewarm.ts";

const DB_URL = process.env.BENCH_DATABASE_URL ?? "postgresql://postgres@127.0.0.1:5432/breakeven_bench_signin";
const arg = (name: string, dflt: number) => {
  const i = process.argv.indexOf(`--${name}`);
  return i === -1 ? dflt : Number(process.argv[i + 1]);
};
const HOGS = arg("hogs", 0);
const WARM = arg("warm", 5);
const CONCURRENT = 8;

process.env.DATABASE_URL = DB_URL;
process.env.QUEUE_PREFIX = `bench-signin-${process.pid}`;
process.env.NEXT_TELEMETRY_DISABLED = "1";
process.env.NEXTAUTH_SECRET ??= "bench-secret-bench-secret-bench-secret-00";
process.env.ENCRYPTION_KEYS ??= `k1:${Buffer.alloc(32, 1).toString("base64")}`;
process.env.LOG_LEVEL ??= "warn";

const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)]!;
const fmt = (ms: number) => (ms >= 1000 ? `${(ms / 1000).toFixed(2)} s` : `${Math.round(ms)} ms`);
const load = () => os.loadavg()[0]!.toFixed(1);

async function freePort(): Promise<number> {
  return new Promise((resolve) => {
    const srv = createServer();
    srv.listen(0, "127.0.0.1", () => {
      const port = (srv.address() as { port: number }).port;
      srv.close(() => resolve(port));
    });
  });
}

async function startServer(): Promise<{ baseUrl: string; bootMs: number; stop: () => Promise<void> }> {
  const port = await freePort();
  const baseUrl = `http://localhost:${port}`;
  const t0 = performance.now();
  const child: ChildProcess = spawn("./node_modules/.bin/next", ["start", "-p", String(port), "-H", "127.0.0.1"], {
    env: { ...process.env, NEXTAUTH_URL: baseUrl, APP_URL: baseUrl, NODE_ENV: "production" },
    stdio: "ignore",
    detached: true,
  });
  for (;;) {
    const ok = await fetch(`${baseUrl}/api/health`).then((r) => r.ok, () => false);
    if (ok) break;
    if (performance.now() - t0 > 120_000) throw new Error("next start did not answer /api/health within 120 s");
    await new Promise((r) => setTimeout(r, 100));
  }
  return {
    baseUrl,
    bootMs: performance.now() - t0,
    stop: async () => {
      process.kill(-child.pid!, "SIGTERM");
      await new Promise((r) => setTimeout(r, 500));
      try {
        process.kill(-child.pid!, "SIGKILL");
      } catch {
        /* already gone */
      }
    },
  };
}

function startHogs(n: number): ChildProcess[] {
  return Array.from({ length: n }, () => spawn(process.execPath, ["-e", "for(;;){}"], { stdio: "ignore" }));
}

const USERS = ["owner", "admin", "finance", "engineering", "executive"].map((r) => `${r}@demo.breakeven.local`);

async function signInOnce(baseUrl: string, email: string, password: string, flow: "next-auth-react" | "form") {
  const s = new HttpSession(baseUrl);
  await s.request("GET", "/signin"); // the page itself, shown before anyone types
  const r = await signInOverHttp(s, email, password, flow);
  if (!r.ok) throw new Error(`sign-in as ${email} failed: ${JSON.stringify(r.steps)}`);
  return r;
}

const stepLine = (steps: Step[]) => steps.map((s) => `${s.name.replace(/^GET |^POST /, "")} ${fmt(s.ms)}`).join(", ");

async function phase(label: string, password: string, flow: "next-auth-react" | "form", warmFirst: boolean) {
  const server = await startServer();
  const out: string[] = [`${label}: next start answered /api/health after ${fmt(server.bootMs)} (load ${load()})`];
  try {
    if (warmFirst) {
      const w = await prewarm(server.baseUrl, { email: USERS[0]!, password });
      out.push(`  pre-warm (sign-in page, one sign-in, landing page): ${fmt(w.ms)}${w.ok ? "" : " (FAILED)"}`);
    }
    const first = await signInOnce(server.baseUrl, USERS[2]!, password, flow);
    out.push(`  first sign-in: ${fmt(first.ms)} (${stepLine(first.steps)})`);
    const warm: number[] = [];
    for (let i = 0; i < WARM; i++) warm.push((await signInOnce(server.baseUrl, USERS[i % USERS.length]!, password, flow)).ms);
    out.push(`  warm sign-in, median of ${WARM}: ${fmt(median(warm))} (min ${fmt(Math.min(...warm))}, max ${fmt(Math.max(...warm))})`);
    const t0 = performance.now();
    const many = await Promise.all(Array.from({ length: CONCURRENT }, (_, i) => signInOnce(server.baseUrl, USERS[i % USERS.length]!, password, flow)));
    const each = many.map((m) => m.ms);
    const byStep = new Map<string, number[]>();
    for (const m of many) for (const st of m.steps) byStep.set(st.name, [...(byStep.get(st.name) ?? []), st.ms]);
    out.push(`  ${CONCURRENT} people at once: all done in ${fmt(performance.now() - t0)}, each median ${fmt(median(each))}, fastest ${fmt(Math.min(...each))}, slowest ${fmt(Math.max(...each))} (load ${load()})`);
    out.push(`    median per step: ${[...byStep].map(([k, v]) => `${k.replace(/^GET |^POST /, "")} ${fmt(median(v))}`).join(", ")}`);
  } finally {
    await server.stop();
  }
  return out;
}

async function hashPhase(): Promise<string[]> {
  const { hashPassword, verifyPassword } = await import("../lib/auth/password.ts");
  const PW = "correct horse battery staple";
  const stored = await hashPassword(PW);
  const serial: number[] = [];
  for (let i = 0; i < 5; i++) {
    const t0 = performance.now();
    await verifyPassword(PW, stored);
    serial.push(performance.now() - t0);
  }
  const t0 = performance.now();
  const each = await Promise.all(
    Array.from({ length: CONCURRENT }, async () => {
      const t = performance.now();
      await verifyPassword(PW, stored);
      return performance.now() - t;
    }),
  );
  return [
    `password hash (scrypt N=2^15 r=8 p=1, 32 MiB, on libuv's pool of ${process.env.UV_THREADPOOL_SIZE ?? 4} threads, unchanged): one verify median ${fmt(median(serial))} (of 5); ${CONCURRENT} at once ${fmt(performance.now() - t0)} in all, each median ${fmt(median(each))}, slowest ${fmt(Math.max(...each))}`,
  ];
}

async function main() {
  await dropDatabase(DB_URL);
  await ensureDatabase(DB_URL);
  await migrate(DB_URL);
  const { db, disconnectDb } = await import("../lib/db.ts");
  const { seedDemo } = await import("../lib/demo/seed.ts");
  const { DEMO_PASSWORD } = await import("../lib/demo/generate.ts");
  const t0 = performance.now();
  await seedDemo(db(), new Date());
  await disconnectDb();
  console.log(`seeded the demo org in ${fmt(performance.now() - t0)}; ${os.cpus().length} cores, load ${load()}, ${HOGS} busy-loop processes alongside`);
  const hogs = startHogs(HOGS);
  try {
    for (const line of await hashPhase()) console.log(line);
    for (const line of await phase("baseline — cold server, next-auth/react flow", DEMO_PASSWORD, "next-auth-react", false)) console.log(line);
    for (const line of await phase("now — pre-warmed server, the form's flow", DEMO_PASSWORD, "form", true)) console.log(line);
  } finally {
    for (const h of hogs) h.kill("SIGKILL");
  }
  await dropDatabase(DB_URL);
}

await main();
