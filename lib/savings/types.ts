import type { Decimal } from "@/lib/money";

// The savings engine's shapes (docs/savings.md). Every kind is a pure function over one workload's
// measured usage (or one GPU pool's hours) and the price book, returning an Opportunity or null.
// Money is USD per month as Decimal; a saving is a range, never a point.

export const OPPORTUNITY_KINDS = ["batch", "caching", "rightSizing", "reserved", "selfHosting", "idleGpu"] as const;
export type OpportunityKind = (typeof OPPORTUNITY_KINDS)[number];

export const KIND_LABEL: Record<OpportunityKind, string> = {
  batch: "Batch API",
  caching: "Prompt caching",
  rightSizing: "Model right-sizing",
  reserved: "Reserved capacity",
  selfHosting: "Self-hosting",
  idleGpu: "Idle GPU",
};

/** Tokens of one workload over its window, by class: `input` is input billed at the normal rate. */
export interface TokenCounts {
  input: Decimal;
  output: Decimal;
  cachedInput: Decimal;
  cacheWrite: Decimal;
}

/** One provider × model × project over one window of days (the reference month), as measured. */
export interface WorkloadUsage {
  provider: string;
  model: string;
  projectId: string;
  projectName: string;
  /** First and last day (YYYY-MM-DD, inclusive) and how many days that is. */
  from: string;
  to: string;
  days: number;
  tokens: TokenCounts;
  requests: Decimal;
  /** USD the cost buckets hold for the same filter and days (what Spend shows). */
  spend: Decimal;
  /** The project's "tolerates delay" setting (Project.toleratesDelay). */
  toleratesDelay: boolean;
  /** Tokens per hour of the window (UTC, from per-request events), when known; null = daily buckets only. */
  hourly: HourlyTokens[] | null;
  /** Tokens per day of the window (for a profile when there are no per-request events). */
  daily: { day: string; input: Decimal; output: Decimal }[];
  /** The Spend page showing the same provider, model, project and days. */
  spendHref: string;
}

export interface HourlyTokens {
  /** ISO hour start, UTC. */
  hour: string;
  input: Decimal;
  output: Decimal;
}

/** A price-book entry (USD per 1M tokens), as the scenario builder's catalog lists it. */
export interface BookPrice {
  provider: string;
  model: string;
  mode: string;
  input: Decimal;
  output: Decimal;
  cachedInput: Decimal | null;
  cacheWrite: Decimal | null;
  /** Batch API prices per 1M input / output tokens when the catalog lists them (LiteLLM *_cost_per_token_batches). */
  batchInput?: Decimal | null;
  batchOutput?: Decimal | null;
  source: string;
}

export interface Evidence {
  provider: string;
  model: string;
  projectId: string;
  projectName: string;
  from: string;
  to: string;
  days: number;
  /** What was summed, in words ("usage and cost buckets of …"). */
  query: string;
  /** Link to the Spend view showing the same rows (filled by the loader, which knows the org). */
  href: string;
}

/** Query parameters for /<org>/scenarios/new (lib/scenarios/defaults.ts BuilderParams). */
export type ScenarioPrefill = Record<string, string>;

export interface Opportunity {
  /** Stable across runs: kind + what it is about; dismissals are stored against it. */
  key: string;
  kind: OpportunityKind;
  title: string;
  /** USD per month. 0 ≤ low ≤ high ≤ appliesTo (a loss is carried in `detail`, never as a saving). */
  saving: { low: Decimal; high: Decimal };
  /** USD per month of spend the saving is taken from (the property test holds every kind to it). */
  appliesTo: Decimal;
  evidence: Evidence[];
  /** The figures behind the range, in words, each with its number. */
  assumptions: string[];
  /** Opens the scenario builder pre-filled; null when the scenario engine cannot express it. */
  scenario: ScenarioPrefill | null;
  /** Kind-specific figures for the page (hourly profile, idle hours, …), as strings. */
  detail?: Record<string, unknown>;
}
