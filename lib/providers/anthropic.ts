import { z } from "zod";
import { dec } from "@/lib/money";
import { countToBigInt, isoToUtcDay, parseProviderBody } from "@/lib/providers/response";
import type { CostBucketRow, ParsedPage, UsageBucketRow } from "@/lib/providers/types";

// Pure parsing of the Anthropic Admin API usage and cost reports, shapes as in
// tests/fixtures/providers/README.md §2. Keys added in 2026 (account_id, service_account_id,
// inference_geo) are optional and ignored.

const count = z.number().int().nonnegative();
const groupKey = z.string().nullish();

function reportSchema<R extends z.ZodType>(result: R) {
  const bucket = z.object({
    starting_at: z.iso.datetime({ offset: true }),
    ending_at: z.iso.datetime({ offset: true }).optional(),
    results: z.array(result),
  });
  return z.object({ data: z.array(bucket), has_more: z.boolean(), next_page: z.string().nullish() });
}

// ---- Usage report --------------------------------------------------------------------------

const usageResult = z.object({
  uncached_input_tokens: count,
  cache_read_input_tokens: count,
  // Both parts are documented; the 1-hour cache is newer, so tolerate either missing.
  cache_creation: z.object({ ephemeral_5m_input_tokens: count.nullish(), ephemeral_1h_input_tokens: count.nullish() }),
  output_tokens: count,
  server_tool_use: z.object({ web_search_requests: count.nullish() }).nullish(),
  model: groupKey,
  workspace_id: groupKey,
  api_key_id: groupKey,
  service_tier: groupKey,
  context_window: groupKey,
});
const usagePage = reportSchema(usageResult);

/**
 * One page of `GET /v1/organizations/usage_report/messages` → "messages" rows, plus a
 * "web_search_calls" row where searches were made (billed per search, not per token).
 * The report has no request count, so `requests` is 0 (unknown), never invented.
 */
export function parseAnthropicUsagePage(json: unknown): ParsedPage<UsageBucketRow> {
  const page = parseProviderBody(usagePage, json, "Anthropic usage report");
  const rows: UsageBucketRow[] = [];
  for (const bucket of page.data) {
    const day = isoToUtcDay(bucket.starting_at);
    for (const r of bucket.results) {
      // workspace_id null is the default workspace: "" like every other "no project".
      const key = { provider: "anthropic", day, projectId: r.workspace_id ?? "", model: r.model ?? "" } as const;
      // Grouped by service tier, a "batch" result is Message Batches traffic: its uncached input and its
      // output are priced at the catalog's batch rates (cache reads/writes stay at their own rates).
      const batch = r.service_tier === "batch";
      rows.push({
        ...key,
        usageKind: "messages",
        inputTokens: BigInt(r.uncached_input_tokens),
        outputTokens: BigInt(r.output_tokens),
        cachedInputTokens: BigInt(r.cache_read_input_tokens),
        cacheWriteTokens: countToBigInt(r.cache_creation.ephemeral_5m_input_tokens) + countToBigInt(r.cache_creation.ephemeral_1h_input_tokens),
        cacheWrite1hTokens: countToBigInt(r.cache_creation.ephemeral_1h_input_tokens),
        ...(batch ? { batchInputTokens: BigInt(r.uncached_input_tokens), batchOutputTokens: BigInt(r.output_tokens) } : {}),
        requests: 0n,
        units: null,
        unit: null,
      });
      const searches = r.server_tool_use?.web_search_requests ?? 0;
      if (searches > 0) {
        rows.push({
          ...key,
          usageKind: "web_search_calls",
          inputTokens: 0n,
          outputTokens: 0n,
          cachedInputTokens: 0n,
          cacheWriteTokens: 0n,
          requests: 0n,
          units: dec(searches),
          unit: "calls",
        });
      }
    }
  }
  return { rows, has_more: page.has_more, next_page: page.next_page ?? null };
}

// ---- Cost report ---------------------------------------------------------------------------

const costResult = z.object({
  // Lowest currency unit (cents) as a decimal string, fractions allowed: "123.45" = $1.2345.
  amount: z.string().regex(/^-?\d+(\.\d+)?$/, "expected a decimal string (cents)"),
  currency: z.string().min(1),
  cost_type: groupKey,
  description: groupKey,
  model: groupKey,
  token_type: groupKey,
  service_tier: groupKey,
  context_window: groupKey,
  workspace_id: groupKey,
});
const costPage = reportSchema(costResult);

/** One page of `GET /v1/organizations/cost_report` → cost rows in dollars (cents ÷ 100, exact). */
export function parseAnthropicCostPage(json: unknown): ParsedPage<CostBucketRow> {
  const page = parseProviderBody(costPage, json, "Anthropic cost report");
  const rows: CostBucketRow[] = [];
  for (const bucket of page.data) {
    const day = isoToUtcDay(bucket.starting_at);
    for (const r of bucket.results) {
      rows.push({
        provider: "anthropic",
        day,
        projectId: r.workspace_id ?? "",
        model: r.model ?? "",
        // The description names model and token type ("Claude Sonnet 4 Usage - Input Tokens").
        lineItem: r.description ?? "",
        // Anthropic prints "USD"; we store ISO codes lowercase like OpenAI.
        currency: r.currency.toLowerCase(),
        amount: dec(r.amount).dividedBy(100),
        quantity: null,
        quantityUnit: null,
      });
    }
  }
  return { rows, has_more: page.has_more, next_page: page.next_page ?? null };
}
