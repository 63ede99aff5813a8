import { parseAnthropicCostPage, parseAnthropicUsagePage } from "@/lib/providers/anthropic";
import { runConnectionTest } from "@/lib/providers/connection";
import { buildQuery, fetchPageRows, getJson, joinUrl, type HttpContext, type QueryParam } from "@/lib/providers/http";
import { toRfc3339, utcMidnight } from "@/lib/providers/response";
import type { BillingProviderClient, FetchWindow, ParsedPage } from "@/lib/providers/types";
import { createWindowFetcher, type EndpointFetcher } from "@/lib/providers/window-fetch";

// Anthropic Admin API over HTTP. Arrays use the bracket form (`group_by[]=model`), times are
// RFC 3339, buckets are daily and pages as large as documented.

export const ANTHROPIC_VERSION = "2023-06-01";
/** Both reports: at most 31 daily buckets per page (the cost report's published maximum). */
export const ANTHROPIC_PAGE_LIMIT = 31;

export interface AnthropicClientConfig {
  baseUrl: string;
  now: () => Date;
}

type Param = QueryParam;

function windowParams(window: FetchWindow): Param[] {
  return [
    ["starting_at", toRfc3339(window.start)],
    ["ending_at", toRfc3339(window.end)],
    ["bucket_width", "1d"],
  ];
}

export function createAnthropicClient(ctx: HttpContext, config: AnthropicClientConfig): BillingProviderClient {
  const headers = { "x-api-key": ctx.apiKey, "anthropic-version": ANTHROPIC_VERSION, Accept: "application/json" };

  const pages = <Row>(what: string, path: string, params: Param[], parse: (json: unknown) => ParsedPage<Row>) =>
    fetchPageRows(ctx, { baseUrl: config.baseUrl, path, headers, what }, params, parse);

  const costs: EndpointFetcher = {
    endpoint: { id: "cost_report", label: "cost report", produces: "costs", usageKinds: [] },
    // Grouping by description is what fills model and token type; workspace is our project.
    pages: (window) =>
      pages("cost report", "/v1/organizations/cost_report", [...windowParams(window), ["group_by[]", "workspace_id"], ["group_by[]", "description"], ["limit", ANTHROPIC_PAGE_LIMIT]], parseAnthropicCostPage),
  };
  const usage: EndpointFetcher = {
    endpoint: { id: "usage_report/messages", label: "usage report", produces: "usage", usageKinds: ["messages", "web_search_calls"] },
    pages: (window) =>
      pages("usage report", "/v1/organizations/usage_report/messages", [...windowParams(window), ["group_by[]", "model"], ["group_by[]", "workspace_id"], ["group_by[]", "service_tier"], ["limit", ANTHROPIC_PAGE_LIMIT]], parseAnthropicUsagePage),
  };

  return {
    provider: "anthropic",
    stats: ctx.stats,
    ...createWindowFetcher("Anthropic", [costs, usage]),

    testConnection() {
      return runConnectionTest("Anthropic", "Connected: the Anthropic cost report answered for organisation data.", async () => {
        const end = utcMidnight(config.now());
        const start = new Date(end.getTime() - 86_400_000);
        const query = buildQuery([...windowParams({ start, end }), ["limit", 1]]);
        parseAnthropicCostPage(await getJson(ctx, joinUrl(config.baseUrl, "/v1/organizations/cost_report", query), headers, "cost report"));
      });
    },
  };
}
