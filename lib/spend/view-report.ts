import { z } from "zod";
import { escapeHtml } from "@/lib/email/html";
import { formatUsd } from "@/lib/money";
import { GROUP_BY_LABEL } from "./filters";
import type { SpendViewDto } from "./view";

// The weekly email of a saved view (finance's Monday report): when it goes (weekday and UTC time),
// to whom (members by id and other addresses), and what it says. Pure: schema, cron pattern, message.

export const WEEKDAYS = ["Sunday", "Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday"] as const;
export const MAX_REPORT_RECIPIENTS = 50;

export const viewReportInputSchema = z
  .strictObject({
    /** 0 = Sunday … 6 = Saturday */
    weekday: z.number().int().min(0).max(6),
    /** "HH:MM", UTC */
    time: z.string().regex(/^([01]\d|2[0-3]):[0-5]\d$/, "a time of day as HH:MM (24 h, UTC)"),
    memberIds: z.array(z.string().min(1).max(64)).max(MAX_REPORT_RECIPIENTS).default([]),
    addresses: z.array(z.string().trim().toLowerCase().email("an email address")).max(MAX_REPORT_RECIPIENTS).default([]),
  })
  .refine((r) => r.memberIds.length + r.addresses.length > 0, { message: "choose at least one recipient", path: ["memberIds"] })
  .refine((r) => r.memberIds.length + r.addresses.length <= MAX_REPORT_RECIPIENTS, { message: `at most ${MAX_REPORT_RECIPIENTS} recipients`, path: ["addresses"] });
export type ViewReportInput = z.output<typeof viewReportInputSchema>;

export interface ReportSchedule { weekday: number; hour: number; minute: number }

export function scheduleFromInput(input: Pick<ViewReportInput, "weekday" | "time">): ReportSchedule {
  const [h, m] = input.time.split(":").map(Number) as [number, number];
  return { weekday: input.weekday, hour: h, minute: m };
}

/** The BullMQ job scheduler's cron pattern (minute hour day-of-month month day-of-week), in UTC. */
export function cronPattern(s: ReportSchedule): string {
  return `${s.minute} ${s.hour} * * ${s.weekday}`;
}

const pad = (n: number) => String(n).padStart(2, "0");
export function scheduleLabel(s: ReportSchedule): string {
  return `Every ${WEEKDAYS[s.weekday]} at ${pad(s.hour)}:${pad(s.minute)} UTC`;
}

/** Scheduler id and the natural key of one run (one email per recipient per report and day). */
export const reportSchedulerId = (reportId: string) => `view-report-${reportId}`;
export const reportDeliveryKey = (reportId: string, day: string, recipient: string) => `view-report:${reportId}:${day}:${recipient}`;

/** Members chosen by id (only those still in the org, by their current address) plus the other addresses, once each. */
export function reportRecipients(report: { memberIds: string[]; addresses: string[] }, members: { userId: string; email: string }[]): string[] {
  const byId = new Map(members.map((m) => [m.userId, m.email.toLowerCase()]));
  const all = [...report.memberIds.flatMap((id) => (byId.has(id) ? [byId.get(id)!] : [])), ...report.addresses.map((a) => a.toLowerCase())];
  return [...new Set(all)];
}

export interface ReportMessage { subject: string; text: string; html: string }

/** The message: the view's name and range, its total and each row of the table the CSV holds. */
export function renderReportEmail(opts: { viewName: string; orgName: string; view: SpendViewDto; link: string; csvFilename: string }): ReportMessage {
  const { view } = opts;
  const cur = view.currency;
  const range = `${view.query.from} to ${view.query.to}`;
  const t = view.breakdown;
  const subject = `${opts.viewName}: ${formatUsd(t.total.total, cur)} (${range})`;
  const rows = t.rows.map((r) => `${r.label}: ${formatUsd(r.total, cur)}`);
  const text = [
    `${opts.viewName} — ${opts.orgName}`,
    `Spend ${range} by ${GROUP_BY_LABEL[t.groupBy].toLowerCase()}: ${formatUsd(t.total.total, cur)} (billed ${formatUsd(t.total.billed, cur)}, estimated ${formatUsd(t.total.estimated, cur)}).`,
    "",
    ...rows,
    ...(t.note ? ["", t.note] : []),
    "",
    `The table is attached as ${opts.csvFilename}. Open the view: ${opts.link}`,
  ].join("\n");
  const tr = (cells: string[], tag = "td") => `<tr>${cells.map((c, i) => `<${tag} style="padding:2px 8px;text-align:${i ? "right" : "left"}">${escapeHtml(c)}</${tag}>`).join("")}</tr>`;
  const html = `<!doctype html><html><body style="font-family:system-ui,sans-serif;color:#111;max-width:640px"><h2>${escapeHtml(opts.viewName)}</h2><p>${escapeHtml(`${opts.orgName} · spend ${range} by ${GROUP_BY_LABEL[t.groupBy].toLowerCase()}`)}</p><table style="border-collapse:collapse">${tr([GROUP_BY_LABEL[t.groupBy], "Total"], "th")}${t.rows.map((r) => tr([r.label, formatUsd(r.total, cur)])).join("")}${tr(["Total", formatUsd(t.total.total, cur)], "th")}</table>${t.note ? `<p>${escapeHtml(t.note)}</p>` : ""}<p>The table is attached as ${escapeHtml(opts.csvFilename)}. <a href="${escapeHtml(opts.link)}">Open the view</a></p><p style="color:#666;font-size:12px">Breakeven</p></body></html>`;
  return { subject, text, html };
}
