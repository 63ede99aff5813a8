import { AppError } from "@/lib/errors";
import { runConnectionTest } from "@/lib/providers/connection";
import { buildQuery, fetchPageRows, getJson, joinUrl, type HttpContext, type QueryParam } from "@/lib/providers/http";
import { OPENAI_USAGE_ENDPOINTS, OPENAI_USAGE_KINDS, isOpenAiUsageKind, parseOpenAiCostsPage, parseOpenAiUsagePage, type OpenAiUsageKind } from "@/lib/providers/openai";
import { utcMidnight } from "@/lib/providers/response";
import type { BillingProviderClient, FetchWindow, ParsedPage, UsageKind } from "@/lib/providers/types";
import { createWindowFetcher, type EndpointFetcher } from "@/lib/providers/window-fetch";

// OpenAI Administration API over HTTP. Query strings follow the spec: Unix seconds, arrays as
// repeated keys (`group_by=project_id&group_by=line_item`), daily buckets, the largest page.

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
    fetchPageRows(ctx, { baseUrl: config.baseUrl, path, headers, what }, params, parse);

  const costs: EndpointFetcher = {
    endpoint: { id: "costs", label: "costs", produces: "costs", usageKinds: [] },
    pages: (window) => pages("costs", "/v1/organization/costs", [...windowParams(window), ["group_by", "project_id"], ["group_by", "line_item"], ["limit", OPENAI_COSTS_PAGE_LIMIT]], parseOpenAiCostsPage),
  };
  const usage = usageKinds.map((kind): EndpointFetcher => {
    const spec = OPENAI_USAGE_ENDPOINTS[kind];
    return {
      endpoint: { id: `usage/${kind}`, label: `usage (${kind.replace(/_/g, " ")})`, produces: "usage", usageKinds: [kind] },
      pages: (window) =>
        pages(`usage ${kind}`, spec.path, [...windowParams(window), ...spec.groupBy.map((g): Param => ["group_by", g]), ["limit", OPENAI_USAGE_PAGE_LIMIT]], (json) => parseOpenAiUsagePage(kind, json)),
    };
  });

  return {
    provider: "openai",
    stats: ctx.stats,
    ...createWindowFetcher("OpenAI", [costs, ...usage]),

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
