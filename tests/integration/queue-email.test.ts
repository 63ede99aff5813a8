import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { db } from "@/lib/db";
import { queueEmail } from "@/lib/email/deliver";
import { enqueue, getQueue } from "@/lib/queues";
import { useEmailWorker } from "../support/email-worker";
import { createOrgWithMembers } from "../support/factories";
import { startSmtpServer, waitFor } from "../support/smtp";

// A BullMQ job's round trip through the real Redis: the web side stores a delivery and queues it,
// the worker registry picks it up and sends it over a real SMTP server on 127.0.0.1.

let smtp: Awaited<ReturnType<typeof startSmtpServer>>;
let orgId: string;

beforeAll(async () => {
  smtp = await startSmtpServer();
  process.env.SMTP_URL = smtp.url; // before anything reads env()
  orgId = (await createOrgWithMembers("Mail Co")).org.id;
});
useEmailWorker();
afterAll(async () => {
  await smtp.close();
});

describe("email delivery job through Redis and SMTP", () => {
  it("delivers a queued message and records the message id", async () => {
    const id = await queueEmail({ orgId, recipient: "lead@mail.test", subject: "Price change: gpt-4o +$1,240.00/month", text: "gpt-4o input went from $2.50 to $3.00 per 1M tokens.", html: "<p>gpt-4o</p>" });
    const sent = await waitFor(async () => {
      const d = await db().emailDelivery.findUnique({ where: { id }, include: { attempts: true } });
      return d?.status === "SENT" ? d : null;
    }, "delivery SENT");
    expect(sent.attempts).toHaveLength(1);
    expect(sent.attempts[0]!.ok).toBe(true);
    expect(sent.messageId).toBe(sent.attempts[0]!.messageId);
    const mail = smtp.received.find((m) => m.raw.includes(sent.messageId!.replace(/[<>]/g, "")));
    expect(mail?.to).toEqual(["lead@mail.test"]);
    expect(mail?.raw).toContain("Subject: Price change: gpt-4o +$1,240.00/month");
    expect(mail?.raw).toContain("gpt-4o input went from $2.50 to $3.00 per 1M tokens.");
  });

  it("retries an SMTP failure with back-off and records every attempt", async () => {
    smtp.failNext(2);
    const row = await db().emailDelivery.create({ data: { orgId, recipient: "ops@mail.test", subject: "Budget 80% reached", textBody: "80% of $60,000.00", htmlBody: "<p>80%</p>" } });
    await enqueue("email", { deliveryId: row.id }, { jobId: `email-${row.id}`, attempts: 4, backoff: { type: "fixed", delay: 200 } });
    const sent = await waitFor(async () => {
      const d = await db().emailDelivery.findUnique({ where: { id: row.id }, include: { attempts: { orderBy: { attemptedAt: "asc" } } } });
      return d?.status === "SENT" ? d : null;
    }, "delivery SENT after retries");
    expect(sent.attempts.map((a) => a.ok)).toEqual([false, false, true]);
    expect(sent.attempts[0]!.error).toMatch(/451|temporarily unavailable/i);
    expect(sent.attemptCount).toBe(3);
    expect(smtp.received.filter((m) => m.to.includes("ops@mail.test"))).toHaveLength(1);
  });

  it("marks the delivery FAILED when every attempt fails", async () => {
    smtp.failNext(2);
    const row = await db().emailDelivery.create({ data: { orgId, recipient: "never@mail.test", subject: "x", textBody: "x", htmlBody: "x" } });
    await enqueue("email", { deliveryId: row.id }, { jobId: `email-${row.id}`, attempts: 2, backoff: { type: "fixed", delay: 100 } });
    const failed = await waitFor(async () => {
      const d = await db().emailDelivery.findUnique({ where: { id: row.id }, include: { attempts: true } });
      return d?.status === "FAILED" ? d : null;
    }, "delivery FAILED");
    expect(failed.attempts).toHaveLength(2);
    expect(failed.attempts.every((a) => !a.ok)).toBe(true);
  });

  it("a malformed payload fails at once without retrying", async () => {
    const job = await getQueue("email").add("email-deliver", { nope: 1 }, { attempts: 5 });
    const failedJob = await waitFor(async () => ((await job.isFailed()) ? await getQueue("email").getJob(job.id!) : null), "job failed");
    expect(failedJob!.attemptsMade).toBe(1);
    expect(failedJob!.failedReason).toContain("deliveryId");
  });
});
