import { extractMainText, type ExtractOptions } from "@/lib/terms/extract";
import { capDiff, diffSentences, type DiffEntry, type DiffLimits } from "@/lib/terms/diff";
import { contentHash, normaliseDocumentText } from "@/lib/terms/normalise";
import { classifyChange, type ClassifyOptions, type RuleMatch, type Severity } from "@/lib/terms/severity";

// The pipeline a document-watch job runs, minus I/O: fetched body → fingerprint (text + hash) → if the
// hash differs from the last version, describe the change (diff, severity, summary) for a DocumentChange.

export interface DocumentFingerprint {
  /** normalised main text: what a VendorDocumentVersion stores */
  text: string;
  /** sha256 hex of `text` */
  hash: string;
}

export function fingerprintDocument(body: string, options: ExtractOptions = {}): DocumentFingerprint {
  const text = normaliseDocumentText(extractMainText(body, options));
  return { text, hash: contentHash(text) };
}

export interface DocumentChangeDescription {
  /** stored diff, capped */
  diff: DiffEntry[];
  /** entries beyond the cap */
  omitted: number;
  severity: Severity;
  matchedRules: RuleMatch[];
  summary: string;
}

/**
 * Diff and classify two normalised texts. Severity is computed on the FULL diff before capping, so a
 * critical sentence past the cap still raises the alert.
 */
export function describeDocumentChange(previousText: string, nextText: string, limits?: DiffLimits, options: ClassifyOptions = {}): DocumentChangeDescription {
  const full = diffSentences(previousText, nextText);
  const { severity, matchedRules, summary } = classifyChange(previousText, nextText, options);
  const { entries, omitted } = capDiff(full, limits);
  return { diff: entries, omitted, severity, matchedRules, summary: omitted ? `${summary} (diff shows the first ${entries.length} of ${full.length} changes)` : summary };
}
