import { splitSentences } from "@/lib/terms/diff";

// Regional variants of one document: vendors serve different terms to EEA/UK/Swiss residents ("These Terms of Use
// apply if you reside in the European Economic Area (EEA), Switzerland, or UK."). The scope is read from the
// opening of the page; a page whose scope changed is another variant, compared with its own earlier version.

export interface RegionalScope {
  /** sorted region codes: "CH", "EEA", "UK", "US", … */
  regions: string[];
  /** "EEA, Switzerland and UK" */
  label: string;
  /** the sentence that declared it */
  sentence: string;
}

const REGIONS: readonly (readonly [string, string, RegExp])[] = [
  ["EEA", "the EEA", /\b(European Economic Area|EEA|European Union|EU)\b/],
  ["UK", "the UK", /\b(UK|United Kingdom|Great Britain)\b/],
  ["CH", "Switzerland", /\bSwitzerland\b/],
  ["US", "the US", /\b(United States|US|U\.S\.)\b/],
  ["CN", "China", /\b(People's Republic of China|PRC|mainland China)\b/],
  ["KR", "South Korea", /\b(Republic of Korea|South Korea)\b/],
];

// "apply if you reside in", "applies to you if you live in", "for individuals in", "If you are located in"; a
// title ("Europe Terms of Use", "EU privacy policy") only when no sentence says it outright.
const DECLARATION = /\b(appl(?:y|ies)(?: to you)? if you (?:reside|live|are (?:located|based|a resident))|if you (?:reside|live|are (?:located|based|a resident)) (?:in|outside)|for (?:individuals|users|residents) (?:in|outside|located in))/i;
const TITLE = /^(?:europe(?:an)?|eu|eea|uk)\b[^.]{0,30}\b(?:terms|policy|privacy)/i;
// A sentence with a link points at the OTHER variant ("If you live outside of the EEA, [these Terms](…) apply to
// you"; on the worldwide page "If you reside in the EEA, … governed by [these terms](…)"): not a declaration.
const POINTER = /\]\(|https?:\/\//;
const OUTSIDE = /\boutside(?: of)?\b/i;

/** The regions the page declares it is for, from its first 25 sentences; null = no regional condition. */
export function regionalScope(text: string): RegionalScope | null {
  const opening = splitSentences(text).slice(0, 25);
  return declared(opening, DECLARATION) ?? declared(opening, TITLE);
}

function declared(opening: readonly string[], pattern: RegExp): RegionalScope | null {
  for (const sentence of opening) {
    if (!pattern.test(sentence) || POINTER.test(sentence)) continue;
    const regions = REGIONS.filter(([, , re]) => re.test(sentence)).map(([code]) => code);
    if (regions.length === 0) continue;
    if (OUTSIDE.test(sentence)) {
      return { regions: regions.map((r) => `not-${r}`).sort(), label: `everywhere except ${labelOf(regions)}`, sentence };
    }
    return { regions: regions.sort(), label: labelOf(regions), sentence };
  }
  return null;
}

export function sameScope(a: RegionalScope | null, b: RegionalScope | null): boolean {
  return (a?.regions.join(",") ?? "") === (b?.regions.join(",") ?? "");
}

function labelOf(codes: readonly string[]): string {
  const names = codes.map((c) => REGIONS.find(([code]) => code === c)?.[1] ?? c);
  return names.length <= 1 ? (names[0] ?? "") : `${names.slice(0, -1).join(", ")} and ${names[names.length - 1]}`;
}
