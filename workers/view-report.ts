import type { Job } from "bullmq";
import { runViewReport } from "@/lib/spend/view-report-run";

// Thin: one weekly report run. The run's day is `at` when given (tests), else when the scheduler made it due.
export async function viewReportJob(payload: { reportId: string; at?: string }, job: Job) {
  const at = payload.at ? new Date(payload.at) : new Date(job.timestamp + (job.opts.delay ?? 0));
  return runViewReport(payload.reportId, at);
}
