import { parseAnthropicCostPage, parseAnthropicUsagePage } from "@/lib/providers/anthropic";
import { assertWindow, runConnectionTest } from "@/lib/providers/connection";
import { buildQuery, fetchAllRows, getJson, joinUrl, type HttpContext, type QueryParam } from "@/lib/providers/http";
import { mergeCostRows, mergeUsageRows } from "@/lib/providers/merge";
import { toRfc3339, utcMidnight } from "@/lib/providers/response";
import type { BillingProviderClient, FetchWindow, ParsedPage } from "@/lib/providers/types";

// Anthropic Admin API over HTTP. Arrays use the bracket form (`group_by[]=model`), times are
// RFC 3339, buckets are daily and pages as large as documented.

export const ANTHROPIC_DEFAULT_BASE_URL = "https://api.anthropic.com";
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
    fetchAllRows(ctx, { baseUrl: config.baseUrl, path, headers, what }, params, parse);

  return {
    provider: "anthropic",
    stats: ctx.stats,

    async fetchCosts(window) {
      assertWindow(window, "Anthropic");
      // Grouping by description is what fills model and token type; workspace is our project.
      const params: Param[] = [...windowParams(window), ["group_by[]", "workspace_id"], ["group_by[]", "description"], ["limit", ANTHROPIC_PAGE_LIMIT]];
      return mergeCostRows(await pages("cost report", "/v1/organizations/cost_report", params, parseAnthropicCostPage));
    },

    async fetchUsage(window) {
      assertWindow(window, "Anthropic");
      const params: Param[] = [...windowParams(window), ["group_by[]", "model"], ["group_by[]", "workspace_id"], ["limit", ANTHROPIC_PAGE_LIMIT]];
      return mergeUsageRows(await pages("usage report", "/v1/organizations/usage_report/messages", params, parseAnthropicUsagePage));
    },

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
