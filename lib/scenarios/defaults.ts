import type { OrgContext } from "@/lib/auth/tenancy";
import { scenarioCatalog, catalogPrice, type CatalogModel } from "./catalog";
import { GPU_TYPES, type GpuType } from "@/lib/gpu/gpu-types";
import { newPoolOption, poolSelfHostOption } from "@/lib/breakeven/pool-option";
import { defaultReplacement, replacementCandidates, type ReplacementCandidate } from "@/lib/breakeven/capability-match";
import { capabilityOf } from "@/lib/pricing/capability-tiers";
import { measuredGrowthPct, measuredVolume, measuredWorkloadInput, measuredWorkloads, referenceMonth } from "./measured";
import { poolTargets, type PoolTarget } from "./pools";
import type { ScenarioInput, WorkloadFilter } from "./schema";

// What the builder starts from: the org's measured workloads of the last complete month, the
// catalog's API models, the org's GPU pools and the GPU types a new pool can use, and a first
// scenario filled from them (or from query parameters, e.g. the vendor-risk page's links).

export interface BuilderWorkloadRow {
  provider: string;
  model: string;
  projectId: string;
  projectName: string;
  tokens: string;
  cost: string;
}

export interface BuilderDefaults {
  month: string;
  workloads: BuilderWorkloadRow[];
  catalog: CatalogModel[];
  pools: PoolTarget[];
  gpuTypes: readonly GpuType[];
  /** Open-weight models a pool could serve in place of today's model, with their capability. */
  candidates: ReplacementCandidate[];
}

export async function builderDefaults(ctx: Pick<OrgContext, "orgId">, now: Date): Promise<BuilderDefaults> {
  const month = referenceMonth(now);
  const [workloads, catalog, pools] = await Promise.all([measuredWorkloads(ctx, month), scenarioCatalog(now), poolTargets(ctx, now)]);
  return {
    month,
    workloads: workloads.map((w) => ({ provider: w.provider, model: w.model, projectId: w.projectId, projectName: w.projectName, tokens: w.tokens.toString(), cost: w.cost.toString() })),
    catalog,
    pools,
    gpuTypes: GPU_TYPES,
    candidates: replacementCandidates(
      catalog.filter((m) => m.openWeight && m.mode === "chat").map((m) => m.model),
      pools.map((p) => p.measurement.servedModel).filter((m): m is string => m !== null),
    ),
  };
}

/** Query parameters the builder understands (all optional). */
export interface BuilderParams {
  provider?: string;
  model?: string;
  projectId?: string;
  /** today's vendor's price change, % (100 = doubled) */
  priceChangePct?: string;
  stayPct?: string;
  rampMonths?: string;
  target?: string; // selfHost | api | hybrid
  targetProvider?: string;
  targetModel?: string;
  /** The target API's price per 1M tokens when it is not the catalog's (a batch discount, an effective reserved price). */
  targetInput?: string;
  targetOutput?: string;
  targetCachedInput?: string;
  targetCacheWrite?: string;
  /** The self-host target's existing pool and its sizing (an idle-GPU opportunity's right-size what-if). */
  poolId?: string;
  poolSizing?: string;
  horizon?: string;
}

export function builderParams(search: Record<string, string | string[] | undefined>): BuilderParams {
  const one = (k: string) => {
    const v = search[k];
    return typeof v === "string" ? v : Array.isArray(v) ? v[0] : undefined;
  };
  const keys = ["provider", "model", "projectId", "priceChangePct", "stayPct", "rampMonths", "target", "targetProvider", "targetModel", "targetInput", "targetOutput", "targetCachedInput", "targetCacheWrite", "poolId", "poolSizing", "horizon"] as const;
  return Object.fromEntries(keys.map((k) => [k, one(k)]).filter(([, v]) => v !== undefined)) as BuilderParams;
}

/** The workload filter to start from: the parameters, else the month's most expensive workload. */
export function initialFilter(d: BuilderDefaults, p: BuilderParams): WorkloadFilter {
  if (p.provider || p.model || p.projectId !== undefined) return { ...(p.provider ? { provider: p.provider } : {}), ...(p.model ? { model: p.model } : {}), ...(p.projectId !== undefined ? { projectId: p.projectId } : {}) };
  const top = d.workloads[0];
  return top ? { provider: top.provider, model: top.model, projectId: top.projectId } : {};
}

/**
 * The default API target: the cheapest chat model (by input + output price) of the same capability
 * tier as today's model, open-weight first; without a known tier, the cheapest open-weight one.
 */
export function defaultApiTarget(catalog: readonly CatalogModel[], avoidProvider?: string, todaysModel?: string): CatalogModel | undefined {
  const candidates = catalog.filter((m) => m.mode === "chat" && m.provider !== avoidProvider);
  const cost = (m: CatalogModel) => Number(m.input) + Number(m.output); // ordering only, never money
  const tier = todaysModel ? capabilityOf(todaysModel)?.tier : undefined;
  const sameTier = tier ? candidates.filter((m) => capabilityOf(m.model)?.tier === tier) : [];
  const pool = sameTier.length ? sameTier : candidates;
  const open = pool.filter((m) => m.openWeight).sort((a, b) => cost(a) - cost(b));
  return open[0] ?? [...pool].sort((a, b) => cost(a) - cost(b))[0];
}

export function apiPlanFor(m: CatalogModel) {
  return { provider: m.provider, model: m.model, price: catalogPrice(m) };
}

/**
 * The first self-host plan: the org's first pool (or the one named) as it is, or right-sized when asked
 * (else a new L40S cloud pool), serving the same-tier replacement.
 */
export function selfHostPlanFor(d: BuilderDefaults, todaysModel?: string, poolId?: string, sizing: "as-measured" | "right-size" = "as-measured") {
  const replacement = defaultReplacement(todaysModel ?? null, d.candidates)?.model ?? "";
  const pool = (poolId ? d.pools.find((p) => p.id === poolId) : undefined) ?? d.pools[0];
  if (pool) {
    const { option } = poolSelfHostOption(pool.settings, pool.measurement, replacement || null, sizing);
    return { pool: { source: "existing" as const, poolId: pool.id, name: pool.name, sizing }, replacementModel: replacement, option };
  }
  const type = d.gpuTypes.find((g) => g.name === "NVIDIA L40S") ?? d.gpuTypes[0]!;
  return { pool: { source: "new" as const, gpuType: type.name }, replacementModel: replacement, option: newPoolOption(type, "cloud", replacement || null) };
}

/** A complete first scenario the builder shows (and recalculates) before anything is touched. */
export async function initialScenarioInput(ctx: Pick<OrgContext, "orgId">, d: BuilderDefaults, p: BuilderParams): Promise<ScenarioInput> {
  const filter = initialFilter(d, p);
  const volume = await measuredVolume(ctx, filter, d.month);
  const growth = await measuredGrowthPct(ctx, filter, d.month, volume);
  const api = (p.targetProvider && p.targetModel ? d.catalog.find((m) => m.provider === p.targetProvider && m.model === p.targetModel) : undefined) ?? defaultApiTarget(d.catalog, filter.provider, filter.model);
  // A price given with the link (e.g. a savings opportunity's batch price) wins over the catalog's.
  const price = p.targetInput !== undefined && p.targetOutput !== undefined
    ? { inputPerMTok: p.targetInput, outputPerMTok: p.targetOutput, ...(p.targetCachedInput !== undefined ? { cachedInputPerMTok: p.targetCachedInput } : {}), ...(p.targetCacheWrite !== undefined ? { cacheWritePerMTok: p.targetCacheWrite } : {}) }
    : null;
  const apiPlan = price && p.targetProvider && p.targetModel ? { provider: p.targetProvider, model: p.targetModel, price } : api ? { ...apiPlanFor(api), ...(price ? { price } : {}) } : undefined;
  const kind = p.target === "api" || p.target === "hybrid" || p.target === "selfHost" ? p.target : "selfHost";
  const selfHost = selfHostPlanFor(d, filter.model, p.poolId, p.poolSizing === "right-size" ? "right-size" : "as-measured");
  const target =
    kind === "api" && apiPlan ? { kind: "api" as const, api: apiPlan }
    : kind === "hybrid" && apiPlan ? { kind: "hybrid" as const, selfHostSharePct: "50", selfHost, api: apiPlan }
    : { kind: "selfHost" as const, selfHost };
  const horizon = Number(p.horizon);
  return {
    workload: measuredWorkloadInput(volume),
    target,
    horizonMonths: horizon === 12 || horizon === 24 || horizon === 36 ? horizon : 36,
    growthPctPerMonth: growth ?? "0",
    baselinePriceChangePct: p.priceChangePct ?? "0",
    migration: { engineeringWeeks: "4", weeklyRate: "4000" },
    rampMonths: p.rampMonths !== undefined ? Number(p.rampMonths) : 1,
    stayOnOriginalPct: p.stayPct ?? "10",
    discountRatePctPerYear: "10",
  };
}
