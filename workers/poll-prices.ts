import { env } from "@/lib/env";
import { ensureBundledCatalog, pollPriceCatalogs } from "@/lib/pricing/sync";

// Thin: a fresh install first gets the bundled snapshot, then every configured source is polled; lib diffs
// against the versions in effect and writes new versions and price changes in one transaction per source.
export async function pollPricesJob(payload: { format?: "litellm" | "openrouter" }) {
  const bundled = await ensureBundledCatalog();
  const sources = env().PRICE_CATALOG_URLS.filter((s) => !payload.format || s.format === payload.format);
  const polled = await pollPriceCatalogs({ now: new Date(), sources });
  return { bundled: bundled?.models ?? 0, polled: polled.map((r) => ({ source: r.source, changes: r.priceChanges, added: r.addedModels })) };
}
