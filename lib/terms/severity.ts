import type { DiffEntry } from "@/lib/terms/diff";

// How much a document change matters, from the sentences that changed (added or removed), never from the
// unchanged text. Each rule names a topic a customer must act on; a rule matches a changed sentence when
// ALL its patterns match that sentence. The change's severity is the highest matched rule's, INFO if none.

export const SEVERITIES = ["INFO", "LOW", "MEDIUM", "HIGH", "CRITICAL"] as const;
export type Severity = (typeof SEVERITIES)[number];

export interface SeverityRule {
  id: string;
  severity: Severity;
  /** what the alert calls the section: "The section on <topic> changed" */
  topic: string;
  /** all must match one sentence */
  patterns: RegExp[];
}

// Words that say the sentence is about the customer's material, not the vendor's.
const CUSTOMER_MATERIAL = /\b(content|data|inputs?|outputs?|prompts?|conversations?|chats?|submissions?|personal information|materials?|logs?|records?)\b/i;

export const SEVERITY_RULES: readonly SeverityRule[] = [
  {
    id: "training-on-customer-data",
    severity: "CRITICAL",
    topic: "using your content to train models",
    patterns: [/\b(train(s|ed|ing)?|fine-?tun(e|es|ed|ing)|improv(e|es|ed|ing) (our|the|its) (models?|services?|products?))\b/i, CUSTOMER_MATERIAL],
  },
  {
    id: "data-retention",
    severity: "HIGH",
    topic: "how long your data is kept or deleted",
    // "You retain all the rights to Your Prompts" is about ownership, not storage
    patterns: [/\b(retain(s|ed|ing)?(?![^.]{0,20}\b(ownership|rights?|title)\b)|retention|delet(e|es|ed|ion|ing)|eras(e|ed|ure)|stor(e|es|ed|ing|age))\b/i, CUSTOMER_MATERIAL],
  },
  {
    id: "indemnity",
    severity: "HIGH",
    topic: "indemnity (who pays for third-party claims)",
    patterns: [/\b(indemnif\w*|indemnit\w*|hold (us |\w+ )?harmless|defend\b[^.]{0,80}\bclaims?)/i],
  },
  {
    id: "price-and-fees",
    severity: "MEDIUM",
    topic: "prices, fees and billing",
    patterns: [/\b(fees?|prices?|pricing|charges?|charged|billing|billed|invoices?|invoiced|payments?|refunds?|taxes)\b|[$€£]\s?\d/i],
  },
  {
    id: "termination-suspension",
    severity: "MEDIUM",
    topic: "termination and suspension of your account or the service",
    patterns: [/\b(terminat\w*|suspen(d|ds|ded|ding|sion)|discontinu\w*|deactivat\w*|close (your|the) account)\b/i],
  },
  {
    id: "governing-law",
    severity: "MEDIUM",
    topic: "governing law, jurisdiction and dispute resolution",
    patterns: [/\b(governing law|governed by (the )?laws?|choice of law|jurisdiction\w*|arbitra\w*|class actions?|jury trial|venue|courts? of|dispute resolution|mediation)\b/i],
  },
  {
    id: "rate-and-usage-limits",
    severity: "LOW",
    topic: "rate limits and usage limits",
    patterns: [/\b(rate[- ]limit\w*|usage limits?|usage caps?|quotas?|throttl\w*|spend(ing)? limits?|(request|token|capacity) limits?)\b/i],
  },
];

export interface RuleMatch {
  rule: string;
  severity: Severity;
  /** "The section on using your content to train models changed: added "…"" */
  explanation: string;
  /** the first changed sentence that matched, shortened around the match */
  excerpt: string;
  /** how many changed sentences matched */
  sentences: number;
}

export interface ChangeClassification {
  severity: Severity;
  matchedRules: RuleMatch[];
  summary: string;
}

export function classifyChange(diff: readonly DiffEntry[], rules: readonly SeverityRule[] = SEVERITY_RULES): ChangeClassification {
  const matchedRules: RuleMatch[] = [];
  for (const rule of rules) {
    const hits = diff.filter((e) => rule.patterns.every((p) => p.test(e.text)));
    if (hits.length === 0) continue;
    const first = hits[0]!;
    const excerpt = excerptAround(first.text, rule.patterns[0]!);
    matchedRules.push({
      rule: rule.id,
      severity: rule.severity,
      explanation: `The section on ${rule.topic} changed: ${first.op} "${excerpt}"${hits.length > 1 ? ` (and ${hits.length - 1} more sentence${hits.length > 2 ? "s" : ""})` : ""}`,
      excerpt,
      sentences: hits.length,
    });
  }
  matchedRules.sort((a, b) => rank(b.severity) - rank(a.severity));
  const severity = matchedRules[0]?.severity ?? "INFO";
  return { severity, matchedRules, summary: summarise(diff, matchedRules, rules) };
}

export function maxSeverity(a: Severity, b: Severity): Severity {
  return rank(a) >= rank(b) ? a : b;
}

function rank(s: Severity): number {
  return SEVERITIES.indexOf(s);
}

function summarise(diff: readonly DiffEntry[], matches: RuleMatch[], rules: readonly SeverityRule[]): string {
  if (diff.length === 0) return "No wording changed.";
  const added = diff.filter((e) => e.op === "added").length;
  const counts = `${added} sentence${added === 1 ? "" : "s"} added, ${diff.length - added} removed`;
  if (matches.length === 0) return `${counts}; no section we watch (training, retention, indemnity, fees, termination, law, limits) changed.`;
  const topics = matches.map((m) => `${m.severity}: ${rules.find((r) => r.id === m.rule)?.topic ?? m.rule}`);
  return `${counts}. ${topics.join("; ")}.`;
}

/** The sentence, or ~240 characters of it centred on the match, so an email shows the words that fired. */
function excerptAround(sentence: string, pattern: RegExp, width = 240): string {
  if (sentence.length <= width) return sentence;
  const at = Math.max(0, sentence.search(pattern));
  const start = Math.max(0, Math.min(at - width / 3, sentence.length - width));
  return `${start > 0 ? "…" : ""}${sentence.slice(start, start + width).trim()}${start + width < sentence.length ? "…" : ""}`;
}
