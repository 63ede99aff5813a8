import { db } from "@/lib/db";
import type { OrgContext } from "@/lib/auth/tenancy";
import type { SpendFilters } from "./filters";
import { costWhere } from "./sql";
import { providerLabel } from "./view";

// Tokens by model for the Spend page's range and filters: every token class the providers report
// (audio, image and Batch API as a breakdown of input and output), and usage whose model the provider did
// not report as its own row, so it never vanishes when no dollars could be put on it.

/** What a bucket without a model reads as, in Spend and Reconciliation. */
export const MODEL_NOT_REPORTED = "model not reported";

export interface TokenUsageRow {
  provider: string;
  model: string;
  /** "gpt-4o · OpenAI", or "model not reported · OpenAI". */
  label: string;
  inputTokens: string;
  cachedInputTokens: string;
  cacheWriteTokens: string;
  outputTokens: string;
  audioInputTokens: string;
  audioOutputTokens: string;
  imageInputTokens: string;
  imageOutputTokens: string;
  batchInputTokens: string;
  batchOutputTokens: string;
  requests: string;
}

const COLUMNS = ["inputTokens", "cachedInputTokens", "cacheWriteTokens", "outputTokens", "audioInputTokens", "audioOutputTokens", "imageInputTokens", "imageOutputTokens", "batchInputTokens", "batchOutputTokens", "requests"] as const;

export async function getTokenUsageByModel(ctx: Pick<OrgContext, "orgId">, f: SpendFilters): Promise<TokenUsageRow[]> {
  // UsageBucket has the columns the spend filters use; aliased cb like the cost buckets.
  const rows = await db().$queryRaw<Array<{ provider: string; model: string } & Record<(typeof COLUMNS)[number], bigint>>>`
    SELECT cb.provider, cb.model,
      SUM(cb."inputTokens")::bigint AS "inputTokens", SUM(cb."cachedInputTokens")::bigint AS "cachedInputTokens", SUM(cb."cacheWriteTokens")::bigint AS "cacheWriteTokens",
      SUM(cb."outputTokens")::bigint AS "outputTokens", SUM(cb."audioInputTokens")::bigint AS "audioInputTokens", SUM(cb."audioOutputTokens")::bigint AS "audioOutputTokens",
      SUM(cb."imageInputTokens")::bigint AS "imageInputTokens", SUM(cb."imageOutputTokens")::bigint AS "imageOutputTokens",
      SUM(cb."batchInputTokens")::bigint AS "batchInputTokens", SUM(cb."batchOutputTokens")::bigint AS "batchOutputTokens", SUM(cb."requests")::bigint AS "requests"
    FROM "UsageBucket" cb
    WHERE ${costWhere(ctx.orgId, f)} AND cb."inputTokens" + cb."cachedInputTokens" + cb."cacheWriteTokens" + cb."outputTokens" > 0
    GROUP BY cb.provider, cb.model
    ORDER BY cb.provider, cb.model`;
  return rows.map((r) => ({
    provider: r.provider,
    model: r.model,
    label: `${r.model || MODEL_NOT_REPORTED} · ${providerLabel(r.provider)}`,
    ...(Object.fromEntries(COLUMNS.map((c) => [c, r[c].toString()])) as Record<(typeof COLUMNS)[number], string>),
  }));
}
