import { dec } from "@/lib/money";
import type { StoredPriceVersion } from "@/lib/pricing/price-book";

/** A stored price version with every rate unset but those given (USD per 1M tokens), for pricing tests. */
export const priceVersion = (model: string, rates: Partial<StoredPriceVersion>): StoredPriceVersion => ({
  id: `v-${model}`, provider: "openai", model, source: "manual", effectiveFrom: new Date("2025-01-01T00:00:00Z"),
  input: dec(0), output: dec(0), cachedInput: null, cacheWrite: null, perRequest: null, perImage: null, ...rates,
});
