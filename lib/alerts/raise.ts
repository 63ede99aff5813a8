import type { CandidateEvent } from "@/lib/alerts/data";
import { renderAlertEmail } from "@/lib/alerts/email";
import { evaluateRule } from "@/lib/alerts/evaluate";
import { loadGlobalAlertData, loadOrgAlertData, type GlobalAlertData } from "@/lib/alerts/load";
import { resolveRecipients } from "@/lib/alerts/recipients";
import type { Role } from "@/lib/auth/permissions";
import { db, Prisma } from "@/lib/db";
import { queueEmail } from "@/lib/email/deliver";
import { env } from "@/lib/env";
import { logger } from "@/lib/log";
import { dispatchToChannels } from "@/lib/channels/dispatch";
import { quietHoursHoldMs } from "@/lib/channels/quiet-hours";
import { atOrAbove } from "@/lib/channels/routing";

// The evaluation job's write side: candidates from the pure rules are inserted with ON CONFLICT (orgId,
// dedupKey) DO NOTHING, so only occurrences never seen before come back as new events; each new event of an
// IMMEDIATE rule is then rendered and queued once per recipient (DAILY_DIGEST events wait for digest.ts).

export async function orgMembers(orgId: string): Promise<{ email: string; role: Role }[]> {
  const rows = await db().membership.findMany({ where: { orgId }, select: { role: true, user: { select: { email: true } } } });
  return rows.map((m) => ({ email: m.user.email, role: m.role }));
}

export interface OrgEvaluation {
  orgId: string;
  candidates: number;
  raised: { id: string; type: string; dedupKey: string }[];
  emailsQueued: number;
  channelMessagesQueued?: number;
  /** rules whose params or data failed: reported, and the org's other rules still ran */
  ruleErrors: { ruleId: string; error: string }[];
}

/** Evaluate one org's enabled rules at `now`, raise new events, queue immediate emails. */
export async function evaluateOrgAlerts(orgId: string, now: Date, global?: GlobalAlertData): Promise<OrgEvaluation> {
  const org = await db().organization.findUniqueOrThrow({ where: { id: orgId }, select: { id: true, slug: true, name: true } });
  const rules = await db().alertRule.findMany({ where: { orgId, enabled: true }, orderBy: { createdAt: "asc" } });
  const result: OrgEvaluation = { orgId, candidates: 0, raised: [], emailsQueued: 0, ruleErrors: [] };
  if (rules.length === 0) return result;
  const data = await loadOrgAlertData(org, rules, now, global ?? (await loadGlobalAlertData(now)));

  const rows: Prisma.AlertEventCreateManyInput[] = [];
  for (const rule of rules) {
    let candidates: CandidateEvent[];
    try {
      candidates = evaluateRule(rule, data, now);
    } catch (e) {
      result.ruleErrors.push({ ruleId: rule.id, error: e instanceof Error ? e.message : String(e) });
      continue;
    }
    for (const c of candidates) rows.push({ orgId, ruleId: rule.id, type: c.type, dedupKey: c.dedupKey, severity: c.severity, title: c.title, body: c.body, data: c.data as Prisma.InputJsonValue, link: c.link, occurredAt: now });
  }
  result.candidates = rows.length;
  if (rows.length === 0) return result;

  // skipDuplicates = INSERT … ON CONFLICT DO NOTHING; RETURNING gives back only the rows really inserted.
  const inserted = await db().alertEvent.createManyAndReturn({ data: rows, skipDuplicates: true });
  result.raised = inserted.map((e) => ({ id: e.id, type: e.type, dedupKey: e.dedupKey }));
  if (inserted.length === 0) return result;

  // Slack and webhook channels (each with its own severity floor), whether or not SMTP is configured.
  result.channelMessagesQueued = (await dispatchToChannels(orgId, inserted, now)).length;

  // Without SMTP the events are still in the app's inbox; queuing mail that cannot leave would only fail.
  if (!env().SMTP_URL) {
    logger.warn("alerts raised but SMTP_URL is not set: no email sent", { orgId, raised: inserted.length });
    return result;
  }
  const members = await orgMembers(orgId);
  const byRule = new Map(rules.map((r) => [r.id, r]));
  const quiet = await db().organization.findUniqueOrThrow({ where: { id: orgId }, select: { quietHoursStartMinute: true, quietHoursEndMinute: true, quietHoursTimeZone: true } });
  for (const event of inserted) {
    const rule = byRule.get(event.ruleId!)!;
    if (rule.delivery !== "IMMEDIATE" || !atOrAbove(event.severity, rule.emailMinSeverity)) continue;
    const rendered = renderAlertEmail(event, { appUrl: env().APP_URL, org, ruleName: rule.name });
    const holdMs = quietHoursHoldMs({ startMinute: quiet.quietHoursStartMinute, endMinute: quiet.quietHoursEndMinute, timeZone: quiet.quietHoursTimeZone }, event.severity, now);
    for (const recipient of resolveRecipients(rule, members)) {
      await queueEmail({ orgId, recipient, subject: rendered.subject, text: rendered.text, html: rendered.html, alertEventId: event.id }, holdMs);
      result.emailsQueued++;
    }
  }
  logger.info("alerts evaluated", { orgId, candidates: result.candidates, raised: result.raised.length, emails: result.emailsQueued, ruleErrors: result.ruleErrors.length });
  return result;
}

/** Every org with an enabled rule (or just one), sharing the catalog-wide data of this run. */
export async function evaluateAllAlerts(now: Date, onlyOrgId?: string): Promise<OrgEvaluation[]> {
  const orgs = await db().alertRule.findMany({ where: { enabled: true, ...(onlyOrgId ? { orgId: onlyOrgId } : {}) }, distinct: ["orgId"], select: { orgId: true } });
  if (orgs.length === 0) return [];
  const global = await loadGlobalAlertData(now);
  const results: OrgEvaluation[] = [];
  for (const { orgId } of orgs) {
    try {
      results.push(await evaluateOrgAlerts(orgId, now, global));
    } catch (e) {
      // One org's broken data must not keep every other org from its alerts.
      logger.error("alert evaluation failed for an org", { orgId, error: e instanceof Error ? e.message : String(e) });
      results.push({ orgId, candidates: 0, raised: [], emailsQueued: 0, ruleErrors: [{ ruleId: "*", error: e instanceof Error ? e.message : String(e) }] });
    }
  }
  return results;
}
