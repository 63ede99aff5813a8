import { randomBytes } from "node:crypto";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { db, Prisma } from "@/lib/db";
import { seedDemo } from "@/lib/demo/seed";
import { DEMO_USERS, generateDemoDays } from "@/lib/demo/generate";
import { Decimal, sum, toCents } from "@/lib/money";
import { getSpendView } from "@/lib/spend/view";
import { parseSpendSearchParams } from "@/lib/spend/filters";
import { monthDays, referenceMonth } from "@/lib/scenarios/measured";
import { orgOpportunities } from "@/lib/savings/load";
import { DELETE as restoreRoute, POST as dismissRoute } from "@/app/api/orgs/[org]/opportunities/dismissals/route";
import { PUT as batchProjectRoute } from "@/app/api/orgs/[org]/opportunities/batch-projects/route";
import { params, requestAs } from "../support/session";

// The Opportunities page's query on real Postgres over the demo org (13 months of usage, a GPU pool
// busy in office hours): at least four kinds with evidence that opens the same rows on Spend, the
// batch figure worked from the demo generator's own rows, and dismissal kept, reported and audited.

const now = new Date();
const month = referenceMonth(now);
const slug = `demo-opps-${randomBytes(3).toString("hex")}`;
let orgId: string;
const user = async (role: string) => {
  const email = DEMO_USERS.find((u) => u.role === role)!.email;
  const u = await db().user.findUniqueOrThrow({ where: { email } });
  return { id: u.id, email };
};

// The demo's prices are written by its seed only into an empty catalog (a real install loads the bundled catalog after
// it). Other test files leave catalog rows behind, so this file sets the catalog aside, seeds as on a fresh install,
// and puts the catalog back afterwards, as the price-catalog tests do.
let saved: [Prisma.ModelPriceVersionCreateManyInput[], Prisma.PriceChangeCreateManyInput[]];
beforeAll(async () => {
  saved = await Promise.all([db().modelPriceVersion.findMany(), db().priceChange.findMany()]);
  await db().priceChange.deleteMany();
  await db().modelPriceVersion.deleteMany();
  orgId = (await seedDemo(db(), now, { slug })).orgId;
});
afterAll(async () => {
  await db().priceChange.deleteMany();
  await db().modelPriceVersion.deleteMany();
  await db().modelPriceVersion.createMany({ data: saved[0] });
  await db().priceChange.createMany({ data: saved[1] });
});

describe("opportunities over the demo org", () => {
  it("shows at least four kinds, ranked by saving, each with evidence and never more than the spend it applies to", async () => {
    const r = await orgOpportunities({ orgId, orgSlug: slug }, now);
    expect(r.month).toBe(month);
    const kinds = new Set(r.opportunities.map((o) => o.kind));
    for (const k of ["batch", "caching", "rightSizing", "idleGpu"]) expect(kinds, k).toContain(k);
    for (const [i, o] of r.opportunities.entries()) {
      expect(o.evidence.length, o.key).toBeGreaterThan(0);
      expect(o.evidence[0]!.href).toMatch(new RegExp(`^/${slug}/(spend\\?|gpu-pools/)`));
      expect(o.saving.high.lte(o.appliesTo), o.key).toBe(true);
      if (i > 0) expect(r.opportunities[i - 1]!.saving.high.gte(o.saving.high)).toBe(true);
    }
    // gpt-4o at the regional PTU minimum (50 × $260) costs more than the demo's gpt-4o traffic: checked, a loss.
    expect(r.checked.some((o) => o.kind === "reserved" && (o.detail as { status: string }).status === "loses")).toBe(true);
  });

  it("prices Search's embeddings (tolerates delay) at half the month's billed dollars, the same figure Spend shows", async () => {
    const r = await orgOpportunities({ orgId, orgSlug: slug }, now);
    const o = r.opportunities.find((x) => x.key === "batch:openai:text-embedding-3-small:proj_search")!;
    expect(o).toBeDefined();
    // Independently of any SQL: the generator's rows for the month (cost = tokens × $0.02 per 1M).
    const { from, to } = monthDays(month);
    const rows = generateDemoDays(now).filter((d) => d.day >= from && d.day <= to && d.model === "text-embedding-3-small");
    const billed = sum(rows.map((d) => d.inputCost.plus(d.outputCost)));
    expect(toCents(o.appliesTo)).toBe(toCents(billed));
    expect(o.saving.high.toFixed(2)).toBe(billed.times("0.5").toDecimalPlaces(2, Decimal.ROUND_DOWN).toFixed(2)); // 100% × list × 50%
    expect(o.saving.low.toFixed(2)).toBe(billed.times("0.25").toDecimalPlaces(2, Decimal.ROUND_DOWN).toFixed(2)); // 50% × list × 50%
    // The evidence link opens Spend on the same provider, model, project and days, and Spend totals the same dollars.
    const view = await getSpendView({ orgId }, parseSpendSearchParams(new URL(o.evidence[0]!.href, "http://x").searchParams, now), now);
    expect(view.breakdown.total.total).toBe(toCents(billed));
  });

  it("keeps a dismissal with its reason, reports it, audits it, and lets it be restored; finance may not dismiss", async () => {
    const key = "batch:openai:text-embedding-3-small:proj_search";
    const finance = await dismissRoute(await requestAs(await user("FINANCE"), `/api/orgs/${slug}/opportunities/dismissals`, { method: "POST", body: { key, reason: "not ours" } }), params({ org: slug }));
    expect(finance.status).toBe(403);
    const empty = await dismissRoute(await requestAs(await user("EXECUTIVE"), `/api/orgs/${slug}/opportunities/dismissals`, { method: "POST", body: { key, reason: "" } }), params({ org: slug }));
    expect(empty.status).toBe(400);
    expect(await empty.text()).toMatch(/reason/);

    const res = await dismissRoute(await requestAs(await user("EXECUTIVE"), `/api/orgs/${slug}/opportunities/dismissals`, { method: "POST", body: { key, reason: "Search answers users live since the November redesign" } }), params({ org: slug }));
    expect(res.status).toBe(200);
    const after = await orgOpportunities({ orgId, orgSlug: slug }, now);
    expect(after.opportunities.some((o) => o.key === key)).toBe(false);
    expect(after.dismissed.map((o) => o.key)).toContain(key);
    const d = after.dismissals.find((x) => x.key === key)!;
    expect(d).toMatchObject({ kind: "batch", reason: "Search answers users live since the November redesign", dismissedBy: "Erin Executive" });
    expect(d.savingHigh.gt(0)).toBe(true);
    const audit = await db().auditLog.findFirstOrThrow({ where: { orgId, action: "opportunity.dismissed" } });
    expect(audit.data).toMatchObject({ key, reason: "Search answers users live since the November redesign" });

    const again = await dismissRoute(await requestAs(await user("EXECUTIVE"), `/api/orgs/${slug}/opportunities/dismissals`, { method: "POST", body: { key, reason: "twice" } }), params({ org: slug }));
    expect(again.status).toBe(404);

    const restored = await restoreRoute(await requestAs(await user("ADMIN"), `/api/orgs/${slug}/opportunities/dismissals?key=${encodeURIComponent(key)}`, { method: "DELETE" }), params({ org: slug }));
    expect(restored.status).toBe(200);
    expect((await orgOpportunities({ orgId, orgSlug: slug }, now)).opportunities.some((o) => o.key === key)).toBe(true);
    expect(await db().auditLog.count({ where: { orgId, action: "opportunity.restored" } })).toBe(1);
  });

  it("a project marked as able to wait gets a batch opportunity; the change is audited; engineering may not make it", async () => {
    const put = async (role: string, body: unknown) => batchProjectRoute(await requestAs(await user(role), `/api/orgs/${slug}/opportunities/batch-projects`, { method: "PUT", body }), params({ org: slug }));
    const key = "batch:openai:gpt-4o:proj_support";
    expect((await orgOpportunities({ orgId, orgSlug: slug }, now)).opportunities.some((o) => o.key === key)).toBe(false);
    expect((await put("ENGINEERING", { provider: "openai", projectId: "proj_support", toleratesDelay: true })).status).toBe(403);
    expect((await put("ADMIN", { provider: "openai", projectId: "no_such_project", toleratesDelay: true })).status).toBe(404);
    expect((await put("ADMIN", { provider: "openai", projectId: "proj_support", toleratesDelay: true })).status).toBe(200);
    const o = (await orgOpportunities({ orgId, orgSlug: slug }, now)).opportunities.find((x) => x.key === key)!;
    expect(o.assumptions[0]).toMatch(/tolerates delay/);
    expect(await db().auditLog.count({ where: { orgId, action: "project.toleratesDelay" } })).toBe(1);
    expect((await put("ADMIN", { provider: "openai", projectId: "proj_support", toleratesDelay: false })).status).toBe(200);
    expect((await orgOpportunities({ orgId, orgSlug: slug }, now)).opportunities.some((x) => x.key === key)).toBe(false);
  });
});
