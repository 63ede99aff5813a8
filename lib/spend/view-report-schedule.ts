import { db } from "@/lib/db";
import { getQueue } from "@/lib/queues";
import { cronPattern, reportSchedulerId, type ReportSchedule } from "./view-report";

// One BullMQ job scheduler per weekly report (upserting the same id only updates its pattern), set
// when a report is saved and again by every worker process at start-up.

export async function upsertReportScheduler(reportId: string, s: ReportSchedule): Promise<void> {
  const queue = getQueue("viewReport");
  await queue.upsertJobScheduler(reportSchedulerId(reportId), { pattern: cronPattern(s), tz: "UTC" }, { name: queue.name, data: { reportId } });
}

export async function removeReportScheduler(reportId: string): Promise<void> {
  await getQueue("viewReport").removeJobScheduler(reportSchedulerId(reportId));
}

export async function ensureReportSchedulers(): Promise<number> {
  const reports = await db().viewReport.findMany({ select: { id: true, weekday: true, hour: true, minute: true } });
  for (const r of reports) await upsertReportScheduler(r.id, r);
  return reports.length;
}
