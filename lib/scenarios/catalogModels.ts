import type { StoredPriceVersion } from "@/lib/pricing/price-book";
import type { ModelPrice } from "@/lib/pricing/types";
import { isOpenWeight, workloadMode, type WorkloadMode } from "@/lib/risk/openWeight";

// The API models a workload can move to, as the builder lists them (pure, safe in the browser):
// the database's current prices merged with the bundled snapshot. USD per 1M tokens.

export interface CatalogModel {
  provider: string;
  model: string;
  mode: WorkloadMode;
  openWeight: boolean;
  input: string;
  output: string;
  cachedInput: string | null;
  cacheWrite: string | null;
  source: string;
}

/** Pure: database versions win over the bundled snapshot for the same provider and model. */
export function mergeCatalog(stored: readonly StoredPriceVersion[], bundled: readonly ModelPrice[]): CatalogModel[] {
  const modes = new Map(bundled.map((m) => [`${m.provider}\u0000${m.model}`, m.mode]));
  const out = new Map<string, CatalogModel>();
  const add = (p: Pick<ModelPrice, "provider" | "model" | "input" | "output" | "cachedInput" | "cacheWrite">, source: string) => {
    const key = `${p.provider}\u0000${p.model}`;
    if (out.has(key)) return;
    out.set(key, {
      provider: p.provider,
      model: p.model,
      mode: workloadMode(p.model, modes.get(key)),
      openWeight: isOpenWeight(p.model),
      input: p.input.toString(),
      output: p.output.toString(),
      cachedInput: p.cachedInput?.toString() ?? null,
      cacheWrite: p.cacheWrite?.toString() ?? null,
      source,
    });
  };
  for (const v of stored) add(v, v.source);
  for (const m of bundled) if (m.mode === "chat" || m.mode === "embedding" || m.mode === "completion") add(m, "bundled");
  return [...out.values()].sort((a, b) => a.provider.localeCompare(b.provider) || a.model.localeCompare(b.model));
}

/** The catalog price as a scenario's API price input. */
export function catalogPrice(m: CatalogModel) {
  return {
    inputPerMTok: m.input,
    outputPerMTok: m.output,
    ...(m.cachedInput !== null ? { cachedInputPerMTok: m.cachedInput } : {}),
    ...(m.cacheWrite !== null ? { cacheWritePerMTok: m.cacheWrite } : {}),
  };
}
