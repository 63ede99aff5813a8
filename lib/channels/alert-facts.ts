import { dec, formatUsd } from "@/lib/money";

// What a channel message says beyond the title, read from the event's data (written by each rule in
// lib/alerts/evaluate-*.ts): the dollar amounts, what changed (old → new for prices; the matched rules and diff
// lines of a terms change are already the event's body lines) and the projects affected.

export interface AlertAmount { label: string; usd: string }
export interface AlertChangeLine { label: string; from: string | null; to: string | null }
export interface AlertProject { name: string; monthlyDeltaUsd: string | null; tokens30d?: string }
export interface AlertFacts { amounts: AlertAmount[]; changes: AlertChangeLine[]; projects: AlertProject[] }

const AMOUNT_FIELDS: Record<string, [field: string, label: string][]> = {
  PRICE_CHANGE: [["monthlyDelta", "Monthly impact at your last 30 days of usage"]],
  BUDGET_THRESHOLD: [["monthToDate", "Spent this month"], ["budget", "Budget"]],
  FORECAST_OVERRUN: [["forecast", "Forecast for the month"], ["actual", "Spent so far"], ["budget", "Budget"]],
  SPEND_ANOMALY: [["observed", "Spent that day"], ["expected", "Expected"]],
  GPU_IDLE: [["idleCost", "Idle GPU cost that day"]],
  BREAKEVEN_CROSSED: [["apiMonthlyCost", "API cost per month"], ["selfHostMonthlyCost", "Self-hosting cost per month"]],
  COST_PER_UNIT: [["current", "Cost per unit, last week"], ["previous", "Cost per unit, the week before"]],
};

const FIELD_WORDS: Record<string, string> = { input: "Input price per 1M tokens", output: "Output price per 1M tokens", cacheRead: "Cached input price per 1M tokens", cacheWrite: "Cache write price per 1M tokens" };

const money = (v: unknown): string | null => {
  if (typeof v !== "string" && typeof v !== "number") return null;
  try {
    return dec(v).toFixed(2);
  } catch {
    return null;
  }
};

export function alertFacts(type: string, data: unknown): AlertFacts {
  const d = (data && typeof data === "object" ? data : {}) as Record<string, unknown>;
  const amounts: AlertAmount[] = [];
  for (const [field, label] of AMOUNT_FIELDS[type] ?? []) {
    const usd = money(d[field]);
    if (usd !== null) amounts.push({ label, usd });
  }
  const changes: AlertChangeLine[] = Array.isArray(d.changes)
    ? (d.changes as Record<string, unknown>[]).map((c) => ({
        label: FIELD_WORDS[String(c.field)] ?? String(c.field),
        from: c.oldValue == null ? null : String(c.oldValue),
        to: c.newValue == null ? null : String(c.newValue),
      }))
    : [];
  const projects: AlertProject[] = Array.isArray(d.perProject)
    ? (d.perProject as Record<string, unknown>[]).map((p) => ({ name: String(p.projectName ?? p.projectId), monthlyDeltaUsd: money(p.monthlyDelta) }))
    : Array.isArray(d.projects)
      ? (d.projects as Record<string, unknown>[]).map((p) => ({ name: String(p.name ?? p.projectName), monthlyDeltaUsd: null, ...(typeof p.tokens30d === "string" && /^\d+$/.test(p.tokens30d) ? { tokens30d: p.tokens30d } : {}) }))
      : [];
  return { amounts, changes, projects };
}

/** "$4.00 → $5.00" for a price line; "removed" / "new" when a side is missing. */
export function changeText(c: AlertChangeLine): string {
  const side = (v: string | null) => (v === null ? null : formatUsd(v));
  return `${c.label}: ${side(c.from) ?? "new"} → ${side(c.to) ?? "removed"}`;
}
