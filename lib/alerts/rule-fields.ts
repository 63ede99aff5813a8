import type { AlertType } from "@/lib/alerts/rules";

// How each rule type's params are entered on the rules page (no server imports: the form is a client
// component). The server validates with RULE_PARAMS in rules.ts; this only says how to draw and read fields.

export type ParamField =
  | { name: string; label: string; kind: "number"; step?: string; placeholder?: string; optional?: boolean }
  | { name: string; label: string; kind: "text"; placeholder?: string; optional?: boolean }
  | { name: string; label: string; kind: "checkbox" }
  | { name: string; label: string; kind: "list"; placeholder?: string }
  | { name: string; label: string; kind: "select"; options: { value: string; label: string }[] }
  | { name: string; label: string; kind: "pool"; optional?: boolean };

const SEVERITY_OPTIONS = ["INFO", "LOW", "MEDIUM", "HIGH", "CRITICAL"].map((s) => ({ value: s, label: s }));

export const PARAM_FIELDS: Record<AlertType, ParamField[]> = {
  BUDGET_THRESHOLD: [
    { name: "percents", label: "Alert at % of the monthly budget (one or more, comma-separated; each sent once a month)", kind: "list", placeholder: "50, 80, 100" },
    { name: "projectId", label: "Project id (empty = whole org)", kind: "text", optional: true },
  ],
  FORECAST_OVERRUN: [
    { name: "percent", label: "Alert when the forecast passes % of budget", kind: "number", placeholder: "100", optional: true },
    { name: "projectId", label: "Project id (empty = whole org)", kind: "text", optional: true },
  ],
  SPEND_ANOMALY: [
    { name: "provider", label: "Provider (empty = all)", kind: "text", optional: true },
    { name: "model", label: "Model (empty = all)", kind: "text", optional: true },
    { name: "threshold", label: "Robust z threshold", kind: "number", step: "0.5", placeholder: "4", optional: true },
    { name: "minAbsoluteDeviation", label: "Ignore differences under ($)", kind: "number", step: "0.01", placeholder: "5", optional: true },
  ],
  PRICE_CHANGE: [
    { name: "minMonthlyImpact", label: "Minimum impact ($/month)", kind: "number", step: "0.01", placeholder: "0", optional: true },
    { name: "increasesOnly", label: "Only price increases", kind: "checkbox" },
  ],
  TERMS_CHANGE: [
    { name: "minSeverity", label: "At or above severity", kind: "select", options: SEVERITY_OPTIONS },
    { name: "vendors", label: "Vendors (comma-separated, empty = all)", kind: "list", placeholder: "openai, anthropic" },
  ],
  RETIREMENT: [{ name: "withinDays", label: "Retiring within (days)", kind: "number", placeholder: "90", optional: true }],
  GPU_IDLE: [
    { name: "maxDailyIdleCost", label: "Idle cost above ($/day)", kind: "number", step: "0.01" },
    { name: "poolId", label: "GPU pool", kind: "pool", optional: true },
  ],
  BREAKEVEN_CROSSED: [
    { name: "provider", label: "Provider", kind: "text", placeholder: "openai" },
    { name: "model", label: "Model", kind: "text", placeholder: "gpt-4o-mini" },
    { name: "projectId", label: "Project id (empty = all)", kind: "text", optional: true },
    { name: "poolId", label: "GPU pool", kind: "pool" },
    { name: "tokensPerSecondPerGpu", label: "Tokens/s per GPU", kind: "number", placeholder: "2000" },
    { name: "targetUtilisation", label: "Target utilisation (0–1)", kind: "number", step: "0.05", placeholder: "0.6", optional: true },
  ],
  CONNECTION_FAILING: [{ name: "hours", label: "Failing for more than (hours)", kind: "number", placeholder: "6", optional: true }],
  COST_PER_UNIT: [
    { name: "unit", label: "Cost per", kind: "select", options: [{ value: "conversation", label: "conversation (trace)" }, { value: "request", label: "request (span)" }, { value: "user", label: "user" }, { value: "customer", label: "customer" }] },
    { name: "percentile", label: "Percentile", kind: "select", options: [{ value: "p95", label: "p95" }, { value: "p50", label: "p50 (median)" }] },
    { name: "percentIncrease", label: "Alert when up at least % week over week", kind: "number", placeholder: "30", optional: true },
  ],
  CREDITS_RUNOUT: [
    { name: "daysAhead", label: "Runs out within (days, at the current rate)", kind: "number", placeholder: "14", optional: true },
    { name: "commitmentId", label: "Commitment id (empty = every credit and commitment)", kind: "text", optional: true },
  ],
};

/** Form values → params JSON: numbers parsed, empty optional fields left out (the server fills defaults). */
export function paramsFromForm(type: AlertType, read: (name: string) => string | boolean | null): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  for (const f of PARAM_FIELDS[type]) {
    const v = read(f.name);
    if (f.kind === "checkbox") out[f.name] = v === true;
    else if (f.kind === "list") out[f.name] = String(v ?? "").split(",").map((s) => s.trim()).filter(Boolean);
    else if (v === null || v === "" || v === false) continue;
    else if (f.kind === "number") out[f.name] = Number(v);
    else out[f.name] = String(v);
  }
  return out;
}
