import { applyClauseRules, CLAUSE_RULES } from "@/lib/terms/clause-rules";
import { changedClauses } from "@/lib/terms/clauses";

// How much a document change matters. The clauses that changed (clauses.ts) are read by the rules
// (clause-rules.ts); the change's severity is the highest finding's, INFO if none. Two versions that are not
// comparable (another regional variant, an error page) are one INFO finding saying so.

export const SEVERITIES = ["INFO", "LOW", "MEDIUM", "HIGH", "CRITICAL"] as const;
export type Severity = (typeof SEVERITIES)[number];

export interface RuleMatch {
  rule: string;
  severity: Severity;
  /** "The section on using your content to train models changed: your material may now be used … added "…"" */
  explanation: string;
  /** the added (or, for a removal, the removed) clause that fired, shortened to ~240 characters */
  excerpt: string;
  /** how many changed clauses fired the rule */
  sentences: number;
}

export interface ChangeClassification {
  severity: Severity;
  matchedRules: RuleMatch[];
  summary: string;
}

export interface ClassifyOptions {
  /** versions older than `previousText`, oldest first: a sentence restored from one of them is not news */
  history?: readonly string[];
}

/** Classify the change from one normalised version of a document to the next. */
export function classifyChange(previousText: string, nextText: string, options: ClassifyOptions = {}): ChangeClassification {
  const analysis = changedClauses(previousText, nextText, options.history);
  if (analysis.incomparable) return { severity: "INFO", matchedRules: [analysis.incomparable], summary: analysis.incomparable.explanation };
  const matchedRules = applyClauseRules(analysis.clauses, { previous: analysis.previous, next: analysis.next });
  matchedRules.sort((a, b) => rank(b.severity) - rank(a.severity));
  const severity = matchedRules[0]?.severity ?? "INFO";
  return { severity, matchedRules, summary: summarise(analysis.clauses, matchedRules) };
}

export function maxSeverity(a: Severity, b: Severity): Severity {
  return rank(a) >= rank(b) ? a : b;
}

function rank(s: Severity): number {
  return SEVERITIES.indexOf(s);
}

function summarise(clauses: readonly { op: string }[], matches: RuleMatch[]): string {
  if (clauses.length === 0) return "No wording changed (only links, addresses, formatting or text restored from an earlier version).";
  const added = clauses.filter((e) => e.op === "added").length;
  const counts = `${added} clause${added === 1 ? "" : "s"} added, ${clauses.length - added} removed`;
  if (matches.length === 0) return `${counts}; nothing changed in what we watch (training, retention, indemnity, acceptable use, fees, termination, law, limits).`;
  const topics = matches.map((m) => `${m.severity}: ${CLAUSE_RULES.find((r) => r.id === m.rule)?.topic ?? m.rule}`);
  return `${counts}. ${topics.join("; ")}.`;
}
