import { z } from "zod";
import type { OrgContext } from "@/lib/auth/tenancy";
import { db } from "@/lib/db";
import { dec, toCents } from "@/lib/money";
import { parseModelName } from "@/lib/pricing/aliases";
import { FIELD_LABEL, formatRate } from "@/lib/pricing/impact";
import type { PriceField } from "@/lib/pricing/types";
import { groupByVersion, versionChangeImpact } from "@/lib/pricing/org-impact";
import { currentPrices, heldAndCorrectedChanges, loadAppliedPriceChanges } from "@/lib/pricing/store";
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
  /** "by the source" (the catalog's own date) or "first seen" (the poll that noticed it) */
  dated: "by the source" | "first seen";
  descriptions: string[];
  inUse: boolean;
  /** USD/month for this org, exact to the cent; null when unused */
  monthlyDelta: string | null;
  perProject: { projectName: string; monthlyDelta: string; sentence: string }[];
}

export interface SuspectPriceDto {
  provider: string;
  model: string;
  /** which price, in words ("cached-input price") */
  field: string;
  oldValue: string;
  newValue: string;
  effectiveFrom: string;
  detectedAt: string;
  /** unconfirmed: held, not used; corrected: a later catalog version undid it */
  state: "unconfirmed" | "corrected";
  note: string;
}

export async function pricesOverview(ctx: Pick<OrgContext, "orgId">, now: Date, opts: { changeDays?: number } = {}) {
  const since = new Date(now.getTime() - (opts.changeDays ?? 90) * DAY_MS);
  const [prices, usage, applied, suspects] = await Promise.all([currentPrices(now), orgModelUsage(ctx.orgId, now), loadAppliedPriceChanges(since, now), heldAndCorrectedChanges(since, now)]);
  const used = new Set(usage.filter((u) => u.catalogModel).map((u) => `${u.provider}\u0000${u.catalogModel}`));
  const r = (v: { toString(): string } | null) => (v === null ? "—" : formatRate(dec(v)));
  // Held suspects are shown with a warning and corrections as such; neither is priced against usage.
  const held: SuspectPriceDto[] = suspects.map((c) => ({
    provider: c.provider, model: c.model, field: FIELD_LABEL[c.field as PriceField] ?? c.field, oldValue: r(c.oldValue), newValue: r(c.newValue), effectiveFrom: c.effectiveFrom.toISOString(), detectedAt: c.detectedAt.toISOString(),
    state: c.status === "UNCONFIRMED" ? "unconfirmed" : "corrected", note: c.note ?? "",
  }));
  const recent: PriceChangeDto[] = groupByVersion(applied.changes, applied.versionInputPrices).map((g) => {
    const impact = versionChangeImpact(g, usage);
    return {
      provider: g.provider, model: g.model, toVersionId: g.toVersionId, effectiveFrom: g.effectiveFrom.toISOString(), detectedAt: g.detectedAt.toISOString(),
      dated: g.changes.some((c) => c.datedBy && c.datedBy !== "FIRST_SEEN") ? "by the source" : "first seen",
      descriptions: impact.descriptions, inUse: impact.inUse, monthlyDelta: impact.inUse ? toCents(impact.monthlyDelta) : null,
      perProject: impact.perProject.map((p) => ({ projectName: p.projectName, monthlyDelta: toCents(p.monthlyDelta), sentence: p.sentence })),
    };
  });
  const current: PriceRowDto[] = prices.map((p) => ({
    provider: p.provider, model: p.model, source: p.source, effectiveFrom: p.effectiveFrom.toISOString(),
    input: formatRate(p.input), output: formatRate(p.output), cachedInput: p.cachedInput ? formatRate(p.cachedInput) : "—", cacheWrite: p.cacheWrite ? formatRate(p.cacheWrite) : "—",
    inUse: used.has(`${p.provider}\u0000${p.model}`),
  }));
  return { current, recent, held };
}

const STATUS_WORDS = { CONFIRMED: "applied", UNCONFIRMED: "unconfirmed: held until a later catalog version confirms it", REVERTED: "corrected by the catalog", BASELINE: "history found at install" } as const;

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
    changes: changes.map((c) => ({ id: c.id, field: FIELD_LABEL[c.field as PriceField] ?? c.field, oldValue: r(c.oldValue), newValue: r(c.newValue), effectiveFrom: c.effectiveFrom.toISOString(), detectedAt: c.detectedAt.toISOString(), dated: c.datedBy === "FIRST_SEEN" ? "first seen" : "by the source", status: STATUS_WORDS[c.status], note: c.note })),
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
