import nodemailer, { type Transporter } from "nodemailer";
import { z } from "zod";
import { db, Prisma } from "@/lib/db";
import { env } from "@/lib/env";
import { enqueue } from "@/lib/queues";

// Email goes out as its own job: a delivery row is written first (with the rendered message),
// then the job sends it; every attempt is recorded with the message id or the error.

let transport: Transporter | undefined;
export function smtpTransport(): Transporter {
  const url = env().SMTP_URL;
  if (!url) throw new Error("SMTP_URL is not set: email cannot be sent");
  transport ??= nodemailer.createTransport(url);
  return transport;
}

/** A file sent with a message (a scheduled report's CSV); kept on the delivery row so retries send the same bytes. */
export interface EmailAttachment { filename: string; contentType: string; content: string }
const attachmentsSchema = z.array(z.object({ filename: z.string().min(1), contentType: z.string().min(1), content: z.string() }));

export interface OutgoingEmail { orgId: string; recipient: string; subject: string; text: string; html: string; alertEventId?: string; digestKey?: string; attachments?: EmailAttachment[] }

/** Store the message and queue its delivery (held `delayMs`, e.g. through quiet hours). Returns the delivery id. */
export async function queueEmail(email: OutgoingEmail, delayMs = 0): Promise<string> {
  const row = await db().emailDelivery.create({
    data: { orgId: email.orgId, recipient: email.recipient, subject: email.subject, textBody: email.text, htmlBody: email.html, alertEventId: email.alertEventId, digestKey: email.digestKey, ...(email.attachments?.length ? { attachments: email.attachments as unknown as Prisma.InputJsonValue } : {}) },
  });
  await enqueue("email", { deliveryId: row.id }, { jobId: `email-${row.id}`, ...(delayMs > 0 ? { delay: delayMs } : {}) });
  return row.id;
}

export const NO_SMTP_MESSAGE = "Not sent: no mail server is configured (SMTP_URL is not set). The message is kept here.";

/**
 * Send one stored delivery. Throws on SMTP failure (after recording it) so the job retries.
 * Without SMTP_URL there is nothing to retry against: the delivery is marked NOT_SENT at once.
 */
export async function sendDelivery(deliveryId: string, opts: { transport?: Transporter; finalAttempt?: boolean } = {}): Promise<"sent" | "already-sent" | "not-sent"> {
  const d = await db().emailDelivery.findUnique({ where: { id: deliveryId } });
  if (!d) throw new Error(`email delivery ${deliveryId} does not exist`);
  if (d.status === "SENT") return "already-sent";
  if (!opts.transport && !env().SMTP_URL) {
    await db().emailDelivery.update({ where: { id: deliveryId }, data: { status: "NOT_SENT", lastError: NO_SMTP_MESSAGE } });
    return "not-sent";
  }
  try {
    const attachments = d.attachments === null ? [] : attachmentsSchema.parse(d.attachments);
    const info = await (opts.transport ?? smtpTransport()).sendMail({ from: env().EMAIL_FROM, to: d.recipient, subject: d.subject, text: d.textBody, html: d.htmlBody, attachments });
    await db().$transaction([
      db().emailAttempt.create({ data: { deliveryId, ok: true, messageId: info.messageId } }),
      db().emailDelivery.update({ where: { id: deliveryId }, data: { status: "SENT", messageId: info.messageId, sentAt: new Date(), attemptCount: { increment: 1 }, lastError: null } }),
    ]);
    return "sent";
  } catch (e) {
    const message = e instanceof Error ? e.message : String(e);
    await db().$transaction([
      db().emailAttempt.create({ data: { deliveryId, ok: false, error: message } }),
      db().emailDelivery.update({ where: { id: deliveryId }, data: { status: opts.finalAttempt ? "FAILED" : "PENDING", lastError: message, attemptCount: { increment: 1 } } }),
    ]);
    throw e;
  }
}
