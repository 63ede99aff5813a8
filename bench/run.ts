// `npm run bench [name …]`: run the benchmarks under bench/ one after another (each prints its own table with
// the baseline measured in the same run). No names = all of them; a name is a file in bench/ without ".ts".
// One at a time on purpose: two benchmarks at once would measure each other. --expose-gc lets a
// benchmark collect its own set-up garbage before it starts timing.
import { spawnSync } from "node:child_process";
import { readdirSync } from "node:fs";

const here = new URL(".", import.meta.url);
const all = readdirSync(here).filter((f) => f.endsWith(".ts") && f !== "run.ts").map((f) => f.slice(0, -3)).sort();
const asked = process.argv.slice(2);
const unknown = asked.filter((a) => !all.includes(a));
if (unknown.length) {
  console.error(`No such benchmark: ${unknown.join(", ")}. Available: ${all.join(", ")}`);
  process.exit(2);
}
let failed = 0;
for (const name of asked.length ? asked : all) {
  console.log(`\n=== bench/${name}.ts ===`);
  const r = spawnSync(process.execPath, ["--expose-gc", "--import", "tsx", new URL(`${name}.ts`, here).pathname], { stdio: "inherit" });
  if (r.status !== 0) failed++;
}
process.exit(failed ? 1 : 0);
