import type { OrgContext } from "@/lib/auth/tenancy";
import { scenarioCatalog, catalogPrice, type CatalogModel } from "./catalog";
import { GPU_TYPES, newPoolOption, type GpuType } from "./gpuTypes";
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
  horizon?: string;
}

export function builderParams(search: Record<string, string | string[] | undefined>): BuilderParams {
  const one = (k: string) => {
    const v = search[k];
    return typeof v === "string" ? v : Array.isArray(v) ? v[0] : undefined;
  };
  const keys = ["provider", "model", "projectId", "priceChangePct", "stayPct", "rampMonths", "target", "targetProvider", "targetModel", "horizon"] as const;
  return Object.fromEntries(keys.map((k) => [k, one(k)]).filter(([, v]) => v !== undefined)) as BuilderParams;
}

/** The workload filter to start from: the parameters, else the month's most expensive workload. */
export function initialFilter(d: BuilderDefaults, p: BuilderParams): WorkloadFilter {
  if (p.provider || p.model || p.projectId !== undefined) return { ...(p.provider ? { provider: p.provider } : {}), ...(p.model ? { model: p.model } : {}), ...(p.projectId !== undefined ? { projectId: p.projectId } : {}) };
  const top = d.workloads[0];
  return top ? { provider: top.provider, model: top.model, projectId: top.projectId } : {};
}

/** The cheapest open-weight chat model in the catalog (by input + output price): the default API target. */
export function defaultApiTarget(catalog: readonly CatalogModel[], avoidProvider?: string): CatalogModel | undefined {
  const candidates = catalog.filter((m) => m.mode === "chat" && m.provider !== avoidProvider);
  const cost = (m: CatalogModel) => Number(m.input) + Number(m.output); // ordering only, never money
  const open = candidates.filter((m) => m.openWeight).sort((a, b) => cost(a) - cost(b));
  return open[0] ?? candidates.sort((a, b) => cost(a) - cost(b))[0];
}

export function apiPlanFor(m: CatalogModel) {
  return { provider: m.provider, model: m.model, price: catalogPrice(m) };
}

export function selfHostPlanFor(d: BuilderDefaults) {
  const pool = d.pools[0];
  if (pool) return { pool: { source: "existing" as const, poolId: pool.id, name: pool.name }, option: pool.option };
  const type = d.gpuTypes.find((g) => g.name === "NVIDIA L40S") ?? d.gpuTypes[0]!;
  return { pool: { source: "new" as const, gpuType: type.name }, option: newPoolOption(type, "cloud") };
}

/** A complete first scenario the builder shows (and recalculates) before anything is touched. */
export async function initialScenarioInput(ctx: Pick<OrgContext, "orgId">, d: BuilderDefaults, p: BuilderParams): Promise<ScenarioInput> {
  const filter = initialFilter(d, p);
  const volume = await measuredVolume(ctx, filter, d.month);
  const growth = await measuredGrowthPct(ctx, filter, d.month, volume);
  const api = (p.targetProvider && p.targetModel ? d.catalog.find((m) => m.provider === p.targetProvider && m.model === p.targetModel) : undefined) ?? defaultApiTarget(d.catalog, filter.provider);
  const kind = p.target === "api" || p.target === "hybrid" || p.target === "selfHost" ? p.target : "selfHost";
  const selfHost = selfHostPlanFor(d);
  const target =
    kind === "api" && api ? { kind: "api" as const, api: apiPlanFor(api) }
    : kind === "hybrid" && api ? { kind: "hybrid" as const, selfHostSharePct: "50", selfHost, api: apiPlanFor(api) }
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
