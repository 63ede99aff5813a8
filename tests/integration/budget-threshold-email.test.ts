import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { evaluateOrgAlerts } from "@/lib/alerts/raise";
import { db, Prisma } from "@/lib/db";
import { createOrgWithMembers } from "../support/factories";
import { useEmailWorker } from "../support/email-worker";
import { parseMail } from "../support/mime";
import { startSmtpServer, waitFor } from "../support/smtp";

// Budget alerts that forecast, end to end: a rule with thresholds 50/80/100% of a $1,000 monthly budget, spend of
// $40 a day, the evaluation job run several times a day, the real email worker and a real SMTP server on 127.0.0.1.
// Each threshold arrives once a month, by email, with the forecast breach date worked out by hand below.

const DAY = 86_400_000;
const day = (iso: string) => new Date(`${iso}T00:00:00Z`);
const dec = (v: string | number) => new Prisma.Decimal(v);

let smtp: Awaited<ReturnType<typeof startSmtpServer>>;
let f: Awaited<ReturnType<typeof createOrgWithMembers>>;

beforeAll(async () => {
  smtp = await startSmtpServer();
  process.env.SMTP_URL = smtp.url; // before anything reads env()
});
useEmailWorker();
afterAll(async () => smtp.close());

/** $40 a day on openai from `from` to `to` inclusive (the days not already there). */
async function spend(from: string, to: string) {
  const rows: Prisma.CostBucketCreateManyInput[] = [];
  for (let t = day(from).getTime(); t <= day(to).getTime(); t += DAY) rows.push({ orgId: f.org.id, sourceKey: "test", origin: "PROVIDER_API", provider: "openai", day: new Date(t), projectId: "proj1", model: "gpt-4o", amount: dec(40) });
  await db().costBucket.createMany({ data: rows });
}

/** The mails to the finance member so far, parsed, in arrival order. */
const mails = () => smtp.received.filter((m) => m.to.includes(f.members.FINANCE.email)).map((m) => parseMail(m.raw));

/** Run the evaluation at `at`, then wait until every email it queued has arrived. */
async function evaluateAt(at: string): Promise<number> {
  const before = mails().length;
  const r = await evaluateOrgAlerts(f.org.id, new Date(at));
  expect(r.ruleErrors).toEqual([]);
  if (r.emailsQueued > 0) await waitFor(async () => mails().length >= before + r.emailsQueued, `${r.emailsQueued} email(s)`, 40_000);
  return r.emailsQueued;
}

describe("budget threshold emails: 50/80/100%, once each per month, with the forecast breach date", () => {
  beforeAll(async () => {
    f = await createOrgWithMembers("Budget Co", ["OWNER", "FINANCE"]);
    await db().organization.update({ where: { id: f.org.id }, data: { monthlyBudget: dec(1000) } });
    await db().alertRule.create({ data: { orgId: f.org.id, type: "BUDGET_THRESHOLD", name: "Budget levels", params: { percents: [50, 80, 100] }, recipientRoles: ["FINANCE"] } });
    await spend("2026-09-01", "2026-11-12");
  });

  it("below 50% nothing is sent (12 November: 12 × $40 = $480)", async () => {
    expect(await evaluateAt("2026-11-12T09:00:00Z")).toBe(0);
  });

  it("50%: sent once on 13 November with the breach date 25 November, not again later that day or week", async () => {
    await spend("2026-11-13", "2026-11-13");
    expect(await evaluateAt("2026-11-13T09:00:00Z")).toBe(1);
    // The weekday pattern of 8 weeks at $40 every day: complete days 1–12 = $480, then $40 a day from the 13th:
    // $1,000 is reached on day 25 (12 + 13 days × $40 = 25 × 40).
    const [m] = mails();
    expect(m!.headers.subject).toBe("[MEDIUM] Budget 50% reached: $520.00 of $1,000.00 for Budget Co (2026-11), forecast to pass it on 2026-11-25");
    expect(m!.text).toContain("Forecast breach date: 2026-11-25.");
    expect(m!.text).toContain("month-end forecast $1,200.00"); // 30 days × $40
    expect(await evaluateAt("2026-11-13T09:15:00Z")).toBe(0);
    await spend("2026-11-14", "2026-11-19"); // $760 = 76%
    expect(await evaluateAt("2026-11-19T18:00:00Z")).toBe(0);
    expect(mails()).toHaveLength(1);
  });

  it("80% on 20 November, once; 100% on 25 November says the day it was passed", async () => {
    await spend("2026-11-20", "2026-11-20"); // $800
    expect(await evaluateAt("2026-11-20T09:00:00Z")).toBe(1);
    expect(await evaluateAt("2026-11-20T09:15:00Z")).toBe(0);
    const eighty = mails()[1]!;
    expect(eighty.headers.subject).toBe("[MEDIUM] Budget 80% reached: $800.00 of $1,000.00 for Budget Co (2026-11), forecast to pass it on 2026-11-25");
    expect(eighty.text).toContain("Forecast breach date: 2026-11-25.");

    await spend("2026-11-21", "2026-11-25"); // $1,000
    expect(await evaluateAt("2026-11-25T09:00:00Z")).toBe(1);
    const hundred = mails()[2]!;
    expect(hundred.headers.subject).toBe("[HIGH] Budget 100% reached: $1,000.00 of $1,000.00 for Budget Co (2026-11)");
    expect(hundred.text).toContain("The $1,000.00 budget was passed on 2026-11-25.");
    await spend("2026-11-26", "2026-11-30");
    expect(await evaluateAt("2026-11-30T22:00:00Z")).toBe(0);
    expect(mails()).toHaveLength(3);
    const events = await db().alertEvent.findMany({ where: { orgId: f.org.id }, orderBy: { occurredAt: "asc" } });
    expect(events.map((e) => e.dedupKey.split(":").slice(2).join(":"))).toEqual(["org:50:2026-11", "org:80:2026-11", "org:100:2026-11"]);
  });

  it("a new month is a new period: 50% again in December", async () => {
    await spend("2026-12-01", "2026-12-16"); // 16 × $40 = $640 = 64%
    expect(await evaluateAt("2026-12-16T09:00:00Z")).toBe(1);
    expect(mails()[3]!.headers.subject).toMatch(/^\[MEDIUM\] Budget 50% reached: \$640\.00 of \$1,000\.00 for Budget Co \(2026-12\), forecast to pass it on 2026-12-25$/);
    // December: days 1–15 = $600 complete; $40 a day from the 16th: $1,000 on the 25th.
  });
});
