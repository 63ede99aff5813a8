import { randomUUID } from "node:crypto";
import { openSecret } from "@/lib/crypto/secrets";
import { db, Prisma } from "@/lib/db";
import { queueEmail } from "@/lib/email/deliver";
import { simpleEmailHtml } from "@/lib/email/html";
import { env } from "@/lib/env";
import { AppError } from "@/lib/errors";
import { logger } from "@/lib/log";
import { enqueue } from "@/lib/queues";
import { DISABLE_AFTER_FAILED_DELIVERIES } from "@/lib/channels/retry";
import { sendToChannel, type ChannelTarget } from "@/lib/channels/send";

// Channel messages follow the email pattern (lib/email/deliver.ts): the body is rendered once into a
// ChannelDelivery row, a job on the channel queue sends it, and every attempt is a ChannelAttempt row with
// the receiver's status code or the error. A delivery whose attempts are exhausted is FAILED; after
// DISABLE_AFTER_FAILED_DELIVERIES of those in a row the channel is disabled and its org's owners are emailed.

/** The delivery id is the webhook-id a receiver de-duplicates on, so it is chosen before the body is rendered. */
export function newDeliveryId(): string {
  return `msg_${randomUUID().replace(/-/g, "")}`;
}

export interface NewChannelDelivery {
  id: string;
  orgId: string;
  channelId: string;
  kind: "ALERT" | "DIGEST" | "TEST";
  body: string;
  alertEventId?: string;
  digestKey?: string;
}

type Tx = Prisma.TransactionClient;

export async function storeChannelDelivery(d: NewChannelDelivery, tx: Tx = db()): Promise<string> {
  await tx.channelDelivery.create({ data: d });
  return d.id;
}

/** Queue the send; `delayMs` holds it (quiet hours). */
export async function queueChannelDelivery(deliveryId: string, delayMs = 0): Promise<void> {
  await enqueue("channelDeliver", { deliveryId }, { jobId: `channel-${deliveryId}`, ...(delayMs > 0 ? { delay: delayMs } : {}) });
}

export function channelTarget(c: { kind: ChannelTarget["kind"]; urlCiphertext: string; urlKeyId: string; secretCiphertext: string | null; secretKeyId: string | null }): ChannelTarget {
  return {
    kind: c.kind,
    url: openSecret({ ciphertext: c.urlCiphertext, keyId: c.urlKeyId }),
    secret: c.secretCiphertext && c.secretKeyId ? openSecret({ ciphertext: c.secretCiphertext, keyId: c.secretKeyId }) : null,
  };
}

/** Thrown after a failed attempt was recorded, so the job retries; carries the receiver's Retry-After. */
export class ChannelAttemptFailed extends Error {
  constructor(message: string, readonly retryAfterMs: number | null) {
    super(message);
    this.name = "ChannelAttemptFailed";
  }
}

export type AttemptResult = "sent" | "already-sent" | "channel-disabled";

/**
 * One attempt at one delivery. Records it; on failure throws ChannelAttemptFailed (retry) or, when retrying
 * cannot help or this was the last attempt, marks the delivery FAILED and throws an AppError("REFUSED"), which
 * the worker registry turns into BullMQ's UnrecoverableError.
 */
export async function attemptChannelDelivery(deliveryId: string, opts: { finalAttempt?: boolean; replay?: boolean; now?: Date } = {}): Promise<AttemptResult> {
  const d = await db().channelDelivery.findUnique({ where: { id: deliveryId }, include: { channel: true } });
  if (!d) throw new AppError("NOT_FOUND", `channel delivery ${deliveryId} does not exist`);
  if (d.status === "SENT" && !opts.replay) return "already-sent";
  if (!d.channel.enabled) {
    await db().channelDelivery.update({ where: { id: d.id }, data: { status: "FAILED", lastError: `the channel "${d.channel.name}" is disabled` } });
    return "channel-disabled";
  }
  const now = opts.now ?? new Date();
  const outcome = await sendToChannel(channelTarget(d.channel), d, now);
  const attempt = { deliveryId, attemptedAt: now, ok: outcome.ok, statusCode: outcome.statusCode, error: outcome.error, replay: opts.replay === true, retryAfterSeconds: outcome.retryAfterMs === null ? null : Math.ceil(outcome.retryAfterMs / 1000) };
  if (outcome.ok) {
    await db().$transaction([
      db().channelAttempt.create({ data: attempt }),
      db().channelDelivery.update({ where: { id: d.id }, data: { status: "SENT", sentAt: now, lastError: null, attemptCount: { increment: 1 } } }),
      db().alertChannel.update({ where: { id: d.channelId }, data: { consecutiveFailures: 0 } }),
    ]);
    return "sent";
  }
  const final = opts.finalAttempt === true || !outcome.retryable;
  await db().$transaction([
    db().channelAttempt.create({ data: attempt }),
    db().channelDelivery.update({ where: { id: d.id }, data: { status: final ? "FAILED" : "PENDING", lastError: outcome.error, attemptCount: { increment: 1 } } }),
  ]);
  // A replay is a person trying by hand: it does not count towards disabling the channel.
  if (final && !opts.replay) await countFailedDelivery(d.channelId, now);
  if (final) throw new AppError("REFUSED", `${d.channel.name}: ${outcome.error}`);
  throw new ChannelAttemptFailed(`${d.channel.name}: ${outcome.error}`, outcome.retryAfterMs);
}

async function countFailedDelivery(channelId: string, now: Date): Promise<void> {
  const c = await db().alertChannel.update({ where: { id: channelId }, data: { consecutiveFailures: { increment: 1 } }, include: { org: { select: { id: true, slug: true, name: true } } } });
  if (c.consecutiveFailures < DISABLE_AFTER_FAILED_DELIVERIES || !c.enabled) return;
  const reason = `${c.consecutiveFailures} deliveries in a row failed after every retry (about 24 hours each)`;
  // Only the update that flips enabled sends the email, however many jobs fail at once.
  const flipped = await db().alertChannel.updateMany({ where: { id: c.id, enabled: true }, data: { enabled: false, disabledAt: now, disabledReason: reason } });
  if (flipped.count === 0) return;
  logger.warn("alert channel disabled after repeated failure", { orgId: c.orgId, channelId: c.id, failures: c.consecutiveFailures });
  await db().auditLog.create({ data: { orgId: c.orgId, action: "alertChannel.autoDisabled", targetType: "AlertChannel", targetId: c.id, data: { reason } } });
  if (!env().SMTP_URL) return;
  const owners = await db().membership.findMany({ where: { orgId: c.orgId, role: "OWNER" }, select: { user: { select: { email: true } } } });
  const link = `${env().APP_URL.replace(/\/$/, "")}/${c.org.slug}/alert-channels`;
  const subject = `Alert channel "${c.name}" was disabled in ${c.org.name}`;
  const paragraphs = [`Breakeven disabled the alert channel "${c.name}" (${c.urlHint}) in ${c.org.name}: ${reason}.`, "Alerts are no longer sent to it. Every attempt and the receiver's answers are listed on the alert channels page: fix the receiver, enable the channel again and replay what it missed."];
  const text = [...paragraphs, link].join("\n\n");
  const html = simpleEmailHtml({ heading: subject, paragraphs, link: { href: link, label: "Open alert channels" } });
  for (const o of owners) await queueEmail({ orgId: c.orgId, recipient: o.user.email, subject, text, html });
}

