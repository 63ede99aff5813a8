import { db, Prisma } from "@/lib/db";
import { dec, type Decimal } from "@/lib/money";
import { parseModelName } from "@/lib/pricing/aliases";
import { countedBucket } from "@/lib/spend/sql";

// Span-derived spend beside billed spend, per provider, model and day. Spans are attribution: their
// dollars are never added to spend totals, only set against what providers (connections, FOCUS,
// pushed costs) billed, to show what tracing misses (spans not emitted, retries not traced, cached
// tokens priced wrong). Like with like: same UTC day, same provider, same model (by canonical name);
// where a provider bills per project rather than per model (model ""), spans are summed per provider.

export const ALL_MODELS = "(all models)";

export interface SpanSpendRow { day: string; provider: string; model: string; cost: Decimal; requests: bigint }
export interface BilledRow { day: string; provider: string; model: string; amount: Decimal }

export interface ReconcileRow {
  day: string;
  provider: string;
  model: string;
  spans: Decimal;
  spanRequests: bigint;
  billed: Decimal | null;
  /** (spans − billed) ÷ billed × 100, one decimal; null without billed dollars */
  gapPercent: string | null;
}

/** Pure: pair span and billed dollars by day, provider and canonical model. */
export function reconcileSpans(spans: readonly SpanSpendRow[], billed: readonly BilledRow[]): ReconcileRow[] {
  const key = (day: string, provider: string, model: string) => `${day}\u0000${provider}\u0000${model}`;
  const canonical = (m: string) => (m ? parseModelName(m).canonical : "");
  const providerLevel = new Set(billed.filter((b) => b.model === "").map((b) => `${b.day}\u0000${b.provider}`));
  const rows = new Map<string, ReconcileRow>();
  const row = (day: string, provider: string, model: string) => {
    const k = key(day, provider, model);
    let r = rows.get(k);
    if (!r) rows.set(k, (r = { day, provider, model, spans: dec(0), spanRequests: 0n, billed: null, gapPercent: null }));
    return r;
  };
  for (const s of spans) {
    const model = providerLevel.has(`${s.day}\u0000${s.provider}`) ? ALL_MODELS : canonical(s.model);
    const r = row(s.day, s.provider, model);
    r.spans = r.spans.plus(s.cost);
    r.spanRequests += s.requests;
  }
  for (const b of billed) {
    const model = providerLevel.has(`${b.day}\u0000${b.provider}`) ? ALL_MODELS : canonical(b.model);
    const r = row(b.day, b.provider, model);
    r.billed = (r.billed ?? dec(0)).plus(b.amount);
  }
  for (const r of rows.values()) if (r.billed && !r.billed.isZero()) r.gapPercent = r.spans.minus(r.billed).div(r.billed).times(100).toFixed(1);
  // Billed models no span mentions (embeddings, untraced services) are the spend page's business, not a gap.
  return [...rows.values()].filter((r) => r.spanRequests > 0n).sort((a, b) => (a.day !== b.day ? (a.day < b.day ? 1 : -1) : a.provider.localeCompare(b.provider) || a.model.localeCompare(b.model)));
}

/** The days of [from, to] that have spans, with billed spend of the same days and providers. */
export async function loadSpanReconciliation(orgId: string, from: string, to: string): Promise<ReconcileRow[]> {
  const [f, t] = [new Date(`${from}T00:00:00Z`), new Date(`${to}T00:00:00Z`)];
  const spanRows = await db().otelDailyRollup.groupBy({ by: ["day", "provider", "model"], where: { orgId, dimension: "all", day: { gte: f, lte: t } }, _sum: { cost: true, requests: true } });
  if (spanRows.length === 0) return [];
  const providers = [...new Set(spanRows.map((r) => r.provider))];
  const billedRows = await db().$queryRaw<{ day: Date; provider: string; model: string; amount: Prisma.Decimal }[]>`
    SELECT cb."day", cb."provider", cb."model", SUM(cb."amount") AS amount FROM "CostBucket" cb
    WHERE cb."orgId" = ${orgId} AND cb."day" >= ${f} AND cb."day" <= ${t} AND NOT cb."estimated" AND cb."provider" IN (${Prisma.join(providers)}) AND ${countedBucket()}
    GROUP BY 1, 2, 3`;
  const iso = (d: Date) => d.toISOString().slice(0, 10);
  return reconcileSpans(
    spanRows.map((r) => ({ day: iso(r.day), provider: r.provider, model: r.model, cost: dec(r._sum.cost ?? 0), requests: r._sum.requests ?? 0n })),
    billedRows.map((r) => ({ day: iso(r.day), provider: r.provider, model: r.model, amount: dec(r.amount) })),
  );
}
