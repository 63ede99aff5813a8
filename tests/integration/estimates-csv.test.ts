import { afterAll, beforeAll, describe, expect, it } from "vitest";
import * as imports from "@/app/api/orgs/[org]/imports/route";
import * as preview from "@/app/api/orgs/[org]/imports/preview/route";
import * as reconciliation from "@/app/api/orgs/[org]/reconciliation/route";
import { db } from "@/lib/db";
import { Decimal } from "@/lib/money";
import { syncWindows } from "@/lib/connections/sync";
import { getOverview } from "@/lib/spend/overview";
import { createOrgWithMembers } from "../support/factories";
import { costTotal, day, insertConnection } from "../support/connections";
import { startFixtureServer, type FixtureServer } from "../support/fixture-server";
import { params, requestAs } from "../support/session";

// The local provider servers listen on 127.0.0.1, which the SSRF guard on base URLs refuses unless allow-listed.
process.env.FETCH_ALLOW_LIST = "127.0.0.1";

// Cost when only usage is known (priced from the catalog version in effect that day, marked
// estimated, replaced by the provider's dollars when they arrive), the reconciliation view, and
// CSV import. Models are named for this test so other tests' catalog rows cannot interfere.

const MODEL = "estimate-test-mini";
const WINDOW = { start: day("2026-11-01"), end: day("2026-11-03") };
const completions = (results: unknown[]) => ({
  object: "page",
  has_more: false,
  next_page: null,
  data: [{ object: "bucket", start_time: WINDOW.start.getTime() / 1000, end_time: WINDOW.start.getTime() / 1000 + 86400, results }],
});
const usageResult = { object: "organization.usage.completions.result", input_tokens: 1_200_000, input_cached_tokens: 200_000, input_uncached_tokens: 1_000_000, output_tokens: 500_000, num_model_requests: 900, project_id: "proj_e", model: MODEL };
const costsPage = (results: unknown[]) => ({ object: "page", has_more: false, next_page: null, data: [{ object: "bucket", start_time: WINDOW.start.getTime() / 1000, results }] });

let f: Awaited<ReturnType<typeof createOrgWithMembers>>;
beforeAll(async () => {
  f = await createOrgWithMembers("Estimates", ["OWNER", "FINANCE", "ENGINEERING"]);
  // $0.50 / $2.00 / $0.25 per 1M input / output / cached tokens from Oct 1; twice that from Nov 2.
  await db().modelPriceVersion.createMany({
    data: [
      { provider: "openai", model: MODEL, effectiveFrom: day("2026-10-01"), inputPerMTok: new Decimal("0.5"), outputPerMTok: new Decimal(2), cachedInputPerMTok: new Decimal("0.25"), source: "test" },
      { provider: "openai", model: MODEL, effectiveFrom: day("2026-11-02"), inputPerMTok: new Decimal(1), outputPerMTok: new Decimal(4), cachedInputPerMTok: new Decimal("0.5"), source: "test" },
    ],
  });
});

describe("usage without dollars", () => {
  let server: FixtureServer;
  let connectionId: string;
  beforeAll(async () => {
    server = await startFixtureServer();
    connectionId = (await insertConnection(f.org.id, { provider: "openai", baseUrl: server.baseUrl })).id;
  });
  afterAll(() => server.close());

  it("is priced from the catalog version in effect that day and marked estimated", async () => {
    server.on({ path: "/v1/organization/costs" }, { body: costsPage([]) }, { body: costsPage([{ object: "organization.costs.result", amount: { value: 1.3, currency: "usd" }, line_item: "completions", project_id: "proj_e" }]) });
    server.on({ path: "/v1/organization/usage/completions" }, { body: completions([usageResult]) });
    await syncWindows(connectionId, [WINDOW], { client: { usageKinds: ["completions"] } });
    // 1,000,000 × 0.50 + 200,000 × 0.25 + 500,000 × 2.00 per 1M = 0.50 + 0.05 + 1.00 = $1.55.
    expect(await costTotal({ orgId: f.org.id, estimated: true })).toBe("1.55");
    expect(await costTotal({ orgId: f.org.id, estimated: false })).toBe("0");
    const bucket = await db().usageBucket.findFirstOrThrow({ where: { orgId: f.org.id, model: MODEL } });
    expect(bucket.estimatedCost?.toString()).toBe("1.55");
  });

  it("once the provider bills the day, its dollars replace the estimate", async () => {
    await syncWindows(connectionId, [WINDOW], { client: { usageKinds: ["completions"] } });
    expect(await costTotal({ orgId: f.org.id, estimated: true })).toBe("0");
    expect(await costTotal({ orgId: f.org.id, estimated: false })).toBe("1.3");
    // The usage keeps its catalog price, for reconciliation.
    expect((await db().usageBucket.findFirstOrThrow({ where: { orgId: f.org.id, model: MODEL } })).estimatedCost?.toString()).toBe("1.55");
  });

  it("reconciliation shows billed vs catalog per provider (OpenAI bills per line item, not per model)", async () => {
    const res = await reconciliation.GET(await requestAs({ id: f.members.FINANCE.id, email: f.members.FINANCE.email }, `/api/orgs/${f.org.slug}/reconciliation?month=2026-11`), params({ org: f.org.slug }));
    const body = (await res.json()) as { providers: { provider: string; reported: string; catalog: string; difference: string; differencePct: string; models: { model: string; reported: string; catalog: string | null }[] }[] };
    const openai = body.providers.find((p) => p.provider === "openai")!;
    // 1.30 billed − 1.55 catalog = −0.25, −16.1 %.
    expect([openai.reported, openai.catalog, openai.difference, openai.differencePct]).toEqual(["1.30", "1.55", "-0.25", "-16.1"]);
    expect(openai.models.map((m) => [m.model, m.reported, m.catalog])).toEqual([["", "1.30", null], [MODEL, "0.00", "1.55"]]);
  });
});

describe("CSV import", () => {
  const finance = () => ({ id: f.members.FINANCE.id, email: f.members.FINANCE.email });
  const post = async (route: typeof imports | typeof preview, content: string, filename = "nov.csv") =>
    route.POST(await requestAs(finance(), `/api/orgs/${f.org.slug}/imports`, { method: "POST", body: { filename, content } }), params({ org: f.org.slug }));
  const GOOD = ["date,provider,model,project,line_item,amount,input_tokens,output_tokens", "2026-11-05,anthropic,claude-x,ws1,input,12.34,,", "2026-11-05,anthropic,claude-x,ws1,output,0.66,,", `2026-11-06,openai,${MODEL},p2,,,1000000,0`].join("\n");

  it("preview lists every problem by line and stores nothing", async () => {
    const res = await post(preview, ["date,provider,amount", "2026-11-05,openai,1,000.00", "2026-02-30,openai,3", "2026-11-05,,4"].join("\n"));
    const body = (await res.json()) as { errorCount: number; errors: { line: number; field: string }[]; costRows: number };
    expect(body.errors.map((e) => [e.line, e.field])).toEqual([[2, ""], [3, "date"], [4, "provider"]]);
    expect(body.errorCount).toBe(3);
    expect(await db().csvImport.count({ where: { orgId: f.org.id } })).toBe(0);
  });

  it("a commit with any bad line is refused whole, naming the lines", async () => {
    const res = await post(imports, `${GOOD}\n2026-11-07,openai,m,p,,-5,,`);
    expect(res.status).toBe(400);
    const body = (await res.json()) as { error: { issues: { field: string; message: string }[] } };
    expect(body.error.issues).toEqual([{ field: "line 5: amount", message: "negative amounts are not accepted; leave credits and refunds out of the import" }]);
    expect(await db().costBucket.count({ where: { orgId: f.org.id, sourceKey: "csv" } })).toBe(0);
    expect((await db().csvImport.findFirstOrThrow({ where: { orgId: f.org.id } })).status).toBe("FAILED");
  });

  it("a good file is committed; its usage-only line is estimated; importing it again changes nothing", async () => {
    const res = await post(imports, GOOD);
    expect(res.status).toBe(201);
    expect(((await res.json()) as { totals: unknown }).totals).toEqual([{ currency: "usd", amount: "13.00" }]);
    expect(await costTotal({ orgId: f.org.id, sourceKey: "csv", estimated: false })).toBe("13");
    // Nov 6 (the dearer version): 1,000,000 input tokens × $1/1M = $1.
    expect(await costTotal({ orgId: f.org.id, sourceKey: "csv", estimated: true })).toBe("1");
    const before = await db().costBucket.findMany({ where: { orgId: f.org.id, sourceKey: "csv" }, orderBy: { id: "asc" } });
    const usageBefore = await db().usageBucket.findMany({ where: { orgId: f.org.id, sourceKey: "csv" }, orderBy: { id: "asc" } });
    await post(imports, GOOD);
    expect(await db().costBucket.findMany({ where: { orgId: f.org.id, sourceKey: "csv" }, orderBy: { id: "asc" } })).toEqual(before);
    expect(await db().usageBucket.findMany({ where: { orgId: f.org.id, sourceKey: "csv" }, orderBy: { id: "asc" } })).toEqual(usageBefore);
    expect(await db().csvImport.count({ where: { orgId: f.org.id, status: "COMMITTED" } })).toBe(2);
  });

  it("a later file with the billed amount for that usage replaces the estimate", async () => {
    await post(imports, ["date,provider,model,project,amount", `2026-11-06,openai,${MODEL},p2,0.9`].join("\n"));
    expect(await costTotal({ orgId: f.org.id, sourceKey: "csv", day: day("2026-11-06") })).toBe("0.9");
    expect(await costTotal({ orgId: f.org.id, sourceKey: "csv", estimated: true })).toBe("0");
  });

  it("engineering may not import; the Overview counts imported spend once beside synced spend (docs/spend.md, source of truth)", async () => {
    const res = await imports.POST(await requestAs({ id: f.members.ENGINEERING.id, email: f.members.ENGINEERING.email }, `/api/orgs/${f.org.slug}/imports`, { method: "POST", body: { filename: "x.csv", content: GOOD } }), params({ org: f.org.slug }));
    expect(res.status).toBe(403);
    const o = await getOverview({ orgId: f.org.id }, new Date("2026-11-24T12:00:00Z"));
    // OpenAI synced 1.30 is November's OpenAI spend; the imported OpenAI 0.90 is attribution against
    // it, not added. Anthropic has no connection: its imported 13.00 counts. 1.30 + 13.00 = 14.30.
    expect(o.thisMonth).toEqual({ month: "2026-11", total: "14.30", billed: "14.30", estimated: "0.00" });
  });
});
