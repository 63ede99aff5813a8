import { beforeAll, describe, expect, it } from "vitest";
import { randomBytes } from "node:crypto";
import { db, Prisma } from "@/lib/db";
import { getReconciliationAccuracy } from "@/lib/spend/accuracy-query";
import { createOrgWithMembers } from "../support/factories";

// Coverage and pricing accuracy on real Postgres, worked by hand. An Anthropic connection bills November per
// token class (its cost report's descriptions); its usage report measured 10M input, 2M output and 4M
// cache-write tokens of one model, priced by a catalog version at $3 / $15 per 1M with NO cache-write price, so
// the catalog charges cache writes at the input rate ($3 instead of the $3.75 billed). Pushed usage of the same
// provider and month is attribution, not measured again (source-of-truth rule).

const DAY = (iso: string) => new Date(`${iso}T00:00:00Z`);
const tag = randomBytes(3).toString("hex");
const MODEL = `claude-test-${tag}`;
let f: Awaited<ReturnType<typeof createOrgWithMembers>>;

beforeAll(async () => {
  f = await createOrgWithMembers("Accuracy Co", ["OWNER"]);
  const orgId = f.org.id;
  const v = await db().modelPriceVersion.create({ data: { provider: "anthropic", model: MODEL, source: "litellm", effectiveFrom: DAY("2026-01-01"), inputPerMTok: new Prisma.Decimal(3), outputPerMTok: new Prisma.Decimal(15) } });
  const cost = (projectId: string, model: string, lineItem: string, amount: string): Prisma.CostBucketCreateManyInput => ({ orgId, sourceKey: "conn", origin: "PROVIDER_API", provider: "anthropic", day: DAY("2026-11-10"), projectId, model, lineItem, amount: new Prisma.Decimal(amount) });
  await db().costBucket.createMany({
    data: [
      cost("wrk1", MODEL, "Claude Test Usage - Input Tokens", "30"), // 10M × $3
      cost("wrk1", MODEL, "Claude Test Usage - Output Tokens", "30"), // 2M × $15
      cost("wrk1", MODEL, "Claude Test Usage - Cache Write (5m)", "15"), // 4M × $3.75
      cost("wrk1", "", "Web Search Usage", "5"),
      cost("", "", "Code Execution Usage", "20"),
      { orgId, sourceKey: "push", origin: "PUSH", provider: "anthropic", day: DAY("2026-11-10"), projectId: "wrk1", model: MODEL, amount: new Prisma.Decimal("999") },
    ],
  });
  await db().usageBucket.createMany({
    data: [
      { orgId, sourceKey: "conn", origin: "PROVIDER_API", provider: "anthropic", day: DAY("2026-11-10"), projectId: "wrk1", model: MODEL, inputTokens: 6_000_000n, outputTokens: 1_000_000n, cacheWriteTokens: 4_000_000n, priceVersionId: v.id, estimatedCost: new Prisma.Decimal("45") },
      { orgId, sourceKey: "conn", origin: "PROVIDER_API", provider: "anthropic", day: DAY("2026-11-11"), projectId: "wrk1", model: MODEL, inputTokens: 4_000_000n, outputTokens: 1_000_000n, priceVersionId: v.id, estimatedCost: new Prisma.Decimal("27") },
      { orgId, sourceKey: "push", origin: "PUSH", provider: "anthropic", day: DAY("2026-11-10"), projectId: "wrk1", model: MODEL, inputTokens: 100_000_000n, priceVersionId: v.id, estimatedCost: new Prisma.Decimal("300") },
    ],
  });
});

describe("reconciliation: coverage and pricing accuracy", () => {
  it("coverage of Anthropic's $100 billed: 75% project and model, 5% model not reported, 20% unattributed", async () => {
    const r = await getReconciliationAccuracy({ orgId: f.org.id }, "2026-11");
    expect(r.coverage).toEqual([
      { provider: "anthropic", billed: "100.00", attributed: "75.00", modelNotReported: "5.00", unattributed: "20.00", attributedPct: "75.0", modelNotReportedPct: "5.0", unattributedPct: "20.0" },
    ]);
  });

  it("the model's estimate is 4.0% below billed and says so; cache writes are 20% under, input and output exact", async () => {
    const r = await getReconciliationAccuracy({ orgId: f.org.id }, "2026-11");
    // catalog: 10M × $3 + 2M × $15 + 4M × $3 (no cache-write price: input rate) = 30 + 30 + 12 = $72 against $75 billed
    const [m, ...rest] = r.accuracy;
    expect(rest).toEqual([]);
    expect(m).toMatchObject({ provider: "anthropic", model: MODEL, billed: "75.00", catalog: "72.00", errorPct: "-4.0", offBy: true });
    expect(m!.sentence).toContain("is off by more than 2%: 4.0% below the billed dollars (72.00 estimated against 75.00 billed)");
    expect(m!.classes.map((c) => [c.label, c.billed, c.catalog, c.errorPct])).toEqual([
      ["input", "30.00", "30.00", "0.0"],
      ["output", "30.00", "30.00", "0.0"],
      ["cache write", "15.00", "12.00", "-20.0"],
    ]);
  });

  it("another month has nothing", async () => {
    expect(await getReconciliationAccuracy({ orgId: f.org.id }, "2026-10")).toEqual({ month: "2026-10", coverage: [], accuracy: [] });
  });
});
