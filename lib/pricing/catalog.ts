import { parseModelName } from "@/lib/pricing/aliases";
import { PRICE_FIELDS, TOKEN_CLASS_PRICE_FIELDS, type CatalogVersion, type ModelPrice, type SkippedEntry } from "@/lib/pricing/types";

/** A parsed source entry before names are assigned: `id` is the source name without its provider prefix. */
export interface SourceEntry extends Omit<ModelPrice, "model" | "sourceIds"> {
  key: string;
  id: string;
}

/**
 * Give every entry its model name. Entries that share a canonical name (aliases.ts) become one model only
 * when they are indistinguishable (same prices, same deprecation date): "gpt-4o-2024-08-06" at gpt-4o's
 * price folds into "gpt-4o", but "gpt-4o-2024-05-13" at its own, higher price stays a model of its own,
 * so usage on that snapshot is never priced at the canonical model's price.
 * Without an undated entry, a group of identical snapshots takes the canonical name; differing ones keep their ids.
 */
export function assignModelNames(entries: readonly SourceEntry[]): { models: ModelPrice[]; skipped: SkippedEntry[] } {
  const skipped: SkippedEntry[] = [];
  const groups = new Map<string, SourceEntry[]>();
  for (const e of entries) {
    const key = `${e.provider}\u0000${parseModelName(e.id).canonical}`;
    const group = groups.get(key) ?? [];
    const twin = group.find((g) => g.id === e.id);
    if (twin) {
      if (!samePrice(twin, e)) skipped.push({ key: e.key, reason: `duplicate of "${twin.key}" with a different price; kept the first` });
      continue;
    }
    group.push(e);
    groups.set(key, group);
  }

  const models: ModelPrice[] = [];
  for (const group of groups.values()) {
    const canonical = parseModelName(group[0]!.id).canonical;
    const base = group.find((e) => e.id === canonical);
    if (base) {
      const model = toModel(base, canonical, [base.id]);
      for (const e of group) {
        if (e === base) continue;
        if (samePrice(base, e)) model.sourceIds.push(e.id);
        else models.push(toModel(e, e.id, [e.id]));
      }
      models.push(model);
    } else if (group.every((e) => samePrice(group[0]!, e))) {
      models.push(toModel(group[0]!, canonical, group.map((e) => e.id)));
    } else {
      for (const e of group) models.push(toModel(e, e.id, [e.id]));
    }
  }
  return { models: sortModels(models), skipped };
}

function toModel(e: SourceEntry, model: string, sourceIds: string[]): ModelPrice {
  const { key: _key, id: _id, ...price } = e;
  return { ...price, model, sourceIds };
}

/** Same prices in every field and the same deprecation date: safe to treat as one model. */
export function samePrice(a: Omit<ModelPrice, "model" | "sourceIds">, b: Omit<ModelPrice, "model" | "sourceIds">): boolean {
  if (a.deprecationDate !== b.deprecationDate) return false;
  return [...PRICE_FIELDS, ...TOKEN_CLASS_PRICE_FIELDS].every((f) => {
    const x = a[f] ?? null;
    const y = b[f] ?? null;
    return x === null || y === null ? x === y : x.equals(y);
  });
}

export function sortModels(models: ModelPrice[]): ModelPrice[] {
  return models.sort((a, b) => a.provider.localeCompare(b.provider) || a.model.localeCompare(b.model));
}

/**
 * The price for a model name as usage reports spell it. Tries, in order: a model named exactly like the id
 * (a snapshot with its own price), a model that absorbed that id, then the canonical name.
 * `provider` null matches any provider (first by provider order).
 */
export function findPrice(models: readonly ModelPrice[], provider: string | null, name: string): ModelPrice | null {
  const ref = parseModelName(name);
  const providers = new Set([provider, ref.providerHint].filter((p): p is string => !!p));
  const candidates = providers.size ? models.filter((m) => providers.has(m.provider)) : models;
  return (
    candidates.find((m) => m.model === ref.id) ??
    candidates.find((m) => m.sourceIds.includes(ref.id)) ??
    candidates.find((m) => m.model === ref.canonical) ??
    null
  );
}

/**
 * The version in effect on `day`: the latest whose effectiveFrom ≤ day (so it applies until the next one starts).
 * Compared as instants: a version observed at 18:23 on D applies to a usage day stamped D 00:00 only from D+1.
 */
export function priceInEffect<T extends Pick<CatalogVersion, "effectiveFrom">>(versions: readonly T[], day: Date): T | null {
  let best: T | null = null;
  for (const v of versions) {
    if (v.effectiveFrom.getTime() > day.getTime()) continue;
    if (!best || v.effectiveFrom.getTime() > best.effectiveFrom.getTime()) best = v;
  }
  return best;
}
