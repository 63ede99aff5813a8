import { beforeAll, describe, expect, it } from "vitest";
import { db } from "@/lib/db";
import { budgetStatus } from "@/lib/spend/budgets";
import { PUT as budgetsRoute } from "@/app/api/orgs/[org]/budgets/route";
import { createOrgWithMembers } from "../support/factories";
import { params, requestAs } from "../support/session";

// Budgets per org and per project with the month-end forecast, on real Postgres. Spend is a flat
// $100 a day (org) and $40 a day (project p1) from 8 weeks back to yesterday, so the forecast is
// known by hand: 17 complete days of March + 14 projected days (18th–31st) at the same rate.
const NOW = new Date("2026-03-18T10:00:00Z");
let org: Awaited<ReturnType<typeof createOrgWithMembers>>;

beforeAll(async () => {
  org = await createOrgWithMembers("Budgets", ["FINANCE", "ENGINEERING"]);
  await db().project.create({ data: { orgId: org.org.id, provider: "openai", externalId: "p1", name: "Support bot" } });
  const rows = [];
  for (let d = Date.parse("2026-01-21T00:00:00Z"); d < Date.parse("2026-03-18T00:00:00Z"); d += 86_400_000) {
    const day = new Date(d);
    rows.push({ orgId: org.org.id, sourceKey: "s", origin: "CSV" as const, provider: "openai", day, projectId: "p1", amount: "40" });
    rows.push({ orgId: org.org.id, sourceKey: "s", origin: "CSV" as const, provider: "openai", day, projectId: "p2", amount: "60" });
  }
  await db().costBucket.createMany({ data: rows });
});

const put = async (who: "FINANCE" | "ENGINEERING", body: unknown) => budgetsRoute(await requestAs(org.members[who], `/api/orgs/${org.org.slug}/budgets`, { method: "PUT", body }), params({ org: org.org.slug }));
const issueField = async (res: Response) => ((await res.json()) as { error: { issues: { field: string }[] } }).error.issues[0]!.field;

describe("budgets and the month-end forecast", () => {
  it("without budgets: spent so far and forecast, org-wide (1,700 + 14 × 100 = 3,100)", async () => {
    const s = await budgetStatus(org.org.id, NOW);
    expect(s.month).toBe("2026-03");
    expect(s.org.spent.toString()).toBe("1700");
    expect(s.org.forecast.forecast.toString()).toBe("3100");
    expect(s.org.forecast.method).toBe("weekday-pattern");
    expect(s.org.judgement.state).toBe("no-budget");
    expect(s.projects).toEqual([]);
  });

  it("finance sets the org's and a project's budget; the forecast judges each (project: 680 + 14 × 40 = 1,240)", async () => {
    expect((await put("FINANCE", { projectId: "", amount: "3000" })).status).toBe(200);
    expect((await put("FINANCE", { projectId: "p1", amount: "1250.50" })).status).toBe(200);
    const s = await budgetStatus(org.org.id, NOW);
    expect([s.org.budget!.toString(), s.org.judgement.state]).toEqual(["3000", "forecast-over"]);
    expect(s.projects.map((p) => [p.projectId, p.budget!.toString(), p.spent.toString(), p.forecast.forecast.toString(), p.judgement.state])).toEqual([["p1", "1250.5", "680", "1240", "on-track"]]);
    const audit = await db().auditLog.findMany({ where: { orgId: org.org.id, action: "budget.set" }, orderBy: { id: "asc" } });
    expect(audit.map((a) => [a.actorUserId, a.targetId])).toEqual([[org.members.FINANCE.id, "org"], [org.members.FINANCE.id, "p1"]]);
  });

  it("null removes a budget", async () => {
    expect((await put("FINANCE", { projectId: "p1", amount: null })).status).toBe(200);
    expect((await budgetStatus(org.org.id, NOW)).projects).toEqual([]);
  });

  it("refuses engineering, an unknown project and a third decimal, naming the field", async () => {
    expect((await put("ENGINEERING", { projectId: "", amount: "1" })).status).toBe(403);
    const unknown = await put("FINANCE", { projectId: "nope", amount: "1" });
    expect([unknown.status, await issueField(unknown)]).toEqual([400, "projectId"]);
    const cents = await put("FINANCE", { projectId: "", amount: "12.345" });
    expect([cents.status, await issueField(cents)]).toEqual([400, "amount"]);
    expect((await db().organization.findUniqueOrThrow({ where: { id: org.org.id } })).monthlyBudget!.toString()).toBe("3000");
  });

  it("p2 has spend but no Project row: it can still get a budget", async () => {
    expect((await put("FINANCE", { projectId: "p2", amount: "2000" })).status).toBe(200);
  });
});
