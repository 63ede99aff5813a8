import { mkdtemp, readFile, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { gzipSync } from "node:zlib";
import { parse } from "csv-parse/sync";
import { parquetWriteBuffer } from "hyparquet-writer";
import { beforeAll, describe, expect, it } from "vitest";
import { db } from "@/lib/db";
import { importFocusFile, type FocusImportSummary } from "@/lib/focus/import";
import { focusExport } from "@/lib/focus/export";
import { checkDataset } from "@/lib/focus/conformance";
import { getSpendView } from "@/lib/spend/view";
import { getReconciliation } from "@/lib/spend/reconciliation";
import type { SpendQuery } from "@/lib/spend/filters";
import { createOrgWithMembers } from "../support/factories";
import { orgContext } from "../support/org-context";

// FOCUS import and export on real Postgres, with the fixtures of tests/fixtures/focus (README there).
// Expected figures worked by hand from the fixture rows (BilledCost, USD; the org bills in USD):
//
//  Amazon Bedrock (aws-focus-1.2.csv, then its October re-delivery)
//    anthropic claude-3-5-sonnet-20240620  2026-10-05  input 3.90 (re-delivered; was 3.60) + output 2.25 + credit −1.00 = 5.15
//    anthropic claude-3-5-sonnet-20240620  2026-10-06  refund (correction) −0.40; the 2.40 input line is gone from the re-delivery
//    amazon    nova-lite                   2026-10-05  0.30
//    meta-llama llama3-1-70b-instruct      2026-10-06  0.99
//    amazon    (tax, no model)             2026-10-01  0.85
//    anthropic claude-3-5-sonnet-20240620  2026-11-02  3.00 (November: not in the re-delivery, kept)
//    EC2 12.34 skipped (not AI)
//  Vertex AI (gcp-focus-1.0.csv)
//    google    gemini-2.0-flash            2026-10-05  0.20 + 0.20 − 0.15 credit = 0.25   (list cost 0.20 + 0.20 + 0 = 0.40)
//    anthropic claude-3-5-sonnet           2026-10-06  1.50
//    google    (tax)                       2026-10-01  0.19
//    Cloud Storage 2.00 skipped
//  Azure OpenAI (azure-focus-1.2.csv)
//    openai    gpt-4o-mini                 2026-10-05  1.50 + 1.20 = 2.70   (the EUR 0.41 row reported, not added)
//    openai    gpt-4o                      2026-10-06  5.00 (cached input)
//    openai    gpt-4o-mini                 2026-10-06  −0.50 (refund: Adjustment, Correction)
//    microsoft (tax)                       2026-10-01  0.33
//    Virtual Machines 4.56 skipped
//  October: Bedrock 6.89 + Vertex 1.94 + Azure 7.53 = 16.36; November 3.00.
//  Plus an Anthropic billing connection: claude-sonnet-4 on 2026-10-05, $50.00 (its own API, host "").

const FIXTURES = join(__dirname, "../fixtures/focus");
let f: Awaited<ReturnType<typeof createOrgWithMembers>>;
let tmp: string;
const summaries: Record<string, FocusImportSummary> = {};
const NOW = new Date("2026-12-02T12:00:00Z");
const query = (over: Partial<SpendQuery> = {}): SpendQuery => ({ from: "2026-10-01", to: "2026-11-30", provider: [], model: [], project: [], tag: [], groupBy: "provider", ...over });

async function importFixture(name: string, orgF = f) {
  return importFocusFile(orgContext(orgF), join(FIXTURES, name), name);
}

/** Σ billed per "host provider/model day", counted as the Spend page counts (source of truth applied). */
async function totalsByKey(orgId: string): Promise<Record<string, string>> {
  const rows = await db().$queryRaw<{ key: string; total: string }[]>`
    SELECT cb.host || ' ' || cb.provider || '/' || cb.model || ' ' || to_char(cb.day, 'YYYY-MM-DD') AS key, SUM(cb.amount)::numeric(20,2)::text AS total
    FROM "CostBucket" cb WHERE cb."orgId" = ${orgId} AND cb.origin <> 'PROVIDER_API' GROUP BY 1 ORDER BY 1`;
  return Object.fromEntries(rows.map((r) => [r.key, r.total]));
}

async function storedRows(orgId: string) {
  return db().costBucket.findMany({
    where: { orgId, origin: "FOCUS" },
    select: { sourceKey: true, day: true, host: true, provider: true, model: true, projectId: true, lineItem: true, chargeCategory: true, currency: true, amount: true, effectiveCost: true, listCost: true, quantity: true, quantityUnit: true },
    orderBy: [{ sourceKey: "asc" }, { day: "asc" }, { provider: "asc" }, { model: "asc" }, { lineItem: "asc" }, { chargeCategory: "asc" }],
  });
}

beforeAll(async () => {
  f = await createOrgWithMembers("Focus cloud bills");
  tmp = await mkdtemp(join(tmpdir(), "focus-test-"));
  await db().costBucket.create({ data: { orgId: f.org.id, sourceKey: "conn-anthropic", origin: "PROVIDER_API", provider: "anthropic", model: "claude-sonnet-4", day: new Date("2026-10-05T00:00:00Z"), lineItem: "usage", amount: "50.00" } });
  for (const name of ["aws-focus-1.2.csv", "gcp-focus-1.0.csv", "azure-focus-1.2.csv", "aws-focus-1.2-redelivered-2026-10.csv"]) summaries[name] = await importFixture(name);
}, 60_000);

describe("FOCUS import: the fixtures' AI rows, exactly", () => {
  it("totals per host, provider, model and day are the hand-worked figures", async () => {
    expect(await totalsByKey(f.org.id)).toEqual({
      "azure microsoft/ 2026-10-01": "0.33",
      "azure openai/gpt-4o 2026-10-06": "5.00",
      "azure openai/gpt-4o-mini 2026-10-05": "2.70",
      "azure openai/gpt-4o-mini 2026-10-06": "-0.50",
      "bedrock amazon/ 2026-10-01": "0.85",
      "bedrock amazon/nova-lite 2026-10-05": "0.30",
      "bedrock anthropic/claude-3-5-sonnet-20240620 2026-10-05": "5.15",
      "bedrock anthropic/claude-3-5-sonnet-20240620 2026-10-06": "-0.40",
      "bedrock anthropic/claude-3-5-sonnet-20240620 2026-11-02": "3.00",
      "bedrock meta-llama/llama3-1-70b-instruct 2026-10-06": "0.99",
      "vertex anthropic/claude-3-5-sonnet 2026-10-06": "1.50",
      "vertex google/ 2026-10-01": "0.19",
      "vertex google/gemini-2.0-flash 2026-10-05": "0.25",
    });
  });

  it("the Spend page counts the cloud bills beside the maker's own billing connection (different hosts, no double counting)", async () => {
    const view = await getSpendView(orgContext(f), query(), NOW);
    // 16.36 (October) + 3.00 (November) + 50.00 (Anthropic's own API)
    expect(view.breakdown.total.total).toBe("69.36");
    const byProvider = Object.fromEntries(view.breakdown.rows.map((r) => [r.key, r.total]));
    // anthropic: 50.00 connection + Bedrock 5.15 − 0.40 + 3.00 + Vertex 1.50
    expect(byProvider).toMatchObject({ anthropic: "59.25", openai: "7.20", amazon: "1.15", "meta-llama": "0.99", google: "0.44", microsoft: "0.33" });
  });

  it("credits, refunds and tax stay rows of their own; billed, effective and list cost are kept apart", async () => {
    const rows = await storedRows(f.org.id);
    expect(rows.filter((r) => r.chargeCategory === "Credit").map((r) => `${r.host} ${r.model} ${r.lineItem} ${r.amount.toFixed(2)}`).sort()).toEqual([
      "bedrock claude-3-5-sonnet-20240620 input -1.00",
      "vertex gemini-2.0-flash input -0.15",
    ]);
    expect(rows.filter((r) => r.chargeCategory === "Tax").map((r) => `${r.host} ${r.amount.toFixed(2)}`).sort()).toEqual(["azure 0.33", "bedrock 0.85", "vertex 0.19"]);
    expect(rows.filter((r) => r.lineItem.startsWith("correction:")).map((r) => `${r.host} ${r.chargeCategory} ${r.lineItem} ${r.amount.toFixed(2)}`).sort()).toEqual([
      "azure Adjustment correction:input -0.50",
      "bedrock Usage correction:input -0.40",
    ]);
    // The usage row of the same key is not netted: Bedrock claude input on 10-05 is 3.90 with 1.3M tokens.
    const usage = rows.find((r) => r.host === "bedrock" && r.model === "claude-3-5-sonnet-20240620" && r.lineItem === "input" && r.chargeCategory === "Usage" && r.day.toISOString().startsWith("2026-10-05"));
    expect(usage?.amount.toFixed(2)).toBe("3.90");
    expect(usage?.quantity?.toFixed(0)).toBe("1300000");
    const gemini = rows.filter((r) => r.model === "gemini-2.0-flash");
    expect(gemini.reduce((s, r) => s + Number(r.listCost), 0).toFixed(2)).toBe("0.40");
    expect(gemini.reduce((s, r) => s + Number(r.amount), 0).toFixed(2)).toBe("0.25");
    // Azure meters are per 1K tokens: 10,000 × 1K = 10M tokens.
    expect(rows.find((r) => r.model === "gpt-4o-mini" && r.lineItem === "input" && r.chargeCategory === "Usage")?.quantity?.toFixed(0)).toBe("10000000");
  });

  it("reports rows in another currency and non-AI rows instead of adding them", () => {
    const az = summaries["azure-focus-1.2.csv"]!;
    expect(az.otherCurrencies.map((o) => [o.currency, o.rows, o.billed])).toEqual([["eur", 1, "0.41"]]);
    expect(az.otherCurrencies[0]!.message).toMatch(/EUR.*not this organisation's billing currency \(USD\)/);
    expect(az.billed).toBe("7.53");
    expect([az.rows, az.aiRows, az.skippedRows]).toEqual([7, 5, 1]);
    expect(summaries["aws-focus-1.2.csv"]!.billed).toBe("11.99"); // 8.99 October + 3.00 November
    expect(summaries["aws-focus-1.2-redelivered-2026-10.csv"]!.sources).toEqual(["focus:bedrock:123456789012:2026-10"]);
  });

  it("reconciliation sets a cloud's billed dollars beside its tokens priced from the host's own catalog entries", async () => {
    // Bedrock's price for Claude 3.5 Sonnet (a manual entry, so no catalog snapshot outranks it): $3 / $15 per 1M tokens.
    await db().modelPriceVersion.create({ data: { provider: "bedrock", model: "claude-3-5-sonnet-20240620", effectiveFrom: new Date("2026-01-01T00:00:00Z"), inputPerMTok: "3", outputPerMTok: "15", source: "manual" } });
    const rec = await getReconciliation(orgContext(f), "2026-10");
    const line = rec.providers.find((p) => p.provider === "anthropic")!.models.find((m) => m.model === "claude-3-5-sonnet-20240620")!;
    // Usage rows only (the credit and the refund have no catalog price): 1.3M input × $3/M + 150k output × $15/M = 3.90 + 2.25.
    expect([line.reported, line.catalog, line.difference, line.tokens]).toEqual(["4.75", "6.15", "-1.40", "1450000"]);
  });

  it("reconciliation leaves cloud rows out of the connection's attribution", async () => {
    const rec = await getReconciliation(orgContext(f), "2026-10");
    const anthropic = rec.providers.find((p) => p.provider === "anthropic")!;
    expect(anthropic.attribution).toBeNull(); // no pushed/CSV rows of Anthropic's own API
    expect(anthropic.reported).toBe("56.25"); // 50.00 + 5.15 − 0.40 + 1.50
  });
});

describe("re-importing", () => {
  it("the same file again changes nothing", async () => {
    const before = await storedRows(f.org.id);
    const again = await importFixture("aws-focus-1.2-redelivered-2026-10.csv");
    expect(again.replacedBuckets).toBe(again.buckets);
    expect(await storedRows(f.org.id)).toEqual(before);
    const gz = join(tmp, "gcp.csv.gz");
    await writeFile(gz, gzipSync(await readFile(join(FIXTURES, "gcp-focus-1.0.csv"))));
    const gzSummary = await importFocusFile(orgContext(f), gz, "gcp.csv.gz");
    expect(gzSummary.format).toBe("csv.gz");
    expect(await storedRows(f.org.id)).toEqual(before);
    expect((await getSpendView(orgContext(f), query(), NOW)).breakdown.total.total).toBe("69.36");
  });
});

describe("Parquet", () => {
  it("a Parquet file (typed columns: doubles, timestamps; several row groups) imports to the same buckets as its CSV", async () => {
    const records = parse(await readFile(join(FIXTURES, "aws-focus-1.2.csv"), "utf8"), { columns: true }) as Record<string, string>[];
    const header = Object.keys(records[0]!);
    const DOUBLE = new Set(["BilledCost", "EffectiveCost", "ListCost", "ContractedCost", "ConsumedQuantity", "PricingQuantity"]);
    const TIMESTAMP = new Set(["BillingPeriodStart", "BillingPeriodEnd", "ChargePeriodStart", "ChargePeriodEnd"]);
    const columnData = header.map((name) => ({
      name,
      type: DOUBLE.has(name) ? ("DOUBLE" as const) : TIMESTAMP.has(name) ? ("TIMESTAMP" as const) : ("STRING" as const),
      nullable: true,
      data: records.map((r) => (r[name] === "" ? null : DOUBLE.has(name) ? Number(r[name]) : TIMESTAMP.has(name) ? new Date(r[name]!) : r[name]!)),
    }));
    const file = join(tmp, "aws.parquet");
    await writeFile(file, Buffer.from(parquetWriteBuffer({ columnData, rowGroupSize: 4 })));
    const [fromCsv, fromParquet] = [await createOrgWithMembers("Focus csv"), await createOrgWithMembers("Focus parquet")];
    await importFocusFile(orgContext(fromCsv), join(FIXTURES, "aws-focus-1.2.csv"), "aws.csv");
    const summary = await importFocusFile(orgContext(fromParquet), file, "aws.parquet");
    expect([summary.format, summary.rows, summary.billed]).toEqual(["parquet", 10, "11.99"]);
    expect(await storedRows(fromParquet.org.id)).toEqual(await storedRows(fromCsv.org.id));
  });
});

describe("conformance on import", () => {
  it("refuses a file missing a required column, naming it, and writes nothing", async () => {
    const text = await readFile(join(FIXTURES, "gcp-focus-1.0.csv"), "utf8");
    const records = parse(text, { columns: true }) as Record<string, string>[];
    const header = Object.keys(records[0]!).filter((c) => c !== "BilledCost");
    const file = join(tmp, "no-billed-cost.csv");
    await writeFile(file, [header.join(","), ...records.map((r) => header.map((h) => `"${(r[h] ?? "").replace(/"/g, '""')}"`).join(","))].join("\n"));
    const g = await createOrgWithMembers("Focus missing column");
    await expect(importFocusFile(orgContext(g), file, "no-billed-cost.csv")).rejects.toThrow(/missing required column BilledCost/);
    expect(await db().costBucket.count({ where: { orgId: g.org.id } })).toBe(0);
  });

  it("refuses a bad cost with its line number, and writes nothing", async () => {
    const lines = (await readFile(join(FIXTURES, "azure-focus-1.2.csv"), "utf8")).split("\n");
    lines[2] = lines[2]!.replace(/^1\.20,/, "1;20,");
    const file = join(tmp, "bad-cost.csv");
    await writeFile(file, lines.join("\n"));
    const g = await createOrgWithMembers("Focus bad cost");
    await expect(importFocusFile(orgContext(g), file, "bad-cost.csv")).rejects.toThrow(/line 3: BilledCost: "1;20" is not a number/);
    expect(await db().costBucket.count({ where: { orgId: g.org.id } })).toBe(0);
  });
});

describe("FOCUS export", () => {
  it("is a conforming FOCUS 1.2 file whose Σ BilledCost is the Spend page's total to the cent", async () => {
    const out = await focusExport(orgContext(f), query());
    const records = parse(out.body, { columns: true, relax_quotes: false }) as Record<string, string>[];
    const header = Object.keys(records[0]!);
    const nullable = records.map((r) => Object.fromEntries(Object.entries(r).map(([k, v]) => [k, v === "" ? null : v])));
    const check = checkDataset(header, nullable, "strict");
    expect(check.missing).toEqual([]);
    expect(check.issues.first).toEqual([]);
    const sum = records.reduce((s, r) => s + Math.round(Number(r.BilledCost) * 100), 0) / 100;
    expect(sum.toFixed(2)).toBe("69.36");
    expect(out.billed).toBe((await getSpendView(orgContext(f), query(), NOW)).breakdown.total.total);
    // ChargePeriodStart inclusive, End exclusive: one day each.
    const tax = records.find((r) => r.x_Host === "bedrock" && r.ChargeCategory === "Tax")!;
    expect([tax.ChargePeriodStart, tax.ChargePeriodEnd, tax.BillingCurrency, tax.BilledCost]).toEqual(["2026-10-01T00:00:00Z", "2026-10-02T00:00:00Z", "USD", "0.85"]);
    expect(records.filter((r) => r.x_Model === "gpt-4o-mini" && r.ChargePeriodStart!.startsWith("2026-10-05")).map((r) => [r.x_TokenClass, r.BilledCost]).sort()).toEqual([["input", "1.5"], ["output", "1.2"]]);
  });

  it("a filtered export holds only the filtered spend", async () => {
    const out = await focusExport(orgContext(f), query({ provider: ["openai"] }));
    expect(out.billed).toBe("7.20");
    expect((await getSpendView(orgContext(f), query({ provider: ["openai"] }), NOW)).breakdown.total.total).toBe("7.20");
  });

  it("round-trips through the import to the same totals", async () => {
    const out = await focusExport(orgContext(f), query());
    const file = join(tmp, "export.csv");
    await writeFile(file, out.body);
    const g = await createOrgWithMembers("Focus round trip");
    const summary = await importFocusFile(orgContext(g), file, "export.csv");
    expect(summary.billed).toBe("69.36");
    const viewA = await getSpendView(orgContext(f), query({ groupBy: "model" }), NOW);
    const viewB = await getSpendView(orgContext(g), query({ groupBy: "model" }), NOW);
    expect(viewB.breakdown.rows.map((r) => [r.key, r.total])).toEqual(viewA.breakdown.rows.map((r) => [r.key, r.total]));
    const dayA = await getSpendView(orgContext(f), query({ groupBy: "day" }), NOW);
    const dayB = await getSpendView(orgContext(g), query({ groupBy: "day" }), NOW);
    expect(dayB.breakdown.rows.map((r) => [r.key, r.total])).toEqual(dayA.breakdown.rows.map((r) => [r.key, r.total]));
    // Host, token class and charge category survive: the re-export is the same file but for the account.
    const again = await focusExport(orgContext(g), query());
    const strip = (body: string) => body.split("\r\n").map((l) => l.split(",").slice(6).join(","));
    expect(strip(again.body).length).toBe(strip(out.body).length);
  });
});
