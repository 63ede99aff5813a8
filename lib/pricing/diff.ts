import type { Decimal } from "@/lib/money";
import { PRICE_FIELDS, type ModelPrice, type PriceField } from "@/lib/pricing/types";

/** One price that moved between two catalog versions (a PriceChange row). null = not listed on that side. */
export interface PriceChange {
  provider: string;
  model: string;
  field: PriceField;
  oldValue: Decimal | null;
  newValue: Decimal | null;
  effectiveFrom: Date;
}

export interface CatalogDiff {
  changes: PriceChange[];
  added: ModelPrice[];
  removed: ModelPrice[];
}

/**
 * Price changes between two versions of one source, matched on (provider, model). Only the six normalised
 * fields count: a source field we do not model (batch or long-context tiers) moving is not a change, and a
 * version with no relevant change yields nothing, so it never alerts.
 */
export function diffCatalogs(previous: readonly ModelPrice[], next: readonly ModelPrice[], effectiveFrom: Date): CatalogDiff {
  const key = (m: ModelPrice) => `${m.provider}\u0000${m.model}`;
  const before = new Map(previous.map((m) => [key(m), m]));
  const after = new Map(next.map((m) => [key(m), m]));

  const changes: PriceChange[] = [];
  const added: ModelPrice[] = [];
  for (const [k, now] of after) {
    const was = before.get(k);
    if (!was) {
      added.push(now);
      continue;
    }
    for (const field of PRICE_FIELDS) {
      const oldValue = was[field];
      const newValue = now[field];
      const same = oldValue === null || newValue === null ? oldValue === newValue : oldValue.equals(newValue);
      if (!same) changes.push({ provider: now.provider, model: now.model, field, oldValue, newValue, effectiveFrom });
    }
  }
  const removed = [...before].filter(([k]) => !after.has(k)).map(([, m]) => m);

  const byName = (a: { provider: string; model: string }, b: { provider: string; model: string }) =>
    a.provider.localeCompare(b.provider) || a.model.localeCompare(b.model);
  changes.sort((a, b) => byName(a, b) || PRICE_FIELDS.indexOf(a.field) - PRICE_FIELDS.indexOf(b.field));
  return { changes, added: added.sort(byName), removed: removed.sort(byName) };
}
