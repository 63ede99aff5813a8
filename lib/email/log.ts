import { db } from "@/lib/db";
import { type OrgContext } from "@/lib/auth/tenancy";

// Settings → Email log: every message the org's alerts and digests produced, whether it went out,
// how many tries it took, the last error and the message exactly as rendered. Useful when no mail
// server is configured (the demo) and when one is (to answer "did that alert reach anyone?").

export type DeliveryStatus = "PENDING" | "SENT" | "FAILED" | "NOT_SENT";

/** The status in words, as the log shows it. */
export function deliveryStatusLabel(status: DeliveryStatus): string {
  switch (status) {
    case "PENDING":
      return "Waiting to be sent";
    case "SENT":
      return "Sent";
    case "FAILED":
      return "Failed after every retry";
    case "NOT_SENT":
      return "Not sent: no mail server configured";
  }
}

export interface EmailLogEntry {
  id: string;
  recipient: string;
  subject: string;
  status: DeliveryStatus;
  statusLabel: string;
  attempts: number;
  lastError: string | null;
  createdAt: string;
  sentAt: string | null;
  textBody: string;
}

export const EMAIL_LOG_PAGE_SIZE = 200;

/** The org's deliveries, newest first (at most `take`). */
export async function listEmailDeliveries(ctx: Pick<OrgContext, "orgId">, take = EMAIL_LOG_PAGE_SIZE): Promise<EmailLogEntry[]> {
  const rows = await db().emailDelivery.findMany({
    where: { orgId: ctx.orgId },
    orderBy: [{ createdAt: "desc" }, { id: "desc" }],
    take,
    select: { id: true, recipient: true, subject: true, status: true, attemptCount: true, lastError: true, createdAt: true, sentAt: true, textBody: true },
  });
  return rows.map((r) => ({
    id: r.id,
    recipient: r.recipient,
    subject: r.subject,
    status: r.status,
    statusLabel: deliveryStatusLabel(r.status),
    attempts: r.attemptCount,
    lastError: r.lastError,
    createdAt: r.createdAt.toISOString(),
    sentAt: r.sentAt?.toISOString() ?? null,
    textBody: r.textBody,
  }));
}
