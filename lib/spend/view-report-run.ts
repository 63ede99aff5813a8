import { db } from "@/lib/db";
import { env } from "@/lib/env";
import { logger } from "@/lib/log";
import { enqueue } from "@/lib/queues";
import { spendCsv } from "./csv";
import { isoDay } from "./filters";
import { resolveViewQuery, viewHref } from "./saved-views";
import { getSpendView } from "./view";
import { renderReportEmail, reportDeliveryKey, reportRecipients } from "./view-report";
import { removeReportScheduler } from "./view-report-schedule";

// One run of a weekly report: the view resolved at `now`, the same DTO and CSV writer as the Spend
// page's "Export CSV" (so the attachment is the screen's figures to the cent), one stored delivery per
// recipient (key "view-report:<id>:<day>:<recipient>", unique per org: a run repeated the same day
// mails nobody twice), then the email job sends them.

export interface ReportRun { status: "queued" | "gone"; deliveries: { id: string; recipient: string }[] }

export async function runViewReport(reportId: string, now: Date): Promise<ReportRun> {
  const report = await db().viewReport.findUnique({ where: { id: reportId }, include: { view: true, org: { select: { id: true, slug: true, name: true } } } });
  if (!report) {
    await removeReportScheduler(reportId); // the report was deleted while Redis was unreachable
    return { status: "gone", deliveries: [] };
  }
  const { view, org } = report;
  const spend = await getSpendView({ orgId: org.id }, resolveViewQuery(view, now), now);
  const csv = spendCsv(spend, "breakdown");
  const link = `${env().APP_URL.replace(/\/$/, "")}${viewHref(org.slug, view, now)}`;
  const message = renderReportEmail({ viewName: view.name, orgName: org.name, view: spend, link, csvFilename: csv.filename });
  const members = (await db().membership.findMany({ where: { orgId: org.id }, select: { userId: true, user: { select: { email: true } } } })).map((m) => ({ userId: m.userId, email: m.user.email }));
  const day = isoDay(now);
  const attachments = [{ filename: csv.filename, contentType: "text/csv; charset=utf-8", content: csv.body }];

  const deliveries = await db().$transaction(async (tx) => {
    const created: { id: string; recipient: string }[] = [];
    for (const recipient of reportRecipients(report, members)) {
      const digestKey = reportDeliveryKey(report.id, day, recipient);
      if (await tx.emailDelivery.findUnique({ where: { orgId_digestKey: { orgId: org.id, digestKey } }, select: { id: true } })) continue;
      created.push(
        await tx.emailDelivery.create({
          data: { orgId: org.id, recipient, digestKey, subject: message.subject, textBody: message.text, htmlBody: message.html, attachments },
          select: { id: true, recipient: true },
        }),
      );
    }
    await tx.viewReport.update({ where: { id: report.id }, data: { lastSentAt: now } });
    return created;
  });
  for (const d of deliveries) await enqueue("email", { deliveryId: d.id }, { jobId: `email-${d.id}` });
  logger.info("view report queued", { reportId, orgId: org.id, recipients: deliveries.length });
  return { status: "queued", deliveries };
}
