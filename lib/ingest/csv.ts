import { parse } from "csv-parse/sync";
import { dec } from "@/lib/money";
import { mergeCostRows, mergeUsageRows } from "@/lib/providers/merge";
import { amountProblem, BUCKET_AMOUNT_MESSAGE, BUCKET_COUNT_MESSAGE, BucketSums, hasNul, MAX_AMOUNT_DECIMALS, MAX_COUNT, timeProblem } from "@/lib/ingest/bounds";
import type { CostBucketRow, UsageBucketRow } from "@/lib/providers/types";
import { notBillingCurrency } from "./currency";

// CSV import of spend and usage by finance (format in docs/csv-import.md). Every problem is
// reported with its 1-based file line (the header is line 1) so the file can be fixed and re-sent;
// the caller commits nothing unless `errors` is empty.

export const CSV_COLUMNS = [
  "date",
  "provider",
  "model",
  "project",
  "line_item",
  "amount",
  "currency",
  "input_tokens",
  "output_tokens",
  "cached_input_tokens",
  "cache_write_tokens",
  "requests",
  "usage_kind",
] as const;
type Column = (typeof CSV_COLUMNS)[number];

export const CSV_REQUIRED_COLUMNS: readonly Column[] = ["date", "provider"];
const COUNT_COLUMNS = ["input_tokens", "output_tokens", "cached_input_tokens", "cache_write_tokens", "requests"] as const;
export const MAX_CSV_ROWS = 100_000;

export interface CsvImportError {
  /** 1-based line in the file; the header is line 1. */
  line: number;
  /** Column name, or "" for the whole line. */
  field: string;
  message: string;
}

export interface CsvImportResult {
  rows: { costs: CostBucketRow[]; usage: UsageBucketRow[] };
  errors: CsvImportError[];
}

type CsvLine = Partial<{ [K in Column]: string }>;

export interface CsvImportOptions {
  /** The organisation's billing currency (ISO 4217, lower case): an amount in any other is refused. */
  billingCurrency?: string;
  /** For the "not in the future" bound; defaults to the real clock. */
  now?: Date;
}

export function parseImportCsv(text: string, options: CsvImportOptions = {}): CsvImportResult {
  const now = options.now ?? new Date();
  const errors: CsvImportError[] = [];
  const costs: CostBucketRow[] = [];
  const usage: UsageBucketRow[] = [];
  const result = () => ({ rows: { costs: mergeCostRows(costs), usage: mergeUsageRows(usage) }, errors });
  const sums = new BucketSums();

  let records: Array<{ record: string[]; info: { lines: number }; raw: string }>;
  try {
    // One line ending everywhere, so csv-parse's line counter matches what an editor shows.
    const options = { bom: true, trim: true, skip_empty_lines: true, relax_column_count: true, info: true, raw: true } as const;
    records = parse(text.replace(/\r\n?/g, "\n"), options) as unknown as typeof records;
  } catch (e) {
    const line = typeof (e as { lines?: unknown }).lines === "number" ? (e as { lines: number }).lines : 1;
    errors.push({ line, field: "", message: `not readable as CSV: ${e instanceof Error ? e.message : String(e)}` });
    return result();
  }

  const [header, ...body] = records;
  if (!header) {
    errors.push({ line: 1, field: "", message: `the file is empty; the first line must name the columns (${CSV_COLUMNS.join(",")})` });
    return result();
  }
  const columns = readHeader(header.record, errors);
  if (errors.length > 0) return result();
  if (body.length > MAX_CSV_ROWS) {
    errors.push({ line: 1, field: "", message: `${body.length} rows; at most ${MAX_CSV_ROWS} per file` });
    return result();
  }

  for (const { record, info, raw } of body) {
    const line = startLine(info.lines, raw);
    if (record.every((v) => v === "")) continue; // spreadsheets export trailing ",,,," lines
    if (record.length !== columns.length) {
      errors.push({ line, field: "", message: `expected ${columns.length} values, found ${record.length}` });
      continue;
    }
    const values: CsvLine = Object.fromEntries(columns.map((c, i) => [c, record[i]!]));
    readLine(values, line, errors, costs, usage, { billingCurrency: options.billingCurrency, now, sums });
  }
  return result();
}

function readHeader(names: string[], errors: CsvImportError[]): Column[] {
  const known = new Set<string>(CSV_COLUMNS);
  const seen = new Set<string>();
  for (const name of names) {
    if (!known.has(name)) errors.push({ line: 1, field: name, message: `unknown column; the columns are ${CSV_COLUMNS.join(", ")}` });
    else if (seen.has(name)) errors.push({ line: 1, field: name, message: "column appears twice" });
    seen.add(name);
  }
  for (const required of CSV_REQUIRED_COLUMNS) {
    if (!seen.has(required)) errors.push({ line: 1, field: required, message: "required column is missing" });
  }
  if (!seen.has("amount") && !COUNT_COLUMNS.some((c) => seen.has(c))) {
    errors.push({ line: 1, field: "amount", message: "nothing to import: add an amount column or a token/request count column" });
  }
  return names as Column[];
}

/** csv-parse reports the line a record ENDS on; a quoted value may span lines, so count back. */
function startLine(endLine: number, raw: string): number {
  const own = raw.replace(/^\n+/, "").replace(/\n$/, "");
  return endLine - (own.match(/\n/g)?.length ?? 0);
}

function readLine(v: CsvLine, line: number, errors: CsvImportError[], costs: CostBucketRow[], usage: UsageBucketRow[], ctx: { billingCurrency?: string; now: Date; sums: BucketSums }): void {
  const before = errors.length;
  const fail = (field: string, message: string) => errors.push({ line, field, message });
  // Postgres text cannot hold NUL: name the column instead of failing the write.
  for (const [field, value] of Object.entries(v)) if (value !== undefined && hasNul(value)) fail(field, "contains a NUL (\\u0000) character");
  if (errors.length > before) return;

  const day = v.date ?? "";
  if (!isIsoDay(day)) fail("date", day ? `"${clip(day)}" is not a date as YYYY-MM-DD` : "required");
  else {
    const when = timeProblem(new Date(`${day}T00:00:00Z`), ctx.now);
    if (when) fail("date", when);
  }
  const provider = (v.provider ?? "").toLowerCase();
  if (!provider) fail("provider", "required");
  const currency = (v.currency || "usd").toLowerCase();
  if (!/^[a-z]{3}$/.test(currency)) fail("currency", `"${clip(v.currency ?? "")}" is not a 3-letter ISO 4217 code`);
  else if (v.amount && ctx.billingCurrency && currency !== ctx.billingCurrency) fail("currency", notBillingCurrency(currency, ctx.billingCurrency));
  const usageKind = v.usage_kind || "completions";
  if (!/^[a-z_]{1,64}$/.test(usageKind)) fail("usage_kind", "lowercase letters and _ only, e.g. completions");
  if (provider.length > 100) fail("provider", "at most 100 characters");
  for (const [field, text] of [["model", v.model], ["project", v.project], ["line_item", v.line_item]] as const) {
    if ((text ?? "").length > 200) fail(field, "at most 200 characters");
  }

  const amountIssue = v.amount ? checkAmount(v.amount) : null;
  if (amountIssue) fail("amount", amountIssue);
  const counts = COUNT_COLUMNS.map((c) => {
    const text = v[c] ?? "";
    if (text && (!/^\d{1,13}$/.test(text) || BigInt(text) > MAX_COUNT)) fail(c, `"${clip(text)}" is not a whole number from 0 to ${MAX_COUNT.toLocaleString("en-US")}`);
    return text;
  });
  const hasUsage = counts.some((t) => t !== "");
  if (!v.amount && !hasUsage) fail("amount", "give an amount or at least one token/request count");
  if (errors.length > before) return;

  const key = { provider, day, projectId: v.project ?? "", model: v.model ?? "" };
  const bucket = [provider, day, key.projectId, key.model].join("\u0001");
  if (v.amount && !ctx.sums.addAmount(`${bucket}\u0001${v.line_item ?? ""}\u0001${currency}`, dec(v.amount))) return void fail("amount", BUCKET_AMOUNT_MESSAGE);
  if (hasUsage) {
    const names = ["input_tokens", "output_tokens", "cached_input_tokens", "cache_write_tokens", "requests"] as const;
    const over = ctx.sums.addCounts(`${bucket}\u0001${usageKind}`, Object.fromEntries(names.map((n, i) => [n, BigInt(counts[i] || 0)])));
    if (over) return void fail(over, BUCKET_COUNT_MESSAGE);
  }
  if (v.amount) costs.push({ ...key, lineItem: v.line_item ?? "", currency, amount: dec(v.amount), quantity: null, quantityUnit: null });
  if (hasUsage) {
    const [input, output, cached, written, requests] = counts.map((t) => BigInt(t || 0));
    usage.push({ ...key, usageKind, inputTokens: input!, outputTokens: output!, cachedInputTokens: cached!, cacheWriteTokens: written!, requests: requests!, units: null, unit: null });
  }
}

function isIsoDay(text: string): boolean {
  if (!/^\d{4}-\d{2}-\d{2}$/.test(text)) return false;
  const d = new Date(`${text}T00:00:00Z`);
  return !Number.isNaN(d.getTime()) && d.toISOString().slice(0, 10) === text; // rejects 2026-02-30
}

/** Plain decimals only, so a value means the same in every locale and nothing is guessed. */
function checkAmount(text: string): string | null {
  if (text.startsWith("-")) return "negative amounts are not accepted; leave credits and refunds out of the import";
  if (text.includes(",")) return `"${clip(text)}" has a comma: write 1000.00, not 1,000.00 (no thousands separators, "." for decimals)`;
  if (/e/i.test(text)) return `"${clip(text)}" uses exponent notation: write the plain number`;
  if (!/^\d+(\.\d+)?$/.test(text)) return `"${clip(text)}" is not a plain decimal like 12.34 (no currency symbol)`;
  if ((text.split(".")[1]?.length ?? 0) > MAX_AMOUNT_DECIMALS) return `at most ${MAX_AMOUNT_DECIMALS} decimal places`;
  return amountProblem(dec(text));
}

/** A value quoted back in a message, cut so a huge cell does not become a huge error list. */
function clip(text: string): string {
  return text.length > 40 ? `${text.slice(0, 40)}…` : text;
}
