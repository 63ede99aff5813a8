import type { BreakEvenInput } from "@/lib/breakeven";
import type { GpuHourUsage } from "@/lib/gpu/cost";
import type { Decimal } from "@/lib/money";
import type { ModelUsageRow, StoredPriceChange } from "@/lib/pricing/org-impact";
import type { StoredPriceVersion } from "@/lib/pricing/price-book";
import type { Retirement } from "@/lib/pricing/retirements";
import type { DailySpend } from "@/lib/spend/forecast";
import type { DiffEntry } from "@/lib/terms/diff";
import type { RuleMatch, Severity } from "@/lib/terms/severity";
import type { AlertType } from "@/lib/alerts/rules";
import type { CommitmentWithBurnDown } from "@/lib/commitments/store";

// What the pure rule evaluation sees: one org's data, loaded by lib/alerts/load.ts (only the parts its enabled
// rules need), and what it returns: candidate events, each with the de-duplication key of its occurrence.

export interface RuleToEvaluate {
  id: string;
  type: AlertType;
  name: string;
  params: unknown;
}

export interface CandidateEvent {
  type: AlertType;
  /** one occurrence = one key, unique per org: re-evaluating the same occurrence never raises it twice */
  dedupKey: string;
  severity: Severity;
  title: string;
  /** plain text, one paragraph per line: what happened and what it means in dollars */
  body: string;
  data: Record<string, unknown>;
  /** path inside the app (no host): the diff, the price history, the pool … */
  link: string | null;
}

export interface SpendData {
  /** USD per UTC day, org-wide, from ~9 weeks before this month up to today (today partial); days without spend absent */
  org: DailySpend[];
  /** the same per project id */
  byProject: Record<string, DailySpend[]>;
  /** the org's monthly budget and per-project budgets (USD); null = none set */
  orgBudget: Decimal | null;
  projectBudgets: Record<string, Decimal>;
  projectNames: Record<string, string>;
}

export interface ModelSpendSeries {
  provider: string;
  model: string;
  series: DailySpend[];
}

export interface DocumentChangeData {
  id: string;
  documentId: string;
  title: string;
  vendor: string;
  url: string;
  severity: Severity;
  summary: string;
  matchedRules: RuleMatch[];
  /** the first few diff entries, for the email */
  diffPreview: DiffEntry[];
  detectedAt: Date;
}

export interface GpuPoolData {
  id: string;
  name: string;
  /** the GpuPool row (cost model), as idleCost validates it */
  config: unknown;
  idleUtilisationPct: number;
  /** hourly per-GPU rows of yesterday (UTC) */
  hours: GpuHourUsage[];
}

export interface BreakEvenData {
  /** null when the inputs could not be assembled (pool or price missing): `reason` says why */
  input: BreakEvenInput | null;
  reason?: string;
  poolName: string;
  /** the side the last raised event of this rule was on; null = never raised */
  previousSide: BreakEvenSide | null;
}
export type BreakEvenSide = "self-host-cheaper" | "api-cheaper";

export interface ConnectionData {
  id: string;
  name: string;
  provider: string;
  status: string;
  failingSince: Date | null;
  lastError: string | null;
}

export interface OrgAlertData {
  org: { id: string; slug: string; name: string };
  spend?: SpendData;
  modelSpend?: ModelSpendSeries[];
  /** recent PriceChange rows (all orgs share the catalog) and the input price of each changed version */
  priceChanges?: { changes: StoredPriceChange[]; versionInputPrices: Map<string, Decimal> };
  /** per PRICE_CHANGE rule id, the price lines (priceLineKey) its earlier events already reported */
  alertedPriceLines?: Record<string, Set<string>>;
  /** the org's usage of the last 30 days per provider × model × project */
  usage30d?: ModelUsageRow[];
  /** every price in effect now (replacement costs) */
  currentPrices?: StoredPriceVersion[];
  documentChanges?: DocumentChangeData[];
  retirements?: Retirement[];
  gpuPools?: GpuPoolData[];
  /** per BREAKEVEN_CROSSED rule id */
  breakEven?: Record<string, BreakEvenData>;
  connections?: ConnectionData[];
  /** prepaid credits and commitments with their burn-down at `now` */
  commitments?: CommitmentWithBurnDown[];
  /** settled daily unit stats from OpenTelemetry spans (lib/otlp), the last 15 days before today */
  unitStats?: DailyUnitStats[];
}

export interface DailyUnitStats {
  day: string;
  unit: "request" | "conversation" | "user" | "customer";
  count: bigint;
  /** USD of all units that day */
  total: Decimal;
  p50: Decimal;
  p95: Decimal;
}
