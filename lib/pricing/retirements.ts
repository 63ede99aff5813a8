import type { Decimal } from "@/lib/money";
import { parseModelName } from "@/lib/pricing/aliases";
import { estimateCost, type TokenUsage } from "@/lib/pricing/estimate";
import type { ModelPrice, PriceField } from "@/lib/pricing/types";

/** When a model id stops working (a ModelRetirement row). Dates are UTC midnights. */
export interface Retirement {
  provider: string;
  /** the exact API model id, provider prefix removed */
  model: string;
  deprecatedAt: Date | null;
  retiresAt: Date;
  replacement: string | null;
  /** where the date comes from: the vendor's page, or the catalog */
  source: string;
}

interface KnownRetirement {
  provider: string;
  models: string[];
  deprecatedAt: string | null;
  retiresAt: string;
  replacement: string | null;
  source: string;
}

const OPENAI_DEPRECATIONS = "https://platform.openai.com/docs/deprecations";
const ANTHROPIC_DEPRECATIONS = "https://docs.anthropic.com/en/docs/about-claude/model-deprecations";

// Published vendor dates we are confident of. A model whose date we could not confirm is left out rather
// than guessed (e.g. Claude 3.5 Sonnet: the page said 2025-10-22, the release notes announced it on 10-28).
// These win over the catalog's deprecation_date, which is community-maintained (LiteLLM lists
// claude-3-opus-20240229 as 2025-03-01; Anthropic retired it on 2026-01-05). `replacement` is null where the
// vendor's recommendation changed over time and we could not pin the one in force.
export const KNOWN_RETIREMENTS: readonly KnownRetirement[] = [
  { provider: "openai", models: ["text-davinci-003", "text-davinci-002", "text-davinci-001", "code-davinci-002"], deprecatedAt: "2023-07-06", retiresAt: "2024-01-04", replacement: "gpt-3.5-turbo-instruct", source: OPENAI_DEPRECATIONS },
  { provider: "openai", models: ["gpt-4-vision-preview", "gpt-4-1106-vision-preview"], deprecatedAt: "2024-06-06", retiresAt: "2024-12-06", replacement: "gpt-4o", source: OPENAI_DEPRECATIONS },
  { provider: "openai", models: ["gpt-4-32k", "gpt-4-32k-0613", "gpt-4-32k-0314"], deprecatedAt: "2024-06-06", retiresAt: "2025-06-06", replacement: "gpt-4o", source: OPENAI_DEPRECATIONS },
  { provider: "openai", models: ["gpt-4.5-preview", "gpt-4.5-preview-2025-02-27"], deprecatedAt: "2025-04-14", retiresAt: "2025-07-14", replacement: "gpt-4.1", source: OPENAI_DEPRECATIONS },
  {
    provider: "anthropic",
    models: ["claude-1.0", "claude-1.1", "claude-1.2", "claude-1.3", "claude-instant-1.0", "claude-instant-1.1", "claude-instant-1.2"],
    deprecatedAt: "2024-09-04",
    retiresAt: "2024-11-06",
    replacement: null,
    source: ANTHROPIC_DEPRECATIONS,
  },
  { provider: "anthropic", models: ["claude-2.0", "claude-2.1", "claude-3-sonnet-20240229"], deprecatedAt: "2025-01-21", retiresAt: "2025-07-21", replacement: null, source: ANTHROPIC_DEPRECATIONS },
  { provider: "anthropic", models: ["claude-3-opus-20240229", "claude-3-opus-latest"], deprecatedAt: "2025-06-30", retiresAt: "2026-01-05", replacement: "claude-opus-4-1-20250805", source: ANTHROPIC_DEPRECATIONS },
];

const CATALOG_SOURCE = "catalog deprecation_date";

/**
 * The maintained table plus every catalog model that announces a deprecation_date, one row per exact id
 * (a catalog model carries the ids it was built from). On a clash the maintained row wins: it cites the vendor.
 */
export function mergeRetirements(catalog: readonly ModelPrice[], known: readonly KnownRetirement[] = KNOWN_RETIREMENTS, catalogSource = CATALOG_SOURCE): Retirement[] {
  const rows = new Map<string, Retirement>();
  const key = (provider: string, model: string) => `${provider}\u0000${model}`;
  for (const m of catalog) {
    if (!m.deprecationDate) continue;
    for (const id of m.sourceIds) {
      rows.set(key(m.provider, id), { provider: m.provider, model: id, deprecatedAt: null, retiresAt: utcDay(m.deprecationDate), replacement: null, source: catalogSource });
    }
  }
  for (const k of known) {
    for (const model of k.models) {
      rows.set(key(k.provider, model), {
        provider: k.provider,
        model,
        deprecatedAt: k.deprecatedAt ? utcDay(k.deprecatedAt) : null,
        retiresAt: utcDay(k.retiresAt),
        replacement: k.replacement,
        source: k.source,
      });
    }
  }
  return [...rows.values()].sort((a, b) => a.retiresAt.getTime() - b.retiresAt.getTime() || a.model.localeCompare(b.model));
}

export interface UpcomingRetirement extends Retirement {
  /** whole days from `now` to retiresAt, rounded up (0 = retires today) */
  daysLeft: number;
}

/** Retirements with now ≤ retiresAt ≤ now + days, soonest first. Already-retired models are not "within". */
export function retiringWithin(retirements: readonly Retirement[], now: Date, days: number): UpcomingRetirement[] {
  const horizon = now.getTime() + days * DAY_MS;
  return retirements
    .filter((r) => r.retiresAt.getTime() >= now.getTime() && r.retiresAt.getTime() <= horizon)
    .map((r) => ({ ...r, daysLeft: Math.ceil((r.retiresAt.getTime() - now.getTime()) / DAY_MS) }))
    .sort((a, b) => a.retiresAt.getTime() - b.retiresAt.getTime());
}

/** The retirement row for a model as usage spells it (prefixes stripped, exact id; provider null = any). */
export function findRetirement(retirements: readonly Retirement[], provider: string | null, name: string): Retirement | null {
  const { id } = parseModelName(name);
  return retirements.find((r) => r.model === id && (!provider || r.provider === provider)) ?? null;
}

export interface ReplacementCost {
  current: Decimal;
  replacement: Decimal;
  /** replacement − current; negative = the move saves money */
  delta: Decimal;
}

/** The same usage priced on the retiring model and on its replacement (unrounded dollars). */
export function replacementCost(usage: TokenUsage, fromPrice: Pick<ModelPrice, PriceField>, toPrice: Pick<ModelPrice, PriceField>): ReplacementCost {
  const current = estimateCost(usage, fromPrice);
  const replacement = estimateCost(usage, toPrice);
  return { current, replacement, delta: replacement.minus(current) };
}

const DAY_MS = 86_400_000;

function utcDay(isoDate: string): Date {
  return new Date(`${isoDate}T00:00:00.000Z`);
}
