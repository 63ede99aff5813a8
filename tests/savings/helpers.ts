import { dec, Decimal } from "@/lib/money";
import type { BookPrice, WorkloadUsage } from "@/lib/savings/types";

export function price(provider: string, model: string, input: string, output: string, cachedInput: string | null = null, cacheWrite: string | null = null, mode = "chat"): BookPrice {
  return { provider, model, mode, input: dec(input), output: dec(output), cachedInput: cachedInput === null ? null : dec(cachedInput), cacheWrite: cacheWrite === null ? null : dec(cacheWrite), source: "test" };
}

/** Millions of tokens → a workload whose spend equals its list cost unless given. */
export function workload(p: Partial<Omit<WorkloadUsage, "tokens">> & { tokensM?: { input?: number; output?: number; cachedInput?: number; cacheWrite?: number } } = {}): WorkloadUsage {
  const m = (n: number | undefined) => new Decimal(n ?? 0).times(1_000_000);
  const { tokensM, ...rest } = p;
  return {
    provider: "openai", model: "gpt-4o", projectId: "proj_x", projectName: "X", from: "2026-11-01", to: "2026-11-30", days: 30,
    tokens: { input: m(tokensM?.input), output: m(tokensM?.output), cachedInput: m(tokensM?.cachedInput), cacheWrite: m(tokensM?.cacheWrite) },
    requests: new Decimal(1000), spend: new Decimal(1_000_000), toleratesDelay: false, hourly: null, daily: [], spendHref: "/o/spend?x", ...rest,
  };
}

export const BOOK: BookPrice[] = [
  price("openai", "gpt-4o", "2.5", "10", "1.25"),
  price("openai", "gpt-4.1", "2", "8", "0.5"),
  price("openai", "o3-mini", "1.1", "4.4", "0.55"),
  price("openai", "gpt-4o-mini", "0.15", "0.6", "0.075"),
  price("openai", "text-embedding-3-small", "0.02", "0", null, null, "embedding"),
  price("anthropic", "claude-sonnet-4", "3", "15", "0.3", "3.75"),
  price("anthropic", "claude-3-5-haiku", "0.8", "4", "0.08", "1"),
  price("anthropic", "claude-3-opus", "15", "75", "1.5", "18.75"),
  price("deepseek", "deepseek-chat", "0.27", "1.1", "0.07", "0"),
];
