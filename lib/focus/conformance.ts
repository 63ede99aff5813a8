import { COLUMN_ALIASES, FOCUS_COLUMN_BY_ID, MANDATORY_COLUMNS, type FocusColumn } from "./columns";

// Conformance of a FOCUS dataset to the column table (columns.ts): the header has every Mandatory
// column, and each row's values have the column's type, allowed values and nullability. Used on every
// imported file (the problems are reported with line numbers) and, in tests, on every exported one.
// In CSV a NULL is an empty field (null_handling.md: no empty strings or placeholders for "no value").

export interface ConformanceIssue {
  /** 1-based line of the file (CSV: the header is line 1) or row number (Parquet: the first row is 1). */
  line: number;
  column: string;
  message: string;
}

export interface HeaderCheck {
  missing: string[];
  /** Header name → the 1.2 column it stands for (an alias of a later version resolves to the 1.2 id). */
  resolved: Map<string, string>;
}

export function checkHeader(header: readonly string[]): HeaderCheck {
  const present = new Set(header);
  const resolved = new Map<string, string>();
  for (const h of header) resolved.set(h, h);
  const missing: string[] = [];
  for (const id of MANDATORY_COLUMNS) {
    if (present.has(id)) continue;
    const alias = COLUMN_ALIASES[id]?.find((a) => present.has(a));
    if (alias) resolved.set(alias, id);
    else missing.push(id);
  }
  return { missing, resolved };
}

export function missingColumnsMessage(missing: readonly string[]): string {
  return `not a FOCUS file: missing required column${missing.length > 1 ? "s" : ""} ${missing.join(", ")} (FOCUS 1.2 Mandatory columns; 1.0 and 1.1 require the same)`;
}

// Numeric format (numeric_format.md): an integer, a decimal or E notation; no sign for positive values,
// no thousands separators, no currency symbols.
const NUMERIC = /^-?(?:\d+(?:\.\d*)?|\.\d+)(?:[eE]-?\d+)?$/;
// Date/Time format (datetime_format.md): 'YYYY-MM-DDTHH:mm:ssZ' in UTC. Strict for what we write.
const DATETIME_STRICT = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}Z$/;
// What clouds really deliver, accepted on import: fractional seconds (AWS timestamp_milliseconds), no
// seconds (Azure's FOCUS 1.0 before 1.0r2), a space for the T, an explicit +00:00, or no zone (UTC).
const DATETIME_LENIENT = /^(\d{4}-\d{2}-\d{2})[T ](\d{2}):(\d{2})(?::(\d{2})(?:\.\d{1,9})?)?(?:Z|[+-]00:?00| UTC)?$/;
const CURRENCY = /^[A-Z]{3}$/;

export type Strictness = "strict" | "lenient";

// A bill repeats the same few hundred charge-period values millions of times: remember them.
const lenientMemo = new Map<string, number | null>();

/** A FOCUS Date/Time value as epoch milliseconds, or null when it is not one. */
export function parseFocusDateTime(value: string, strictness: Strictness = "lenient"): number | null {
  if (strictness === "strict" && !DATETIME_STRICT.test(value)) return null;
  const known = lenientMemo.get(value);
  if (known !== undefined) return known;
  const parsed = parseLenient(value);
  if (lenientMemo.size > 100_000) lenientMemo.clear();
  lenientMemo.set(value, parsed);
  return parsed;
}

function parseLenient(value: string): number | null {
  const m = DATETIME_LENIENT.exec(value);
  if (!m) return null;
  const t = Date.parse(`${m[1]}T${m[2]}:${m[3]}:${m[4] ?? "00"}Z`);
  return Number.isNaN(t) ? null : t;
}

export function isFocusNumeric(value: string): boolean {
  return NUMERIC.test(value);
}

/** The problem with one value of one column, or null when it conforms. `value` null = NULL. */
export function checkValue(column: FocusColumn, value: string | null, strictness: Strictness): string | null {
  if (value === null || value === "") {
    return column.nullable ? null : "must not be null";
  }
  switch (column.type) {
    case "Decimal":
      if (!NUMERIC.test(value)) return `"${clip(value)}" is not a number (plain decimal or E notation, no separators or symbols)`;
      break;
    case "DateTime":
      if (parseFocusDateTime(value, strictness) === null) return `"${clip(value)}" is not a UTC date/time (YYYY-MM-DDTHH:mm:ssZ)`;
      break;
    case "JSON":
      try {
        JSON.parse(value);
      } catch {
        return `"${clip(value)}" is not JSON`;
      }
      break;
    case "String":
      break;
  }
  if (column.allowed && !column.allowed.includes(value)) return `"${clip(value)}" is not one of ${column.allowed.join(", ")}`;
  if ((column.id === "BillingCurrency" || column.id === "PricingCurrency") && !CURRENCY.test(value)) return `"${clip(value)}" is not a three-letter ISO 4217 code`;
  return null;
}

const clip = (s: string) => (s.length > 60 ? `${s.slice(0, 57)}…` : s);

/**
 * Check one row: every FOCUS column present in the file (custom x_ columns are the provider's own and
 * not checked). `row` maps the file's header names to values (null or "" = NULL).
 */
export function checkRow(row: Readonly<Record<string, string | null>>, header: HeaderCheck, line: number, strictness: Strictness): ConformanceIssue[] {
  const issues: ConformanceIssue[] = [];
  for (const [name, id] of header.resolved) {
    const column = FOCUS_COLUMN_BY_ID.get(id);
    if (!column) continue;
    const problem = checkValue(column, row[name] ?? null, strictness);
    if (problem) issues.push({ line, column: name, message: problem });
  }
  return issues;
}

/** Keeps the first `limit` problems and counts them all: a file of a million bad rows reports 20 and a count. */
export class IssueLog {
  readonly first: ConformanceIssue[] = [];
  count = 0;
  badRows = 0;
  constructor(readonly limit = 20) {}
  add(issues: readonly ConformanceIssue[]): void {
    if (issues.length === 0) return;
    this.badRows += 1;
    this.count += issues.length;
    for (const i of issues) if (this.first.length < this.limit) this.first.push(i);
  }
}

/** Check a whole in-memory dataset (tests, exports): the header, then every row (line 2 onwards). */
export function checkDataset(header: readonly string[], rows: readonly Record<string, string | null>[], strictness: Strictness = "strict"): { missing: string[]; issues: IssueLog } {
  const h = checkHeader(header);
  const issues = new IssueLog();
  rows.forEach((row, i) => issues.add(checkRow(row, h, i + 2, strictness)));
  return { missing: h.missing, issues };
}
