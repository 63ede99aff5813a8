import { db, Prisma } from "@/lib/db";
import { dec } from "@/lib/money";
import type { ModelUsageRow } from "@/lib/pricing/org-impact";
import { catalogProvider, resolveCatalogModel } from "@/lib/pricing/price-book";

// One org's token usage per provider × model × project over a window, summed in Postgres, with each usage
// model name resolved to the catalog model that prices it. Input of price-change impact and retirements.

const DAY_MS = 86_400_000;

/** Usage in [now − days, now), by the UTC days of the buckets. */
export async function orgModelUsage(orgId: string, now: Date, days = 30): Promise<ModelUsageRow[]> {
  const to = new Date(Date.UTC(now.getUTCFullYear(), now.getUTCMonth(), now.getUTCDate()) + DAY_MS);
  const from = new Date(to.getTime() - days * DAY_MS);
  const rows = await db().$queryRaw<
    { provider: string; model: string; projectId: string; projectName: string | null; input: Prisma.Decimal; output: Prisma.Decimal; cached: Prisma.Decimal; cacheWrite: Prisma.Decimal; requests: Prisma.Decimal }[]
  >`
    SELECT u.provider, u.model, u."projectId", p.name AS "projectName",
           SUM(u."inputTokens")::numeric AS input, SUM(u."outputTokens")::numeric AS output,
           SUM(u."cachedInputTokens")::numeric AS cached, SUM(u."cacheWriteTokens")::numeric AS "cacheWrite",
           SUM(u.requests)::numeric AS requests
    FROM "UsageBucket" u
    LEFT JOIN "Project" p ON p."orgId" = u."orgId" AND p.provider = u.provider AND p."externalId" = u."projectId"
    WHERE u."orgId" = ${orgId} AND u.day >= ${from} AND u.day < ${to} AND u.model <> ''
    GROUP BY u.provider, u.model, u."projectId", p.name`;
  // Usage on a cloud ("aws-bedrock") is priced from that host's catalog entries (provider "bedrock").
  const providers = [...new Set(rows.map((r) => catalogProvider(r.provider)))];
  const catalog = providers.length
    ? await db().modelPriceVersion.findMany({ where: { provider: { in: providers } }, distinct: ["provider", "model"], select: { provider: true, model: true } })
    : [];
  const names = new Map<string, Set<string>>();
  for (const c of catalog) names.set(c.provider, (names.get(c.provider) ?? new Set()).add(c.model));
  return rows.map((r) => ({
    provider: catalogProvider(r.provider),
    model: r.model,
    catalogModel: resolveCatalogModel(names.get(catalogProvider(r.provider)) ?? new Set(), r.model),
    projectId: r.projectId,
    projectName: r.projectName ?? (r.projectId || "(no project)"),
    usage: { inputTokens: dec(r.input), outputTokens: dec(r.output), cachedInputTokens: dec(r.cached), cacheWriteTokens: dec(r.cacheWrite), requests: dec(r.requests) },
  }));
}
