import { db } from "@/lib/db";
import { toCents, type Decimal } from "@/lib/money";
import { analyseBreakEven, type ApiPrice, type TokensByKind } from "@/lib/breakeven";
import { cheaperHistory } from "@/lib/breakeven/history";
import { breakEvenHeadlineSentence, defaultReplacement, likeForLike, replacementCandidates, type ReplacementCandidate } from "@/lib/breakeven/capability-match";
import { choiceOption, selfHostChoices, type SelfHostChoice } from "@/lib/breakeven/self-host-choices";
import { poolsWithMeasurements } from "@/lib/gpu/pool-measurement";
import { scenarioCatalog } from "@/lib/scenarios/catalog";
import { measuredWorkloads, savedWorkloadUsage, historyRange, type WorkloadUsage } from "./workload-usage";
import { poolRealVsModelled } from "./pool-usage";
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
  /** The API models the workload runs on (one, or a saved group's). */
  apiModels: string[];
  /** The open-weight model of the same capability tier to start from; null when none is in the catalog. */
  replacement: string | null;
}
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
  choices: SelfHostChoice[];
  /** Open-weight models that could replace an API model, with their capability (sourced, dated). */
  candidates: ReplacementCandidate[];
  realVsModelled: RealVsModelledDto[];
}

const tokensDto = (t: TokensByKind): TokensDto => ({ input: t.input.toFixed(0), output: t.output.toFixed(0), cachedInput: t.cachedInput.toFixed(0), cacheWrite: t.cacheWrite.toFixed(0) });
const priceDto = (p: ApiPrice): ApiPriceDto => ({
  inputPerMTok: p.inputPerMTok.toString(),
  outputPerMTok: p.outputPerMTok.toString(),
  ...(p.cachedInputPerMTok ? { cachedInputPerMTok: p.cachedInputPerMTok.toString() } : {}),
  ...(p.cacheWritePerMTok ? { cacheWritePerMTok: p.cacheWritePerMTok.toString() } : {}),
});

function workloadDto(w: WorkloadUsage, projectNames: Map<string, string>, candidates: readonly ReplacementCandidate[]): WorkloadDto {
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
    apiModels: w.apiModels,
    replacement: replacementFor(w.apiModels, candidates),
  };
}

/** The same-tier replacement of a group is the one of its most capable model. */
function replacementFor(models: readonly string[], candidates: readonly ReplacementCandidate[]): string | null {
  const match = likeForLike(models, null);
  const lead = match.api ? models.find((m) => defaultReplacement(m, candidates) && likeForLike([m], null).api?.tier === match.api!.tier) : undefined;
  return lead ? defaultReplacement(lead, candidates)!.model : null;
}

/** Self-host choices (each pool as it is, right-sized, new pools) and the open-weight models that could replace an API model. */
async function selfHostSetup(orgId: string, now: Date) {
  const [pools, catalog] = await Promise.all([poolsWithMeasurements(orgId, now), scenarioCatalog(now)]);
  const served = pools.map((p) => p.measurement.servedModel).filter((m): m is string => m !== null);
  const candidates = replacementCandidates(catalog.filter((m) => m.openWeight && m.mode === "chat").map((m) => m.model), served);
  return { pools: pools.map((p) => p.record), choices: selfHostChoices(pools), candidates };
}

async function projectNames(orgId: string): Promise<Map<string, string>> {
  const projects = await db().project.findMany({ where: { orgId }, select: { externalId: true, name: true } });
  return new Map(projects.map((p) => [p.externalId, p.name]));
}

export async function getBreakEvenPage(orgId: string, now: Date): Promise<BreakEvenPageDto> {
  const range = historyRange(now);
  const [org, measured, savedRows, names, { pools, choices, candidates }] = await Promise.all([
    db().organization.findUniqueOrThrow({ where: { id: orgId }, select: { currency: true } }),
    measuredWorkloads(orgId, now),
    db().savedWorkload.findMany({ where: { orgId }, orderBy: { name: "asc" } }),
    projectNames(orgId),
    selfHostSetup(orgId, now),
  ]);
  const saved = await Promise.all(savedRows.map((s) => savedWorkloadUsage(orgId, s, now)));
  const rvm = await Promise.all(pools.map((p) => poolRealVsModelled(p, range.from, now)));
  const money = (d: Decimal) => toCents(d);
  return {
    currency: org.currency,
    lastMonth: prevMonth(range.to),
    workloads: [...measured, ...saved].map((w) => workloadDto(w, names, candidates)),
    choices,
    candidates,
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
  /** "Llama 3.1 70B Instruct replaces gpt-4.1-mini: like for like …" or why it is not. */
  capability: string;
  /** "38% of break-even", why there is none, or why the comparison is not like for like. */
  standing: string;
  percent: number | null;
  /** "Self-hosting has been cheaper since March 2026." (empty when not like for like) */
  history: string;
}

/** For the largest measured workloads: where each stands against self-hosting its same-tier open-weight model on the first choice. */
export async function breakEvenHeadlines(orgId: string, now: Date, limit = 3): Promise<BreakEvenHeadline[]> {
  const [workloads, names, { choices, candidates }] = await Promise.all([measuredWorkloads(orgId, now, { limit }), projectNames(orgId), selfHostSetup(orgId, now)]);
  const choice = choices[0]!;
  const out: BreakEvenHeadline[] = [];
  for (const w of workloads) {
    const dto = workloadDto(w, names, candidates);
    if (!w.apiPrice || !dto.volume) continue;
    const match = likeForLike(dto.apiModels, dto.replacement);
    const { option, fits, note } = choiceOption(choice, dto.replacement);
    if (!match.comparable || !fits) {
      out.push({ workload: dto.label, choice: choice.label, capability: match.sentence, standing: fits ? match.sentence : note, percent: null, history: "" });
      continue;
    }
    const last = w.months.at(-1)!;
    const analysis = analyseBreakEven({ workload: { basis: "tokens", monthlyTokens: last.tokens }, apiPrice: w.apiPrice, selfHost: option }, { includeSensitivity: false });
    const history = cheaperHistory({ months: w.months.map((m) => ({ month: m.month, tokens: m.tokens })), apiPrice: w.apiPrice, selfHost: option });
    const headline = breakEvenHeadlineSentence(analysis.standing, match);
    out.push({ workload: dto.label, choice: choice.label, capability: match.sentence, standing: headline.sentence, percent: headline.percent, history: history.sentence });
  }
  return out;
}
