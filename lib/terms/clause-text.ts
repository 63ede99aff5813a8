// What a changed sentence SAYS, separated from how it is written: the wording key that makes a link, an e-mail
// address, list markup or capitalisation change invisible, the periods it states as numbers, and whether it is
// a negated statement. Pure helpers for clauses.ts.

const NUMBER_WORDS: Record<string, number> = {
  one: 1, two: 2, three: 3, four: 4, five: 5, six: 6, seven: 7, eight: 8, nine: 9, ten: 10, eleven: 11, twelve: 12,
  thirteen: 13, fourteen: 14, fifteen: 15, eighteen: 18, twenty: 20, thirty: 30, forty: 40, "forty-five": 45, sixty: 60, ninety: 90,
};

/**
 * The words of a sentence without its presentation: markdown links keep their text, URLs, e-mail addresses
 * (and Cloudflare's "[email protected]"), "(opens in a new window)", list numbering, emphasis and punctuation go,
 * case is folded. Two sentences with the same key say the same thing.
 */
export function wordingKey(sentence: string): string {
  let key = keys.get(sentence);
  if (key === undefined) {
    if (keys.size >= KEY_CACHE_SIZE) keys.clear();
    key = computeWordingKey(sentence);
    keys.set(sentence, key);
  }
  return key;
}

// A document's sentences are keyed again and again (hunks, moves, restatements, history): remember the last ones.
const KEY_CACHE_SIZE = 50_000;
const keys = new Map<string, string>();

function computeWordingKey(sentence: string): string {
  return sentence
    .replace(/\[\\?\[email[^\]]*\]\\?\]\([^)]*\)/gi, " ")
    .replace(/!?\[([^\]]*)\]\([^)]*\)/g, "$1")
    .replace(/\(?opens in a new window\)?/gi, " ")
    .replace(/https?:\/\/\S+/gi, " ")
    .replace(/[\w.+-]+@[\w-]+(\.[\w-]+)+/g, " ")
    .replace(/\[email[^\]]*protected\]/gi, " ")
    .replace(/<[^>]+>/g, " ")
    .replace(/^[\s>*#\-–—]*(?:\d+(?:\.\d+)*\\?[.)]|\(?[a-z]\)|[a-z]\.(?=\s|$))?\s*/i, "")
    .toLowerCase()
    .replace(/[^\p{L}\p{N}]+/gu, " ")
    .trim();
}

/** A period stated in a clause, in days (a year = 365, a month = 30); "until you delete" and the like are kept as words. */
export interface StatedPeriod {
  days: number | null;
  text: string;
}

const PERIOD = /\b(\d+|[a-z]+(?:-[a-z]+)?)\s*(?:\((\d+)\)\s*)?(rolling\s+)?(days?|weeks?|months?|years?)\b/gi;
const OPEN_ENDED = /\b(until (?:you|we|the|your|such)[^.,;]{0,60}|for (?:the duration|as long as)[^.,;]{0,60}|zero data retention|not retained|indefinitely)/gi;

export function statedPeriods(sentence: string): StatedPeriod[] {
  const out: StatedPeriod[] = [];
  for (const m of sentence.matchAll(PERIOD)) {
    const n = m[2] ? Number(m[2]) : /^\d+$/.test(m[1]!) ? Number(m[1]) : NUMBER_WORDS[m[1]!.toLowerCase()];
    if (n === undefined || Number.isNaN(n)) continue;
    const unit = m[4]!.toLowerCase().replace(/s$/, "");
    const days = n * (unit === "year" ? 365 : unit === "month" ? 30 : unit === "week" ? 7 : 1);
    out.push({ days, text: `${n} ${unit}${n === 1 ? "" : "s"}` });
  }
  for (const m of sentence.matchAll(OPEN_ENDED)) out.push({ days: null, text: m[1]!.trim().toLowerCase() });
  return out;
}

// "we will not use", "do not", "never", "no longer", "nor", "without your consent" before the verb it negates.
const NEGATION = /\b(not|never|no longer|don['’]t|doesn['’]t|won['’]t|cannot|can['’]t|nor)\b/i;

/** Whether the clause around `verbIndex` is negated (a negation word within the few words before the verb). */
export function negatedBefore(sentence: string, verbIndex: number): boolean {
  const before = sentence.slice(Math.max(0, verbIndex - 60), verbIndex);
  // the nearest clause boundary cuts the look-back: "…, unless you opt out" does not negate what follows it
  const clause = before.split(/[,;:]|\bunless\b|\bexcept\b/i).pop() ?? before;
  // "If you do not want us to use …" negates the reader's wish, not the vendor's use
  return NEGATION.test(clause.replace(/\b(?:do|does|did)\s+not\s+(?:want|wish|like)\b|\bdon['’]t\s+(?:want|wish|like)\b/gi, ""));
}
