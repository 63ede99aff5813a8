import { beforeAll, describe, expect, it } from "vitest";
import { db } from "@/lib/db";
import { NO_SMTP_MESSAGE, queueEmail } from "@/lib/email/deliver";
import { listEmailDeliveries } from "@/lib/email/log";
import { getQueue } from "@/lib/queues";
import { useEmailWorker } from "../support/email-worker";
import { createOrgWithMembers } from "../support/factories";
import { waitFor } from "../support/smtp";

// Without SMTP_URL (the demo, a fresh install) an alert email is kept and marked "not sent" at
// once, not retried until it fails; Settings → Email log lists it with its rendered message.
// tests/support/setup-env.ts removes SMTP_URL, so this file runs with no mail server configured.

beforeAll(() => {
  expect(process.env.SMTP_URL).toBeUndefined();
});
useEmailWorker();

describe("email without a mail server", () => {
  it("marks the delivery NOT_SENT on the first run of its job, with no attempt and no retry", async () => {
    const { org } = await createOrgWithMembers("No Mail Co");
    const id = await queueEmail({ orgId: org.id, recipient: "cfo@nomail.test", subject: "Budget 80% reached", text: "Spend this month: $48,000.00 of $60,000.00.", html: "<p>80%</p>" });
    const d = await waitFor(async () => {
      const row = await db().emailDelivery.findUnique({ where: { id }, include: { attempts: true } });
      return row?.status === "NOT_SENT" ? row : null;
    }, "delivery NOT_SENT");
    expect(d.lastError).toBe(NO_SMTP_MESSAGE);
    expect(d.attempts).toEqual([]);
    expect(d.attemptCount).toBe(0);
    const job = await getQueue("email").getJob(`email-${id}`);
    expect(await job!.getState()).toBe("completed");
    expect(job!.attemptsMade).toBe(1);
  });
});

describe("the email log", () => {
  it("lists an org's deliveries newest first with status in words, attempts, last error and the message; never another org's", async () => {
    const a = await createOrgWithMembers("Log Co A");
    const b = await createOrgWithMembers("Log Co B");
    const base = Date.UTC(2026, 11, 1, 9, 0);
    const rows = [
      { recipient: "ops@a.test", subject: "Old: terms changed", status: "SENT" as const, attemptCount: 2, lastError: null, createdAt: new Date(base), sentAt: new Date(base + 60_000), textBody: "OpenAI terms changed: 3 sentences." },
      { recipient: "cfo@a.test", subject: "New: forecast over budget", status: "FAILED" as const, attemptCount: 5, lastError: "451 try again later", createdAt: new Date(base + 3_600_000), sentAt: null, textBody: "Forecast $72,000.00 against $60,000.00." },
      { recipient: "eng@a.test", subject: "Middle: pool idle", status: "NOT_SENT" as const, attemptCount: 0, lastError: NO_SMTP_MESSAGE, createdAt: new Date(base + 1_800_000), sentAt: null, textBody: "GPU pool idle cost $312.40." },
    ];
    for (const r of rows) await db().emailDelivery.create({ data: { orgId: a.org.id, htmlBody: "<p>x</p>", ...r } });
    await db().emailDelivery.create({ data: { orgId: b.org.id, recipient: "someone@b.test", subject: "B's own", textBody: "b", htmlBody: "b" } });

    const log = await listEmailDeliveries({ orgId: a.org.id });
    expect(log.map((e) => e.subject)).toEqual(["New: forecast over budget", "Middle: pool idle", "Old: terms changed"]);
    expect(log[0]).toMatchObject({ recipient: "cfo@a.test", status: "FAILED", statusLabel: "Failed after every retry", attempts: 5, lastError: "451 try again later", sentAt: null, textBody: "Forecast $72,000.00 against $60,000.00." });
    expect(log[1]).toMatchObject({ status: "NOT_SENT", statusLabel: "Not sent: no mail server configured", attempts: 0 });
    expect(log[2]).toMatchObject({ status: "SENT", statusLabel: "Sent", attempts: 2, sentAt: "2026-12-01T09:01:00.000Z" });
    expect((await listEmailDeliveries({ orgId: b.org.id })).map((e) => e.recipient)).toEqual(["someone@b.test"]);
  });
});
