import { negatedBefore, statedPeriods, wordingKey } from "@/lib/terms/clause-text";
import type { ChangedClause } from "@/lib/terms/clauses";
import type { RuleMatch, Severity } from "@/lib/terms/severity";

// The rules, each reading one changed clause in the context of both versions (clauses.ts says which clauses
// changed). Every rule answers: is this a new claim, or a protective claim that is gone? A restatement of a
// claim the previous version already made (same rule, nearly the same words) is not news.

export interface RuleContext {
  previous: readonly string[];
  next: readonly string[];
}

export interface ClauseRule {
  id: string;
  severity: Severity;
  /** "The section on <topic> changed" */
  topic: string;
  /** quote a removed clause before an added one (a ban that disappeared says more than a rule reworded) */
  removalsFirst?: boolean;
  /** a finding for this clause, or null */
  read(clause: ChangedClause, ctx: RuleContext): { severity?: Severity; finding: string } | null;
}

// Words that make a clause about the customer's material rather than the vendor's.
const MATERIAL = /\b(inputs?|outputs?|prompts?|conversations?|chats?|(?:your|user|customer)\s+(?:content|data|input data|materials?|files?)|content you\b|feedback|submissions?|user input data|files you upload)\b/i;
const TRAIN = /\b(train(?:s|ed|ing)?\b|fine-?tun\w*|improv\w*\s+(?:our|its|the|their)\s+(?:[\w-]+\s+){0,3}?(?:models?|algorithms?|ai|technology)\b|model (?:training|improvement))/i;
const OPT_OUT = /\bopt(?:-|\s)?out\b|\bunless you (?:turn off|disable|object)/i;
const OPT_IN = /\bopt(?:-|\s)?(?:ed\s+)?in(?:to)?\b|\bexpressly authori[sz]e|\byour (?:explicit |prior )?consent\b|\bif you choose to\b/i;

/** Jaccard similarity of two sentences' wording keys (0–1). */
function similarity(a: string, b: string): number {
  const x = wordSet(a);
  const y = wordSet(b);
  let common = 0;
  for (const w of x) if (y.has(w)) common++;
  return common / (x.size + y.size - common || 1);
}

const wordSets = new Map<string, Set<string>>();
function wordSet(sentence: string): Set<string> {
  let set = wordSets.get(sentence);
  if (!set) {
    if (wordSets.size >= 50_000) wordSets.clear();
    set = new Set(wordingKey(sentence).split(" "));
    wordSets.set(sentence, set);
  }
  return set;
}

/** The other version already says nearly this (same rule, ≥ 0.8 of the words). */
function restated(text: string, other: readonly string[], matches: (s: string) => boolean): boolean {
  return other.some((s) => matches(s) && similarity(s, text) >= 0.8);
}

const quote = (s: string) => (s.length <= 240 ? s : `${s.slice(0, 239)}…`);

/** The customer material a clause names, singular and lower-case ("input", "output", "feedback", "user data"). */
function materialsOf(sentence: string): string[] {
  return [...sentence.matchAll(new RegExp(MATERIAL.source, "gi"))].map((m) => m[1]!.toLowerCase().replace(/s$/, "").replace(/\s+/g, " "));
}

interface TrainingClaim {
  permits: boolean;
  condition: "opt-out" | "opt-in" | "";
  /** holds only in some case ("In such a case …", "If …", "… unless …", "with the exception of …") */
  conditional: boolean;
}

const CONDITIONAL = /^(?:[*-]\s*)?(?:in (?:such|that|this|these|those|which) (?:an? )?cases?|if|when|where|provided)\b|\b(?:unless|except|with the exception of|provided that)\b/i;

/** What a sentence says about training on the customer's material, or null if it says nothing about it. */
export function trainingClaim(sentence: string, context = ""): TrainingClaim | null {
  const train = TRAIN.exec(sentence);
  if (!train) return null;
  if (!MATERIAL.test(sentence) && !MATERIAL.test(context)) return null;
  // "use your Inputs … to train": the negation sits before the use, not before "train"
  const use = /\b(use|using|used|process|share)\b/i.exec(sentence.slice(0, train.index));
  // Who uses: "You may not use Output to train models" restricts the customer; it is no promise or permission of
  // the vendor's. (Only the customer as the subject of this very verb counts: "If You use the free version, … to
  // improve Our Models" is still the vendor's use.)
  if (use && /\b(?:you|customers?|users?)\s+(?:may|must|shall|will|can|agree(?:\s+not)?\s+to)\s+(?:not\s+)?$/i.test(sentence.slice(0, use.index))) return null;
  const permits = !negatedBefore(sentence, use ? use.index : train.index);
  const condition = OPT_OUT.test(sentence) ? "opt-out" : OPT_IN.test(sentence) ? "opt-in" : "";
  return { permits, condition, conditional: CONDITIONAL.test(sentence) };
}

const trainingRule: ClauseRule = {
  id: "training-on-customer-data",
  severity: "CRITICAL",
  topic: "using your content to train models",
  read(clause, ctx) {
    const claim = trainingClaim(clause.text, clause.context);
    if (!claim) return null;
    const other = clause.op === "added" ? ctx.previous : ctx.next;
    const same = (s: string) => {
      const c = trainingClaim(s);
      return !!c && c.permits === claim.permits && c.condition === claim.condition;
    };
    if (clause.op === "added") {
      if (!claim.permits) return null; // a new promise not to train is good news, not an alert
      if (other.some(same) && restated(clause.text, other, same)) return null;
      if (other.some(same) && claim.condition !== "") return null; // the same permission under the same condition existed
      const how = claim.condition === "opt-out" ? " unless you opt out" : claim.condition === "opt-in" ? " if you opt in" : "";
      return { finding: `your material may now be used to train models${how}` };
    }
    // removed: only the loss of a protective clause matters, and only if no promise about the same material, at
    // least as firm (an unconditional promise is not replaced by one that holds "in such a case"), remains
    if (claim.permits) return null;
    const material = materialsOf(clause.text);
    const remains = (s: string) => {
      const c = trainingClaim(s);
      return !!c && !c.permits && (claim.conditional || !c.conditional) && materialsOf(s).some((m) => material.includes(m));
    };
    if (ctx.next.some(remains)) return null;
    return { finding: "a promise not to train on your material was removed" };
  },
};

const RETAIN = /\b(retain\w*|retention|keep|kept|stor(?:e|es|ed|ing|age)|delet\w*|eras\w*)\b/i;
const RETENTION_CONTEXT = /\b(retention|how long|retain|keep your|we keep)\b/i;

function retentionPeriods(sentence: string, context = ""): string[] | null {
  const periods = statedPeriods(sentence);
  if (periods.length === 0) return null;
  const about = (RETAIN.test(sentence) && (MATERIAL.test(sentence) || /\b(we|us)\b[^.]{0,40}\b(retain|keep|store|delete)/i.test(sentence) || /retention period/i.test(sentence))) || RETENTION_CONTEXT.test(context);
  return about ? periods.map((p) => p.text) : null;
}

const retentionRule: ClauseRule = {
  id: "data-retention",
  severity: "HIGH",
  topic: "how long your data is kept or deleted",
  read(clause, ctx) {
    const periods = retentionPeriods(clause.text, clause.context);
    if (!periods) return null;
    const other = clause.op === "added" ? ctx.previous : ctx.next;
    const samePeriods = (s: string) => {
      const p = retentionPeriods(s);
      return !!p && p.join("|") === periods.join("|");
    };
    if (restated(clause.text, other, samePeriods)) return null;
    return { finding: `${clause.op === "added" ? "states" : "no longer states"} a retention period (${periods.join(", ")})` };
  },
};

// Where the customer's material is processed, stored or sent: a named place (a country, "outside the EEA", data centres)
// in a clause about processing, storing, hosting or transferring data. A new place, or a place no longer named, is news.
const PLACE = /\b(European Economic Area|EEA|European Union|EU|United States|U\.S\.|US|USA|United Kingdom|UK|Switzerland|Canada|Japan|India|Singapore|Australia|China|third countr(?:y|ies)|other countries|outside (?:of )?(?:the |your )?(?:EEA|EU|UK|country|region|jurisdiction)|data (?:cent(?:er|re)s?|residency))\b/;
// (not "if you reside in": where the customer lives is the regional-variant check's business, lib/terms/regions.ts)
const WHERE_VERB = /\b(process\w*|stor(?:e|es|ed|ing|age)|host\w*|transfer\w*)\b/i;
const DATA_WORD = /\b(data|information|content|inputs?|outputs?|prompts?)\b/i;

function placesOf(sentence: string): string[] | null {
  if (!WHERE_VERB.test(sentence) || !DATA_WORD.test(sentence)) return null;
  const places = [...sentence.matchAll(new RegExp(PLACE.source, "g"))].map((m) => m[1]!);
  return places.length ? [...new Set(places)].sort() : null;
}

const regionRule: ClauseRule = {
  id: "processing-regions",
  severity: "HIGH",
  topic: "where your data is processed, stored or transferred",
  read(clause, ctx) {
    const places = placesOf(clause.text);
    if (!places) return null;
    const other = clause.op === "added" ? ctx.previous : ctx.next;
    const samePlaces = (s: string) => placesOf(s)?.join("|") === places.join("|");
    if (restated(clause.text, other, (s) => placesOf(s) !== null) || other.some(samePlaces)) return null;
    return { finding: `${clause.op === "added" ? "names" : "no longer names"} ${places.join(", ")}` };
  },
};

// The acceptable-use family: what the customer may not build. A ban that disappears permits it.
const AUP_FAMILY: readonly (readonly [string, RegExp])[] = [
  ["military and warfare", /\b(military|warfare)\b/i],
  ["weapons", /\bweapons?\b/i],
  ["surveillance", /\b(surveillance|spyware|monitoring of individuals|track(?:ing)? individuals)\b/i],
  ["biometric identification", /\b(biometric\w*|facial recognition|face recognition)\b/i],
  ["law enforcement and policing", /\b(law enforcement|predictive policing|criminal offen[cs]e)\b/i],
];
const PROHIBITION = /\b(don['’]t|do not|must not|may not|will not|shall not|cannot|not allow(?:ed)?|prohibit\w*|disallowed|forbidden|not permitted|you agree (?:not|you will not)|restricted uses?)\b/i;

function aupTopics(sentence: string, context: string): string[] {
  const topics = AUP_FAMILY.filter(([, re]) => re.test(sentence)).map(([name]) => name);
  if (topics.length === 0) return [];
  const forbidden = PROHIBITION.test(sentence) || PROHIBITION.test(context) || /^\s*(?:[*-]|\d+[.)]|\(?[a-z]\))\s/.test(sentence);
  return forbidden ? topics : [];
}

const acceptableUseRule: ClauseRule = {
  id: "acceptable-use",
  severity: "HIGH",
  topic: "permitted and forbidden uses (military, weapons, surveillance, biometrics)",
  removalsFirst: true,
  read(clause, ctx) {
    const topics = aupTopics(clause.text, clause.context);
    if (topics.length === 0) return null;
    if (clause.op === "removed") {
      const gone = topics.filter((t) => !ctx.next.some((s) => AUP_FAMILY.find(([n]) => n === t)![1].test(s)));
      return gone.length ? { finding: `the ban on ${gone.join(" and ")} was removed` } : null;
    }
    if (restated(clause.text, ctx.previous, (s) => aupTopics(s, "").length > 0 || AUP_FAMILY.some(([, re]) => re.test(s)))) return null;
    return { finding: `a new rule on ${topics.join(" and ")}` };
  },
};

/** A rule that reads one topic's words in a clause, firing on a clause that is not a restatement. */
function topicRule(id: string, severity: Severity, topic: string, pattern: RegExp, also?: RegExp): ClauseRule {
  const matches = (s: string) => pattern.test(s) && (!also || also.test(s));
  return {
    id,
    severity,
    topic,
    read(clause, ctx) {
      if (!matches(clause.text)) return null;
      if (restated(clause.text, clause.op === "added" ? ctx.previous : ctx.next, matches)) return null;
      return { finding: clause.op === "added" ? "added" : "removed" };
    },
  };
}

export const CLAUSE_RULES: readonly ClauseRule[] = [
  trainingRule,
  retentionRule,
  regionRule,
  topicRule("indemnity", "HIGH", "indemnity (who pays for third-party claims)", /\b(indemnif\w*|indemnit\w*|hold (?:\w+ )?harmless)/i),
  acceptableUseRule,
  topicRule("price-and-fees", "MEDIUM", "prices, fees and billing", /\b(fees?|pricing|prices?|charges?|charged|billing|billed|invoices?|invoiced|payments?|refunds?|taxes)\b|[$€£]\s?\d/i),
  topicRule("termination-suspension", "MEDIUM", "termination and suspension of your account or the service", /\b(terminat\w*|suspen(?:d|ds|ded|ding|sion)|deactivat\w*|close (?:your|the) account)\b/i, /\b(account|access|services?|agreement|terms|subscription)\b/i),
  topicRule("governing-law", "MEDIUM", "governing law, jurisdiction and dispute resolution", /\b(governing law|governed by (?:the )?laws?|choice of law|jurisdiction\w*|arbitra\w*|class actions?|jury trial|venue|courts? of|dispute resolution)\b/i),
  topicRule("rate-and-usage-limits", "LOW", "rate limits and usage limits", /\b(rate[- ]limit\w*|usage limits?|usage caps?|quotas?|throttl\w*|spend(?:ing)? limits?|(?:request|token|capacity) limits?)\b/i),
];

/** Every rule's findings over the changed clauses: one RuleMatch per rule, quoting the first clause that fired (added clauses first). */
export function applyClauseRules(clauses: readonly ChangedClause[], ctx: RuleContext, rules: readonly ClauseRule[] = CLAUSE_RULES): RuleMatch[] {
  const added = clauses.filter((c) => c.op === "added");
  const removed = clauses.filter((c) => c.op === "removed");
  const out: RuleMatch[] = [];
  for (const rule of rules) {
    const ordered = rule.removalsFirst ? [...removed, ...added] : [...added, ...removed];
    const hits = ordered.map((c) => ({ c, r: rule.read(c, ctx) })).filter((h): h is { c: ChangedClause; r: NonNullable<ReturnType<ClauseRule["read"]>> } => h.r !== null);
    if (hits.length === 0) continue;
    const first = hits[0]!;
    const excerpt = quote(first.c.text);
    const finding = first.r.finding === "added" || first.r.finding === "removed" ? "" : `${first.r.finding}: `;
    out.push({
      rule: rule.id,
      severity: first.r.severity ?? rule.severity,
      explanation: `The section on ${rule.topic} changed: ${finding}${first.c.op} "${excerpt}"${hits.length > 1 ? ` (and ${hits.length - 1} more clause${hits.length > 2 ? "s" : ""})` : ""}`,
      excerpt,
      sentences: hits.length,
    });
  }
  return out;
}
