import { randomBytes } from "node:crypto";
import type { Worker } from "bullmq";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { sendDailyDigests } from "@/lib/alerts/digest";
import { evaluateOrgAlerts } from "@/lib/alerts/raise";
import { db } from "@/lib/db";
import { closeQueues, getQueue } from "@/lib/queues";
import { startWorker } from "@/workers/registry";
import { sendEmailJob } from "@/workers/send-email";
import { createOrgWithMembers } from "../support/factories";
import { seedPriceRise } from "../support/price-rise";
import { parseMail } from "../support/mime";
import { startSmtpServer, waitFor } from "../support/smtp";

// Alert email end to end: the evaluation raises an event, lib renders and queues one delivery per recipient
// (roles resolved to the members' addresses, plus the rule's own addresses), the real email worker sends them
// through BullMQ/Redis to a real SMTP server on 127.0.0.1; a refused message is retried and every attempt kept.

const NOW = new Date("2026-11-24T06:00:00Z");
const tag = randomBytes(3).toString("hex");
const PROVIDER = `mailco-${tag}`;

let smtp: Awaited<ReturnType<typeof startSmtpServer>>;
let worker: Worker;
let f: Awaited<ReturnType<typeof createOrgWithMembers>>;

beforeAll(async () => {
  smtp = await startSmtpServer();
  process.env.SMTP_URL = smtp.url; // before anything reads env()
  worker = startWorker("email", sendEmailJob, { concurrency: 1 });
  await worker.waitUntilReady();

  f = await createOrgWithMembers("Mail Co", ["OWNER", "ADMIN", "ENGINEERING", "FINANCE"]);
  const orgId = f.org.id;
  await seedPriceRise(orgId, PROVIDER); // +$200.00 a month for project Search
  await db().alertRule.create({
    data: { orgId, type: "PRICE_CHANGE", name: "Price rises on models we use", params: { increasesOnly: true }, recipientRoles: ["ADMIN", "ENGINEERING"], recipientEmails: ["cfo@outside.test", f.members.ENGINEERING.email.toUpperCase()] },
  });
});

afterAll(async () => {
  await worker.close();
  await getQueue("email").obliterate({ force: true });
  await closeQueues();
  await smtp.close();
});

const deliveriesOf = (alertEventId: string) => db().emailDelivery.findMany({ where: { alertEventId }, include: { attempts: { orderBy: { attemptedAt: "asc" } } }, orderBy: { recipient: "asc" } });

describe("alert email through the email job and a real SMTP server", () => {
  it("sends the price-change alert to the members of the roles and the listed addresses, once each", async () => {
    smtp.failNext(1); // the first message is refused with a temporary 451: it must be retried, not lost
    const r = await evaluateOrgAlerts(f.org.id, NOW);
    expect(r.raised).toHaveLength(1);
    const eventId = r.raised[0]!.id;
    const expected = [f.members.ADMIN.email, f.members.ENGINEERING.email, "cfo@outside.test"].sort();

    const sent = await waitFor(async () => {
      const rows = await deliveriesOf(eventId);
      return rows.length === 3 && rows.every((d) => d.status === "SENT") ? rows : null;
    }, "three deliveries SENT", 50_000);
    expect(sent.map((d) => d.recipient)).toEqual(expected);

    // Every attempt recorded: one recipient's first attempt failed with the 451, then succeeded.
    const attempts = sent.flatMap((d) => d.attempts.map((a) => a.ok));
    expect(attempts.filter((ok) => !ok)).toHaveLength(1);
    const retried = sent.find((d) => d.attempts.length === 2)!;
    expect(retried.attempts.map((a) => a.ok)).toEqual([false, true]);
    expect(retried.attempts[0]!.error).toMatch(/451|temporarily unavailable/i);
    expect(retried.attemptCount).toBe(2);

    // What arrived: one message per recipient, with the subject and the amounts.
    const mails = smtp.received.filter((m) => parseMail(m.raw).text.includes(eventId));
    expect(mails.flatMap((m) => m.to).sort()).toEqual(expected);
    const mail = parseMail(mails[0]!.raw);
    // 200M input tokens × (+$1 per 1M) = +$200.00 a month
    expect(mail.headers.subject).toBe(`[MEDIUM] Price change: ${PROVIDER} acme-large +$200.00/month for Mail Co`);
    expect(mail.text).toContain(`${PROVIDER} acme-large input price $4.00 → $5.00 per 1M tokens (first seen 2026-11-23).`); // the test's change has no source date
    expect(mail.text).toContain("At your last 30 days of usage this costs $200.00 a month: +$200.00/month for project Search.");
    expect(mail.text).toContain(`Open it in Breakeven: http://localhost:3999/${f.org.slug}/alerts/${eventId}`);
    expect(mail.html).toContain(`href="http://localhost:3999/${f.org.slug}/alerts/${eventId}"`);
    expect(mail.html).toContain("+$200.00/month for project Search");
  });

  it("a second evaluation sends nothing more", async () => {
    const before = smtp.received.length;
    expect((await evaluateOrgAlerts(f.org.id, new Date(NOW.getTime() + 15 * 60_000))).raised).toEqual([]);
    expect(await db().emailDelivery.count({ where: { orgId: f.org.id } })).toBe(3);
    expect(smtp.received.length).toBe(before);
  });

  it("daily digest: the day's events of a digest rule in one message per recipient, once", async () => {
    const orgId = f.org.id;
    for (const name of ["OpenAI prod", "Anthropic prod"]) {
      await db().providerConnection.create({ data: { orgId, provider: name.startsWith("OpenAI") ? "OPENAI" : "ANTHROPIC", name, encryptedCredentials: "x", credentialsKeyId: "k1", credentialsLast4: "0000", status: "FAILING", failingSince: new Date(NOW.getTime() - 5 * 3_600_000), lastError: "503 upstream" } });
    }
    await db().alertRule.create({ data: { orgId, type: "CONNECTION_FAILING", name: "Connections down", params: { hours: 4 }, recipientRoles: ["OWNER"], delivery: "DAILY_DIGEST" } });
    const r = await evaluateOrgAlerts(orgId, NOW);
    expect(r.raised).toHaveLength(2);
    expect(r.emailsQueued).toBe(0); // digest rules wait for the digest job

    const digestAt = new Date("2026-11-25T07:00:00Z");
    const [digest] = (await sendDailyDigests(digestAt)).filter((d) => d.orgId === orgId);
    expect(digest).toMatchObject({ events: 2, deliveries: [{ recipient: f.members.OWNER.email }] });
    const sent = await waitFor(async () => {
      const d = await db().emailDelivery.findUnique({ where: { id: digest!.deliveries[0]!.id } });
      return d?.status === "SENT" ? d : null;
    }, "digest SENT", 30_000);
    expect(sent.digestKey).toBe(`digest:${f.members.OWNER.email}:2026-11-25`);
    const mail = parseMail(smtp.received.find((m) => m.to.includes(f.members.OWNER.email))!.raw);
    expect(mail.headers.subject).toBe("Breakeven daily digest for Mail Co (2026-11-25): 2 alerts");
    expect(mail.text).toContain("HIGH: Connection OpenAI prod (openai) has been failing for 5 hours");
    expect(mail.text).toContain("HIGH: Connection Anthropic prod (anthropic) has been failing for 5 hours");

    // Running the digest again sends nothing: the events are marked digested.
    expect((await sendDailyDigests(new Date("2026-11-25T07:05:00Z"))).filter((d) => d.orgId === orgId)).toEqual([]);
    expect(await db().alertEvent.count({ where: { orgId, digestedAt: null, rule: { delivery: "DAILY_DIGEST" } } })).toBe(0);
  });
});
