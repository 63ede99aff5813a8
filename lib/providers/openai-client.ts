import { AppError } from "@/lib/errors";
import { assertWindow, runConnectionTest } from "@/lib/providers/connection";
import { buildQuery, fetchAllRows, getJson, joinUrl, type HttpContext, type QueryParam } from "@/lib/providers/http";
import { mergeCostRows, mergeUsageRows } from "@/lib/providers/merge";
import { OPENAI_USAGE_ENDPOINTS, OPENAI_USAGE_KINDS, isOpenAiUsageKind, parseOpenAiCostsPage, parseOpenAiUsagePage, type OpenAiUsageKind } from "@/lib/providers/openai";
import { utcMidnight } from "@/lib/providers/response";
import type { BillingProviderClient, CostBucketRow, FetchWindow, ParsedPage, UsageBucketRow, UsageKind } from "@/lib/providers/types";

// OpenAI Administration API over HTTP. Query strings follow the spec: Unix seconds, arrays as
// repeated keys (`group_by=project_id&group_by=line_item`), daily buckets, the largest page.

export const OPENAI_DEFAULT_BASE_URL = "https://api.openai.com";
/** Costs accept 1–180 buckets per page with 1d buckets; usage endpoints at most 31. */
export const OPENAI_COSTS_PAGE_LIMIT = 180;
export const OPENAI_USAGE_PAGE_LIMIT = 31;

export interface OpenAiClientConfig {
  baseUrl: string;
  now: () => Date;
  usageKinds?: readonly UsageKind[];
}

type Param = QueryParam;

function windowParams(window: FetchWindow): Param[] {
  // start inclusive, end exclusive, whole seconds: round the end up so no part of it is lost.
  return [
    ["start_time", Math.floor(window.start.getTime() / 1000)],
    ["end_time", Math.ceil(window.end.getTime() / 1000)],
    ["bucket_width", "1d"],
  ];
}

export function createOpenAiClient(ctx: HttpContext, config: OpenAiClientConfig): BillingProviderClient {
  const headers = { Authorization: `Bearer ${ctx.apiKey}`, Accept: "application/json" };
  const usageKinds = resolveUsageKinds(config.usageKinds);

  const pages = <Row>(what: string, path: string, params: Param[], parse: (json: unknown) => ParsedPage<Row>) =>
    fetchAllRows(ctx, { baseUrl: config.baseUrl, path, headers, what }, params, parse);

  return {
    provider: "openai",
    stats: ctx.stats,

    async fetchCosts(window) {
      assertWindow(window, "OpenAI");
      const params: Param[] = [...windowParams(window), ["group_by", "project_id"], ["group_by", "line_item"], ["limit", OPENAI_COSTS_PAGE_LIMIT]];
      const rows: CostBucketRow[] = await pages("costs", "/v1/organization/costs", params, parseOpenAiCostsPage);
      return mergeCostRows(rows);
    },

    async fetchUsage(window) {
      assertWindow(window, "OpenAI");
      const rows: UsageBucketRow[] = [];
      // One endpoint after another: the admin endpoints share a rate limit, parallel calls only buy 429s.
      for (const kind of usageKinds) {
        const spec = OPENAI_USAGE_ENDPOINTS[kind];
        const params: Param[] = [...windowParams(window), ...spec.groupBy.map((g): Param => ["group_by", g]), ["limit", OPENAI_USAGE_PAGE_LIMIT]];
        rows.push(...(await pages(`usage ${kind}`, spec.path, params, (json) => parseOpenAiUsagePage(kind, json))));
      }
      return mergeUsageRows(rows);
    },

    testConnection() {
      return runConnectionTest("OpenAI", "Connected: the OpenAI Costs API answered for organisation data.", async () => {
        const end = utcMidnight(config.now());
        const start = new Date(end.getTime() - 86_400_000);
        const query = buildQuery([...windowParams({ start, end }), ["limit", 1]]);
        parseOpenAiCostsPage(await getJson(ctx, joinUrl(config.baseUrl, "/v1/organization/costs", query), headers, "costs"));
      });
    },
  };
}

function resolveUsageKinds(kinds: readonly UsageKind[] | undefined): OpenAiUsageKind[] {
  if (!kinds) return OPENAI_USAGE_KINDS;
  return kinds.map((k) => {
    if (!isOpenAiUsageKind(k)) {
      throw new AppError("BAD_INPUT", `OpenAI has no usage endpoint "${k}"`, { issues: [{ field: "usageKinds", message: `unknown kind ${k}` }] });
    }
    return k;
  });
}
