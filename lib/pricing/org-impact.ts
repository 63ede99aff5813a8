import { Decimal } from "@/lib/money";
import type { PriceChange } from "@/lib/pricing/diff";
import type { TokenUsage } from "@/lib/pricing/estimate";
import { describePriceChange, priceChangeImpact, signedUsd } from "@/lib/pricing/impact";
import type { ModelPrice } from "@/lib/pricing/types";

// What one catalog change (all the fields that moved in one new version of a model) costs one org, from its
// usage of that model in the last 30 days, per project. Pure: the page and the alert rule both call it.

/** One org's usage of one usage-model name in one project over the window, with the catalog model it resolves to. */
export interface ModelUsageRow {
  provider: string;
  /** the model name as the usage reports it */
  model: string;
  /** the catalog model that prices it (resolveCatalogModel), null = not in the catalog */
  catalogModel: string | null;
  projectId: string;
  projectName: string;
  usage: Required<Pick<TokenUsage, "inputTokens" | "outputTokens" | "cachedInputTokens" | "cacheWriteTokens" | "requests">>;
}

/** A PriceChange row as loaded (values are Decimals, null = not listed). */
export interface StoredPriceChange extends PriceChange {
  id: string;
  toVersionId: string;
  detectedAt: Date;
  /** where effectiveFrom came from (PriceChangeDating); absent = the poll that first saw it */
  datedBy?: "SOURCE_ENTRY" | "SOURCE_VERSION" | "FIRST_SEEN";
}

/** The fields of one model that moved together (one new version of that model). */
export interface VersionChange {
  provider: string;
  model: string;
  toVersionId: string;
  effectiveFrom: Date;
  detectedAt: Date;
  changes: StoredPriceChange[];
  /** input price before/after, so a cache price that appears or disappears falls back to it */
  before: Pick<ModelPrice, "input"> | null;
  after: Pick<ModelPrice, "input"> | null;
}

export interface VersionChangeImpact {
  change: VersionChange;
  /** "mistral mistral-large input price $8.00 → $4.00 per 1M tokens", one per moved field */
  descriptions: string[];
  perProject: { projectId: string; projectName: string; monthlyDelta: Decimal; sentence: string }[];
  /** USD per month across projects; positive = costs more */
  monthlyDelta: Decimal;
  /** usage of the model was found in the window */
  inUse: boolean;
}

/** Group PriceChange rows by the version they belong to, newest first. */
export function groupByVersion(changes: readonly StoredPriceChange[], inputPrices: ReadonlyMap<string, Decimal> = new Map()): VersionChange[] {
  const groups = new Map<string, VersionChange>();
  for (const c of changes) {
    let g = groups.get(c.toVersionId);
    if (!g) {
      g = { provider: c.provider, model: c.model, toVersionId: c.toVersionId, effectiveFrom: c.effectiveFrom, detectedAt: c.detectedAt, changes: [], before: null, after: null };
      groups.set(c.toVersionId, g);
    }
    g.changes.push(c);
  }
  for (const g of groups.values()) {
    const input = g.changes.find((c) => c.field === "input");
    const unchangedInput = inputPrices.get(g.toVersionId);
    const beforeInput = input ? input.oldValue : unchangedInput;
    const afterInput = input ? input.newValue : unchangedInput;
    g.before = beforeInput ? { input: beforeInput } : null;
    g.after = afterInput ? { input: afterInput } : null;
  }
  return [...groups.values()].sort((a, b) => b.detectedAt.getTime() - a.detectedAt.getTime() || a.model.localeCompare(b.model));
}

/** Δ$/month per project and in total for one version change, assuming the window's usage continues (30-day window). */
export function versionChangeImpact(change: VersionChange, usage: readonly ModelUsageRow[], windowDays = 30): VersionChangeImpact {
  const rows = usage.filter((u) => u.provider === change.provider && u.catalogModel === change.model);
  // Several usage names (gpt-4o, gpt-4o-2024-08-06) can fold into one catalog model: add them per project.
  const byProject = new Map<string, { projectName: string; usage: Record<keyof ModelUsageRow["usage"], Decimal> }>();
  for (const r of rows) {
    const p = byProject.get(r.projectId) ?? { projectName: r.projectName, usage: { inputTokens: new Decimal(0), outputTokens: new Decimal(0), cachedInputTokens: new Decimal(0), cacheWriteTokens: new Decimal(0), requests: new Decimal(0) } };
    for (const k of Object.keys(p.usage) as (keyof ModelUsageRow["usage"])[]) p.usage[k] = p.usage[k].plus(new Decimal(r.usage[k].toString()));
    byProject.set(r.projectId, p);
  }
  const projects = [...byProject].map(([projectId, p]) => ({ projectId, projectName: p.projectName, usage: p.usage }));
  const perProject = new Map<string, { projectId: string; projectName: string; monthlyDelta: Decimal }>();
  for (const c of change.changes) {
    const impact = priceChangeImpact(c, projects, { windowDays, before: change.before, after: change.after });
    for (const p of impact.perProject) {
      const acc = perProject.get(p.projectId) ?? { projectId: p.projectId, projectName: p.projectName, monthlyDelta: new Decimal(0) };
      acc.monthlyDelta = acc.monthlyDelta.plus(p.monthlyDelta);
      perProject.set(p.projectId, acc);
    }
  }
  const list = [...perProject.values()]
    .map((p) => ({ ...p, sentence: `${signedUsd(p.monthlyDelta)}/month for project ${p.projectName}` }))
    .sort((a, b) => b.monthlyDelta.abs().comparedTo(a.monthlyDelta.abs()) || a.projectName.localeCompare(b.projectName));
  return {
    change,
    descriptions: change.changes.map(describePriceChange),
    perProject: list,
    monthlyDelta: list.reduce((acc, p) => acc.plus(p.monthlyDelta), new Decimal(0)),
    inUse: projects.length > 0,
  };
}
