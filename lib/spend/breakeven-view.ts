import { db } from "@/lib/db";
import { toCents, type Decimal } from "@/lib/money";
import { analyseBreakEven, type ApiPrice, type SelfHostOptionInput, type TokensByKind } from "@/lib/breakeven";
import { ASSUMED_OPTIONS, selfHostFromPool } from "@/lib/breakeven/defaults";
import { cheaperHistory } from "@/lib/breakeven/history";
import { measuredWorkloads, savedWorkloadUsage, historyRange, type WorkloadUsage } from "./workload-usage";
import { loadPools, measurePools, poolRealVsModelled } from "./pool-usage";
import { providerLabel } from "./view";

// The Break-even page's DTO: measured workloads with their monthly history and catalog price,
// the self-host choices (each pool as measured, plus editable assumptions) and, per pool, real vs
// modelled. Decimals travel as strings; the page's client component runs the pure engine on them.

export interface TokensDto { input: string; output: string; cachedInput: string; cacheWrite: string }
export interface ApiPriceDto { inputPerMTok: string; outputPerMTok: string; cachedInputPerMTok?: string; cacheWritePerMTok?: string }
export interface WorkloadDto {
  id: string;
  kind: "measured" | "saved";
  label: string;
  months: { month: string; tokens: TokensDto }[];
  /** The default monthly volume: the last complete month with usage. */
  volume: { month: string; tokens: TokensDto } | null;
  apiPrice: ApiPriceDto | null;
  priceNote: string;
}
export interface SelfHostChoiceDto { id: string; label: string; option: SelfHostOptionInput; note: string }
export interface RealVsModelledDto {
  poolId: string;
  poolName: string;
  comparable: string | null;
  reason: string | null;
  months: { month: string; tokens: string; apiCost: string; poolCost: string; savings: string; poolCostPerMTok: string | null }[];
  totals: { apiCost: string; poolCost: string; savings: string; tokens: string } | null;
}
export interface BreakEvenPageDto {
  currency: string;
  /** The last complete month (YYYY-MM). */
  lastMonth: string;
  workloads: WorkloadDto[];
  choices: SelfHostChoiceDto[];
  realVsModelled: RealVsModelledDto[];
}

const tokensDto = (t: TokensByKind): TokensDto => ({ input: t.input.toFixed(0), output: t.output.toFixed(0), cachedInput: t.cachedInput.toFixed(0), cacheWrite: t.cacheWrite.toFixed(0) });
const priceDto = (p: ApiPrice): ApiPriceDto => ({
  inputPerMTok: p.inputPerMTok.toString(),
  outputPerMTok: p.outputPerMTok.toString(),
  ...(p.cachedInputPerMTok ? { cachedInputPerMTok: p.cachedInputPerMTok.toString() } : {}),
  ...(p.cacheWritePerMTok ? { cacheWritePerMTok: p.cacheWritePerMTok.toString() } : {}),
});

function workloadDto(w: WorkloadUsage, projectNames: Map<string, string>): WorkloadDto {
  const label = w.kind === "saved" ? `${w.name} (saved group)` : `${w.model} · ${providerLabel(w.provider!)} · ${w.projectId ? (projectNames.get(w.projectId) ?? w.projectId) : "(no project)"}`;
  const last = w.months.at(-1);
  return {
    id: w.id,
    kind: w.kind,
    label,
    months: w.months.map((m) => ({ month: m.month, tokens: tokensDto(m.tokens) })),
    volume: last ? { month: last.month, tokens: tokensDto(last.tokens) } : null,
    apiPrice: w.apiPrice ? priceDto(w.apiPrice) : null,
    priceNote: w.priceNote,
  };
}

/** Self-host choices: each pool with its measured throughput and power, then the assumptions. */
async function selfHostChoices(orgId: string, now: Date) {
  const [pools, measured] = await Promise.all([loadPools(orgId), measurePools(orgId, now)]);
  const choices: SelfHostChoiceDto[] = pools.map((p) => {
    const m = measured.get(p.id) ?? { tokensPerSecondPerGpu: null, avgWattsPerGpu: null };
    const option = selfHostFromPool(p, m);
    const note = m.tokensPerSecondPerGpu
      ? `Throughput and power measured on ${p.name} over the last 30 days (${p.gpuCount} × ${p.gpuModel}); costs from the pool's settings.`
      : `${p.name} has not served measured traffic yet: throughput is an assumption.`;
    return { id: `pool:${p.id}`, label: `Pool: ${p.name}`, option, note };
  });
  for (const a of ASSUMED_OPTIONS) choices.push({ ...a, note: "Every figure is an assumption: edit it." });
  return { pools, choices };
}

async function projectNames(orgId: string): Promise<Map<string, string>> {
  const projects = await db().project.findMany({ where: { orgId }, select: { externalId: true, name: true } });
  return new Map(projects.map((p) => [p.externalId, p.name]));
}

export async function getBreakEvenPage(orgId: string, now: Date): Promise<BreakEvenPageDto> {
  const range = historyRange(now);
  const [org, measured, savedRows, names, { pools, choices }] = await Promise.all([
    db().organization.findUniqueOrThrow({ where: { id: orgId }, select: { currency: true } }),
    measuredWorkloads(orgId, now),
    db().savedWorkload.findMany({ where: { orgId }, orderBy: { name: "asc" } }),
    projectNames(orgId),
    selfHostChoices(orgId, now),
  ]);
  const saved = await Promise.all(savedRows.map((s) => savedWorkloadUsage(orgId, s, now)));
  const rvm = await Promise.all(pools.map((p) => poolRealVsModelled(p, range.from, now)));
  const money = (d: Decimal) => toCents(d);
  return {
    currency: org.currency,
    lastMonth: prevMonth(range.to),
    workloads: [...measured, ...saved].map((w) => workloadDto(w, names)),
    choices,
    realVsModelled: rvm.map((r) => ({
      poolId: r.poolId,
      poolName: pools.find((p) => p.id === r.poolId)!.name,
      comparable: r.comparable ? `${r.comparable.model} (${providerLabel(r.comparable.provider)})` : null,
      reason: r.reason,
      months: (r.result?.months ?? []).map((m) => ({ month: m.month, tokens: m.totalTokens.toFixed(0), apiCost: money(m.apiCost), poolCost: money(m.poolCost), savings: money(m.savings), poolCostPerMTok: m.poolCostPerMTok ? m.poolCostPerMTok.toDecimalPlaces(4).toString() : null })),
      totals: r.result ? { apiCost: money(r.result.totals.apiCost), poolCost: money(r.result.totals.poolCost), savings: money(r.result.totals.savings), tokens: r.result.totals.totalTokens.toFixed(0) } : null,
    })),
  };
}

function prevMonth(monthStart: string): string {
  const d = new Date(`${monthStart}T00:00:00Z`);
  return new Date(Date.UTC(d.getUTCFullYear(), d.getUTCMonth() - 1, 1)).toISOString().slice(0, 7);
}

// ── the Overview's headline ─────────────────────────────────────────────────

export interface BreakEvenHeadline {
  workload: string;
  choice: string;
  /** "38% of break-even" or why there is none. */
  standing: string;
  percent: number | null;
  /** "Self-hosting has been cheaper since March 2026." */
  history: string;
}

/** For the largest measured workloads: where each stands against self-hosting on the default choice. */
export async function breakEvenHeadlines(orgId: string, now: Date, limit = 3): Promise<BreakEvenHeadline[]> {
  const [workloads, names, { choices }] = await Promise.all([measuredWorkloads(orgId, now, { limit }), projectNames(orgId), selfHostChoices(orgId, now)]);
  const choice = choices[0]!;
  const out: BreakEvenHeadline[] = [];
  for (const w of workloads) {
    const dto = workloadDto(w, names);
    if (!w.apiPrice || !dto.volume) continue;
    const last = w.months.at(-1)!;
    const analysis = analyseBreakEven({ workload: { basis: "tokens", monthlyTokens: last.tokens }, apiPrice: w.apiPrice, selfHost: choice.option }, { includeSensitivity: false });
    const history = cheaperHistory({ months: w.months.map((m) => ({ month: m.month, tokens: m.tokens })), apiPrice: w.apiPrice, selfHost: choice.option });
    out.push({ workload: dto.label, choice: choice.label, standing: analysis.standing.sentence, percent: analysis.standing.percent, history: history.sentence });
  }
  return out;
}
