import { renderDigestEmail } from "@/lib/alerts/email";
import { orgMembers } from "@/lib/alerts/raise";
import { resolveRecipients } from "@/lib/alerts/recipients";
import { isoDay } from "@/lib/alerts/time";
import { db } from "@/lib/db";
import { env } from "@/lib/env";
import { logger } from "@/lib/log";
import { enqueue } from "@/lib/queues";

// The daily digest: every event of a DAILY_DIGEST rule not yet digested, one email per recipient per org and
// day (EmailDelivery.digestKey "digest:<recipient>:<day>", unique per org). The deliveries are written and the
// events marked digested in one transaction, so a re-run neither loses an event nor mails it twice.

export interface DigestResult {
  orgId: string;
  events: number;
  deliveries: { id: string; recipient: string }[];
}

export async function sendDailyDigests(now: Date): Promise<DigestResult[]> {
  if (!env().SMTP_URL) {
    logger.warn("daily digest skipped: SMTP_URL is not set (the events stay in the app's inbox)");
    return [];
  }
  const pending = await db().alertEvent.findMany({
    where: { digestedAt: null, occurredAt: { lte: now }, rule: { delivery: "DAILY_DIGEST" } },
    include: { rule: { select: { recipientRoles: true, recipientEmails: true } }, org: { select: { slug: true, name: true } } },
    orderBy: { occurredAt: "asc" },
  });
  const byOrg = new Map<string, typeof pending>();
  for (const e of pending) byOrg.set(e.orgId, [...(byOrg.get(e.orgId) ?? []), e]);

  const day = isoDay(now);
  const results: DigestResult[] = [];
  for (const [orgId, events] of byOrg) {
    const members = await orgMembers(orgId);
    const perRecipient = new Map<string, typeof events>();
    for (const e of events) for (const r of resolveRecipients(e.rule!, members)) perRecipient.set(r, [...(perRecipient.get(r) ?? []), e]);
    const org = events[0]!.org;
    const deliveries = await db().$transaction(async (tx) => {
      const created: { id: string; recipient: string }[] = [];
      for (const [recipient, list] of perRecipient) {
        const digestKey = `digest:${recipient}:${day}`;
        // Already sent today (the job ran twice): these events go in tomorrow's digest.
        if (await tx.emailDelivery.findUnique({ where: { orgId_digestKey: { orgId, digestKey } }, select: { id: true } })) return null;
        const r = renderDigestEmail(list, { appUrl: env().APP_URL, org, day });
        const row = await tx.emailDelivery.create({ data: { orgId, recipient, digestKey, subject: r.subject, textBody: r.text, htmlBody: r.html }, select: { id: true, recipient: true } });
        created.push(row);
      }
      await tx.alertEvent.updateMany({ where: { id: { in: events.map((e) => e.id) } }, data: { digestedAt: now } });
      return created;
    });
    if (!deliveries) continue;
    for (const d of deliveries) await enqueue("email", { deliveryId: d.id }, { jobId: `email-${d.id}` });
    results.push({ orgId, events: events.length, deliveries });
    logger.info("alert digest queued", { orgId, events: events.length, recipients: deliveries.length });
  }
  return results;
}
