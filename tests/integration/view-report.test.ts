import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { Job } from "bullmq";
import { db } from "@/lib/db";
import { getQueue } from "@/lib/queues";
import { reportSchedulerId } from "@/lib/spend/view-report";
import { viewReportJob } from "@/workers/view-report";
import { POST as createView } from "@/app/api/orgs/[org]/saved-views/route";
import { PATCH as patchView } from "@/app/api/orgs/[org]/saved-views/[viewId]/route";
import { PUT as putReport } from "@/app/api/orgs/[org]/saved-views/[viewId]/report/route";
import { useEmailWorker } from "../support/email-worker";
import { createOrgWithMembers } from "../support/factories";
import { parseMail } from "../support/mime";
import { params, requestAs } from "../support/session";
import { startSmtpServer, waitFor } from "../support/smtp";

// Finance's Monday report: a saved view ("last month, OpenAI and Anthropic, by provider") emailed every
// Monday at 07:00 UTC to a member and an outside address, with the view's CSV attached. The run is the
// job's own processor with an injected clock (Monday 2026-12-07 07:00 UTC), its emails go through the real
// email worker to a real SMTP server, and the CSV is checked to the cent against the sums worked by hand
// below from the rows this test writes.
//
// November 2026 (the "last month" of 7 December), the rows the view selects:
//   openai     gpt-4o        p1  2026-11-03  billed     1234.5650000000
//   openai     gpt-4o-mini   p1  2026-11-17  billed        0.0049999999
//   anthropic  claude-son.   p3  2026-11-30  estimated   310.1250000000
//   anthropic  claude-son.   p3  2026-11-30  billed       89.8800000001  (line item "output")
// Left out: mistral 42.00 on 2026-11-15 (provider filter), openai 777.77 on 2026-10-31 and 5000.00 on
// 2026-12-01 (outside the range).
//   OpenAI:    billed 1234.5699999999 → 1234.57, estimated 0.00, total 1234.57
//   Anthropic: billed 89.8800000001 → 89.88, estimated 310.125 → 310.13 (half-up), total 400.0050000001 → 400.01
//   Total:     billed 1324.4500000000 → 1324.45, estimated 310.13, total 1634.5750000000 → 1634.58

let smtp: Awaited<ReturnType<typeof startSmtpServer>>;
let f: Awaited<ReturnType<typeof createOrgWithMembers>>;
const MONDAY = "2026-12-07T07:00:00.000Z";

beforeAll(async () => {
  smtp = await startSmtpServer();
  process.env.SMTP_URL = smtp.url;
  f = await createOrgWithMembers("Report Co", ["OWNER", "FINANCE", "ENGINEERING"]);
  const row = (provider: string, model: string, projectId: string, day: string, amount: string, estimated = false, lineItem = "") => ({
    orgId: f.org.id, sourceKey: "test", origin: "CSV" as const, provider, model, projectId, day: new Date(`${day}T00:00:00Z`), lineItem, amount, estimated,
  });
  await db().costBucket.createMany({
    data: [
      row("openai", "gpt-4o", "p1", "2026-11-03", "1234.5650000000"),
      row("openai", "gpt-4o-mini", "p1", "2026-11-17", "0.0049999999"),
      row("anthropic", "claude-sonnet-4", "p3", "2026-11-30", "310.1250000000", true),
      row("anthropic", "claude-sonnet-4", "p3", "2026-11-30", "89.8800000001", false, "output"),
      row("mistral", "mistral-large", "", "2026-11-15", "42.00"),
      row("openai", "gpt-4o", "p1", "2026-10-31", "777.77"),
      row("openai", "gpt-4o", "p1", "2026-12-01", "5000.00"),
    ],
  });
});
useEmailWorker();
afterAll(async () => {
  await getQueue("viewReport").obliterate({ force: true });
  await smtp.close();
});

const asMember = (role: "OWNER" | "FINANCE" | "ENGINEERING") => ({ id: f.members[role].id, email: f.members[role].email });
const viewQuery = { from: "2026-11-01", to: "2026-11-30", provider: ["openai", "anthropic"], groupBy: "provider" };

describe("weekly report of a saved view", () => {
  let viewId = "";
  let reportId = "";

  it("finance saves the view with a relative range, shares it, and schedules it for Mondays 07:00 UTC", async () => {
    const res = await createView(await requestAs(asMember("FINANCE"), `/api/orgs/${f.org.slug}/saved-views`, { method: "POST", body: { name: "Finance Monday report", query: viewQuery, range: "last-month" } }), params({ org: f.org.slug }));
    expect(res.status).toBe(201);
    viewId = ((await res.json()) as { id: string }).id;
    expect((await patchView(await requestAs(asMember("FINANCE"), `/api/orgs/${f.org.slug}/saved-views/${viewId}`, { method: "PATCH", body: { shared: true } }), params({ org: f.org.slug, viewId }))).status).toBe(200);

    const body = { weekday: 1, time: "07:00", memberIds: [f.members.FINANCE.id], addresses: ["CFO@Outside.test"] };
    // Engineering reads spend but may not email the org's figures out.
    const denied = await putReport(await requestAs(asMember("ENGINEERING"), `/api/orgs/${f.org.slug}/saved-views/${viewId}/report`, { method: "PUT", body }), params({ org: f.org.slug, viewId }));
    expect(denied.status).toBe(403);
    const bad = await putReport(await requestAs(asMember("FINANCE"), `/api/orgs/${f.org.slug}/saved-views/${viewId}/report`, { method: "PUT", body: { ...body, time: "7 am" } }), params({ org: f.org.slug, viewId }));
    expect(bad.status).toBe(400);
    expect(((await bad.json()) as { error: { issues: { field: string }[] } }).error.issues[0]!.field).toBe("time");
    const stranger = await putReport(await requestAs(asMember("FINANCE"), `/api/orgs/${f.org.slug}/saved-views/${viewId}/report`, { method: "PUT", body: { ...body, memberIds: ["not-a-member"] } }), params({ org: f.org.slug, viewId }));
    expect(stranger.status).toBe(400);

    const ok = await putReport(await requestAs(asMember("FINANCE"), `/api/orgs/${f.org.slug}/saved-views/${viewId}/report`, { method: "PUT", body }), params({ org: f.org.slug, viewId }));
    expect(ok.status).toBe(200);
    expect(((await ok.json()) as { label: string }).label).toBe("Every Monday at 07:00 UTC");
    const report = await db().viewReport.findUniqueOrThrow({ where: { viewId } });
    reportId = report.id;
    expect(report.addresses).toEqual(["cfo@outside.test"]);
    const scheduler = await getQueue("viewReport").getJobScheduler(reportSchedulerId(reportId));
    expect(scheduler?.pattern).toBe("0 7 * * 1");
    expect(scheduler?.tz).toBe("UTC");
  });

  it("Monday's run emails both recipients the CSV of last month, to the cent", async () => {
    const run = await viewReportJob({ reportId, at: MONDAY }, { timestamp: 0, opts: {} } as unknown as Job);
    expect(run.status).toBe("queued");
    expect(run.deliveries.map((d) => d.recipient).sort()).toEqual(["cfo@outside.test", f.members.FINANCE.email]);

    const mails = await waitFor(async () => {
      const got = smtp.received.filter((m) => m.to.includes("cfo@outside.test") || m.to.includes(f.members.FINANCE.email));
      return got.length === 2 ? got : null;
    }, "two report emails");
    for (const raw of mails) {
      const mail = parseMail(raw.raw);
      expect(mail.headers.subject).toBe("Finance Monday report: $1,634.58 (2026-11-01 to 2026-11-30)");
      expect(mail.text).toContain("OpenAI: $1,234.57");
      expect(mail.text).toContain("Anthropic: $400.01");
      expect(mail.attachments).toHaveLength(1);
      const csv = mail.attachments[0]!;
      expect(csv.filename).toBe("spend-by-provider-2026-11-01-to-2026-11-30.csv");
      expect(csv.contentType).toMatch(/^text\/csv/);
      const lines = csv.content.trimEnd().split("\r\n");
      expect(lines[0]).toBe("Provider,Key,Billed (USD),Estimated (USD),Total (USD)");
      expect(lines.slice(1).sort()).toEqual(["Anthropic,anthropic,89.88,310.13,400.01", "OpenAI,openai,1234.57,0.00,1234.57", "Total,,1324.45,310.13,1634.58"].sort());
      expect(lines.at(-1)).toBe("Total,,1324.45,310.13,1634.58");
    }
    // The worker records SENT just after the SMTP server has the message.
    await waitFor(async () => (await db().emailDelivery.count({ where: { orgId: f.org.id, status: "SENT", digestKey: { startsWith: `view-report:${reportId}:2026-12-07:` } } })) === 2, "both deliveries SENT");
    expect((await db().viewReport.findUniqueOrThrow({ where: { id: reportId } })).lastSentAt?.toISOString()).toBe(MONDAY);
  });

  it("a second run the same Monday (a retried job) mails nobody twice", async () => {
    const again = await viewReportJob({ reportId, at: "2026-12-07T07:05:00.000Z" }, { timestamp: 0, opts: {} } as unknown as Job);
    expect(again.deliveries).toEqual([]);
    expect(await db().emailDelivery.count({ where: { orgId: f.org.id, digestKey: { startsWith: `view-report:${reportId}:` } } })).toBe(2);
  });

  it("without `at`, the run's day is when the scheduler made the job due", async () => {
    // Monday 2026-12-14 07:00 UTC: the job was created a week earlier and delayed until then.
    const due = Date.parse("2026-12-14T07:00:00.000Z");
    const run = await viewReportJob({ reportId }, { timestamp: due - 7 * 86_400_000, opts: { delay: 7 * 86_400_000 } } as unknown as Job);
    expect(run.deliveries).toHaveLength(2);
    const keys = await db().emailDelivery.findMany({ where: { id: { in: run.deliveries.map((d) => d.id) } }, select: { digestKey: true } });
    expect(keys.every((k) => k.digestKey!.startsWith(`view-report:${reportId}:2026-12-14:`))).toBe(true);
    await waitFor(async () => (await db().emailDelivery.count({ where: { id: { in: run.deliveries.map((d) => d.id) }, status: "SENT" } })) === 2, "second week's emails sent");
  });

  it("deleting the view removes its report and its scheduler", async () => {
    const { DELETE } = await import("@/app/api/orgs/[org]/saved-views/[viewId]/route");
    const other = await DELETE(await requestAs(asMember("ENGINEERING"), `/api/orgs/${f.org.slug}/saved-views/${viewId}`, { method: "DELETE" }), params({ org: f.org.slug, viewId }));
    expect(other.status).toBe(403);
    const res = await DELETE(await requestAs(asMember("FINANCE"), `/api/orgs/${f.org.slug}/saved-views/${viewId}`, { method: "DELETE" }), params({ org: f.org.slug, viewId }));
    expect(res.status).toBe(204);
    expect(await db().viewReport.count({ where: { id: reportId } })).toBe(0);
    expect(await getQueue("viewReport").getJobScheduler(reportSchedulerId(reportId))).toBeFalsy();
  });
});
