import { beforeAll, describe, expect, it } from "vitest";
import { db } from "@/lib/db";
import { createOrgWithMembers } from "../support/factories";

// The monthly roll-up (CostMonth) is kept by triggers on CostBucket. Whatever is done to the
// buckets — insert, the ingestion's upsert, an update that moves a bucket to another month or
// flips it to estimated, delete, deleting the whole org — the roll-up must equal the buckets
// grouped by month here, independently, to the last decimal.

let org: Awaited<ReturnType<typeof createOrgWithMembers>>;
beforeAll(async () => {
  org = await createOrgWithMembers("Roll-up", ["OWNER"]);
});

type Row = { month: string; provider: string; model: string; projectId: string; estimated: boolean; amount: string; buckets: number };

async function rollup(orgId: string): Promise<Row[]> {
  return db().$queryRaw<Row[]>`SELECT to_char("month", 'YYYY-MM') AS month, provider, model, "projectId", estimated, amount::text AS amount, buckets
    FROM "CostMonth" WHERE "orgId" = ${orgId} ORDER BY 1, 2, 3, 4, 5`;
}
/** The same, computed from the buckets by the test itself. */
async function fromBuckets(orgId: string): Promise<Row[]> {
  return db().$queryRaw<Row[]>`SELECT to_char(day, 'YYYY-MM') AS month, provider, model, "projectId", estimated, SUM(amount)::numeric(24,10)::text AS amount, COUNT(*)::int AS buckets
    FROM "CostBucket" WHERE "orgId" = ${orgId} GROUP BY 1, 2, 3, 4, 5 ORDER BY 1, 2, 3, 4, 5`;
}
const bucket = (day: string, amount: string, over: Partial<{ lineItem: string; model: string; estimated: boolean; sourceKey: string }> = {}) => ({
  orgId: org.org.id, sourceKey: over.sourceKey ?? "s1", origin: "CSV" as const, provider: "openai", day: new Date(`${day}T00:00:00Z`), projectId: "p1",
  model: over.model ?? "gpt-4o", lineItem: over.lineItem ?? "", amount, estimated: over.estimated ?? false,
});

describe("the monthly roll-up follows every change to the buckets", () => {
  it("insert: two buckets of January and one of February", async () => {
    await db().costBucket.createMany({ data: [bucket("2026-01-01", "10.0000000001"), bucket("2026-01-31", "5.5", { lineItem: "x" }), bucket("2026-02-01", "7")] });
    expect(await rollup(org.org.id)).toEqual([
      { month: "2026-01", provider: "openai", model: "gpt-4o", projectId: "p1", estimated: false, amount: "15.5000000001", buckets: 2 },
      { month: "2026-02", provider: "openai", model: "gpt-4o", projectId: "p1", estimated: false, amount: "7.0000000000", buckets: 1 },
    ]);
  });

  it("the ingestion's upsert (INSERT … ON CONFLICT DO UPDATE) replaces an amount and adds a new bucket", async () => {
    await db().$executeRaw`
      INSERT INTO "CostBucket" ("orgId", "sourceKey", origin, provider, day, "projectId", model, "lineItem", currency, amount, estimated, "updatedAt")
      VALUES (${org.org.id}, 's1', 'CSV', 'openai', '2026-01-01', 'p1', 'gpt-4o', '', 'usd', 12, false, now()),
             (${org.org.id}, 's1', 'CSV', 'openai', '2026-02-14', 'p1', 'gpt-4o', '', 'usd', 3, false, now())
      ON CONFLICT ("orgId", "sourceKey", provider, day, "projectId", model, "lineItem", currency, host, "chargeCategory") DO UPDATE SET amount = EXCLUDED.amount`;
    expect(await rollup(org.org.id)).toEqual(await fromBuckets(org.org.id));
    expect((await rollup(org.org.id)).map((r) => [r.month, r.amount, r.buckets])).toEqual([["2026-01", "17.5000000000", 2], ["2026-02", "10.0000000000", 2]]);
  });

  it("an update that moves a bucket to another month, or to estimated, moves its money", async () => {
    await db().costBucket.updateMany({ where: { orgId: org.org.id, lineItem: "x" }, data: { day: new Date("2026-03-03T00:00:00Z") } });
    await db().costBucket.updateMany({ where: { orgId: org.org.id, day: new Date("2026-02-14T00:00:00Z") }, data: { estimated: true } });
    await db().costBucket.updateMany({ where: { orgId: org.org.id }, data: { quantityUnit: "tokens" } }); // no money moves
    const rows = await rollup(org.org.id);
    expect(rows).toEqual(await fromBuckets(org.org.id));
    expect(rows.map((r) => [r.month, r.estimated, r.amount, r.buckets])).toEqual([
      ["2026-01", false, "12.0000000000", 1],
      ["2026-02", false, "7.0000000000", 1],
      ["2026-02", true, "3.0000000000", 1],
      ["2026-03", false, "5.5000000000", 1],
    ]);
  });

  it("delete: a month without buckets leaves no row", async () => {
    await db().costBucket.deleteMany({ where: { orgId: org.org.id, day: new Date("2026-03-03T00:00:00Z") } });
    expect((await rollup(org.org.id)).map((r) => r.month)).toEqual(["2026-01", "2026-02", "2026-02"]);
    expect(await rollup(org.org.id)).toEqual(await fromBuckets(org.org.id));
  });

  it("the month of the 1st is that month whatever the session's time zone", async () => {
    await db().$transaction([
      db().$executeRaw`SET LOCAL TIME ZONE 'Pacific/Kiritimati'`,
      db().costBucket.create({ data: bucket("2026-04-01", "1", { model: "tz" }) }),
    ]);
    await db().$transaction([
      db().$executeRaw`SET LOCAL TIME ZONE 'America/Los_Angeles'`,
      db().costBucket.create({ data: bucket("2026-05-01", "1", { model: "tz" }) }),
    ]);
    expect((await rollup(org.org.id)).filter((r) => r.model === "tz").map((r) => r.month)).toEqual(["2026-04", "2026-05"]);
  });

  it("concurrent writers to the same months both count", async () => {
    const write = (source: string) =>
      db().$transaction(async (tx) => {
        await tx.costBucket.createMany({ data: Array.from({ length: 50 }, (_, i) => bucket(`2026-06-${String((i % 28) + 1).padStart(2, "0")}`, "0.01", { sourceKey: source, lineItem: `l${i}` })) });
      });
    await Promise.all([write("a"), write("b"), write("c")]);
    const june = (await rollup(org.org.id)).find((r) => r.month === "2026-06")!;
    expect([june.amount, june.buckets]).toEqual(["1.5000000000", 150]);
    expect(await rollup(org.org.id)).toEqual(await fromBuckets(org.org.id));
  });

  it("deleting the org empties its roll-up (the buckets cascade, their trigger follows)", async () => {
    const other = await createOrgWithMembers("Doomed", ["OWNER"]);
    await db().costBucket.createMany({ data: [{ ...bucket("2026-01-05", "9"), orgId: other.org.id }] });
    expect(await rollup(other.org.id)).toHaveLength(1);
    await db().organization.delete({ where: { id: other.org.id } });
    expect(await rollup(other.org.id)).toEqual([]);
    expect(await rollup(org.org.id)).toEqual(await fromBuckets(org.org.id));
  });

  it("connection rows and pushed/CSV rows stay apart (fromConnection), and a row whose origin changes moves with it", async () => {
    const other = await createOrgWithMembers("Two sources roll-up", ["OWNER"]);
    const bySource = () => db().$queryRaw<{ fromConnection: boolean; amount: string; buckets: number }[]>`
      SELECT "fromConnection", amount::text AS amount, buckets FROM "CostMonth" WHERE "orgId" = ${other.org.id} ORDER BY 1`;
    await db().costBucket.createMany({ data: [{ ...bucket("2026-04-02", "100"), orgId: other.org.id, sourceKey: "conn", origin: "PROVIDER_API" }, { ...bucket("2026-04-02", "60"), orgId: other.org.id, sourceKey: "push", origin: "PUSH" }] });
    expect(await bySource()).toEqual([{ fromConnection: false, amount: "60.0000000000", buckets: 1 }, { fromConnection: true, amount: "100.0000000000", buckets: 1 }]);
    await db().costBucket.updateMany({ where: { orgId: other.org.id, sourceKey: "push" }, data: { origin: "PROVIDER_API" } });
    expect(await bySource()).toEqual([{ fromConnection: true, amount: "160.0000000000", buckets: 2 }]);
    await db().costBucket.deleteMany({ where: { orgId: other.org.id, sourceKey: "conn" } });
    expect(await bySource()).toEqual([{ fromConnection: true, amount: "60.0000000000", buckets: 1 }]);
  });
});
