import { beforeAll, describe, expect, it } from "vitest";
import { createApiToken } from "@/lib/api-tokens/tokens";
import { db } from "@/lib/db";
import type { OtlpSpan } from "@/lib/otlp/decode";
import { ingestOtlpSpans } from "@/lib/otlp/ingest";
import { forgetKnownPartitions, listSpanPartitions } from "@/lib/otlp/partitions";
import { spanStore } from "@/lib/otlp/span-store";
import { otelMaintainJob } from "@/workers/otel-maintain";
import { createOrgWithMembers } from "../support/factories";
import { orgContext } from "../support/org-context";

// Monthly partitions and retention with an injected clock: spans land in their month's partition,
// midnight on the 1st rolls over to the next one, and retention drops whole partitions (roll-ups stay).

let orgId: string;
const hex = (n: number, len: number) => n.toString(16).padStart(len, "0");
const span = (i: number, iso: string, extra: Record<string, string | number> = {}): OtlpSpan => ({
  traceId: hex(i + 1, 32), spanId: hex(i + 1, 16), name: "chat", startMs: Date.parse(iso),
  attributes: new Map<string, string | number>(Object.entries({ "gen_ai.provider.name": "openai", "gen_ai.request.model": "partition-test-model", "gen_ai.usage.input_tokens": 10, "gen_ai.usage.output_tokens": 5, "gen_ai.usage.cost": "0.01", ...extra })),
  resource: new Map(),
});

async function partitionOfRows(): Promise<string[]> {
  const rows = await db().$queryRaw<{ p: string; at: Date }[]>`SELECT tableoid::regclass::text AS p, "occurredAt" AS at FROM "OtelSpanEvent" WHERE "orgId" = ${orgId} ORDER BY "occurredAt"`;
  return rows.map((r) => `${r.at.toISOString()} ${r.p.replace(/"/g, "")}`);
}

beforeAll(async () => {
  const org = await createOrgWithMembers("OTLP partitions");
  orgId = org.org.id;
  await createApiToken(orgContext(org), "otel");
  forgetKnownPartitions();
});

describe("span event partitions", () => {
  it("the parent table is declaratively partitioned by range", async () => {
    const [row] = await db().$queryRaw<{ kind: string; strategy: string }[]>`
      SELECT c.relkind::text AS kind, p.partstrat::text AS strategy FROM pg_class c JOIN pg_partitioned_table p ON p.partrelid = c.oid WHERE c.relname = 'OtelSpanEvent'`;
    expect(row).toEqual({ kind: "p", strategy: "r" });
  });

  it("spans roll over from December's partition into January's at midnight UTC on the 1st", async () => {
    const now = new Date("2027-01-15T12:00:00Z");
    const o = await ingestOtlpSpans(orgId, [span(1, "2026-12-31T23:59:59.999Z"), span(2, "2027-01-01T00:00:00.000Z"), span(3, "2027-01-10T08:00:00Z")], now);
    expect([o.accepted, o.rejected]).toEqual([3, 0]);
    expect(await partitionOfRows()).toEqual([
      "2026-12-31T23:59:59.999Z OtelSpanEvent_p202612",
      "2027-01-01T00:00:00.000Z OtelSpanEvent_p202701",
      "2027-01-10T08:00:00.000Z OtelSpanEvent_p202701",
    ]);
  });

  it("retention (30 days) drops every partition whose last day is past it, by dropping the partition; roll-ups stay", async () => {
    const now = new Date("2027-02-20T03:00:00Z");
    expect((await ingestOtlpSpans(orgId, [span(4, "2027-02-19T10:00:00Z")], now)).accepted).toBe(1);
    // 2027-03-05 − 30 days = 2027-02-03: December (to 2027-01-01) and January (to 2027-02-01) are wholly older.
    const r = await otelMaintainJob({ now: "2027-03-05T01:00:00Z" });
    expect(r.dropped.filter((p) => p >= "OtelSpanEvent_p202612")).toEqual(["OtelSpanEvent_p202612", "OtelSpanEvent_p202701"]);
    expect(r.created.filter((m) => m >= "2027-03")).toEqual(["2027-03", "2027-04"]);
    const left = await listSpanPartitions();
    expect(left.filter((p) => p >= "OtelSpanEvent_p202612")).toEqual(["OtelSpanEvent_p202702", "OtelSpanEvent_p202703", "OtelSpanEvent_p202704"]);
    expect(await partitionOfRows()).toEqual(["2027-02-19T10:00:00.000Z OtelSpanEvent_p202702"]);
    // The daily roll-up of the dropped days is kept: 2 requests of $0.01 on Jan 1 and 10, 1 on Dec 31.
    const rollups = await db().otelDailyRollup.findMany({ where: { orgId, dimension: "all" }, orderBy: { day: "asc" } });
    expect(rollups.map((x) => [x.day.toISOString().slice(0, 10), x.requests, x.cost.toString()])).toEqual([
      ["2026-12-31", 1n, "0.01"], ["2027-01-01", 1n, "0.01"], ["2027-01-10", 1n, "0.01"], ["2027-02-19", 1n, "0.01"],
    ]);
    // Running again changes nothing.
    expect(await spanStore().maintain(new Date("2027-03-05T01:00:00Z"), 30)).toEqual({ created: [], dropped: [] });
  });

  it("a span older than the retention is rejected with the reason, not written where retention already passed", async () => {
    const o = await ingestOtlpSpans(orgId, [span(5, "2027-01-20T10:00:00Z")], new Date("2027-03-05T02:00:00Z"));
    expect([o.accepted, o.rejected]).toEqual([0, 1]);
    expect(o.reasons[0]).toMatch(/: started on 2027-01-20, before the 30-day retention of span events \(from 2027-02-03\)$/);
  });
});
