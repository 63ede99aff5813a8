// Reading a document change clause by clause, on the 2-core build machine: `npx tsx bench/terms-classify.ts`.
// Every change of tests/fixtures/terms-corpus (38 real consecutive versions) and the largest one alone (OpenAI's
// usage policies rewritten in January 2024, ~190 changed sentences), each run 7 times after 2 warm-ups, median (and the
// very first pass, cold).
// Baseline in the same run: the sentence diff alone (what the watch computed before it read any rule).
import { readFileSync, readdirSync } from "node:fs";
import { describeDocumentChange, fingerprintDocument } from "../lib/terms/change.ts";
import { diffSentences } from "../lib/terms/diff.ts";

const dir = new URL("../tests/fixtures/terms-corpus/", import.meta.url);
const labels: { id: string; before: string; after: string }[] = JSON.parse(readFileSync(new URL("labels.json", dir), "utf8"));
const text = (f: string) => fingerprintDocument(readFileSync(new URL(f, dir), "utf8"), { contentType: "text/markdown" }).text;
const pairs = labels.map((l) => {
  const folder = l.before.split("/")[0]!;
  const older = readdirSync(new URL(`${folder}/`, dir)).filter((f) => f.endsWith(".md")).sort().map((f) => `${folder}/${f}`).filter((f) => f < l.before);
  return { id: l.id, before: text(l.before), after: text(l.after), history: older.map(text) };
});

function median(run: () => void): number {
  const times: number[] = [];
  for (let i = 0; i < 9; i++) {
    const t = performance.now();
    run();
    if (i >= 2) times.push(performance.now() - t);
  }
  return times.sort((a, b) => a - b)[3]!;
}

const largest = pairs.find((p) => p.id === "oa-aup-1")!;
// The first pass, before any warm-up: the worker meets each document once per check.
const cold = performance.now();
pairs.forEach((p) => describeDocumentChange(p.before, p.after, undefined, { history: p.history }));
console.log(`all 38 changes, first pass (cold): ${(performance.now() - cold).toFixed(1)} ms`);
const rows = [
  ["all 38 changes: sentence diff only (baseline)", median(() => pairs.forEach((p) => diffSentences(p.before, p.after)))],
  ["all 38 changes: diff + clause rules + variants + history", median(() => pairs.forEach((p) => describeDocumentChange(p.before, p.after, undefined, { history: p.history })))],
  ["OpenAI usage policies 2024-01-10: sentence diff only (baseline)", median(() => diffSentences(largest.before, largest.after))],
  ["OpenAI usage policies 2024-01-10: diff + clause rules", median(() => describeDocumentChange(largest.before, largest.after, undefined, { history: largest.history }))],
] as const;
for (const [what, ms] of rows) console.log(`${what}: ${ms.toFixed(1)} ms`);
