import { z } from "zod";
import { db } from "@/lib/db";
import { parseOrThrow } from "@/lib/errors";
import type { OrgContext } from "@/lib/auth/tenancy";

// Which span or resource attribute feeds each attribution dimension, per org (OtelAttribution).
// A span attribute wins over the resource attribute of the same name; the first user attribute
// present is the user. Values are capped per day: the top N by cost, the rest "(other)".

export interface AttributionConfig {
  projectAttribute: string;
  userAttributes: string[];
  featureAttribute: string;
  customerAttribute: string;
  topN: number;
}

export const DEFAULT_ATTRIBUTION: AttributionConfig = {
  projectAttribute: "service.name",
  userAttributes: ["enduser.id", "user.id"],
  featureAttribute: "app.feature",
  customerAttribute: "customer.id",
  topN: 50,
};

export const DIMENSIONS = ["project", "user", "feature", "customer"] as const;
export type Dimension = (typeof DIMENSIONS)[number];
/** The value every dimension's values beyond the day's top N are grouped under. */
export const OTHER = "(other)";

const attributeName = z.string().trim().min(1, "required").max(200, "at most 200 characters").regex(/^[A-Za-z0-9_.\-/]+$/, "letters, digits, . _ - / only");
export const attributionSchema = z.strictObject({
  projectAttribute: attributeName,
  userAttributes: z.array(attributeName).min(1, "at least one attribute").max(5, "at most 5 attributes"),
  featureAttribute: attributeName,
  customerAttribute: attributeName,
  topN: z.number().int("a whole number").min(1, "at least 1").max(500, "at most 500"),
});

export async function loadAttribution(orgId: string): Promise<AttributionConfig> {
  const row = await db().otelAttribution.findUnique({ where: { orgId } });
  if (!row) return DEFAULT_ATTRIBUTION;
  return { projectAttribute: row.projectAttribute, userAttributes: row.userAttributes, featureAttribute: row.featureAttribute, customerAttribute: row.customerAttribute, topN: row.topN };
}

// The ingest path reads the mapping per request: kept 30 s per process, so a stream of batches
// does not query it each time (a changed mapping applies within 30 s; this process's own save at once).
const CACHE_MS = 30_000;
const cache = new Map<string, { at: number; config: AttributionConfig }>();

export async function cachedAttribution(orgId: string, nowMs = Date.now()): Promise<AttributionConfig> {
  const hit = cache.get(orgId);
  if (hit && nowMs - hit.at < CACHE_MS) return hit.config;
  const config = await loadAttribution(orgId);
  cache.set(orgId, { at: nowMs, config });
  return config;
}

export async function saveAttribution(ctx: Pick<OrgContext, "orgId">, body: unknown): Promise<AttributionConfig> {
  const input = parseOrThrow(attributionSchema, body, "attribution settings");
  await db().otelAttribution.upsert({ where: { orgId: ctx.orgId }, create: { orgId: ctx.orgId, ...input }, update: input });
  cache.delete(ctx.orgId);
  return input;
}
