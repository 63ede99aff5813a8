// `npm test`: generate the Prisma client (offline), build the app (the browser tests run the
// production build), then run every vitest project, and end with one plain summary line.
import { spawnSync } from "node:child_process";
import { existsSync, mkdirSync, readFileSync, writeFileSync } from "node:fs";
import { BUILD_STAMP_FILE, sourceFingerprint } from "../lib/demo/build-fingerprint.ts";

const args = process.argv.slice(2);
const skipBuild = args.includes("--skip-build") || process.env.SKIP_BUILD === "1";
const vitestArgs = args.filter((a) => a !== "--skip-build");

function run(cmd: string, argv: string[], extraEnv: Record<string, string> = {}): number {
  const r = spawnSync(cmd, argv, { stdio: "inherit", env: { ...process.env, NEXT_TELEMETRY_DISABLED: "1", ...extraEnv } });
  return r.status ?? 1;
}

if (run("./node_modules/.bin/tsx", ["scripts/prisma-generate.ts"]) !== 0) process.exit(1);
if (run("./node_modules/.bin/tsc", ["--noEmit", "-p", "."]) !== 0) process.exit(1);
if (!skipBuild) {
  // Stamped like the demo's builds, so `npm run demo` and the demo smoke test reuse this build when the code is the same.
  const fingerprint = sourceFingerprint(process.cwd());
  if (run("./node_modules/.bin/next", ["build"]) !== 0) process.exit(1);
  writeFileSync(BUILD_STAMP_FILE, `${fingerprint}\n`);
}

mkdirSync("test-results", { recursive: true });
const status = run("./node_modules/.bin/vitest", ["run", "--reporter=default", "--reporter=json", "--outputFile.json=test-results/vitest.json", ...vitestArgs]);

if (existsSync("test-results/vitest.json")) {
  const r = JSON.parse(readFileSync("test-results/vitest.json", "utf8")) as { numPassedTests: number; numFailedTests: number; numPendingTests: number; numTodoTests: number };
  console.log(`\n${r.numPassedTests} passed, ${r.numFailedTests} failed, ${r.numPendingTests + r.numTodoTests} skipped`);
}
process.exit(status);
