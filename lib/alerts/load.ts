import type { BreakEvenData, BreakEvenSide, DocumentChangeData, OrgAlertData } from "@/lib/alerts/data";
import { parseRuleParams, type AlertType, type RuleParams } from "@/lib/alerts/rules";
import { DAY_MS, isoDay, shiftDay, startOfUtcDay } from "@/lib/alerts/time";
import { WATCH_LOOKBACK_DAYS } from "@/lib/alerts/evaluate-watch";
import type { BreakEvenInput, SelfHostOptionInput } from "@/lib/breakeven";
import { db, Prisma } from "@/lib/db";
import { dec, Decimal } from "@/lib/money";
import { parseModelName } from "@/lib/pricing/aliases";
import type { ModelUsageRow, StoredPriceChange } from "@/lib/pricing/org-impact";
import { versionForDay, type StoredPriceVersion } from "@/lib/pricing/price-book";
import type { Retirement } from "@/lib/pricing/retirements";
import { loadAppliedPriceChanges, loadPriceVersions } from "@/lib/pricing/store";
import { orgModelUsage } from "@/lib/pricing/usage";
import type { DailySpend } from "@/lib/spend/forecast";
import { countedBucket } from "@/lib/spend/sql";
import { loadDailyUnitStats } from "@/lib/otlp/unit-economics";
import { loadCommitments } from "@/lib/commitments/store";
import type { DiffEntry } from "@/lib/terms/diff";
import type { RuleMatch, Severity } from "@/lib/terms/severity";

// The queries behind rule evaluation. Catalog-wide data (price changes, document changes, retirements) is
// loaded once per run; each org then loads only what its enabled rules need. All sums happen in Postgres.

export interface GlobalAlertData {
  priceChanges: StoredPriceChange[];
  versionInputPrices: Map<string, Decimal>;
  /** with the document's orgId: null = default watch list, visible to every org */
  documentChanges: (DocumentChangeData & { orgId: string | null })[];
  retirements: Retirement[];
}

export async function loadGlobalAlertData(now: Date): Promise<GlobalAlertData> {
  const since = new Date(now.getTime() - WATCH_LOOKBACK_DAYS * DAY_MS);
  const [prices, docChanges, retirements] = await Promise.all([
    loadAppliedPriceChanges(since, now),
    db().documentChange.findMany({ where: { detectedAt: { gte: since, lte: now } }, include: { document: { select: { orgId: true, title: true, vendor: true, url: true } } } }),
    db().modelRetirement.findMany(),
  ]);
  return {
    priceChanges: prices.changes,
    versionInputPrices: prices.versionInputPrices,
    documentChanges: docChanges.map((c) => ({
      id: c.id,
      documentId: c.documentId,
      orgId: c.document.orgId,
      title: c.document.title,
      vendor: c.document.vendor,
      url: c.document.url,
      severity: c.severity as Severity,
      summary: c.summary,
      matchedRules: c.matchedRules as unknown as RuleMatch[],
      diffPreview: (c.diff as unknown as DiffEntry[]).slice(0, 5),
      detectedAt: c.detectedAt,
    })),
    retirements: retirements.map((r) => ({ provider: r.provider, model: r.model, deprecatedAt: r.deprecatedAt, retiresAt: r.retiresAt, replacement: r.replacement, source: r.source })),
  };
}

interface RuleRow {
  id: string;
  type: AlertType;
  params: unknown;
}

/** The price lines each PRICE_CHANGE rule of the org already reported (event data.lineKeys), within the lookback. */
async function loadAlertedPriceLines(orgId: string, now: Date): Promise<Record<string, Set<string>>> {
  const since = new Date(now.getTime() - 2 * WATCH_LOOKBACK_DAYS * DAY_MS);
  const events = await db().alertEvent.findMany({ where: { orgId, type: "PRICE_CHANGE", occurredAt: { gte: since } }, select: { ruleId: true, data: true } });
  const out: Record<string, Set<string>> = {};
  for (const e of events) {
    const keys = (e.data as { lineKeys?: unknown } | null)?.lineKeys;
    if (!e.ruleId || !Array.isArray(keys)) continue;
    const set = (out[e.ruleId] ??= new Set());
    for (const k of keys) if (typeof k === "string") set.add(k);
  }
  return out;
}

export async function loadOrgAlertData(org: { id: string; slug: string; name: string }, rules: readonly RuleRow[], now: Date, global: GlobalAlertData): Promise<OrgAlertData> {
  const types = new Set(rules.map((r) => r.type));
  const has = (...t: AlertType[]) => t.some((x) => types.has(x));
  const data: OrgAlertData = { org };
  const today = isoDay(now);

  if (has("BUDGET_THRESHOLD", "FORECAST_OVERRUN")) data.spend = await loadSpend(org.id, now);
  if (has("SPEND_ANOMALY")) {
    const from = new Date(`${shiftDay(today, -1 - 7 * 9)}T00:00:00Z`);
    const rows = await db().$queryRaw<{ provider: string; model: string; day: Date; amount: Prisma.Decimal }[]>`
      SELECT provider, model, day, SUM(amount) AS amount FROM "CostBucket" cb
      WHERE "orgId" = ${org.id} AND day >= ${from} AND day < ${startOfUtcDay(now)} AND ${countedBucket()}
      GROUP BY provider, model, day ORDER BY day`;
    const series = new Map<string, { provider: string; model: string; series: DailySpend[] }>();
    for (const r of rows) {
      const key = `${r.provider}\u0000${r.model}`;
      const s = series.get(key) ?? { provider: r.provider, model: r.model, series: [] };
      s.series.push({ date: isoDay(r.day), amount: Decimal.max(dec(r.amount), 0) }); // credits net out below zero: judge spend only
      series.set(key, s);
    }
    data.modelSpend = [...series.values()];
  }
  // TERMS_CHANGE too: a privacy-relevant change names the projects sending data to that vendor, with their tokens.
  if (has("PRICE_CHANGE", "RETIREMENT", "BREAKEVEN_CROSSED", "TERMS_CHANGE")) data.usage30d = await orgModelUsage(org.id, now);
  if (has("PRICE_CHANGE")) {
    data.priceChanges = { changes: global.priceChanges, versionInputPrices: global.versionInputPrices };
    data.alertedPriceLines = await loadAlertedPriceLines(org.id, now);
  }
  if (has("TERMS_CHANGE")) data.documentChanges = global.documentChanges.filter((c) => c.orgId === null || c.orgId === org.id);
  if (has("RETIREMENT")) {
    data.retirements = global.retirements;
    const used = new Set((data.usage30d ?? []).map((u) => `${u.provider}\u0000${parseModelName(u.model).id}`));
    const relevant = global.retirements.filter((r) => used.has(`${r.provider}\u0000${r.model}`));
    data.currentPrices = await loadPriceVersions(relevant.flatMap((r) => [{ provider: r.provider, model: r.model }, ...(r.replacement ? [{ provider: r.provider, model: r.replacement }] : [])]));
  }
  if (has("GPU_IDLE")) data.gpuPools = await loadGpuPools(org.id, now);
  if (has("BREAKEVEN_CROSSED")) {
    data.breakEven = {};
    for (const rule of rules.filter((r) => r.type === "BREAKEVEN_CROSSED")) {
      let params: RuleParams<"BREAKEVEN_CROSSED">;
      try {
        params = parseRuleParams("BREAKEVEN_CROSSED", rule.params);
      } catch {
        continue; // evaluation reports the bad params for this rule; the org's other rules still run
      }
      data.breakEven[rule.id] = await loadBreakEven(org.id, rule.id, params, data.usage30d ?? [], now);
    }
  }
  if (has("COST_PER_UNIT")) data.unitStats = await loadDailyUnitStats(org.id, shiftDay(today, -15), shiftDay(today, -1));
  if (has("CREDITS_RUNOUT")) data.commitments = await loadCommitments(org.id, now);
  if (has("CONNECTION_FAILING")) {
    const rows = await db().providerConnection.findMany({ where: { orgId: org.id }, select: { id: true, name: true, provider: true, status: true, failingSince: true, lastError: true } });
    data.connections = rows.map((c) => ({ ...c, provider: c.provider.toLowerCase() }));
  }
  return data;
}

/** Daily spend from 9 weeks before this month's start to today, org-wide and per project, with the budgets. */
async function loadSpend(orgId: string, now: Date): Promise<NonNullable<OrgAlertData["spend"]>> {
  const monthStart = new Date(Date.UTC(now.getUTCFullYear(), now.getUTCMonth(), 1));
  const from = new Date(monthStart.getTime() - 63 * DAY_MS);
  const to = new Date(startOfUtcDay(now).getTime() + DAY_MS);
  const [rows, org, budgets, projects] = await Promise.all([
    db().$queryRaw<{ projectId: string; day: Date; amount: Prisma.Decimal }[]>`
      SELECT "projectId", day, SUM(amount) AS amount FROM "CostBucket" cb
      WHERE "orgId" = ${orgId} AND day >= ${from} AND day < ${to} AND ${countedBucket()}
      GROUP BY "projectId", day ORDER BY day`,
    db().organization.findUniqueOrThrow({ where: { id: orgId }, select: { monthlyBudget: true } }),
    db().budget.findMany({ where: { orgId } }),
    db().project.findMany({ where: { orgId }, select: { externalId: true, name: true } }),
  ]);
  const orgDays = new Map<string, Decimal>();
  const byProject: Record<string, Map<string, Decimal>> = {};
  for (const r of rows) {
    const day = isoDay(r.day);
    const amount = dec(r.amount);
    orgDays.set(day, (orgDays.get(day) ?? new Decimal(0)).plus(amount));
    (byProject[r.projectId] ??= new Map()).set(day, amount);
  }
  const series = (m: Map<string, Decimal>): DailySpend[] => [...m].sort(([a], [b]) => a.localeCompare(b)).map(([date, amount]) => ({ date, amount: Decimal.max(amount, 0) }));
  return {
    org: series(orgDays),
    byProject: Object.fromEntries(Object.entries(byProject).map(([k, m]) => [k, series(m)])),
    orgBudget: org.monthlyBudget ? dec(org.monthlyBudget) : null,
    projectBudgets: Object.fromEntries(budgets.filter((b) => b.projectId !== "").map((b) => [b.projectId, dec(b.amount)])),
    projectNames: Object.fromEntries(projects.map((p) => [p.externalId, p.name])),
  };
}

/** Each pool with its hourly per-GPU rows of yesterday (UTC). */
async function loadGpuPools(orgId: string, now: Date) {
  const today = startOfUtcDay(now);
  const yesterday = new Date(today.getTime() - DAY_MS);
  const pools = await db().gpuPool.findMany({ where: { orgId }, include: { hourlyMetrics: { where: { hour: { gte: yesterday, lt: today } }, select: { gpuHours: true, avgUtilisation: true, energyKwh: true } } } });
  return pools.map(({ hourlyMetrics, ...pool }) => ({ id: pool.id, name: pool.name, config: pool, idleUtilisationPct: Number(pool.idleUtilisationPct), hours: hourlyMetrics }));
}

async function loadBreakEven(orgId: string, ruleId: string, p: RuleParams<"BREAKEVEN_CROSSED">, usage: readonly ModelUsageRow[], now: Date): Promise<BreakEvenData> {
  const [pool, last, versions] = await Promise.all([
    db().gpuPool.findFirst({ where: { id: p.poolId, orgId } }),
    db().alertEvent.findFirst({ where: { orgId, ruleId, type: "BREAKEVEN_CROSSED" }, orderBy: { occurredAt: "desc" }, select: { data: true } }),
    loadPriceVersions([{ provider: p.provider, model: p.model }]),
  ]);
  const previousSide = ((last?.data as { side?: BreakEvenSide } | undefined)?.side ?? null) as BreakEvenSide | null;
  if (!pool) return { input: null, reason: `GPU pool ${p.poolId} does not exist`, poolName: p.poolId, previousSide };
  const price = versionForDay(versions, p.provider, p.model, now);
  if (!price) return { input: null, reason: `no catalog price for ${p.provider} ${p.model}`, poolName: pool.name, previousSide };
  const power = await db().gpuHourlyMetric.aggregate({ where: { poolId: pool.id, hour: { gte: new Date(now.getTime() - 30 * DAY_MS) } }, _avg: { avgPowerWatts: true } });
  const input = breakEvenInputFor(p, usage, price, pool, power._avg.avgPowerWatts ? dec(power._avg.avgPowerWatts) : null);
  return { input, poolName: pool.name, previousSide };
}

/** Measured monthly tokens of the workload + its API price + the pool as a self-host option (pure). */
export function breakEvenInputFor(
  p: RuleParams<"BREAKEVEN_CROSSED">,
  usage: readonly ModelUsageRow[],
  price: StoredPriceVersion,
  pool: { costModel: string; gpuCount: number; hourlyRatePerGpu: unknown; purchasePrice: unknown; amortisationMonths: number | null; residualValue: unknown; powerPricePerKwh: unknown; pue: unknown; staffFteShare: unknown; staffAnnualCost: unknown },
  measuredWattsPerGpu: Decimal | null,
): BreakEvenInput {
  const canonical = parseModelName(p.model).canonical;
  const rows = usage.filter((u) => u.provider === p.provider && parseModelName(u.model).canonical === canonical && (!p.projectId || u.projectId === p.projectId));
  const total = (k: keyof ModelUsageRow["usage"]) => rows.reduce((acc, r) => acc.plus(dec(r.usage[k])), new Decimal(0)); // tokens over 30 days = a month
  const d = (v: unknown) => dec(String(v ?? 0));
  const purchase = d(pool.purchasePrice);
  const cost: SelfHostOptionInput["cost"] =
    pool.costModel === "CLOUD"
      ? { kind: "cloud", hourlyRatePerGpu: d(pool.hourlyRatePerGpu) }
      : {
          kind: "owned",
          purchasePricePerGpu: purchase.div(pool.gpuCount), // the pool's price is for all its GPUs
          amortisationMonths: pool.amortisationMonths ?? 36,
          residualShare: purchase.gt(0) ? Decimal.min(d(pool.residualValue).div(purchase), 1) : new Decimal(0),
        };
  return {
    workload: { basis: "tokens", monthlyTokens: { input: total("inputTokens"), output: total("outputTokens"), cachedInput: total("cachedInputTokens"), cacheWrite: total("cacheWriteTokens") } },
    apiPrice: {
      inputPerMTok: price.input,
      outputPerMTok: price.output,
      ...(price.cachedInput ? { cachedInputPerMTok: price.cachedInput } : {}),
      ...(price.cacheWrite ? { cacheWritePerMTok: price.cacheWrite } : {}),
    },
    selfHost: {
      cost,
      // measured average draw of the pool's GPUs; 300 W (a typical inference card under load) when never scraped
      power: { kind: "watts", wattsPerGpu: measuredWattsPerGpu ?? new Decimal(300), pricePerKwh: d(pool.powerPricePerKwh), pue: d(pool.pue) },
      staff: { fteShare: d(pool.staffFteShare), annualCost: d(pool.staffAnnualCost) },
      throughput: { tokensPerSecondPerGpu: new Decimal(p.tokensPerSecondPerGpu), source: "assumed" },
      targetUtilisation: new Decimal(p.targetUtilisation),
    },
  };
}
