import { AppError, isAppError } from "@/lib/errors";
import { assertWindow } from "@/lib/providers/connection";
import { COST_ROW_RULES, USAGE_ROW_RULES, combinePages, mergeCostRows, mergeUsageRows } from "@/lib/providers/merge";
import type { BillingProviderClient, CostBucketRow, EndpointOutcome, FetchWindow, OutOfWindowNote, ProviderEndpoint, UsageBucketRow, WindowFetch } from "@/lib/providers/types";

// The window logic both provider clients share: each endpoint's pages combined (repeats across
// pages dropped or refused), buckets outside the window set aside, and an endpoint the key cannot
// use (403/404) reported instead of failing the window, so the others still count.

export type EndpointFetcher =
  | { endpoint: ProviderEndpoint & { produces: "costs" }; pages: (window: FetchWindow) => Promise<CostBucketRow[][]> }
  | { endpoint: ProviderEndpoint & { produces: "usage" }; pages: (window: FetchWindow) => Promise<UsageBucketRow[][]> };

/** First and last UTC day a window covers ("YYYY-MM-DD"); the end is exclusive. */
export function windowDays(window: FetchWindow): { first: string; last: string } {
  return { first: window.start.toISOString().slice(0, 10), last: new Date(window.end.getTime() - 1).toISOString().slice(0, 10) };
}

/** Rows of days the window covers, and the rest (a provider returned buckets we did not ask for). */
export function splitByWindow<Row extends { day: string }>(rows: readonly Row[], window: FetchWindow): { inside: Row[]; outside: Row[] } {
  const { first, last } = windowDays(window);
  const inside: Row[] = [];
  const outside: Row[] = [];
  for (const r of rows) (r.day < first || r.day > last ? outside : inside).push(r);
  return { inside, outside };
}

function unavailable(endpoint: ProviderEndpoint, e: AppError): EndpointOutcome {
  const status = typeof e.details.status === "number" ? e.details.status : null;
  const message = typeof e.details.providerMessage === "string" ? e.details.providerMessage : e.message;
  return { ...endpoint, available: false, status, message };
}

export function createWindowFetcher(providerName: string, fetchers: readonly EndpointFetcher[]): Pick<BillingProviderClient, "fetchWindow" | "fetchCosts" | "fetchUsage"> {
  const what = (e: ProviderEndpoint) => `${providerName} ${e.label}`;

  async function combined(f: EndpointFetcher, window: FetchWindow) {
    if (f.endpoint.produces === "costs") {
      const r = combinePages((await f.pages(window)) as CostBucketRow[][], COST_ROW_RULES, what(f.endpoint));
      return { costs: r.rows, usage: [] as UsageBucketRow[], repeats: r.repeats };
    }
    const r = combinePages((await f.pages(window)) as UsageBucketRow[][], USAGE_ROW_RULES, what(f.endpoint));
    return { costs: [] as CostBucketRow[], usage: r.rows, repeats: r.repeats };
  }

  return {
    async fetchWindow(window): Promise<WindowFetch> {
      assertWindow(window, providerName);
      const result: WindowFetch = { costs: [], usage: [], endpoints: [], outOfWindow: [], repeats: 0 };
      let firstRefusal: AppError | null = null;
      // One endpoint after another: the admin endpoints share a rate limit, parallel calls only buy 429s.
      for (const f of fetchers) {
        let got: Awaited<ReturnType<typeof combined>>;
        try {
          got = await combined(f, window);
        } catch (e) {
          if (!isAppError(e) || e.code !== "UPSTREAM_ENDPOINT_UNAVAILABLE") throw e;
          firstRefusal ??= e;
          result.endpoints.push(unavailable(f.endpoint, e));
          continue;
        }
        const costs = splitByWindow(got.costs, window);
        const usage = splitByWindow(got.usage, window);
        const outside = [...costs.outside, ...usage.outside];
        if (outside.length > 0) {
          result.outOfWindow.push({ endpoint: f.endpoint.id, label: f.endpoint.label, days: [...new Set(outside.map((r) => r.day))].sort(), rows: outside.length });
        }
        result.costs.push(...costs.inside);
        result.usage.push(...usage.inside);
        result.repeats += got.repeats;
        result.endpoints.push({ ...f.endpoint, available: true, status: null, message: null });
      }
      if (firstRefusal && result.endpoints.every((e) => !e.available)) {
        const list = result.endpoints.map((e) => `${e.label} (HTTP ${e.status ?? "?"})`).join(", ");
        throw new AppError("UPSTREAM_ENDPOINT_UNAVAILABLE", `${providerName}: no endpoint is available to this key: ${list}`, { ...firstRefusal.details, allEndpoints: true });
      }
      result.costs = mergeCostRows(result.costs);
      result.usage = mergeUsageRows(result.usage);
      return result;
    },

    async fetchCosts(window) {
      assertWindow(window, providerName);
      const rows: CostBucketRow[] = [];
      for (const f of fetchers) if (f.endpoint.produces === "costs") rows.push(...(await combined(f, window)).costs);
      return mergeCostRows(rows);
    },

    async fetchUsage(window) {
      assertWindow(window, providerName);
      const rows: UsageBucketRow[] = [];
      for (const f of fetchers) if (f.endpoint.produces === "usage") rows.push(...(await combined(f, window)).usage);
      return mergeUsageRows(rows);
    },
  };
}
