import { OPENAI_USAGE_KINDS } from "@/lib/providers/openai";
import type { FixtureServer, ScriptedResponse } from "./fixture-server";

// Hand-written provider pages in the documented shapes (tests/fixtures/providers/README.md), small
// enough that every stored total can be worked out by hand in the test, and a way to serve them as
// the real APIs page: page n+1 is asked for with `page=<next_page of page n>`.

const unix = (day: string) => Date.parse(`${day}T00:00:00Z`) / 1000;
const rfc = (day: string, plusDays = 0) => new Date(Date.parse(`${day}T00:00:00Z`) + plusDays * 86_400_000).toISOString().replace(".000Z", "Z");

export interface Page {
  data: unknown[];
  has_more: boolean;
  next_page: string | null;
}

// ---- OpenAI ----------------------------------------------------------------------------------

export function openAiCostBucket(day: string, results: Array<{ project?: string | null; lineItem: string; dollars: number }>) {
  return {
    object: "bucket",
    start_time: unix(day),
    end_time: unix(day) + 86_400,
    results: results.map((r) => ({ object: "organization.costs.result", amount: { value: r.dollars, currency: "usd" }, line_item: r.lineItem, project_id: r.project ?? null, api_key_id: null, quantity: null, quantity_unit: null })),
  };
}

export interface CompletionsCounts {
  model?: string | null;
  project?: string | null;
  uncached: number;
  cached?: number;
  output: number;
  requests: number;
  audioIn?: number;
  audioOut?: number;
  imageIn?: number;
  imageOut?: number;
  /** the result of a `group_by=batch` query: true for Batch API traffic */
  batch?: boolean | null;
}

export function openAiCompletionsBucket(day: string, results: CompletionsCounts[]) {
  return {
    object: "bucket",
    start_time: unix(day),
    end_time: unix(day) + 86_400,
    results: results.map((r) => ({
      object: "organization.usage.completions.result",
      input_tokens: r.uncached + (r.cached ?? 0),
      input_cached_tokens: r.cached ?? 0,
      input_cache_write_tokens: 0,
      input_uncached_tokens: r.uncached,
      output_tokens: r.output,
      input_text_tokens: r.uncached - (r.audioIn ?? 0) - (r.imageIn ?? 0),
      output_text_tokens: r.output - (r.audioOut ?? 0) - (r.imageOut ?? 0),
      input_cached_text_tokens: r.cached ?? 0,
      input_audio_tokens: r.audioIn ?? 0,
      input_cached_audio_tokens: 0,
      output_audio_tokens: r.audioOut ?? 0,
      input_image_tokens: r.imageIn ?? 0,
      input_cached_image_tokens: 0,
      output_image_tokens: r.imageOut ?? 0,
      num_model_requests: r.requests,
      project_id: r.project === undefined ? "proj_A" : r.project,
      user_id: null,
      api_key_id: null,
      model: r.model === undefined ? "gpt-4o-mini-2024-07-18" : r.model,
      batch: r.batch ?? null,
      service_tier: null,
    })),
  };
}

// ---- Anthropic -------------------------------------------------------------------------------

export function anthropicCostBucket(day: string, results: Array<{ workspace?: string | null; model?: string | null; description: string; cents: string }>) {
  return {
    starting_at: rfc(day),
    ending_at: rfc(day, 1),
    results: results.map((r) => ({
      amount: r.cents, currency: "USD", cost_type: "tokens", description: r.description, model: r.model ?? null, token_type: null, service_tier: "standard",
      context_window: "0-200k", workspace_id: r.workspace === undefined ? "wrkspc_A" : r.workspace, inference_geo: "global",
    })),
  };
}

export interface MessagesCounts {
  model?: string | null;
  workspace?: string | null;
  uncached: number;
  cacheRead?: number;
  cache5m?: number;
  cache1h?: number;
  output: number;
  webSearches?: number;
  /** the result of a `group_by[]=service_tier` query ("standard", "batch", …) */
  serviceTier?: string | null;
}

export function anthropicUsageBucket(day: string, results: MessagesCounts[]) {
  return {
    starting_at: rfc(day),
    ending_at: rfc(day, 1),
    results: results.map((r) => ({
      uncached_input_tokens: r.uncached,
      cache_read_input_tokens: r.cacheRead ?? 0,
      cache_creation: { ephemeral_5m_input_tokens: r.cache5m ?? 0, ephemeral_1h_input_tokens: r.cache1h ?? 0 },
      output_tokens: r.output,
      server_tool_use: { web_search_requests: r.webSearches ?? 0 },
      model: r.model === undefined ? "claude-3-5-haiku-20241022" : r.model,
      workspace_id: r.workspace === undefined ? "wrkspc_A" : r.workspace,
      api_key_id: null, service_tier: r.serviceTier ?? null, context_window: null, account_id: null, service_account_id: null, inference_geo: null,
    })),
  };
}

// ---- Serving ---------------------------------------------------------------------------------

/** Bucket lists → pages chained by cursors "<prefix>-2", "<prefix>-3", … (OpenAI pages carry `object: "page"`). */
export function pages(provider: "openai" | "anthropic", prefix: string, ...bucketLists: unknown[][]): Page[] {
  return bucketLists.map((data, i) => {
    const last = i === bucketLists.length - 1;
    const page: Page = { data, has_more: !last, next_page: last ? null : `${prefix}-${i + 2}` };
    return provider === "openai" ? ({ object: "page", ...page } as Page) : page;
  });
}

/**
 * Serve `list` at `path`: the first request (no `page`) gets page 1, `page=<prefix>-n` page n.
 * `before` answers are played first on the first page (faults, then the page).
 */
export function servePages(server: FixtureServer, path: string, list: Page[], before: ScriptedResponse[] = []): void {
  list.forEach((page, i) => {
    const cursor = i === 0 ? null : list[i - 1]!.next_page;
    server.on({ path, query: { page: cursor } }, ...(i === 0 ? before : []), { body: page });
  });
}

export const OPENAI_COSTS = "/v1/organization/costs";
export const OPENAI_COMPLETIONS = "/v1/organization/usage/completions";
export const ANTHROPIC_COSTS = "/v1/organizations/cost_report";
export const ANTHROPIC_USAGE = "/v1/organizations/usage_report/messages";

/** Every OpenAI usage endpoint but those given answers with an empty page. */
export function serveEmptyOpenAiUsage(server: FixtureServer, except: readonly string[] = ["completions"]): void {
  for (const kind of OPENAI_USAGE_KINDS) {
    if (!except.includes(kind)) server.on({ path: `/v1/organization/usage/${kind}` }, { body: { object: "page", data: [], has_more: false, next_page: null } });
  }
}
