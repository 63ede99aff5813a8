import { beforeAll, describe, expect, it } from "vitest";
import { db } from "@/lib/db";
import { seedDemo } from "@/lib/demo/seed";
import { DEMO_USERS, generateDemoDays } from "@/lib/demo/generate";
import { dec, sum, toCents } from "@/lib/money";
import { getSpendView } from "@/lib/spend/view";
import { parseSpendSearchParams } from "@/lib/spend/filters";
import { monthDays, referenceMonth, spendPageHref } from "@/lib/scenarios/measured";
import { GET as listRoute, POST as createRoute } from "@/app/api/orgs/[org]/scenarios/route";
import { DELETE as deleteRoute, GET as getRoute, PATCH as patchRoute } from "@/app/api/orgs/[org]/scenarios/[id]/route";
import { GET as exportRoute } from "@/app/api/orgs/[org]/scenarios/[id]/export/route";
import { GET as compareRoute } from "@/app/api/orgs/[org]/scenarios/compare/route";
import { GET as compareExportRoute } from "@/app/api/orgs/[org]/scenarios/compare/export/route";
import { GET as measuredRoute } from "@/app/api/orgs/[org]/scenarios/measured/route";
import { params, requestAs } from "../support/session";

// Real Postgres with the demo org (13 months of usage). A scenario built from measured usage must
// start from the same volumes and spend that the Spend page shows for the same filter and month.

const now = new Date();
const month = referenceMonth(now);
const user = async (role: string) => {
  const email = DEMO_USERS.find((u) => u.role === role)!.email;
  const u = await db().user.findUniqueOrThrow({ where: { email } });
  return { id: u.id, email };
};
let orgId: string;

beforeAll(async () => {
  orgId = (await seedDemo(db(), now)).orgId;
});

async function measured(query: string) {
  const res = await measuredRoute(await requestAs(await user("EXECUTIVE"), `/api/orgs/demo/scenarios/measured?${query}`), params({ org: "demo" }));
  expect(res.status).toBe(200);
  return ((await res.json()) as { workload: unknown }).workload as { month: string; monthlyTokens: Record<string, string>; monthlyRequests: string; monthlyCost: string; filter: Record<string, string> };
}

describe("measured volumes = what the Spend page shows", () => {
  it.each([
    ["provider=openai&model=gpt-4o-mini", { provider: "openai", model: "gpt-4o-mini" }],
    ["provider=anthropic&projectId=wrkspc_eng", { provider: "anthropic", projectId: "wrkspc_eng" }],
    ["provider=openai", { provider: "openai" }],
  ])("%s in the last complete month", async (query, filter) => {
    const v = await measured(query);
    expect(v.month).toBe(month);
    expect(v.filter).toEqual(filter);

    // The Spend page: the link the builder shows, parsed as the Spend page parses its URL, and the
    // view it renders (its table total, in cents).
    const href = spendPageHref("demo", filter, month);
    const view = await getSpendView({ orgId }, parseSpendSearchParams(new URL(href, "http://x").searchParams, now), now);
    expect(view.query.from).toBe(`${month}-01`);
    expect(toCents(v.monthlyCost)).toBe(view.breakdown.total.total);
    expect(view.breakdown.total.total).not.toBe("0.00");

    // Independently of any SQL: the demo generator's own rows for that month and filter.
    const { from, to } = monthDays(month);
    const days = generateDemoDays(now).filter((d) => d.day >= from && d.day <= to && (!filter.provider || d.provider === filter.provider) && (!("model" in filter) || d.model === filter.model) && (!("projectId" in filter) || d.projectId === filter.projectId));
    expect(v.monthlyTokens.input).toBe(days.reduce((s, d) => s + d.inputTokens, 0n).toString());
    expect(v.monthlyTokens.output).toBe(days.reduce((s, d) => s + d.outputTokens, 0n).toString());
    expect(v.monthlyTokens.cachedInput).toBe(days.reduce((s, d) => s + d.cachedInputTokens, 0n).toString());
    expect(v.monthlyRequests).toBe(days.reduce((s, d) => s + d.requests, 0n).toString());
    expect(dec(v.monthlyCost).equals(sum(days.map((d) => d.inputCost.plus(d.outputCost))))).toBe(true);
  });

  it("a saved scenario built from it starts from that month's spend and tokens", async () => {
    const exec = await user("EXECUTIVE");
    const workload = { source: "measured", ...(await measured("provider=openai&model=gpt-4o-mini")) };
    const inputs = { workload, target: { kind: "api", api: { provider: "deepseek", model: "deepseek-chat", price: { inputPerMTok: "0.27", outputPerMTok: "1.1", cachedInputPerMTok: "0.07" } } }, horizonMonths: 12 };
    const res = await createRoute(await requestAs(exec, "/api/orgs/demo/scenarios", { method: "POST", body: { name: "Mini to DeepSeek", note: "cheapest chat", inputs } }), params({ org: "demo" }));
    expect(res.status).toBe(201);
    const created = (await res.json()) as { id: string; author: { email: string } };
    expect(created.author.email).toBe(exec.email);

    const got = await getRoute(await requestAs(await user("FINANCE"), `/api/orgs/demo/scenarios/${created.id}`), params({ org: "demo", id: created.id }));
    const body = (await got.json()) as { note: string; analysis: { months: { baseline: string; volumeTokens: string }[] } };
    expect(body.note).toBe("cheapest chat");
    expect(body.analysis.months[0]!.baseline).toBe(toCents(workload.monthlyCost));
    const t = workload.monthlyTokens;
    expect(body.analysis.months[0]!.volumeTokens).toBe(sum([t.input!, t.output!, t.cachedInput!, t.cacheWrite!]).toString());
  });
});

describe("scenario routes", () => {
  const manual = (name: string, price: string) => ({
    name,
    note: "",
    inputs: {
      workload: { source: "manual", monthlyTokens: { input: "100000000", output: "100000000" }, price: { inputPerMTok: "10", outputPerMTok: "20" } },
      target: { kind: "api", api: { provider: "x", model: "y", price: { inputPerMTok: price, outputPerMTok: price } } },
      horizonMonths: 12,
      discountRatePctPerYear: "0",
    },
  });
  async function create(body: unknown, role = "EXECUTIVE") {
    return createRoute(await requestAs(await user(role), "/api/orgs/demo/scenarios", { method: "POST", body }), params({ org: "demo" }));
  }

  it("finance and engineering read but may not write; executive, admin and owner write", async () => {
    expect((await create(manual("f", "1"), "FINANCE")).status).toBe(403);
    expect((await create(manual("g", "1"), "ENGINEERING")).status).toBe(403);
    for (const role of ["EXECUTIVE", "ADMIN", "OWNER"]) expect((await create(manual(role, "1"), role)).status).toBe(201);
    const list = await listRoute(await requestAs(await user("ENGINEERING"), "/api/orgs/demo/scenarios"), params({ org: "demo" }));
    const names = ((await list.json()) as { scenarios: { name: string }[] }).scenarios.map((s) => s.name);
    expect(names).toEqual(expect.arrayContaining(["EXECUTIVE", "ADMIN", "OWNER"]));
  });

  it("a nonsense input is a 400 naming the field", async () => {
    const bad = manual("bad", "1");
    const res = await create({ ...bad, inputs: { ...bad.inputs, horizonMonths: 0 } });
    expect(res.status).toBe(400);
    const body = (await res.json()) as { error: { issues: { field: string; message: string }[] } };
    expect(body.error.issues).toContainEqual({ field: "inputs.horizonMonths", message: "must be 12, 24 or 36 (months)" });
  });

  it("updates name and note, exports CSV, compares, deletes", async () => {
    const exec = await user("EXECUTIVE");
    const a = (await (await create(manual("A", "1"))).json()) as { id: string };
    const b = (await (await create(manual("B", "2"))).json()) as { id: string };
    const patched = await patchRoute(await requestAs(exec, `/api/orgs/demo/scenarios/${a.id}`, { method: "PATCH", body: { note: "updated" } }), params({ org: "demo", id: a.id }));
    expect(((await patched.json()) as { note: string }).note).toBe("updated");

    // A: $3,000 − (100M + 100M) × $1/1M = $2,800 saved a month → 12 × 2,800 = $33,600
    const csv = await (await exportRoute(await requestAs(exec, `/api/orgs/demo/scenarios/${a.id}/export`), params({ org: "demo", id: a.id }))).text();
    expect(csv).toContain("savings_usd,33600.00\r\n");
    expect(csv).toContain("\r\n1,200000000,3000.00,0.00,200.00,0.00,0.00,0.00,200.00,2800.00,2800.00,0,2800.00\r\n");

    const compared = await compareRoute(await requestAs(exec, `/api/orgs/demo/scenarios/compare?ids=${a.id},${b.id}`), params({ org: "demo" }));
    const c = (await compared.json()) as { scenarios: { name: string; analysis: { totals: { npv: string } } }[] };
    expect(c.scenarios.map((s) => [s.name, s.analysis.totals.npv])).toEqual([["A", "33600.00"], ["B", "31200.00"]]);
    const ccsv = await (await compareExportRoute(await requestAs(exec, `/api/orgs/demo/scenarios/compare/export?ids=${a.id},${b.id}`), params({ org: "demo" }))).text();
    expect(ccsv.split("\r\n")[1]).toMatch(/^A,.*,12,33600\.00,33600\.00,1,/);
    expect(ccsv).toContain("\r\n12,33600.00,31200.00\r\n");

    const one = await compareRoute(await requestAs(exec, `/api/orgs/demo/scenarios/compare?ids=${a.id}`), params({ org: "demo" }));
    expect(one.status).toBe(400);

    expect((await deleteRoute(await requestAs(exec, `/api/orgs/demo/scenarios/${b.id}`, { method: "DELETE" }), params({ org: "demo", id: b.id }))).status).toBe(200);
    expect((await getRoute(await requestAs(exec, `/api/orgs/demo/scenarios/${b.id}`), params({ org: "demo", id: b.id }))).status).toBe(404);
  });
});
