import { Decimal, dec, formatUsd } from "@/lib/money";
import type { PriceChange } from "@/lib/pricing/diff";
import { FIELD_QUANTITY, type TokenUsage } from "@/lib/pricing/estimate";
import type { ModelPrice, PriceField } from "@/lib/pricing/types";
import { TOKENS_PER_MILLION } from "@/lib/pricing/units";

/** One project's usage of the changed model over the trailing window (default the last 30 days). */
export interface ProjectUsage {
  projectId: string;
  projectName?: string | null;
  usage: TokenUsage;
}

export interface ImpactOptions {
  /** days the usage covers; the delta is scaled to a 30-day month by 30 / windowDays (30 → ×1) */
  windowDays?: number;
  /** the model's prices before/after, so a cache price that appears or disappears falls back to the input price */
  before?: Pick<ModelPrice, "input"> | null;
  after?: Pick<ModelPrice, "input"> | null;
}

export interface ProjectImpact {
  projectId: string;
  projectName: string;
  /** USD per month, unrounded; positive = the change costs this project more */
  monthlyDelta: Decimal;
  /** "+$1,240.00/month for project X" */
  sentence: string;
}

export interface PriceChangeImpact {
  perProject: ProjectImpact[];
  monthlyDelta: Decimal;
  /** "mistral mistral-large input price $3.00 → $2.00 per 1M tokens: -$120.00/month across 2 projects" */
  sentence: string;
}

const MONTH_DAYS = 30;

/**
 * What a price change does to each project's monthly bill, assuming usage continues at the last window's rate:
 * Δ$/month = quantity of that kind in the window × (new − old) [÷ 10⁶ for per-1M-token prices] × 30 / windowDays.
 * A month is 30 days, so with the default 30-day window the window's delta is the monthly delta.
 */
export function priceChangeImpact(change: PriceChange, usageByProject: readonly ProjectUsage[], options: ImpactOptions = {}): PriceChangeImpact {
  const windowDays = options.windowDays ?? MONTH_DAYS;
  if (!(windowDays > 0)) throw new RangeError("windowDays must be positive");
  const { usage: kind, perMillion } = FIELD_QUANTITY[change.field];
  const unitDelta = effective(change.field, change.newValue, options.after).minus(effective(change.field, change.oldValue, options.before));
  const scale = new Decimal(MONTH_DAYS).div(windowDays);

  const perProject: ProjectImpact[] = [];
  for (const p of usageByProject) {
    const quantity = dec(p.usage[kind] ?? 0);
    if (quantity.isZero()) continue;
    const windowDelta = perMillion ? quantity.times(unitDelta).div(TOKENS_PER_MILLION) : quantity.times(unitDelta);
    const monthlyDelta = windowDelta.times(scale);
    const projectName = p.projectName || p.projectId;
    perProject.push({ projectId: p.projectId, projectName, monthlyDelta, sentence: `${signedUsd(monthlyDelta)}/month for project ${projectName}` });
  }
  perProject.sort((a, b) => b.monthlyDelta.abs().comparedTo(a.monthlyDelta.abs()) || a.projectName.localeCompare(b.projectName));
  const monthlyDelta = perProject.reduce((acc, p) => acc.plus(p.monthlyDelta), new Decimal(0));

  const what = describePriceChange(change);
  const sentence = perProject.length
    ? `${what}: ${signedUsd(monthlyDelta)}/month across ${perProject.length} project${perProject.length === 1 ? "" : "s"}`
    : `${what}: no usage in the last ${windowDays} days`;
  return { perProject, monthlyDelta, sentence };
}

/** "openai gpt-4o input price $2.50 → $2.00 per 1M tokens" */
export function describePriceChange(change: Pick<PriceChange, "provider" | "model" | "field" | "oldValue" | "newValue">): string {
  const unit = FIELD_QUANTITY[change.field].perMillion ? " per 1M tokens" : change.field === "perRequest" ? " per request" : " per image";
  return `${change.provider} ${change.model} ${FIELD_LABEL[change.field]} ${formatRate(change.oldValue)} → ${formatRate(change.newValue)}${unit}`;
}

/** Each price field in words, for pages and alerts. */
export const FIELD_LABEL: Record<PriceField, string> = {
  input: "input price",
  output: "output price",
  cachedInput: "cached-input price",
  cacheWrite: "cache-write price",
  perRequest: "request price",
  perImage: "image price",
};

/** Unit prices keep their significant digits ($0.075), unlike bills which round to cents. */
export function formatRate(value: Decimal | null): string {
  if (value === null) return "not listed";
  const digits = Math.min(Math.max(value.decimalPlaces(), 2), 6);
  const fixed = value.toFixed(digits);
  const [int, frac] = fixed.split(".");
  return `$${int!.replace(/\B(?=(\d{3})+(?!\d))/g, ",")}.${frac}`;
}

export function signedUsd(value: Decimal): string {
  return value.isPositive() && !value.isZero() ? `+${formatUsd(value)}` : formatUsd(value);
}

function effective(field: PriceField, value: Decimal | null, price: Pick<ModelPrice, "input"> | null | undefined): Decimal {
  if (value !== null) return value;
  // estimateCost bills cache tokens at the input price when no cache price is listed; stay consistent with it.
  if ((field === "cachedInput" || field === "cacheWrite") && price) return price.input;
  return new Decimal(0);
}
