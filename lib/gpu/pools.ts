import { db, Prisma } from "@/lib/db";
import { AppError, parseOrThrow } from "@/lib/errors";
import { inOrg, type OrgContext } from "@/lib/auth/tenancy";
import { logger } from "@/lib/log";
import { normaliseSourceUrl, poolColumns, sourceInputSchema, validatePoolInput } from "@/lib/gpu/pool-input";
import { scheduleSourceScrape, unscheduleSourceScrape } from "@/lib/gpu/schedule";
import { refreshPoolStatus } from "@/lib/gpu/store";
import { poolSettingsOf } from "@/lib/gpu/pool-measurement";
import type { PoolSettings } from "@/lib/breakeven/pool-option";
import { assertFetchable } from "@/lib/net/safe-fetch";

// GPU pools and their metric sources, org-scoped: another org's pool or source id is NOT_FOUND.
// After a change is committed the sources' scrape schedulers follow it (see lib/gpu/schedule).

export const MAX_SOURCES_PER_POOL = 20;

const poolInclude = { sources: { orderBy: { createdAt: "asc" } } } satisfies Prisma.GpuPoolInclude;
type PoolRow = Prisma.GpuPoolGetPayload<{ include: typeof poolInclude }>;

export interface GpuSourceDto {
  id: string;
  kind: "PROMETHEUS_TEXT" | "PROMETHEUS_API";
  url: string;
  enabled: boolean;
  lastScrapeAt: string | null;
  lastError: string | null;
}

export interface GpuPoolSettingsDto extends PoolSettings {
  pricingTerm: "ON_DEMAND" | "RESERVED" | null;
  comparableProvider: string | null;
  comparableModel: string | null;
  idleUtilisationPct: string;
  scrapeIntervalSeconds: number;
  lastScrapeAt: string | null;
  lastScrapeError: string | null;
  sources: GpuSourceDto[];
}

export function toSettingsDto(p: PoolRow): GpuPoolSettingsDto {
  return {
    ...poolSettingsOf(p), pricingTerm: p.pricingTerm,
    comparableProvider: p.comparableProvider, comparableModel: p.comparableModel, idleUtilisationPct: p.idleUtilisationPct.toString(),
    scrapeIntervalSeconds: p.scrapeIntervalSeconds, lastScrapeAt: p.lastScrapeAt?.toISOString() ?? null, lastScrapeError: p.lastScrapeError,
    sources: p.sources.map((s) => ({ id: s.id, kind: s.kind, url: s.url, enabled: s.enabled, lastScrapeAt: s.lastScrapeAt?.toISOString() ?? null, lastError: s.lastError })),
  };
}

export async function listPools(ctx: Pick<OrgContext, "orgId">): Promise<GpuPoolSettingsDto[]> {
  const rows = await db().gpuPool.findMany({ where: inOrg(ctx), include: poolInclude, orderBy: { name: "asc" } });
  return rows.map(toSettingsDto);
}

export async function getPool(ctx: Pick<OrgContext, "orgId">, poolId: string): Promise<GpuPoolSettingsDto> {
  return toSettingsDto(await findPool(ctx, poolId));
}

async function findPool(ctx: Pick<OrgContext, "orgId">, poolId: string): Promise<PoolRow> {
  const pool = await db().gpuPool.findFirst({ where: inOrg(ctx, { id: poolId }), include: poolInclude });
  if (!pool) throw new AppError("NOT_FOUND", "No such GPU pool.");
  return pool;
}

export async function createPool(ctx: OrgContext, input: unknown): Promise<GpuPoolSettingsDto> {
  const columns = poolColumns(validatePoolInput(input));
  const pool = await uniqueName(() => db().gpuPool.create({ data: { ...columns, orgId: ctx.orgId }, include: poolInclude }));
  await audit(ctx, "gpuPool.created", pool.id, { name: pool.name });
  return toSettingsDto(pool);
}

/** A partial change: merged over the stored pool, then the whole pool is validated again. */
export async function updatePool(ctx: OrgContext, poolId: string, patch: unknown): Promise<GpuPoolSettingsDto> {
  const current = await findPool(ctx, poolId);
  if (typeof patch !== "object" || patch === null || Array.isArray(patch)) throw new AppError("BAD_INPUT", "GPU pool change must be a JSON object", { issues: [{ field: "(body)", message: "must be an object" }] });
  const { sources: _sources, ...stored } = toSettingsDto(current);
  const columns = poolColumns(validatePoolInput({ ...stored, ...patch }));
  const pool = await uniqueName(() => db().gpuPool.update({ where: { id: current.id }, data: columns, include: poolInclude }));
  if (pool.scrapeIntervalSeconds !== current.scrapeIntervalSeconds) await followSchedules(pool.sources.map((s) => ({ ...s, intervalSeconds: pool.scrapeIntervalSeconds })));
  await audit(ctx, "gpuPool.updated", pool.id, { fields: Object.keys(patch) });
  return toSettingsDto(pool);
}

export async function deletePool(ctx: OrgContext, poolId: string): Promise<void> {
  const pool = await findPool(ctx, poolId);
  await db().gpuPool.delete({ where: { id: pool.id } }); // sources, samples and hourly rows cascade
  await followSchedules(pool.sources.map((s) => ({ ...s, enabled: false, intervalSeconds: 0 })));
  await audit(ctx, "gpuPool.deleted", pool.id, { name: pool.name });
}

export async function addSource(ctx: OrgContext, poolId: string, input: unknown): Promise<GpuSourceDto> {
  const pool = await findPool(ctx, poolId);
  const body = parseOrThrow(sourceInputSchema, input, "metric source");
  await assertFetchable(body.url, "url");
  if (pool.sources.length >= MAX_SOURCES_PER_POOL) throw new AppError("BAD_INPUT", `A pool has at most ${MAX_SOURCES_PER_POOL} metric sources.`, { issues: [{ field: "url", message: `at most ${MAX_SOURCES_PER_POOL} sources per pool` }] });
  const source = await db().gpuMetricSource.create({ data: { orgId: ctx.orgId, poolId: pool.id, kind: body.kind, url: normaliseSourceUrl(body.kind, body.url), enabled: body.enabled } });
  await followSchedules([{ ...source, intervalSeconds: pool.scrapeIntervalSeconds }]);
  await audit(ctx, "gpuSource.created", source.id, { poolId: pool.id, kind: source.kind });
  return (await getPool(ctx, pool.id)).sources.find((s) => s.id === source.id)!;
}

export async function updateSource(ctx: OrgContext, poolId: string, sourceId: string, patch: unknown): Promise<GpuSourceDto> {
  const pool = await findPool(ctx, poolId);
  const current = pool.sources.find((s) => s.id === sourceId);
  if (!current) throw new AppError("NOT_FOUND", "No such metric source.");
  const merged = { kind: current.kind, url: current.url, enabled: current.enabled, ...(typeof patch === "object" && patch !== null ? patch : {}) };
  const body = parseOrThrow(sourceInputSchema, merged, "metric source");
  const url = normaliseSourceUrl(body.kind, body.url);
  // A new target starts afresh: its error and Prometheus cursor belonged to the old one.
  const retarget = url !== current.url || body.kind !== current.kind;
  if (url !== current.url) await assertFetchable(body.url, "url");
  const source = await db().gpuMetricSource.update({
    where: { id: current.id },
    data: { kind: body.kind, url, enabled: body.enabled, ...(retarget ? { lastError: null, lastScrapeAt: null } : {}), ...(!body.enabled ? { lastError: null } : {}) },
  });
  await refreshPoolStatus(pool.id);
  await followSchedules([{ ...source, intervalSeconds: pool.scrapeIntervalSeconds }]);
  await audit(ctx, "gpuSource.updated", source.id, { poolId: pool.id, enabled: source.enabled });
  return (await getPool(ctx, pool.id)).sources.find((s) => s.id === source.id)!;
}

export async function removeSource(ctx: OrgContext, poolId: string, sourceId: string): Promise<void> {
  const pool = await findPool(ctx, poolId);
  const source = pool.sources.find((s) => s.id === sourceId);
  if (!source) throw new AppError("NOT_FOUND", "No such metric source.");
  await db().gpuMetricSource.delete({ where: { id: source.id } }); // its raw samples cascade
  await refreshPoolStatus(pool.id);
  await followSchedules([{ ...source, enabled: false, intervalSeconds: 0 }]);
  await audit(ctx, "gpuSource.deleted", source.id, { poolId: pool.id });
}

async function uniqueName<T>(write: () => Promise<T>): Promise<T> {
  try {
    return await write();
  } catch (e) {
    if (e instanceof Prisma.PrismaClientKnownRequestError && e.code === "P2002") {
      throw new AppError("CONFLICT", "A GPU pool with this name already exists.", { issues: [{ field: "name", message: "a pool with this name already exists" }] });
    }
    throw e;
  }
}

/**
 * Make the scrape schedulers follow committed changes. The change stands even if Redis is
 * unreachable: the workers re-sync every scheduler at start and every hour.
 */
async function followSchedules(sources: Array<{ id: string; enabled: boolean; intervalSeconds: number }>): Promise<void> {
  try {
    for (const s of sources) {
      if (s.enabled) await scheduleSourceScrape(s, s.intervalSeconds);
      else await unscheduleSourceScrape(s.id);
    }
  } catch (e) {
    logger.warn("GPU scrape schedulers not updated; the workers' hourly sync will", { sources: sources.map((s) => s.id), error: e instanceof Error ? e.message : String(e) });
  }
}

async function audit(ctx: OrgContext, action: string, targetId: string, data: Record<string, unknown>) {
  await db().auditLog.create({ data: { orgId: ctx.orgId, actorUserId: ctx.userId, ip: ctx.clientIp ?? null, action, targetType: action.split(".")[0] === "gpuPool" ? "GpuPool" : "GpuMetricSource", targetId, data: data as Prisma.InputJsonValue } });
}
