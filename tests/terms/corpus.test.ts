import { readdirSync, readFileSync } from "node:fs";
import { describe, expect, it } from "vitest";
import { describeDocumentChange, fingerprintDocument } from "@/lib/terms/change";
import { SEVERITIES, type Severity } from "@/lib/terms/severity";

// The score of the terms rules on tests/fixtures/terms-corpus: 38 real consecutive versions of six vendors'
// documents (Open Terms Archive), each change labelled by hand before the rules were written (see its README).
// Each change goes through the same pipeline as the watch job: the OTA Markdown is extracted and normalised, then
// compared with the earlier version, the older versions of the same document being its history. Precision and
// recall are computed per severity; the floors are stated in docs/alerts.md and the figures quoted in README.md.

const DIR = new URL("../fixtures/terms-corpus/", import.meta.url);
interface Label { id: string; vendor: string; before: string; after: string; severity: Severity; rules: string[]; reason: string; split: "dev" | "held-out" }
const labels: Label[] = JSON.parse(readFileSync(new URL("labels.json", DIR), "utf8"));
const text = (file: string) => fingerprintDocument(readFileSync(new URL(file, DIR), "utf8"), { contentType: "text/markdown" }).text;

const results = labels.map((l) => {
  const folder = l.before.split("/")[0]!;
  const older = readdirSync(new URL(`${folder}/`, DIR)).filter((f) => f.endsWith(".md")).sort().map((f) => `${folder}/${f}`).filter((f) => f < l.before);
  const change = describeDocumentChange(text(l.before), text(l.after), undefined, { history: older.map(text) });
  return { label: l, severity: change.severity, rules: change.matchedRules.map((m) => m.rule) };
});
type Result = (typeof results)[number];

/** Per severity: precision = right / predicted at that severity, recall = right / labelled at that severity (null = nothing to divide by). */
function score(rows: readonly Result[]) {
  const per = Object.fromEntries(
    SEVERITIES.map((s) => {
      const right = rows.filter((r) => r.label.severity === s && r.severity === s).length;
      const predicted = rows.filter((r) => r.severity === s).length;
      const labelled = rows.filter((r) => r.label.severity === s).length;
      return [s, { precision: predicted ? right / predicted : null, recall: labelled ? right / labelled : null, right, predicted, labelled }];
    }),
  ) as Record<Severity, { precision: number | null; recall: number | null; right: number; predicted: number; labelled: number }>;
  const expectedRules = rows.flatMap((r) => r.label.rules.map((rule) => r.rules.includes(rule)));
  return { accuracy: rows.filter((r) => r.label.severity === r.severity).length / rows.length, per, ruleRecall: expectedRules.filter(Boolean).length / expectedRules.length, n: rows.length };
}

const all = score(results);
const dev = score(results.filter((r) => r.label.split === "dev"));
const heldOut = score(results.filter((r) => r.label.split === "held-out"));

describe("terms rules on the labelled corpus", () => {
  it("has at least 30 labelled changes from at least 4 vendors", () => {
    expect(labels.length).toBeGreaterThanOrEqual(30);
    expect(new Set(labels.map((l) => l.vendor)).size).toBeGreaterThanOrEqual(4);
    expect(labels.filter((l) => l.split === "held-out").length).toBeGreaterThanOrEqual(10);
  });

  it("prints the figures (quoted in README.md)", () => {
    const pct = (v: number | null) => (v === null ? "—" : `${Math.round(v * 100)}%`);
    for (const [name, s] of [["all", all], ["dev", dev], ["held-out", heldOut]] as const) {
      const line = SEVERITIES.filter((sev) => s.per[sev].labelled || s.per[sev].predicted)
        .map((sev) => `${sev} P ${pct(s.per[sev].precision)} (${s.per[sev].right}/${s.per[sev].predicted}) R ${pct(s.per[sev].recall)} (${s.per[sev].right}/${s.per[sev].labelled})`)
        .join(" · ");
      console.log(`[terms corpus] ${name}: ${s.n} changes, severity right ${pct(s.accuracy)}, expected rules fired ${pct(s.ruleRecall)} · ${line}`);
    }
    for (const r of results.filter((x) => x.severity !== x.label.severity)) console.log(`[terms corpus] miss ${r.label.id} (${r.label.split}): labelled ${r.label.severity}, rated ${r.severity} by ${r.rules.join(", ") || "no rule"}`);
    expect(all.n).toBe(labels.length);
  });

  // Floors (docs/alerts.md). CRITICAL must never be missed; HIGH and the quiet class (INFO: no alert) must be
  // mostly right. MEDIUM and LOW have too few real examples in the corpus (1 and 0) for a floor.
  it.each([
    ["all", all, 0.9],
    ["held-out", heldOut, 0.75],
  ] as const)("%s: meets the floors", (_name, s, ruleFloor) => {
    expect(s.per.CRITICAL.recall).toBe(1);
    expect(s.per.CRITICAL.precision!).toBeGreaterThanOrEqual(0.6);
    expect(s.per.HIGH.precision ?? 1).toBeGreaterThanOrEqual(0.8);
    expect(s.per.HIGH.recall!).toBeGreaterThanOrEqual(0.8);
    expect(s.per.INFO.precision!).toBeGreaterThanOrEqual(0.9);
    expect(s.per.INFO.recall!).toBeGreaterThanOrEqual(0.8);
    expect(s.accuracy).toBeGreaterThanOrEqual(0.85);
    expect(s.ruleRecall).toBeGreaterThanOrEqual(ruleFloor);
  });
});
