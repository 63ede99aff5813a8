import { spawn, spawnSync, type ChildProcess } from "node:child_process";
import { chmodSync, cpSync, existsSync, mkdtempSync, readFileSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { BUILD_STAMP_FILE, sourceFingerprint } from "../../lib/demo/build-fingerprint.ts";

// A fresh `git clone` of this tree's HEAD for running `npm run demo` as a new user would: used by
// the demo smoke test (tests/e2e/demo-smoke.test.ts) and the start-up benchmark (bench/demo-start.ts).

export interface DemoClone {
  /** The clone's folder (inside `parent`). */
  dir: string;
  /** The temporary folder holding it: remove it when done. */
  parent: string;
  /** Whether a build of the same code was copied in. */
  buildReused: boolean;
}

/**
 * Clone `root`'s HEAD into a temporary folder; node_modules copied as hard links (Turbopack refuses
 * a symlinked node_modules). With `reuseBuild`, `root`'s .next is copied when its stamp says it was
 * built from exactly the clone's code.
 */
export function makeDemoClone(root: string, opts: { reuseBuild: boolean }): DemoClone {
  const parent = mkdtempSync(join(tmpdir(), "breakeven-demo-"));
  // As root the embedded PostgreSQL runs as the user "postgres", which must be able to reach .data/.
  chmodSync(parent, 0o755);
  const dir = join(parent, "repo");
  const git = spawnSync("git", ["clone", "--quiet", root, dir], { encoding: "utf8" });
  if (git.status !== 0) throw new Error(`git clone failed: ${git.stderr}`);
  const link = spawnSync("cp", ["-al", join(root, "node_modules"), join(dir, "node_modules")]);
  if (link.status !== 0) cpSync(join(root, "node_modules"), join(dir, "node_modules"), { recursive: true });
  let buildReused = false;
  const stamp = join(root, BUILD_STAMP_FILE);
  if (opts.reuseBuild && existsSync(stamp) && readFileSync(stamp, "utf8").trim() === sourceFingerprint(dir)) {
    cpSync(join(root, ".next"), join(dir, ".next"), { recursive: true, filter: (src) => !src.startsWith(join(root, ".next", "cache")) });
    writeFileSync(join(dir, BUILD_STAMP_FILE), readFileSync(stamp));
    buildReused = true;
  }
  return { dir, parent, buildReused };
}

export interface DemoRun {
  child: ChildProcess;
  output(): string;
  exited: Promise<number | null>;
}

/** `npm run demo` in `dir`, in its own process group (so SIGINT to the group is a terminal's Ctrl+C). */
export function startDemo(dir: string, env: NodeJS.ProcessEnv): DemoRun {
  let output = "";
  const child = spawn("npm", ["run", "demo"], { cwd: dir, env, detached: true, stdio: ["ignore", "pipe", "pipe"] });
  child.stdout!.on("data", (c: Buffer) => (output += c.toString()));
  child.stderr!.on("data", (c: Buffer) => (output += c.toString()));
  const exited = new Promise<number | null>((resolve) => child.on("exit", (code) => resolve(code)));
  return { child, output: () => output, exited };
}

/** Wait until the demo says it is ready and /api/health answers; throws with its output otherwise. */
export async function untilDemoReady(demo: DemoRun, baseUrl: string, limitMs: number): Promise<void> {
  const deadline = Date.now() + limitMs;
  for (;;) {
    if (demo.child.exitCode !== null) throw new Error(`npm run demo exited with ${demo.child.exitCode}:\n${demo.output()}`);
    const ok = await fetch(`${baseUrl}/api/health`).then((r) => r.ok, () => false);
    if (ok && demo.output().includes("Breakeven is ready")) return;
    if (Date.now() > deadline) throw new Error(`the demo was not ready after ${limitMs / 1000} s:\n${demo.output()}`);
    await new Promise((r) => setTimeout(r, 500));
  }
}

/** The seconds the demo reports from its start to ready, or null. */
export function demoReadySeconds(output: string): number | null {
  const m = /Breakeven is ready on \S+ after ([\d.]+) s/.exec(output);
  return m ? Number(m[1]) : null;
}
