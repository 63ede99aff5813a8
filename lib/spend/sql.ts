import { Prisma } from "@/lib/db";
import type { GroupBy, SpendFilters } from "./filters";

// SQL fragments shared by every spend query, so a filter means the same thing on every table,
// chart and CSV. Always built with Prisma.sql (bound parameters), never by string concatenation.
// Cost buckets are aliased `cb` everywhere.

/** WHERE of cost buckets: the org first (every query is org-scoped), then the days, then filters. */
export function costWhere(orgId: string, f: Pick<SpendFilters, "from" | "to" | "provider" | "model" | "project" | "tag">): Prisma.Sql {
  const parts: Prisma.Sql[] = [Prisma.sql`cb."orgId" = ${orgId}`, Prisma.sql`cb."day" >= ${f.from}::date`, Prisma.sql`cb."day" <= ${f.to}::date`];
  if (f.provider.length) parts.push(Prisma.sql`cb."provider" IN (${Prisma.join(f.provider)})`);
  if (f.model.length) parts.push(Prisma.sql`cb."model" IN (${Prisma.join(f.model)})`);
  if (f.project.length) parts.push(Prisma.sql`cb."projectId" IN (${Prisma.join(f.project)})`);
  if (f.tag.length) parts.push(Prisma.sql`EXISTS (${projectOf(Prisma.sql`AND p."tags" && ARRAY[${Prisma.join(f.tag)}]::text[]`)})`);
  return Prisma.join(parts, " AND ");
}

/** The Project row a bucket belongs to (same org, provider and external id). */
function projectOf(extra: Prisma.Sql = Prisma.empty): Prisma.Sql {
  return Prisma.sql`SELECT 1 FROM "Project" p WHERE p."orgId" = cb."orgId" AND p."provider" = cb."provider" AND p."externalId" = cb."projectId" ${extra}`;
}

/**
 * Grouping in two steps, because per-row work is what costs over a year of buckets: Postgres first
 * aggregates by plain bucket columns (`inner`, a parallel hash aggregate, no expression per row),
 * then builds the text key from those few hundred groups (`key`, over the CTE `g`). Model is keyed
 * with its provider ("openai/gpt-4o"): two providers may serve models of the same name. Tag is
 * not a column of a bucket: see tagFanOut.
 */
export function grouping(groupBy: Exclude<GroupBy, "tag">): { inner: Prisma.Sql; key: Prisma.Sql } {
  switch (groupBy) {
    case "provider":
      return { inner: Prisma.sql`cb."provider"`, key: Prisma.sql`g."provider"` };
    case "model":
      return { inner: Prisma.sql`cb."provider", cb."model"`, key: Prisma.sql`g."provider" || '/' || g."model"` };
    case "project":
      return { inner: Prisma.sql`cb."projectId"`, key: Prisma.sql`g."projectId"` };
    case "day":
      return { inner: Prisma.sql`cb."day"`, key: DAY_KEY };
    case "month":
      return { inner: Prisma.sql`cb."day"`, key: MONTH_KEY };
  }
}

export const DAY_KEY = Prisma.sql`to_char(g."day", 'YYYY-MM-DD')`;
export const MONTH_KEY = Prisma.sql`to_char(g."day", 'YYYY-MM')`;

/** The columns a tag fan-out needs from the first step. */
export const TAG_INNER = Prisma.sql`cb."orgId", cb."provider", cb."projectId"`;

/**
 * Group by tag: `inner` is already aggregated by (provider, "projectId") (a few hundred rows at
 * most, so the tags are looked up per project, not per bucket); each row then counts under every
 * tag of its project, or under "" when it has none. `columns` are re-summed per tag.
 */
export function tagFanOut(inner: Prisma.Sql, columns: string[]): Prisma.Sql {
  const sums = Prisma.join(columns.map((c) => Prisma.sql`SUM(g.${Prisma.raw(`"${c}"`)}) AS ${Prisma.raw(`"${c}"`)}`));
  return Prisma.sql`
    SELECT COALESCE(t.tag, '') AS key, ${sums}
    FROM (${inner}) g
    LEFT JOIN LATERAL (
      SELECT DISTINCT unnest(p."tags") AS tag FROM "Project" p
      WHERE p."orgId" = g."orgId" AND p."provider" = g."provider" AND p."externalId" = g."projectId") t ON true
    GROUP BY 1`;
}

/** Billed and estimated sums of the rows in scope: exact numerics, 0 rather than NULL. */
export const SUMS = Prisma.sql`
  COALESCE(SUM(cb."amount") FILTER (WHERE NOT cb."estimated"), 0) AS billed,
  COALESCE(SUM(cb."amount") FILTER (WHERE cb."estimated"), 0) AS estimated`;

/** The same sums re-added over the first step's groups (`g`). */
export const RESUMS = Prisma.sql`COALESCE(SUM(g.billed), 0) AS billed, COALESCE(SUM(g.estimated), 0) AS estimated`;
