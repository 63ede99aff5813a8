import { beforeAll, describe, expect, it } from "vitest";
import { GET as exportRoute } from "@/app/api/orgs/[org]/spend/export/route";
import { db, Prisma } from "@/lib/db";
import { Decimal } from "@/lib/money";
import { createOrgWithMembers } from "../support/factories";
import { params, requestAs } from "../support/session";

// The chargeback CSV against real Postgres: 7 projects × 30 days of buckets with sub-cent amounts (as providers
// report them), a credit, pushed events that the source-of-truth rule leaves out, and a markup of 12.5%. Its
// cost column adds up to the Spend page's total (the breakdown CSV's total row) to the cent, and the charge
// column to that total × 1.125, rounded half-up.

let f: Awaited<ReturnType<typeof createOrgWithMembers>>;
const DAY = 86_400_000;

beforeAll(async () => {
  f = await createOrgWithMembers("Chargeback Co", ["OWNER", "FINANCE"]);
  await db().project.createMany({ data: ["a", "b", "c"].map((p) => ({ orgId: f.org.id, provider: "openai", externalId: `proj-${p}`, name: `Team ${p.toUpperCase()}` })) });
  const rows: Prisma.CostBucketCreateManyInput[] = [];
  for (let i = 0; i < 30; i++) {
    const day = new Date(Date.parse("2026-11-01T00:00:00Z") + i * DAY);
    for (let p = 0; p < 7; p++) {
      // amounts with 4–10 decimals: 1.0000333 × (p+1) × (i+1) + 0.0049999 …
      const amount = new Decimal("1.0000333").times(p + 1).times(i + 1).plus("0.0049999").toDecimalPlaces(10);
      rows.push({ orgId: f.org.id, sourceKey: "conn", origin: "PROVIDER_API", provider: p < 5 ? "openai" : "anthropic", day, projectId: p === 6 ? "" : p < 3 ? `proj-${"abc"[p]}` : `proj-${p}`, model: `m${p}`, amount: new Prisma.Decimal(amount.toString()) });
    }
    rows.push({ orgId: f.org.id, sourceKey: "push", origin: "PUSH", provider: "openai", day, projectId: "proj-a", model: "m0", amount: new Prisma.Decimal("99.999") }); // attribution only
  }
  rows.push({ orgId: f.org.id, sourceKey: "conn", origin: "PROVIDER_API", provider: "openai", day: new Date("2026-11-15T00:00:00Z"), projectId: "proj-b", lineItem: "credit", amount: new Prisma.Decimal("-12.3456789") });
  await db().costBucket.createMany({ data: rows });
});

async function csv(query: string): Promise<string[][]> {
  const res = await exportRoute(await requestAs({ id: f.members.FINANCE.id, email: f.members.FINANCE.email }, `/api/orgs/${f.org.slug}/spend/export?from=2026-11-01&to=2026-11-30&${query}`), params({ org: f.org.slug }));
  expect(res.status).toBe(200);
  return (await res.text()).trim().split("\r\n").map((l) => l.split(","));
}
const cents = (s: string) => BigInt(s.replace(".", "").replace(/^(-?)0+(?=\d)/, "$1"));

describe("chargeback CSV", () => {
  it("sums to the Spend total to the cent, with a 12.5% markup per row", async () => {
    const spend = await csv("table=breakdown&groupBy=project");
    const spendTotal = spend.at(-1)!;
    expect(spendTotal[0]).toBe("Total");

    // The exact total, summed independently in SQL with the source-of-truth rule spelt out (pushed rows of a billed month out).
    const [{ exact }] = (await db().$queryRaw<{ exact: Prisma.Decimal }[]>`SELECT SUM(amount) AS exact FROM "CostBucket" WHERE "orgId" = ${f.org.id} AND origin = 'PROVIDER_API'`) as [{ exact: Prisma.Decimal }];
    expect(spendTotal[4]).toBe(new Decimal(exact.toString()).toDecimalPlaces(2, Decimal.ROUND_HALF_UP).toFixed(2));

    const cb = await csv("table=chargeback&groupBy=project&markup=12.5");
    expect(cb[0]).toEqual(["Project", "Project id", "Cost (USD)", "Markup 12.5% (USD)", "Charge (USD)"]);
    const body = cb.slice(1, -1), total = cb.at(-1)!;
    expect(body).toHaveLength(7); // 6 projects + "(no project)"
    expect(total[2]).toBe(spendTotal[4]); // the Spend total
    const col = (i: number) => body.reduce((acc, r) => acc + cents(r[i]!), 0n);
    expect(col(2)).toBe(cents(total[2]!));
    expect(col(3)).toBe(cents(total[3]!));
    expect(col(4)).toBe(cents(total[4]!));
    expect(total[4]).toBe(new Decimal(exact.toString()).times("1.125").toDecimalPlaces(2, Decimal.ROUND_HALF_UP).toFixed(2));
    for (const r of body) expect(cents(r[4]!) - cents(r[2]!)).toBe(cents(r[3]!)); // markup = charge − cost, per row
    expect(body.find((r) => r[1] === "proj-a")![0]).toBe("Team A");
  });

  it("a bad markup is a 400 naming it", async () => {
    const res = await exportRoute(await requestAs({ id: f.members.FINANCE.id, email: f.members.FINANCE.email }, `/api/orgs/${f.org.slug}/spend/export?table=chargeback&markup=ten`), params({ org: f.org.slug }));
    expect(res.status).toBe(400);
    expect(await res.text()).toMatch(/markup/);
  });
});
