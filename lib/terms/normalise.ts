import { createHash } from "node:crypto";
import { splitSentences } from "@/lib/terms/diff";

// Normalise extracted text so that only wording changes change the hash. Cosmetic churn that must not
// alert: typography (curly vs straight quotes, dash kinds, non-breaking and zero-width spaces), whitespace,
// "Last updated: …" / "Updated March 3, 2025" stamp lines, copyright footers ("© 2024 …"), tracking
// parameters on links (utm_*, gclid, …) and cookie-banner lines. An "Effective: <date>" line is NOT noise:
// it says when new terms bind, and it only changes together with the terms.

const MONTH = "(?:jan(?:uary)?|feb(?:ruary)?|mar(?:ch)?|apr(?:il)?|may|june?|july?|aug(?:ust)?|sep(?:t(?:ember)?)?|oct(?:ober)?|nov(?:ember)?|dec(?:ember)?)\\.?";
const DATE = `(?:${MONTH}\\s*\\d{1,2}(?:st|nd|rd|th)?,?\\s*\\d{4}|\\d{1,2}(?:st|nd|rd|th)?\\s+${MONTH},?\\s+\\d{4}|${MONTH}\\s+\\d{4}|\\d{4}-\\d{2}-\\d{2}|\\d{1,2}[./]\\d{1,2}[./]\\d{2,4})`;
// "Last updated: March 3, 2025", "UpdatedMarch 14, 2023" (OTA's rendering), "Last modified on 2025-03-03", "Revised 3 March 2025"
const STAMP_LINE = new RegExp(`^(?:last\\s*)?(?:updated|modified|revised|reviewed)(?:\\s+on)?\\s*:?\\s*${DATE}\\s*\\.?$`, "i");
const COPYRIGHT_LINE = /^(?:©|\(c\)|copyright\b)|©\s*(?:19|20)\d\d/i;
const YEAR = /\b(?:19|20)\d\d\b/;
const COOKIE_BUTTON_LINE = /^(?:accept(?: all)?(?: cookies)?|reject all(?: cookies)?|decline|allow all(?: cookies)?|cookie settings|cookie preferences|manage (?:cookie )?(?:preferences|settings)|customi[sz]e cookies)$/i;
const COOKIE_BANNER_LINE = /^(?:we use cookies|this (?:web)?site uses cookies)\b.*\b(?:accept(?: all)?|reject all|got it|ok|i agree|cookie settings)\.?$/i;
const TRACKING_PARAM = /^(?:utm_[a-z_]+|gclid|dclid|fbclid|msclkid|mc_cid|mc_eid|_hsenc|_hsmi|_ga|_gl|ref_src)$/i;
const URL_IN_TEXT = /\bhttps?:\/\/[^\s<>"'()[\]]+/g;

/** Normalised text: what is stored as a VendorDocumentVersion and hashed. */
export function normaliseDocumentText(text: string): string {
  const unified = text
    .normalize("NFKC") // nbsp → space, "…" → "...", ligatures, full-width forms
    .replace(/[\u200b-\u200d\u2060\ufeff\u00ad]/g, "") // zero-width characters and soft hyphens
    .replace(/[\u2018\u2019\u201a\u201b\u2032]/g, "'")
    .replace(/[\u201c\u201d\u201e\u201f\u2033\u00ab\u00bb]/g, '"')
    .replace(/[\u2010-\u2015\u2212]/g, "-")
    .replace(URL_IN_TEXT, stripTracking);

  const lines: string[] = [];
  for (const raw of unified.split(/\r\n?|\n/)) {
    const line = raw.replace(/\s+/g, " ").trim();
    if (line && isNoise(line)) continue;
    if (!line && (lines.length === 0 || lines[lines.length - 1] === "")) continue; // at most one blank line
    lines.push(line);
  }
  while (lines[lines.length - 1] === "") lines.pop();
  return lines.join("\n");
}

/**
 * sha256 (hex) of the sentences of normalised text, one per line: exactly what the sentence diff compares,
 * so re-wrapped lines, blank lines or bolding never make a new version with nothing to show.
 */
export function contentHash(normalisedText: string): string {
  return createHash("sha256").update(splitSentences(normalisedText).join("\n"), "utf8").digest("hex");
}

function isNoise(line: string): boolean {
  const bare = line.replace(/[*_#>`]+/g, "").trim(); // markdown emphasis/heading marks around a footer line
  if (STAMP_LINE.test(bare)) return true;
  if (COPYRIGHT_LINE.test(bare) && YEAR.test(bare) && bare.length <= 200) return true;
  return COOKIE_BUTTON_LINE.test(bare) || COOKIE_BANNER_LINE.test(bare);
}

function stripTracking(href: string): string {
  // Trailing sentence punctuation is not part of the link.
  const trail = /[.,;:!?]+$/.exec(href)?.[0] ?? "";
  const core = trail ? href.slice(0, -trail.length) : href;
  let url: URL;
  try {
    url = new URL(core);
  } catch {
    return href;
  }
  const tracked = [...url.searchParams.keys()].filter((k) => TRACKING_PARAM.test(k));
  if (tracked.length === 0) return href; // leave untouched links byte-for-byte
  for (const k of tracked) url.searchParams.delete(k);
  return url.toString() + trail;
}
