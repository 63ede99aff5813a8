import Decimal from "decimal.js";
import { beforeAll, describe, expect, it } from "vitest";
import { db } from "@/lib/db";
import { GROUP_BYS, type GroupBy, type SpendQuery } from "@/lib/spend/filters";
import { getSpendView, type SpendTableDto } from "@/lib/spend/view";
import { CSV_TABLES } from "@/lib/spend/csv";
import { getOverview } from "@/lib/spend/overview";
import { GET as exportRoute } from "@/app/api/orgs/[org]/spend/export/route";
import { GET as spendRoute } from "@/app/api/orgs/[org]/spend/route";
import { createOrgWithMembers } from "../support/factories";
import { params, requestAs } from "../support/session";
import { mulberry32 } from "@/lib/random";

// The spend query layer on real Postgres against a generated data set. Every expected figure is
// computed here, independently of lib/spend, by summing the generated rows with decimal.js: totals
// by every grouping, under every filter, org scoping, and the CSV against the screen.

const D = (v: Decimal.Value) => new Decimal(v);
const cents = (v: Decimal) => v.toDecimalPlaces(2, Decimal.ROUND_HALF_UP).toFixed(2);

const prng = mulberry32;

interface GenRow { provider: string; model: string; projectId: string; day: string; lineItem: string; amount: string; estimated: boolean }

const MODELS: Record<string, string[]> = { openai: ["gpt-4o", "gpt-4o-mini", "shared-name"], anthropic: ["claude-sonnet-4", "claude-3-5-haiku", "shared-name"], mistral: ["mistral-large"] };
// p1 two tags, p2 one, p3 another, p4 a Project without tags, p5 no Project row, "" no project.
const PROJECTS: { provider: string; id: string; name: string; tags: string[] }[] = [
  { provider: "openai", id: "p1", name: "Support bot", tags: ["product", "team-a"] },
  { provider: "openai", id: "p2", name: "Search", tags: ["product"] },
  { provider: "anthropic", id: "p3", name: "Legal", tags: ["internal"] },
  { provider: "anthropic", id: "p4", name: "Sandbox", tags: [] },
];
const PROJECT_IDS: Record<string, string[]> = { openai: ["p1", "p2", "p5", ""], anthropic: ["p3", "p4", ""], mistral: ["", "p5"] };
const FIRST_DAY = "2025-01-01";
const LAST_DAY = "2026-03-18";

function generate(seed: number, scale: number): GenRow[] {
  const rand = prng(seed);
  const rows: GenRow[] = [];
  for (let t = Date.parse(`${FIRST_DAY}T00:00:00Z`); t <= Date.parse(`${LAST_DAY}T00:00:00Z`); t += 86_400_000) {
    const day = new Date(t).toISOString().slice(0, 10);
    for (const [provider, models] of Object.entries(MODELS)) {
      for (const model of models) {
        for (const projectId of PROJECT_IDS[provider]!) {
          if (rand() < 0.7) continue; // sparse, like real data: not every combination every day
          for (const lineItem of rand() < 0.3 ? ["input", "output"] : [""]) {
            // Up to 10 decimal places, as numeric(20,10) holds; an occasional credit (negative).
            const micro = Math.floor(rand() * 5_000_000_000) * scale;
            const amount = D(micro).div(1e8).times(rand() < 0.02 ? -1 : 1).toFixed(10);
            rows.push({ provider, model, projectId, day, lineItem, amount, estimated: rand() < 0.25 });
          }
        }
      }
    }
  }
  return rows;
}

let a: Awaited<ReturnType<typeof createOrgWithMembers>>;
let b: Awaited<ReturnType<typeof createOrgWithMembers>>;
let rowsA: GenRow[];
const NOW = new Date(`${LAST_DAY}T15:00:00Z`);

async function insert(orgId: string, rows: GenRow[]) {
  for (let i = 0; i < rows.length; i += 2000) {
    await db().costBucket.createMany({
      data: rows.slice(i, i + 2000).map((r) => ({ orgId, sourceKey: "gen", origin: "CSV" as const, provider: r.provider, day: new Date(`${r.day}T00:00:00Z`), projectId: r.projectId, model: r.model, lineItem: r.lineItem, amount: r.amount, estimated: r.estimated })),
    });
  }
}

beforeAll(async () => {
  a = await createOrgWithMembers("Spend A", ["FINANCE", "ENGINEERING"]);
  b = await createOrgWithMembers("Spend B", ["OWNER"]);
  rowsA = generate(11, 1);
  await insert(a.org.id, rowsA);
  await db().project.createMany({ data: PROJECTS.map((p) => ({ orgId: a.org.id, provider: p.provider, externalId: p.id, name: p.name, tags: p.tags })) });
  // Org B: the same keys with much larger amounts, a provider A never used, and a tag on p4.
  await insert(b.org.id, [...generate(12, 1000), { provider: "google", model: "gemini", projectId: "p1", day: "2026-03-01", lineItem: "", amount: "999999.99", estimated: false }]);
  await db().project.createMany({ data: PROJECTS.map((p) => ({ orgId: b.org.id, provider: p.provider, externalId: p.id, name: `B ${p.name}`, tags: [...p.tags, "b-only"] })) });
  await db().budget.create({ data: { orgId: b.org.id, projectId: "p1", amount: "1.00" } });
}, 120_000);

// ── the independent computation ─────────────────────────────────────────────

const tagsOf = (provider: string, projectId: string) => PROJECTS.find((p) => p.provider === provider && p.id === projectId)?.tags ?? [];

function keysOf(r: GenRow, g: GroupBy): string[] {
  switch (g) {
    case "provider": return [r.provider];
    case "model": return [`${r.provider}/${r.model}`];
    case "project": return [r.projectId];
    case "tag": { const t = tagsOf(r.provider, r.projectId); return t.length ? t : [""]; }
    case "day": return [r.day];
    case "month": return [r.day.slice(0, 7)];
  }
}

function inScope(r: GenRow, q: Omit<SpendQuery, "groupBy">): boolean {
  return r.day >= q.from && r.day <= q.to
    && (!q.provider.length || q.provider.includes(r.provider))
    && (!q.model.length || q.model.includes(r.model))
    && (!q.project.length || q.project.includes(r.projectId))
    && (!q.tag.length || tagsOf(r.provider, r.projectId).some((t) => q.tag.includes(t)));
}

function expected(q: SpendQuery) {
  const groups = new Map<string, { billed: Decimal; estimated: Decimal }>();
  const total = { billed: D(0), estimated: D(0) };
  for (const r of rowsA.filter((r) => inScope(r, q))) {
    const side = r.estimated ? "estimated" : "billed";
    total[side] = total[side].plus(r.amount);
    for (const k of keysOf(r, q.groupBy)) {
      const g = groups.get(k) ?? { billed: D(0), estimated: D(0) };
      g[side] = g[side].plus(r.amount);
      groups.set(k, g);
    }
  }
  const fmt = (g: { billed: Decimal; estimated: Decimal }) => ({ billed: cents(g.billed), estimated: cents(g.estimated), total: cents(g.billed.plus(g.estimated)) });
  return { rows: Object.fromEntries([...groups].map(([k, g]) => [k, fmt(g)])), total: fmt(total) };
}

const asMap = (t: SpendTableDto) => Object.fromEntries(t.rows.map((r) => [r.key, { billed: r.billed, estimated: r.estimated, total: r.total }]));
const query = (over: Partial<SpendQuery>): SpendQuery => ({ from: "2025-06-10", to: "2026-02-20", provider: [], model: [], project: [], tag: [], groupBy: "provider", ...over });

const FILTERS: Record<string, Partial<SpendQuery>> = {
  "no filter": {},
  "one provider": { provider: ["anthropic"] },
  "a model name two providers share": { model: ["shared-name"] },
  "two projects, one of them 'no project'": { project: ["p1", ""] },
  "a tag": { tag: ["product"] },
  "provider + tag + model together": { provider: ["openai"], tag: ["product", "internal"], model: ["gpt-4o", "shared-name"] },
  "a single day": { from: "2025-11-05", to: "2025-11-05" },
  "the whole history": { from: FIRST_DAY, to: LAST_DAY },
};

describe("spend totals equal an independent sum of the generated rows", () => {
  it("the data set is big enough to mean something", () => {
    expect(rowsA.length).toBeGreaterThan(3000);
    expect(rowsA.some((r) => r.amount.startsWith("-"))).toBe(true);
  });

  for (const [name, filter] of Object.entries(FILTERS)) {
    it.each(GROUP_BYS)(`${name}, grouped by %s`, async (groupBy) => {
      const q = query({ ...filter, groupBy });
      const view = await getSpendView({ orgId: a.org.id }, q, NOW);
      const want = expected(q);
      expect(asMap(view.breakdown)).toEqual(want.rows);
      expect(view.breakdown.total).toEqual(want.total);
      // Whatever the grouping, the total is the same money.
      expect(view.breakdown.total).toEqual(expected(query({ ...filter, groupBy: "provider" })).total);
    });
  }

  it("the daily trend and the 13 month bars carry the same filters", async () => {
    const q = query({ provider: ["openai"], groupBy: "model" });
    const view = await getSpendView({ orgId: a.org.id }, q, NOW);
    expect(asMap(view.daily)).toEqual(expected({ ...q, groupBy: "day" }).rows);
    const months = expected({ ...q, from: "2025-02-01", groupBy: "month" });
    expect(asMap(view.months)).toEqual(months.rows);
    expect(view.months.rows.map((r) => r.key)).toEqual(["2025-02", "2025-03", "2025-04", "2025-05", "2025-06", "2025-07", "2025-08", "2025-09", "2025-10", "2025-11", "2025-12", "2026-01", "2026-02"]);
  });

  it("top movers compare the 1st–20th of February (Sun–Fri) with the same weekdays four weeks earlier, 4–23 January", async () => {
    const q = query({ groupBy: "project" });
    const view = await getSpendView({ orgId: a.org.id }, q, NOW);
    expect(view.movers.periods).toEqual({ current: { from: "2026-02-01", to: "2026-02-20" }, previous: { from: "2026-01-04", to: "2026-01-23" }, shiftDays: 28 });
    const cur = expected(query({ from: "2026-02-01", to: "2026-02-20", groupBy: "project" })).rows;
    const prev = expected(query({ from: "2026-01-04", to: "2026-01-23", groupBy: "project" })).rows;
    const change = (k: string) => D(cur[k]?.total ?? 0).minus(prev[k]?.total ?? 0);
    const keys = [...new Set([...Object.keys(cur), ...Object.keys(prev)])].sort((x, y) => change(y).abs().comparedTo(change(x).abs()));
    expect(view.movers.rows.map((m) => m.key)).toEqual(keys.filter((k) => !change(k).isZero()).slice(0, 10));
    for (const m of view.movers.rows) {
      // Each side is rounded from its own exact sum; the change may differ from their difference by a cent.
      expect(m.current).toBe(cur[m.key]?.total ?? "0.00");
      expect(m.previous).toBe(prev[m.key]?.total ?? "0.00");
      expect(D(m.change).minus(change(m.key)).abs().lte("0.01")).toBe(true);
      // flagged only at ±20 % of the period before, or new
      const before = D(m.previous);
      expect(m.significant).toBe(before.isZero() ? true : D(m.change).abs().gte(before.times("0.2")));
    }
    // 1–31 March (31 days) → five weeks earlier, 25 January–24 February, so the periods never overlap.
    const march = await getSpendView({ orgId: a.org.id }, query({ from: "2026-03-01", to: "2026-03-31" }), NOW);
    expect(march.movers.periods.previous).toEqual({ from: "2026-01-25", to: "2026-02-24" });
  });
});

describe("the Overview", () => {
  it("this month, last month and 13 months are the same sums, billed and estimated apart", async () => {
    const o = await getOverview({ orgId: a.org.id }, NOW);
    const march = expected(query({ from: "2026-03-01", to: "2026-03-31" })).total;
    expect(o.thisMonth).toEqual({ month: "2026-03", ...march });
    expect(o.lastMonth).toEqual({ month: "2026-02", total: expected(query({ from: "2026-02-01", to: "2026-02-28" })).total.total });
    const months = expected(query({ from: "2025-03-01", to: "2026-03-31", groupBy: "month" })).rows;
    expect(o.months).toEqual(Object.keys(months).sort().map((m) => ({ month: m, total: months[m]!.total, estimated: months[m]!.estimated })));
    expect(o.months).toHaveLength(13);
    expect(o.breakEven).toEqual([]); // no usage buckets: nothing to model
  });
});

describe("org scoping", () => {
  it("org A's view never includes org B's spend, projects, tags, providers or budgets", async () => {
    const view = await getSpendView({ orgId: a.org.id }, query({ from: FIRST_DAY, to: LAST_DAY, groupBy: "tag" }), NOW);
    expect(view.breakdown.total).toEqual(expected(query({ from: FIRST_DAY, to: LAST_DAY })).total);
    expect(view.breakdown.rows.map((r) => r.key)).not.toContain("b-only");
    expect(view.options.providers).toEqual(["anthropic", "mistral", "openai"]);
    expect(view.options.tags).toEqual(["internal", "product", "team-a"]);
    expect(view.options.projects.map((p) => p.name)).not.toContain("B Support bot");
    expect(view.budgets.lines.map((l) => l.projectId)).toEqual([""]);
  });
});

/** A small RFC 4180 reader (quoted fields, doubled quotes, CRLF), independent of lib/spend/csv. */
function parseCsv(body: string): string[][] {
  const rows: string[][] = [];
  let row: string[] = [], field = "", quoted = false;
  for (let i = 0; i < body.length; i++) {
    const c = body[i]!;
    if (quoted) {
      if (c === '"' && body[i + 1] === '"') { field += '"'; i++; } else if (c === '"') quoted = false; else field += c;
    } else if (c === '"') quoted = true;
    else if (c === ",") { row.push(field); field = ""; }
    else if (c === "\n") { row.push(field); rows.push(row); row = []; field = ""; }
    else if (c !== "\r") field += c;
  }
  return rows;
}

describe("CSV export equals the screen to the cent", () => {
  const url = (q: Record<string, string | string[]>) => {
    const p = new URLSearchParams();
    for (const [k, v] of Object.entries(q)) for (const one of [v].flat()) p.append(k, one);
    return `/api/orgs/${a.org.slug}/spend/export?${p}`;
  };

  it.each(["provider", "model", "project", "tag", "day", "month"] as const)("the table grouped by %s: every row and the total row", async (groupBy) => {
    const q = { from: "2025-06-10", to: "2026-02-20", provider: ["openai", "anthropic"], groupBy };
    const res = await exportRoute(await requestAs(a.members.ENGINEERING, url(q)), params({ org: a.org.slug }));
    expect(res.status).toBe(200);
    expect(res.headers.get("content-type")).toBe("text/csv; charset=utf-8");
    const csv = parseCsv(await res.text());
    const screen = (await (await spendRoute(await requestAs(a.members.FINANCE, url(q).replace("/export", "")), params({ org: a.org.slug }))).json()) as { breakdown: SpendTableDto };
    expect(csv[0]!.slice(2)).toEqual(["Billed (USD)", "Estimated (USD)", "Total (USD)"]);
    expect(csv.at(-1)).toEqual(["Total", "", screen.breakdown.total.billed, screen.breakdown.total.estimated, screen.breakdown.total.total]);
    expect(csv.slice(1, -1)).toEqual(screen.breakdown.rows.map((r) => [r.label, r.key, r.billed, r.estimated, r.total]));
    const want = expected(query({ ...q, groupBy }));
    expect(csv.at(-1)!.slice(2)).toEqual([want.total.billed, want.total.estimated, want.total.total]);
  });

  it("every other table exports too, with the screen's figures", async () => {
    const q = { from: "2026-03-01", to: "2026-03-18", groupBy: "provider" };
    const screen = await (await spendRoute(await requestAs(a.members.FINANCE, url(q).replace("/export", "")), params({ org: a.org.slug }))).json() as { daily: SpendTableDto; months: SpendTableDto; movers: { rows: { label: string; current: string }[] }; budgets: { lines: { label: string; spent: string }[] } };
    for (const table of CSV_TABLES) {
      const res = await exportRoute(await requestAs(a.members.FINANCE, url({ ...q, table })), params({ org: a.org.slug }));
      expect(res.status, table).toBe(200);
      expect(res.headers.get("content-disposition"), table).toMatch(/^attachment; filename="[a-z0-9-]+\.csv"$/);
      const csv = parseCsv(await res.text());
      if (table === "daily") expect(csv.at(-1)!.at(-1)).toBe(screen.daily.total.total);
      if (table === "months") expect(csv.at(-1)!.at(-1)).toBe(screen.months.total.total);
      if (table === "movers") expect(csv.slice(1).map((r) => [r[0], r[2]])).toEqual(screen.movers.rows.map((m) => [m.label, m.current]));
      if (table === "budgets") expect(csv.slice(1).map((r) => [r[0], r[3]])).toEqual(screen.budgets.lines.map((l) => [l.label, l.spent]));
    }
  });

  it("refuses a bad filter with the param named, and an unknown table", async () => {
    const bad = await exportRoute(await requestAs(a.members.FINANCE, url({ from: "2026-02-30" })), params({ org: a.org.slug }));
    expect(bad.status).toBe(400);
    expect(((await bad.json()) as { error: { issues: { field: string }[] } }).error.issues[0]!.field).toBe("from");
    const reversed = await exportRoute(await requestAs(a.members.FINANCE, url({ from: "2026-02-10", to: "2026-02-01" })), params({ org: a.org.slug }));
    expect(((await reversed.json()) as { error: { issues: { field: string }[] } }).error.issues[0]!.field).toBe("to");
    const table = await exportRoute(await requestAs(a.members.FINANCE, url({ table: "secrets" })), params({ org: a.org.slug }));
    expect(table.status).toBe(400);
  });
});
