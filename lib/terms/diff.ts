import { diffArrays } from "diff";

// A readable diff of two normalised versions: the sentences that were added or removed, unchanged text
// left out. A reworded sentence shows as one removed + one added. Diffing sentences (not lines) makes a
// re-wrapped paragraph a non-change, and a sentence that only moved elsewhere is not reported either.

export interface DiffEntry {
  op: "added" | "removed";
  text: string;
}

export interface DiffLimits {
  /** entries kept (a rewrite of a whole document is summarised, not stored in full) */
  maxEntries: number;
  /** characters kept per entry */
  maxEntryChars: number;
}
export const DEFAULT_DIFF_LIMITS: DiffLimits = { maxEntries: 300, maxEntryChars: 2_000 };

// Not a sentence end: multi-level section numbers ("4.4." "4.2.1."), a leading list/heading number ("1\\." "## 3."),
// and abbreviations usually followed by a capital ("e.g. ChatGPT").
const NO_BREAK_AFTER = /(?:\b\d+(?:\.\d+)+\.|^[#*\s]*\d+\\?\.|\b(?:e\.g|i\.e|no|sec|art|vs|cf)\.)$/i;
// End of sentence: . ! ? (optionally closed by a quote or bracket) then space then a capital, digit, or an
// opening quote/bracket. "e.g. the" and "U.S. law" stay whole because lower case follows.
const SENTENCE_BREAK = /(?<=[.!?]["')\]]*)\s+(?=["'(\[]*[A-Z0-9])/;

/**
 * Lines, then sentences within a line. Markdown emphasis (** and __) is dropped so that bolding a word is
 * not a change, and underline lines (=== / ---) carry no words and are skipped.
 */
export function splitSentences(text: string): string[] {
  const out: string[] = [];
  for (const line of text.split("\n")) {
    const trimmed = line.replace(/\*\*|__/g, "").trim();
    if (!trimmed || /^[-=_*#\s|:]+$/.test(trimmed)) continue;
    let sentence = "";
    for (const piece of trimmed.split(SENTENCE_BREAK)) {
      sentence = sentence ? `${sentence} ${piece}` : piece;
      if (NO_BREAK_AFTER.test(sentence)) continue;
      out.push(sentence.trim());
      sentence = "";
    }
    if (sentence.trim()) out.push(sentence.trim());
  }
  return out;
}

/** Every added/removed sentence, in document order (removed before added at the same place). */
export function diffSentences(previous: string, next: string): DiffEntry[] {
  const entries: DiffEntry[] = [];
  for (const part of diffArrays(splitSentences(previous), splitSentences(next))) {
    if (!part.added && !part.removed) continue;
    for (const text of part.value) entries.push({ op: part.added ? "added" : "removed", text });
  }
  return dropMoves(entries);
}

/** Keep at most `maxEntries`, each at most `maxEntryChars` (cut with "…"); says how many were left out. */
export function capDiff(entries: readonly DiffEntry[], limits: DiffLimits = DEFAULT_DIFF_LIMITS): { entries: DiffEntry[]; omitted: number } {
  const kept = entries.slice(0, limits.maxEntries).map((e) => (e.text.length > limits.maxEntryChars ? { ...e, text: `${e.text.slice(0, limits.maxEntryChars - 1)}…` } : e));
  return { entries: kept, omitted: Math.max(0, entries.length - limits.maxEntries) };
}

/** A sentence removed in one place and added verbatim in another only moved: cancel such pairs. */
function dropMoves(entries: DiffEntry[]): DiffEntry[] {
  const removed = new Map<string, number>();
  const added = new Map<string, number>();
  for (const e of entries) {
    const m = e.op === "added" ? added : removed;
    m.set(e.text, (m.get(e.text) ?? 0) + 1);
  }
  const cancel = new Map<string, number>();
  for (const [text, n] of removed) {
    const moved = Math.min(n, added.get(text) ?? 0);
    if (moved) cancel.set(text, moved);
  }
  if (cancel.size === 0) return entries;
  const left = { added: new Map(cancel), removed: new Map(cancel) };
  return entries.filter((e) => {
    const budget = left[e.op];
    const n = budget.get(e.text) ?? 0;
    if (n === 0) return true;
    budget.set(e.text, n - 1);
    return false;
  });
}
