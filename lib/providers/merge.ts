import { AppError } from "@/lib/errors";
import { dec } from "@/lib/money";
import { TOKEN_CLASS_FIELDS, type CostBucketRow, type UsageBucketRow } from "@/lib/providers/types";

// Downstream upserts on the natural key, so two rows with one key in a single fetch would make
// the second overwrite the first. Within one page, results that map to one key are parts of it
// and are summed. Across pages, one key is one bucket served twice (cursors overlap in practice):
// identical repeats are dropped, and a repeat with other numbers fails the window (see combinePages).

export function costRowKey(r: CostBucketRow): string {
  return JSON.stringify([r.provider, r.day, r.projectId, r.model, r.lineItem, r.currency]);
}

export function usageRowKey(r: UsageBucketRow): string {
  return JSON.stringify([r.provider, r.day, r.projectId, r.model, r.usageKind]);
}

/** Sum amounts per key. Quantities add only when both sides have one in the same unit, else unknown (null). */
export function mergeCostRows(rows: Iterable<CostBucketRow>): CostBucketRow[] {
  const byKey = new Map<string, CostBucketRow>();
  for (const row of rows) {
    const key = costRowKey(row);
    const seen = byKey.get(key);
    if (!seen) {
      byKey.set(key, { ...row, quantity: row.quantity ?? null, quantityUnit: row.quantityUnit ?? null });
      continue;
    }
    const sameUnit = seen.quantity != null && row.quantity != null && (seen.quantityUnit ?? null) === (row.quantityUnit ?? null);
    byKey.set(key, {
      ...seen,
      amount: seen.amount.plus(row.amount),
      quantity: sameUnit ? dec(seen.quantity!).plus(row.quantity!) : null,
      quantityUnit: sameUnit ? (seen.quantityUnit ?? null) : null,
    });
  }
  return sortRows([...byKey.values()], costRowKey);
}

/** Sum token counts and requests per key; units add only when in the same unit. */
export function mergeUsageRows(rows: Iterable<UsageBucketRow>): UsageBucketRow[] {
  const byKey = new Map<string, UsageBucketRow>();
  for (const row of rows) {
    const key = usageRowKey(row);
    const seen = byKey.get(key);
    if (!seen) {
      byKey.set(key, { ...row, units: row.units ?? null, unit: row.unit ?? null });
      continue;
    }
    // `seen` is this function's own copy: add in place (a spread per merged row is slow in V8 and
    // was most of the cost of rolling up a 5,000-event push batch).
    const sameUnit = seen.units != null && row.units != null && (seen.unit ?? null) === (row.unit ?? null);
    seen.inputTokens += row.inputTokens;
    seen.outputTokens += row.outputTokens;
    seen.cachedInputTokens += row.cachedInputTokens;
    seen.cacheWriteTokens += row.cacheWriteTokens;
    for (const f of TOKEN_CLASS_FIELDS) if (row[f]) seen[f] = (seen[f] ?? 0n) + row[f];
    seen.requests += row.requests;
    seen.units = sameUnit ? dec(seen.units!).plus(row.units!) : null;
    seen.unit = sameUnit ? (seen.unit ?? null) : null;
  }
  return sortRows([...byKey.values()], usageRowKey);
}

/** Same numbers for one natural key: the repeat of a bucket on a later page adds nothing. */
export function sameCostValues(a: CostBucketRow, b: CostBucketRow): boolean {
  const q = (r: CostBucketRow) => (r.quantity == null ? null : dec(r.quantity).toString());
  return dec(a.amount).eq(b.amount) && q(a) === q(b) && (a.quantityUnit ?? null) === (b.quantityUnit ?? null);
}

export function sameUsageValues(a: UsageBucketRow, b: UsageBucketRow): boolean {
  const u = (r: UsageBucketRow) => (r.units == null ? null : dec(r.units).toString());
  return (
    a.inputTokens === b.inputTokens && a.outputTokens === b.outputTokens && a.cachedInputTokens === b.cachedInputTokens &&
    a.cacheWriteTokens === b.cacheWriteTokens && a.requests === b.requests && u(a) === u(b) && (a.unit ?? null) === (b.unit ?? null) &&
    TOKEN_CLASS_FIELDS.every((f) => (a[f] ?? 0n) === (b[f] ?? 0n))
  );
}

interface RowRules<Row> {
  key: (r: Row) => string;
  merge: (rows: Iterable<Row>) => Row[];
  same: (a: Row, b: Row) => boolean;
  /** The bucket in words for an error: "2026-01-03, project p1, model gpt-4o". */
  describe: (r: Row) => string;
}

export const COST_ROW_RULES: RowRules<CostBucketRow> = {
  key: costRowKey,
  merge: mergeCostRows,
  same: sameCostValues,
  describe: (r) => bucketWords(r.day, r.projectId, r.model, r.lineItem ? `line item ${JSON.stringify(r.lineItem)}` : ""),
};

export const USAGE_ROW_RULES: RowRules<UsageBucketRow> = {
  key: usageRowKey,
  merge: mergeUsageRows,
  same: sameUsageValues,
  describe: (r) => bucketWords(r.day, r.projectId, r.model, r.usageKind),
};

function bucketWords(day: string, projectId: string, model: string, extra: string): string {
  return [day, projectId ? `project ${projectId}` : "no project", model ? `model ${model}` : "model not reported", extra].filter(Boolean).join(", ");
}

export interface CombinedPages<Row> {
  rows: Row[];
  /** Buckets served again, identically, on a later page (dropped). */
  repeats: number;
}

/**
 * One endpoint's pages → its rows, each natural key once. Per page, rows of one key are summed
 * (they are parts of one bucket). A key met again on a later page is the same bucket served
 * twice: dropped when identical, and when the numbers differ the provider contradicts itself,
 * so the window fails rather than guess which to believe.
 */
export function combinePages<Row>(pages: readonly (readonly Row[])[], rules: RowRules<Row>, what: string): CombinedPages<Row> {
  const first = new Map<string, { row: Row; page: number }>();
  let repeats = 0;
  pages.forEach((pageRows, p) => {
    for (const row of rules.merge(pageRows)) {
      const key = rules.key(row);
      const seen = first.get(key);
      if (!seen) {
        first.set(key, { row, page: p + 1 });
      } else if (rules.same(seen.row, row)) {
        repeats++;
      } else {
        throw new AppError(
          "UPSTREAM_BAD_RESPONSE",
          `${what}: the bucket ${rules.describe(row)} came on pages ${seen.page} and ${p + 1} with different numbers; nothing of this window was stored`,
          { conflict: { key, pages: [seen.page, p + 1] } },
        );
      }
    }
  });
  return { rows: rules.merge([...first.values()].map((v) => v.row)), repeats };
}

// A stable order (by key) makes results and test expectations independent of page order.
function sortRows<T>(rows: T[], key: (r: T) => string): T[] {
  return rows.sort((a, b) => (key(a) < key(b) ? -1 : key(a) > key(b) ? 1 : 0));
}
