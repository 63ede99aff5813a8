import type { CandidateEvent, OrgAlertData, RuleToEvaluate } from "@/lib/alerts/data";
import type { RuleParams } from "@/lib/alerts/rules";
import { isoDay, shiftDay } from "@/lib/alerts/time";
import { burnDownSentence, COMMITMENT_KIND_LABEL } from "@/lib/commitments/store";
import { formatUsd } from "@/lib/money";

/**
 * A prepaid credit or spend commitment runs out within `daysAhead` days at its current rate (or has run out):
 * once per commitment term. The key holds the term (start day) and the amount, so a top-up or a new term is a
 * new occurrence, and the same term is never raised twice however often the job runs.
 */
export function evaluateCreditsRunOut(rule: RuleToEvaluate, p: RuleParams<"CREDITS_RUNOUT">, data: OrgAlertData, now: Date): CandidateEvent[] {
  const today = isoDay(now);
  const horizon = shiftDay(today, p.daysAhead);
  const out: CandidateEvent[] = [];
  for (const c of data.commitments ?? []) {
    if (p.commitmentId && c.id !== p.commitmentId) continue;
    const b = c.burnDown;
    const soon = b.status === "active" && b.runOutDate !== null && b.runOutDate <= horizon;
    if (!soon && b.status !== "exhausted") continue;
    const label = `${c.provider} ${COMMITMENT_KIND_LABEL[c.kind].toLowerCase()} "${c.name}"`;
    const when = b.status === "exhausted" ? `ran out on ${b.exhaustedOn}` : `runs out on ${b.runOutDate} (${b.daysLeft === 0 ? "today" : `in ${b.daysLeft} days`})`;
    out.push({
      type: "CREDITS_RUNOUT",
      dedupKey: `credits:${rule.id}:${c.id}:${c.startsOn}:${c.amount.toFixed(2)}`,
      severity: b.status === "exhausted" || (b.daysLeft ?? 0) <= 7 ? "HIGH" : "MEDIUM",
      title: `${label} ${when}`,
      body: [
        `${formatUsd(b.consumed)} of ${formatUsd(c.amount)} used since ${c.startsOn} (${c.provider} spend counted through ${shiftDay(today, -1)}).`,
        burnDownSentence(c),
        c.kind === "PREPAID_CREDIT" ? "After that, this provider's usage is billed at its normal rates: top up the credit or plan the spend." : "After that, spend is beyond the commitment: renegotiate it or plan the spend.",
      ].join("\n"),
      data: { commitmentId: c.id, provider: c.provider, kind: c.kind, amount: c.amount.toFixed(2), consumed: b.consumed.toFixed(2), remaining: b.remaining.toFixed(2), dailyRate: b.dailyRate?.toFixed(2) ?? null, runOutDate: b.runOutDate, exhaustedOn: b.exhaustedOn, daysAhead: p.daysAhead },
      link: `/${data.org.slug}/spend/commitments`,
    });
  }
  return out;
}
