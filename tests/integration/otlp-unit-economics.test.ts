import { beforeAll, describe, expect, it } from "vitest";
import { db } from "@/lib/db";
import { Decimal } from "@/lib/money";
import { demoPrices } from "@/lib/demo/generate";
import { demoSpans, DEMO_SPAN_DAYS, seedDemoSpans } from "@/lib/demo/otel-seed";
import type { OtlpSpan } from "@/lib/otlp/decode";
import { ingestOtlpSpans } from "@/lib/otlp/ingest";
import { loadSpanReconciliation } from "@/lib/otlp/reconcile";
import { settleDay } from "@/lib/otlp/settle";
import { unitEconomics } from "@/lib/otlp/unit-economics";
import { createOrgWithMembers } from "../support/factories";

// The unit-economics query layer and the span/billing reconciliation, on roll-ups of spans with
// hand-set costs, and on the demo's three weeks of spans.

const NOW = new Date("2026-11-26T12:00:00Z");
let orgId: string;
let n = 0;
const span = (day: string, trace: number, cost: string, attrs: Record<string, string | number> = {}): OtlpSpan => ({
  traceId: (trace + 1).toString(16).padStart(32, "0"), spanId: (++n).toString(16).padStart(16, "0"), name: "chat", startMs: Date.parse(`${day}T10:00:00Z`),
  attributes: new Map<string, string | number>(Object.entries({ "gen_ai.provider.name": "openai", "gen_ai.request.model": "gpt-4o-2024-08-06", "gen_ai.usage.input_tokens": 100, "gen_ai.usage.output_tokens": 10, "gen_ai.usage.cost": cost, ...attrs })),
  resource: new Map(),
});

beforeAll(async () => {
  orgId = (await createOrgWithMembers("Unit economics")).org.id;
  await db().otelAttribution.create({ data: { orgId, topN: 2 } });
  await ingestOtlpSpans(orgId, [
    span("2026-11-25", 1, "0.30", { "customer.id": "acme" }), span("2026-11-25", 1, "0.10", { "customer.id": "acme" }),
    span("2026-11-25", 2, "0.20", { "customer.id": "globex" }), span("2026-11-25", 3, "0.05", { "customer.id": "initech" }), span("2026-11-25", 4, "0.01", { "customer.id": "hooli" }),
  ], NOW);
  await settleDay(orgId, "2026-11-25");
  // Billed by the provider's connection that day, per model: $0.80 for gpt-4o (spans say $0.66).
  await db().costBucket.create({ data: { orgId, sourceKey: "conn-1", origin: "PROVIDER_API", provider: "openai", day: new Date("2026-11-25T00:00:00Z"), model: "gpt-4o", lineItem: "gpt-4o, input", amount: new Decimal("0.80") } });
});

describe("unit economics", () => {
  it("per day: requests, cost, mean per request, conversation percentiles; top customers capped at N with (other)", async () => {
    const u = await unitEconomics(orgId, "2026-11-20", "2026-11-26");
    expect(u.days.map((d) => [d.day, d.requests, d.cost.toString(), d.costPerRequest!.toString()])).toEqual([["2026-11-25", 5n, "0.66", "0.132"]]);
    // Conversations 0.40, 0.20, 0.05, 0.01: p50 = 0.05 (2nd of 4), p95 = 0.40.
    const c = u.days[0]!.units.conversation!;
    expect([c.count, c.p50.toString(), c.p95.toString(), c.mean.toString()]).toEqual([4n, "0.05", "0.4", "0.165"]);
    // Top 2 by cost: acme 0.40, globex 0.20; initech + hooli = 0.06 as (other).
    expect(u.topCustomers.map((t) => [t.value, t.cost.toString()])).toEqual([["acme", "0.4"], ["globex", "0.2"], ["(other)", "0.06"]]);
    expect(u.ingest).toEqual({ received: 5n, accepted: 5n, duplicates: 0n, ignored: 0n, rejected: 0n });
  });

  it("reconciliation sets span spend beside billed spend by day, provider and canonical model, with the gap in %", async () => {
    const rows = await loadSpanReconciliation(orgId, "2026-11-20", "2026-11-26");
    // (0.66 − 0.80) ÷ 0.80 = −17.5%
    expect(rows.map((r) => [r.day, r.provider, r.model, r.spans.toString(), r.billed?.toString(), r.gapPercent])).toEqual([["2026-11-25", "openai", "gpt-4o", "0.66", "0.8", "-17.5"]]);
    // Spans never reach billed spend.
    expect(await db().costBucket.count({ where: { orgId } })).toBe(1);
  });

  it("the demo's spans fill three weeks and the last week's conversations cost more", async () => {
    const demo = (await createOrgWithMembers("Demo spans")).org.id;
    // The demo catalog (as the demo seed writes it into an empty catalog), under its own source.
    await db().modelPriceVersion.createMany({
      data: demoPrices(NOW).map((p) => ({ provider: p.provider, model: p.model, effectiveFrom: new Date(`${p.effectiveFrom}T00:00:00Z`), inputPerMTok: new Decimal(p.input), outputPerMTok: new Decimal(p.output), cachedInputPerMTok: p.cachedInput ? new Decimal(p.cachedInput) : null, source: "demo-test" })),
      skipDuplicates: true,
    });
    const stored = await seedDemoSpans(demo, NOW);
    expect(stored).toBe(demoSpans(NOW).length);
    const u = await unitEconomics(demo, "2026-11-06", "2026-11-26");
    expect(u.days).toHaveLength(DEMO_SPAN_DAYS);
    expect(u.trend.conversation!.changePercent!.gt(0)).toBe(true);
    expect(u.topFeatures.map((f) => f.value).sort()).toEqual(["contract-review", "search-answer", "support-chat", "support-escalation"]);
  });
});
