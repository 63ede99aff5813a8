import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { GET as listCommitments, POST as createCommitment } from "@/app/api/orgs/[org]/commitments/route";
import { DELETE as deleteCommitment, PUT as putCommitment } from "@/app/api/orgs/[org]/commitments/[commitmentId]/route";
import { evaluateOrgAlerts } from "@/lib/alerts/raise";
import { db, Prisma } from "@/lib/db";
import { createOrgWithMembers } from "../support/factories";
import { useEmailWorker } from "../support/email-worker";
import { parseMail } from "../support/mime";
import { params, requestAs } from "../support/session";
import { startSmtpServer, waitFor } from "../support/smtp";

// Prepaid credits end to end: finance records a $1,000 OpenAI credit through the route (engineering may not),
// the provider's counted spend burns it down ($30 a day; pushed events for a billed month do not count twice),
// and the CREDITS_RUNOUT rule emails through the real email worker and SMTP server 14 days before the run-out
// day, once for the term. Worked by hand in tests/commitments/burn-down.test.ts: $600 used by 20 November,
// $400 ÷ $30 a day → runs out on 4 December.

const DAY = 86_400_000;
const day = (iso: string) => new Date(`${iso}T00:00:00Z`);

let smtp: Awaited<ReturnType<typeof startSmtpServer>>;
let f: Awaited<ReturnType<typeof createOrgWithMembers>>;
const as = (role: "FINANCE" | "ENGINEERING") => ({ id: f.members[role].id, email: f.members[role].email });
let commitmentId = "";

beforeAll(async () => {
  smtp = await startSmtpServer();
  process.env.SMTP_URL = smtp.url;
  f = await createOrgWithMembers("Credit Co", ["OWNER", "FINANCE", "ENGINEERING"]);
  const rows: Prisma.CostBucketCreateManyInput[] = [];
  for (let t = day("2026-10-20").getTime(); t <= day("2026-12-31").getTime(); t += DAY) {
    rows.push({ orgId: f.org.id, sourceKey: "conn", origin: "PROVIDER_API", provider: "openai", day: new Date(t), projectId: "p1", amount: new Prisma.Decimal(30) });
    // the same spend pushed as events: attribution under the source-of-truth rule, never counted again
    rows.push({ orgId: f.org.id, sourceKey: "push", origin: "PUSH", provider: "openai", day: new Date(t), projectId: "p1", model: "gpt-4o", amount: new Prisma.Decimal(30) });
    // another provider's spend never burns an OpenAI credit
    rows.push({ orgId: f.org.id, sourceKey: "conn", origin: "PROVIDER_API", provider: "anthropic", day: new Date(t), projectId: "p1", amount: new Prisma.Decimal(500) });
  }
  await db().costBucket.createMany({ data: rows });
  await db().alertRule.create({ data: { orgId: f.org.id, type: "CREDITS_RUNOUT", name: "Credits running out", params: { daysAhead: 14 }, recipientRoles: ["FINANCE"] } });
});
useEmailWorker();
afterAll(async () => smtp.close());

const body = { provider: "OpenAI", kind: "PREPAID_CREDIT", name: "2026 credits", amount: "1000.00", startsOn: "2026-11-01", endsOn: "2026-12-31" };

describe("credits and commitments", () => {
  it("finance records a credit; engineering may not; a bad field is named", async () => {
    const denied = await createCommitment(await requestAs(as("ENGINEERING"), `/api/orgs/${f.org.slug}/commitments`, { method: "POST", body }), params({ org: f.org.slug }));
    expect(denied.status).toBe(403);
    const bad = await createCommitment(await requestAs(as("FINANCE"), `/api/orgs/${f.org.slug}/commitments`, { method: "POST", body: { ...body, endsOn: "2026-10-01" } }), params({ org: f.org.slug }));
    expect(bad.status).toBe(400);
    expect(((await bad.json()) as { error: { issues: { field: string }[] } }).error.issues[0]!.field).toBe("endsOn");
    const ok = await createCommitment(await requestAs(as("FINANCE"), `/api/orgs/${f.org.slug}/commitments`, { method: "POST", body }), params({ org: f.org.slug }));
    expect(ok.status).toBe(201);
    commitmentId = ((await ok.json()) as { id: string }).id;
    expect(await db().auditLog.count({ where: { orgId: f.org.id, action: "commitment.created", targetId: commitmentId } })).toBe(1);
    const list = (await (await listCommitments(await requestAs(as("ENGINEERING"), `/api/orgs/${f.org.slug}/commitments`), params({ org: f.org.slug }))).json()) as { commitments: { provider: string; amount: string }[] };
    expect(list.commitments).toMatchObject([{ provider: "openai", amount: "1000.00" }]);
  });

  it("15 November: $420 used, runs out 4 December, outside 14 days: no alert", async () => {
    const r = await evaluateOrgAlerts(f.org.id, new Date("2026-11-15T08:00:00Z"));
    expect(r.ruleErrors).toEqual([]);
    expect(r.raised).toEqual([]);
  });

  it("21 November: runs out 4 December (in 13 days): one email, with the burn-down in words; never again this term", async () => {
    const r = await evaluateOrgAlerts(f.org.id, new Date("2026-11-21T08:00:00Z"));
    expect(r.raised).toHaveLength(1);
    const mail = await waitFor(async () => smtp.received.find((m) => m.to.includes(f.members.FINANCE.email)), "the credits email", 40_000);
    const m = parseMail(mail.raw);
    expect(m.headers.subject).toBe('[MEDIUM] openai prepaid credit "2026 credits" runs out on 2026-12-04 (in 13 days)');
    expect(m.text).toContain("$600.00 of $1,000.00 used since 2026-11-01 (openai spend counted through 2026-11-20).");
    expect(m.text).toContain("$400.00 left; at $30.00 a day (mean of the last 20 days) the credit runs out on 2026-12-04 (in 13 days).");
    for (const at of ["2026-11-21T08:15:00Z", "2026-11-28T08:00:00Z", "2026-12-10T08:00:00Z"]) expect((await evaluateOrgAlerts(f.org.id, new Date(at))).raised).toEqual([]);
    expect(smtp.received.filter((x) => x.to.includes(f.members.FINANCE.email))).toHaveLength(1);
  });

  it("a top-up is a new term: $1,500 runs out on 20 December; raised again when within 14 days", async () => {
    const put = await putCommitment(await requestAs(as("FINANCE"), `/api/orgs/${f.org.slug}/commitments/${commitmentId}`, { method: "PUT", body: { ...body, amount: "1500.00" } }), params({ org: f.org.slug, commitmentId }));
    expect(put.status).toBe(200);
    // 21 Nov: $600 used, $900 left ÷ $30 = 30 days → 20 December; 30 days away: not yet.
    expect((await evaluateOrgAlerts(f.org.id, new Date("2026-11-21T09:00:00Z"))).raised).toEqual([]);
    // 7 Dec: 36 days × $30 = $1,080 used, $420 left → 14 days → 20 December (13 days away): raised.
    const r = await evaluateOrgAlerts(f.org.id, new Date("2026-12-07T08:00:00Z"));
    expect(r.raised).toHaveLength(1);
    const e = await db().alertEvent.findUniqueOrThrow({ where: { id: r.raised[0]!.id } });
    expect(e.data).toMatchObject({ runOutDate: "2026-12-20", remaining: "420.00", amount: "1500.00" });
  });

  it("delete: gone, and audited", async () => {
    const del = await deleteCommitment(await requestAs(as("FINANCE"), `/api/orgs/${f.org.slug}/commitments/${commitmentId}`, { method: "DELETE" }), params({ org: f.org.slug, commitmentId }));
    expect(del.status).toBe(204);
    expect(await db().providerCommitment.count({ where: { orgId: f.org.id } })).toBe(0);
  });
});
