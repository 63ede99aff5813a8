import { Prisma } from "@/lib/db";
import { splitByMonths, type GroupBy, type SpendFilters } from "./filters";

// SQL fragments shared by every spend query, so a filter means the same thing on every table,
// chart and CSV. Always built with Prisma.sql (bound parameters), never by string concatenation.
// Cost buckets (CostBucket) and their monthly roll-up (CostMonth, kept by triggers) are both
// aliased `cb`: they share the columns filters use (orgId, provider, model, projectId, amount,
// estimated); buckets have `day`, the roll-up `month`.

type Filters = Pick<SpendFilters, "provider" | "model" | "project" | "tag">;

/** The org (every query is org-scoped) and the non-date filters. */
export function filterWhere(orgId: string, f: Filters): Prisma.Sql {
  const parts: Prisma.Sql[] = [Prisma.sql`cb."orgId" = ${orgId}`];
  if (f.provider.length) parts.push(Prisma.sql`cb."provider" IN (${Prisma.join(f.provider)})`);
  if (f.model.length) parts.push(Prisma.sql`cb."model" IN (${Prisma.join(f.model)})`);
  if (f.project.length) parts.push(Prisma.sql`cb."projectId" IN (${Prisma.join(f.project)})`);
  if (f.tag.length) parts.push(Prisma.sql`EXISTS (${projectOf(Prisma.sql`AND p."tags" && ARRAY[${Prisma.join(f.tag)}]::text[]`)})`);
  return Prisma.join(parts, " AND ");
}

/**
 * The source-of-truth rule (docs/spend.md), the one place it is written: per provider and calendar
 * month, when a billing connection reported that provider's costs, its rows are the dollars and
 * pushed/CSV rows for the same provider and month are attribution, left out of totals (the
 * reconciliation page sets them against the billed figure); where no connection reported, pushed
 * and CSV rows are the dollars. Decided per month, not per day, so a day-level sum (CostBucket) and
 * the month roll-up (CostMonth) always agree; the lookup is one probe of CostMonth's primary key.
 */
function connectionBilled(alias: string, month: Prisma.Sql): Prisma.Sql {
  const a = Prisma.raw(alias);
  return Prisma.sql`EXISTS (SELECT 1 FROM "CostMonth" cm WHERE cm."orgId" = ${a}."orgId" AND cm."month" = ${month} AND cm."provider" = ${a}."provider" AND cm."fromConnection")`;
}
/**
 * Whether a cost bucket (alias `alias`) counts as spend under the source-of-truth rule. A row billed by a
 * cloud (host "bedrock", "vertex", "azure": a FOCUS import) always counts: the maker's own connection
 * bills its own API, never the cloud's resale of its models, so the two are different money (docs/focus.md).
 */
export function countedBucket(alias = "cb"): Prisma.Sql {
  const a = Prisma.raw(alias);
  return Prisma.sql`(${a}."origin" = 'PROVIDER_API' OR ${a}."host" <> '' OR NOT ${connectionBilled(alias, Prisma.sql`date_trunc('month', ${a}."day"::timestamp)::date`)})`;
}
/**
 * The same rule for a usage bucket (UsageBucket, alias `alias`; it has no host): measured usage of a month a
 * connection billed is the connection's usage, so the catalog is compared with the usage behind those dollars.
 */
export function countedUsage(alias = "ub"): Prisma.Sql {
  const a = Prisma.raw(alias);
  return Prisma.sql`(${a}."origin" = 'PROVIDER_API' OR NOT ${connectionBilled(alias, Prisma.sql`date_trunc('month', ${a}."day"::timestamp)::date`)})`;
}
/** The same rule for a roll-up row (CostMonth, alias `alias`). */
export function countedMonth(alias = "cb"): Prisma.Sql {
  const a = Prisma.raw(alias);
  return Prisma.sql`(${a}."fromConnection" OR ${a}."host" <> '' OR NOT ${connectionBilled(alias, Prisma.sql`${a}."month"`)})`;
}

/** WHERE of cost buckets for days from..to (inclusive) and the filters. */
export function costWhere(orgId: string, f: Filters & { from: string; to: string }): Prisma.Sql {
  return Prisma.sql`${filterWhere(orgId, f)} AND cb."day" >= ${f.from}::date AND cb."day" <= ${f.to}::date`;
}

/** The Project row a bucket belongs to (same org, provider and external id). */
function projectOf(extra: Prisma.Sql = Prisma.empty): Prisma.Sql {
  return Prisma.sql`SELECT 1 FROM "Project" p WHERE p."orgId" = cb."orgId" AND p."provider" = cb."provider" AND p."externalId" = cb."projectId" ${extra}`;
}

export interface Grouping {
  /** First-step columns over the buckets. */
  inner: Prisma.Sql;
  /** The same columns over the roll-up; null when the grouping needs days (by day). */
  innerMonth: Prisma.Sql | null;
  /** Their names, for re-grouping the union of both. */
  columns: Prisma.Sql;
  /** The text key over the first step's groups (`g`). */
  key: Prisma.Sql;
}

/**
 * Grouping in two steps, because per-row work is what costs over a year of buckets: Postgres first
 * aggregates by plain columns (a parallel hash aggregate, no expression per row, few groups), then
 * builds the text key from those groups. Model is keyed with its provider ("openai/gpt-4o"): two
 * providers may serve models of the same name. A roll-up row's month is its first day, so it and
 * the buckets' days of the same month get the same month key. Tag is not a column: see tagFanOut.
 */
export function grouping(groupBy: GroupBy): Grouping {
  // Columns both tables have: the same first step over either.
  const same = (cols: string) => {
    const onCb = Prisma.raw(cols.split(", ").map((c) => `cb.${c}`).join(", "));
    return { inner: onCb, innerMonth: onCb, columns: Prisma.raw(cols) };
  };
  switch (groupBy) {
    case "provider":
      return { ...same(`"provider"`), key: Prisma.sql`g."provider"` };
    case "model":
      return { ...same(`"provider", "model"`), key: Prisma.sql`g."provider" || '/' || g."model"` };
    case "project":
      return { ...same(`"projectId"`), key: Prisma.sql`g."projectId"` };
    case "tag":
      return { ...same(`"orgId", "provider", "projectId"`), key: Prisma.sql`g."projectId"` }; // key unused: tags fan out
    case "day":
      return { inner: Prisma.sql`cb."day"`, innerMonth: null, columns: Prisma.sql`"day"`, key: DAY_KEY };
    case "month":
      // Days of part months stay days in the first step; the month key merges them with whole months.
      return { inner: Prisma.sql`cb."day"`, innerMonth: Prisma.sql`cb."month" AS "day"`, columns: Prisma.sql`"day"`, key: MONTH_KEY };
  }
}

export const DAY_KEY = Prisma.sql`to_char(g."day", 'YYYY-MM-DD')`;
export const MONTH_KEY = Prisma.sql`to_char(g."day", 'YYYY-MM')`;

/**
 * The CTE `g`: the range's spend by the grouping's columns, whole months from the roll-up and the
 * remaining days from the buckets, each part summed (SUMS) and the union re-summed.
 */
export function groupedSource(orgId: string, f: SpendFilters, groupBy: GroupBy): Prisma.Sql {
  const gr = grouping(groupBy);
  const split = gr.innerMonth ? splitByMonths(f.from, f.to) : { months: null, days: [{ from: f.from, to: f.to }] };
  const parts: Prisma.Sql[] = [];
  if (split.days.length) {
    const days = Prisma.join(split.days.map((d) => Prisma.sql`(cb."day" >= ${d.from}::date AND cb."day" <= ${d.to}::date)`), " OR ");
    parts.push(Prisma.sql`SELECT ${gr.inner}, ${SUMS} FROM "CostBucket" cb WHERE ${filterWhere(orgId, f)} AND ${countedBucket()} AND (${days}) GROUP BY ${gr.columns}`);
  }
  if (split.months && gr.innerMonth) {
    parts.push(Prisma.sql`SELECT ${gr.innerMonth}, ${SUMS} FROM "CostMonth" cb WHERE ${filterWhere(orgId, f)} AND ${countedMonth()} AND cb."month" >= ${split.months.from}::date AND cb."month" < ${split.months.to}::date GROUP BY ${gr.columns}`);
  }
  return Prisma.sql`g AS (SELECT ${gr.columns}, ${RESUMS_SRC} FROM (${Prisma.join(parts, " UNION ALL ")}) src GROUP BY ${gr.columns})`;
}

/**
 * Group by tag: `inner` is already aggregated by (orgId, provider, projectId) (a few hundred rows at
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

/** The same sums re-added over the parts of a source (`src`). */
const RESUMS_SRC = Prisma.sql`SUM(src.billed) AS billed, SUM(src.estimated) AS estimated`;

/** The same sums re-added over the first step's groups (`g`). */
export const RESUMS = Prisma.sql`COALESCE(SUM(g.billed), 0) AS billed, COALESCE(SUM(g.estimated), 0) AS estimated`;
