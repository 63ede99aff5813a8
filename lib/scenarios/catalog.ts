import { bundledPriceCatalog } from "@/lib/pricing/snapshot";
import { currentPrices } from "@/lib/pricing/store";
import { mergeCatalog, type CatalogModel } from "./catalogModels";

// The API models a workload can move to: every model priced in the database now (the polled
// catalog), plus the bundled snapshot's models the database does not price yet.

export async function scenarioCatalog(now: Date): Promise<CatalogModel[]> {
  return mergeCatalog(await currentPrices(now), bundledPriceCatalog().models);
}

export { catalogPrice, mergeCatalog, type CatalogModel } from "./catalogModels";
