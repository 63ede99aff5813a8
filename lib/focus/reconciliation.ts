import { db, Prisma } from "@/lib/db";
import { Decimal } from "@/lib/money";
import type { UsageBucketRow } from "@/lib/providers/types";
import { loadPriceVersions, priceUsageRows } from "@/lib/spend/estimate";
import type { CatalogByModel } from "@/lib/spend/reconciliation";

// The catalog side of cloud-billed usage: the token quantities of FOCUS usage rows (per day, host,
// model and token class) priced from the host's own catalog entries (Bedrock's price for Claude on
// Bedrock, not Anthropic's), so the reconciliation page sets a cloud's billed dollars beside what the
// catalog says those tokens cost. Corrections, credits and tax have no catalog price and are left out.

const TOKEN_FIELD = { input: "inputTokens", output: "outputTokens", cached_input: "cachedInputTokens", cache_write: "cacheWriteTokens" } as const;

interface QuantityRow { day: Date; provider: string; host: string; model: string; lineItem: keyof typeof TOKEN_FIELD; tokens: Prisma.Decimal }

export async function focusCatalogByModel(orgId: string, from: Date, to: Date): Promise<CatalogByModel[]> {
  const rows = await db().$queryRaw<QuantityRow[]>`
    SELECT "day", "provider", "host", "model", "lineItem", SUM("quantity") AS tokens
    FROM "CostBucket"
    WHERE "orgId" = ${orgId} AND "origin" = 'FOCUS' AND "host" <> '' AND "day" >= ${from} AND "day" < ${to}
      AND "chargeCategory" = 'Usage' AND "quantityUnit" = 'tokens' AND "lineItem" IN ('input', 'output', 'cached_input', 'cache_write')
    GROUP BY 1, 2, 3, 4, 5`;
  // One usage row per day × host × model (priced under the host), remembering the maker it belongs to.
  const usage = new Map<string, { row: UsageBucketRow; maker: string }>();
  for (const r of rows) {
    const day = r.day.toISOString().slice(0, 10);
    const key = [day, r.host, r.provider, r.model].join("\u0001");
    let u = usage.get(key);
    if (!u) {
      u = { maker: r.provider, row: { provider: r.host, day, projectId: "", model: r.model, usageKind: "completions", inputTokens: 0n, outputTokens: 0n, cachedInputTokens: 0n, cacheWriteTokens: 0n, requests: 0n } };
      usage.set(key, u);
    }
    const tokens = BigInt(new Decimal(r.tokens.toString()).toFixed(0));
    u.row[TOKEN_FIELD[r.lineItem]] += tokens;
  }
  const list = [...usage.values()];
  const priced = priceUsageRows(list.map((u) => u.row), await loadPriceVersions(list.map((u) => u.row)));
  const out = new Map<string, CatalogByModel>();
  priced.forEach((p, i) => {
    const maker = list[i]!.maker;
    const key = `${maker}\u0001${p.model}`;
    const c = out.get(key) ?? { provider: maker, model: p.model, catalog: null, unpricedBuckets: 0, tokens: 0n };
    if (p.estimatedCost) c.catalog = (c.catalog ?? new Decimal(0)).plus(p.estimatedCost);
    else c.unpricedBuckets += 1;
    c.tokens = (c.tokens ?? 0n) + p.inputTokens + p.outputTokens + p.cachedInputTokens + p.cacheWriteTokens;
    out.set(key, c);
  });
  return [...out.values()];
}

/** Catalog figures of the same provider and model from several sources, added up. */
export function mergeCatalog(...lists: CatalogByModel[][]): CatalogByModel[] {
  const out = new Map<string, CatalogByModel>();
  for (const c of lists.flat()) {
    const key = `${c.provider}\u0001${c.model}`;
    const prev = out.get(key);
    if (!prev) {
      out.set(key, { ...c });
      continue;
    }
    prev.catalog = prev.catalog === null ? c.catalog : c.catalog === null ? prev.catalog : prev.catalog.plus(c.catalog);
    prev.unpricedBuckets += c.unpricedBuckets;
    prev.tokens = (prev.tokens ?? 0n) + (c.tokens ?? 0n);
  }
  return [...out.values()];
}
