import { Decimal, dec } from "@/lib/money";
import { mulberry32 } from "@/lib/random";

export { mulberry32 };

// Deterministic demo data: 13 months of daily OpenAI and Anthropic usage with growth, a weekday
// pattern and one price cut in the middle; cost is always tokens × the price in effect that day,
// so spend, usage and the catalog agree with each other to the cent.

export const DEMO_PASSWORD = "breakeven-demo";
export const DEMO_USERS = [
  { email: "owner@demo.breakeven.local", name: "Olivia Owner", role: "OWNER" },
  { email: "admin@demo.breakeven.local", name: "Adam Admin", role: "ADMIN" },
  { email: "finance@demo.breakeven.local", name: "Fiona Finance", role: "FINANCE" },
  { email: "engineering@demo.breakeven.local", name: "Eli Engineer", role: "ENGINEERING" },
  { email: "executive@demo.breakeven.local", name: "Erin Executive", role: "EXECUTIVE" },
] as const;

export interface DemoPrice { provider: string; model: string; effectiveFrom: string; input: string; output: string; cachedInput: string | null }
export interface DemoWorkload { provider: "openai" | "anthropic"; projectId: string; projectName: string; model: string; baseInputTokensPerDay: number; outputRatio: number; cachedShare: number }

export const DEMO_PROJECTS: DemoWorkload[] = [
  { provider: "openai", projectId: "proj_support", projectName: "Support assistant", model: "gpt-4o", baseInputTokensPerDay: 38_000_000, outputRatio: 0.25, cachedShare: 0.3 },
  { provider: "openai", projectId: "proj_support", projectName: "Support assistant", model: "gpt-4o-mini", baseInputTokensPerDay: 120_000_000, outputRatio: 0.2, cachedShare: 0.2 },
  { provider: "openai", projectId: "proj_search", projectName: "Search", model: "text-embedding-3-small", baseInputTokensPerDay: 400_000_000, outputRatio: 0, cachedShare: 0 },
  { provider: "openai", projectId: "proj_search", projectName: "Search", model: "gpt-4o-mini", baseInputTokensPerDay: 60_000_000, outputRatio: 0.15, cachedShare: 0.1 },
  { provider: "openai", projectId: "proj_internal", projectName: "Internal tools", model: "gpt-4o", baseInputTokensPerDay: 6_000_000, outputRatio: 0.4, cachedShare: 0 },
  { provider: "anthropic", projectId: "wrkspc_legal", projectName: "Legal review", model: "claude-sonnet-4", baseInputTokensPerDay: 22_000_000, outputRatio: 0.2, cachedShare: 0.4 },
  { provider: "anthropic", projectId: "wrkspc_eng", projectName: "Engineering copilots", model: "claude-sonnet-4", baseInputTokensPerDay: 30_000_000, outputRatio: 0.3, cachedShare: 0.5 },
  { provider: "anthropic", projectId: "wrkspc_eng", projectName: "Engineering copilots", model: "claude-3-5-haiku", baseInputTokensPerDay: 40_000_000, outputRatio: 0.25, cachedShare: 0.2 },
];

/** USD per 1M tokens. gpt-4o's cut lands 6 months before `now` (the mid-history price cut). */
export function demoPrices(now: Date): DemoPrice[] {
  const start = isoDay(addDays(monthStart(now, -13), 0));
  const cut = isoDay(monthStart(now, -6));
  return [
    { provider: "openai", model: "gpt-4o", effectiveFrom: start, input: "5", output: "15", cachedInput: "2.5" },
    { provider: "openai", model: "gpt-4o", effectiveFrom: cut, input: "2.5", output: "10", cachedInput: "1.25" },
    { provider: "openai", model: "gpt-4o-mini", effectiveFrom: start, input: "0.15", output: "0.6", cachedInput: "0.075" },
    { provider: "openai", model: "text-embedding-3-small", effectiveFrom: start, input: "0.02", output: "0", cachedInput: null },
    { provider: "anthropic", model: "claude-sonnet-4", effectiveFrom: start, input: "3", output: "15", cachedInput: "0.3" },
    { provider: "anthropic", model: "claude-3-5-haiku", effectiveFrom: start, input: "0.8", output: "4", cachedInput: "0.08" },
  ];
}

export interface DemoDay { provider: string; projectId: string; model: string; day: string; inputTokens: bigint; outputTokens: bigint; cachedInputTokens: bigint; requests: bigint; inputCost: Decimal; outputCost: Decimal }

/** One row per workload per day from 13 months ago (1st of that month) to `now`'s day inclusive. */
export function generateDemoDays(now: Date): DemoDay[] {
  const prices = demoPrices(now);
  const first = monthStart(now, -12);
  const rand = mulberry32(20261124);
  const out: DemoDay[] = [];
  const days = Math.round((Date.UTC(now.getUTCFullYear(), now.getUTCMonth(), now.getUTCDate()) - first.getTime()) / 86_400_000);
  for (let d = 0; d <= days; d++) {
    const date = addDays(first, d);
    const dow = date.getUTCDay();
    const weekday = dow === 0 || dow === 6 ? 0.35 : 1;
    const growth = Math.pow(1.035, d / 30.4); // ~3.5% a month
    for (const w of DEMO_PROJECTS) {
      const noise = 0.85 + rand() * 0.3;
      const total = Math.round(w.baseInputTokensPerDay * weekday * growth * noise);
      const cached = Math.round(total * w.cachedShare);
      const uncached = total - cached;
      const output = Math.round(total * w.outputRatio);
      const price = priceOn(prices, w.provider, w.model, isoDay(date));
      // $ = tokens × (USD per 1M) / 1,000,000, exact in decimal
      const inputCost = dec(uncached).times(price.input).plus(dec(cached).times(price.cachedInput ?? price.input)).div(1_000_000);
      const outputCost = dec(output).times(price.output).div(1_000_000);
      out.push({
        provider: w.provider, projectId: w.projectId, model: w.model, day: isoDay(date),
        inputTokens: BigInt(uncached), outputTokens: BigInt(output), cachedInputTokens: BigInt(cached),
        requests: BigInt(Math.max(1, Math.round(total / 1800))), inputCost, outputCost,
      });
    }
  }
  return out;
}

export function priceOn(prices: DemoPrice[], provider: string, model: string, day: string): DemoPrice {
  const versions = prices.filter((p) => p.provider === provider && p.model === model && p.effectiveFrom <= day).sort((a, b) => a.effectiveFrom.localeCompare(b.effectiveFrom));
  const v = versions.at(-1);
  if (!v) throw new Error(`no demo price for ${provider}/${model} on ${day}`);
  return v;
}

export function monthStart(now: Date, offset = 0): Date {
  return new Date(Date.UTC(now.getUTCFullYear(), now.getUTCMonth() + offset, 1));
}
export function addDays(d: Date, n: number): Date {
  return new Date(d.getTime() + n * 86_400_000);
}
export function isoDay(d: Date): string {
  return d.toISOString().slice(0, 10);
}
