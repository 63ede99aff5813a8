import { z } from "zod";
import type { OrgContext } from "@/lib/auth/tenancy";
import { db } from "@/lib/db";
import { dec, toCents } from "@/lib/money";
import { parseModelName } from "@/lib/pricing/aliases";
import { formatRate } from "@/lib/pricing/impact";
import { groupByVersion, versionChangeImpact, type StoredPriceChange } from "@/lib/pricing/org-impact";
import { currentPrices } from "@/lib/pricing/store";
import { orgModelUsage } from "@/lib/pricing/usage";

// The Prices screen's data: every price in effect now, the recent catalog changes priced against this org's
// last 30 days of usage, and one model's full history. Prices are global; the impact is the org's own.

const DAY_MS = 86_400_000;

export const pricesQuerySchema = z.object({
  provider: z.string().max(100).optional(),
  model: z.string().max(200).optional(),
  q: z.string().max(100).optional(),
});

export interface PriceRowDto {
  provider: string;
  model: string;
  source: string;
  effectiveFrom: string;
  input: string;
  output: string;
  cachedInput: string;
  cacheWrite: string;
  /** the org used this model in the last 30 days */
  inUse: boolean;
}

export interface PriceChangeDto {
  provider: string;
  model: string;
  toVersionId: string;
  effectiveFrom: string;
  detectedAt: string;
  descriptions: string[];
  inUse: boolean;
  /** USD/month for this org, exact to the cent; null when unused */
  monthlyDelta: string | null;
  perProject: { projectName: string; monthlyDelta: string; sentence: string }[];
}

export async function pricesOverview(ctx: Pick<OrgContext, "orgId">, now: Date, opts: { changeDays?: number } = {}) {
  const [prices, usage, changes] = await Promise.all([
    currentPrices(now),
    orgModelUsage(ctx.orgId, now),
    db().priceChange.findMany({ where: { detectedAt: { gte: new Date(now.getTime() - (opts.changeDays ?? 90) * DAY_MS), lte: now } }, orderBy: { detectedAt: "desc" }, take: 500 }),
  ]);
  const used = new Set(usage.filter((u) => u.catalogModel).map((u) => `${u.provider}\u0000${u.catalogModel}`));
  const versionInputs = await db().modelPriceVersion.findMany({ where: { id: { in: [...new Set(changes.map((c) => c.toVersionId))] } }, select: { id: true, inputPerMTok: true } });
  const stored: StoredPriceChange[] = changes.map((c) => ({
    id: c.id, provider: c.provider, model: c.model, field: c.field as StoredPriceChange["field"], oldValue: c.oldValue ? dec(c.oldValue) : null, newValue: c.newValue ? dec(c.newValue) : null,
    effectiveFrom: c.effectiveFrom, toVersionId: c.toVersionId, detectedAt: c.detectedAt,
  }));
  const recent: PriceChangeDto[] = groupByVersion(stored, new Map(versionInputs.map((v) => [v.id, dec(v.inputPerMTok)]))).map((g) => {
    const impact = versionChangeImpact(g, usage);
    return {
      provider: g.provider, model: g.model, toVersionId: g.toVersionId, effectiveFrom: g.effectiveFrom.toISOString(), detectedAt: g.detectedAt.toISOString(),
      descriptions: impact.descriptions, inUse: impact.inUse, monthlyDelta: impact.inUse ? toCents(impact.monthlyDelta) : null,
      perProject: impact.perProject.map((p) => ({ projectName: p.projectName, monthlyDelta: toCents(p.monthlyDelta), sentence: p.sentence })),
    };
  });
  const current: PriceRowDto[] = prices.map((p) => ({
    provider: p.provider, model: p.model, source: p.source, effectiveFrom: p.effectiveFrom.toISOString(),
    input: formatRate(p.input), output: formatRate(p.output), cachedInput: p.cachedInput ? formatRate(p.cachedInput) : "—", cacheWrite: p.cacheWrite ? formatRate(p.cacheWrite) : "—",
    inUse: used.has(`${p.provider}\u0000${p.model}`),
  }));
  return { current, recent };
}

/** Every version (all sources) and change of one model, newest first. */
export async function modelPriceHistory(provider: string, model: string) {
  const [versions, changes, retirement] = await Promise.all([
    db().modelPriceVersion.findMany({ where: { provider, model }, orderBy: { effectiveFrom: "desc" } }),
    db().priceChange.findMany({ where: { provider, model }, orderBy: { effectiveFrom: "desc" } }),
    db().modelRetirement.findFirst({ where: { provider, model } }),
  ]);
  const r = (v: { toString(): string } | null) => (v === null ? "—" : formatRate(dec(v)));
  return {
    provider,
    model,
    versions: versions.map((v) => ({ id: v.id, source: v.source, effectiveFrom: v.effectiveFrom.toISOString(), input: r(v.inputPerMTok), output: r(v.outputPerMTok), cachedInput: r(v.cachedInputPerMTok), cacheWrite: r(v.cacheWritePerMTok) })),
    changes: changes.map((c) => ({ id: c.id, field: c.field, oldValue: r(c.oldValue), newValue: r(c.newValue), effectiveFrom: c.effectiveFrom.toISOString(), detectedAt: c.detectedAt.toISOString() })),
    retirement: retirement ? { retiresAt: retirement.retiresAt.toISOString().slice(0, 10), replacement: retirement.replacement, source: retirement.source } : null,
  };
}

/** Upcoming retirements of models this org used in the last 30 days (the Prices page's warning list). */
export async function upcomingRetirementsInUse(ctx: Pick<OrgContext, "orgId">, now: Date, days = 180) {
  const [usage, rows] = await Promise.all([orgModelUsage(ctx.orgId, now), db().modelRetirement.findMany({ where: { retiresAt: { gte: now, lte: new Date(now.getTime() + days * DAY_MS) } }, orderBy: { retiresAt: "asc" } })]);
  return rows
    .map((r) => ({ ...r, projects: [...new Set(usage.filter((u) => u.provider === r.provider && parseModelName(u.model).id === r.model).map((u) => u.projectName))] }))
    .filter((r) => r.projects.length > 0)
    .map((r) => ({ provider: r.provider, model: r.model, retiresAt: r.retiresAt.toISOString().slice(0, 10), replacement: r.replacement, projects: r.projects }));
}
