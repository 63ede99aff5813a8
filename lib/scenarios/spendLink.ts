import { spendSearchParams, type SpendFilters } from "@/lib/spend/filters";
import type { WorkloadFilter } from "./schema";

// A measured workload's month and filter as the Spend page's filters and URL: pure, so the builder
// (in the browser) and the measured-usage query (on the server) name the same days and filters.

export function monthDays(month: string): { from: string; to: string } {
  const [y, m] = month.split("-").map(Number) as [number, number];
  const last = new Date(Date.UTC(y, m, 0)).getUTCDate();
  return { from: `${month}-01`, to: `${month}-${String(last).padStart(2, "0")}` };
}

/** The Spend page's filters for a workload filter and month (providers are lower-case there). */
export function spendFiltersFor(filter: WorkloadFilter, month: string): SpendFilters {
  const { from, to } = monthDays(month);
  return {
    from,
    to,
    provider: filter.provider ? [filter.provider.toLowerCase()] : [],
    model: filter.model ? [filter.model] : [],
    project: filter.projectId !== undefined ? [filter.projectId] : [],
    tag: [],
  };
}

/** Link to the Spend page showing the same filter and month, grouped by model. */
export function spendPageHref(orgSlug: string, filter: WorkloadFilter, month: string): string {
  return `/${orgSlug}/spend?${spendSearchParams({ ...spendFiltersFor(filter, month), groupBy: "model" }).toString()}`;
}
