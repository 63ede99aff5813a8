import { diffArrays } from "diff";
import { splitSentences } from "@/lib/terms/diff";
import { negatedBefore, statedPeriods, wordingKey } from "@/lib/terms/clause-text";
import { regionalScope, sameScope } from "@/lib/terms/regions";
import type { RuleMatch, Severity } from "@/lib/terms/severity";

// How much a document change matters, read clause by clause (docs/alerts.md "Terms rules").
// 1. What changed: sentences added or removed, minus presentation (a link, an e-mail address, list markup,
//    capitalisation, a paragraph re-cut into other sentences with the same words), minus sentences that only
//    moved, minus sentences restored from an earlier version (a capture that lost a table and found it again).
// 2. Whether the two versions are comparable at all: a page that now serves another regional variant ("These
//    Terms apply if you reside in the EEA…") is a different document, and a capture that is an error page or a
//    stub is not the document.
// 3. What each remaining clause says, in context: who does what to whose material, negated or not, under which
//    condition (opt-in, opt-out), for how long (periods as numbers), permitted or forbidden. A rule fires when
//    the claim is new (not a restatement of one the previous version already made) or a protective claim is gone.

export interface ChangedClause {
  op: "added" | "removed";
  text: string;
  /** the heading or list lead-in the sentence sits under, for context ("How long we keep your data") */
  context: string;
}

export interface ClauseAnalysis {
  /** set when the versions are not comparable: the rule that says why (INFO) */
  incomparable: RuleMatch | null;
  clauses: ChangedClause[];
  previous: string[];
  next: string[];
}

/** The sentences a reader would see as changed, with their context. `history` = older versions, oldest first. */
export function changedClauses(previousText: string, nextText: string, history: readonly string[] = []): ClauseAnalysis {
  const previous = splitSentences(previousText);
  const next = splitSentences(nextText);
  const incomparable = captureArtefact(previous, next) ?? regionalVariant(previousText, nextText);
  if (incomparable) return { incomparable, clauses: [], previous, next };

  const clauses: ChangedClause[] = [];
  let i = 0; // index in previous
  let j = 0; // index in next
  let hunk: { removed: number[]; added: number[] } = { removed: [], added: [] };
  const flush = () => {
    const removedWords = hunk.removed.map((k) => wordingKey(previous[k]!)).join(" ").trim();
    const addedWords = hunk.added.map((k) => wordingKey(next[k]!)).join(" ").trim();
    if (removedWords !== addedWords) {
      for (const k of hunk.removed) clauses.push({ op: "removed", text: previous[k]!, context: contextOf(previous, k) });
      for (const k of hunk.added) clauses.push({ op: "added", text: next[k]!, context: contextOf(next, k) });
    }
    hunk = { removed: [], added: [] };
  };
  for (const part of diffArrays(previous, next)) {
    if (!part.added && !part.removed) {
      flush();
      i += part.value.length;
      j += part.value.length;
      continue;
    }
    for (let n = 0; n < part.value.length; n++) (part.added ? hunk.added : hunk.removed).push(part.added ? j++ : i++);
  }
  flush();

  // Presentation-only rewrites and moves: a removed and an added sentence with the same words cancel out.
  const removedKeys = new Map<string, number>();
  for (const c of clauses) if (c.op === "removed") removedKeys.set(wordingKey(c.text), (removedKeys.get(wordingKey(c.text)) ?? 0) + 1);
  const addedKeys = new Map<string, number>();
  for (const c of clauses) if (c.op === "added") addedKeys.set(wordingKey(c.text), (addedKeys.get(wordingKey(c.text)) ?? 0) + 1);
  const earlier = new Set(history.flatMap((t) => splitSentences(t).map(wordingKey)));
  const kept = clauses.filter((c) => {
    const key = wordingKey(c.text);
    if (!key) return false;
    const other = c.op === "added" ? removedKeys : addedKeys;
    if ((other.get(key) ?? 0) > 0) {
      other.set(key, other.get(key)! - 1);
      return false;
    }
    return !(c.op === "added" && earlier.has(key)); // restored from an earlier version: not news
  });
  return { incomparable: null, clauses: kept, previous, next };
}

/** An error page or a stub on either side (a handful of sentences against a whole document) is not a version of it. */
function captureArtefact(previous: string[], next: string[]): RuleMatch | null {
  const [small, large] = previous.length <= next.length ? [previous, next] : [next, previous];
  if (small.length > 5 || large.length < 5 * small.length + 20) return null;
  const which = small === previous ? "The previous capture" : "This capture";
  return {
    rule: "capture-artefact",
    severity: "INFO",
    explanation: `${which} has ${small.length} sentence${small.length === 1 ? "" : "s"} against ${large.length}: an error page or an empty page, not a version of the document; nothing is compared.`,
    excerpt: small.join(" ").slice(0, 240),
    sentences: 0,
  };
}

function regionalVariant(previousText: string, nextText: string): RuleMatch | null {
  const before = regionalScope(previousText);
  const after = regionalScope(nextText);
  if (sameScope(before, after)) return null;
  return {
    rule: "regional-variant",
    severity: "INFO",
    explanation: `The page now serves ${after ? `the version for ${after.label}` : "the version without a regional condition"} (before: ${before ? `the version for ${before.label}` : "the version without a regional condition"}). They are different documents, so they are not compared; each variant is compared with its own earlier version.`,
    excerpt: after?.sentence ?? before?.sentence ?? "",
    sentences: 0,
  };
}

const HEADING = /^(#{1,6}\s|\d+(\\?\.\d+)*\\?\.?\s+[A-Z][^.]{0,80}$)/;

/** The nearest heading above a sentence and, for a list item, its lead-in ("…, do not:"). */
function contextOf(sentences: readonly string[], index: number): string {
  const parts: string[] = [];
  for (let k = index - 1; k >= 0 && k >= index - 40; k--) {
    const s = sentences[k]!;
    if (parts.length === 0 && /:\s*$/.test(s)) parts.push(s);
    if (HEADING.test(s) || (s.length < 70 && !/[.:;,]$/.test(s) && !/^[*-]/.test(s))) {
      parts.push(s);
      break;
    }
  }
  return parts.join(" / ");
}

export type { Severity };
