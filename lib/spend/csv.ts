import { GROUP_BY_LABEL } from "./filters";
import type { SpendTableDto, SpendViewDto } from "./view";

// CSV of every table of the Spend page, written from the same DTO the page renders, so each
// amount (and the total row) is the on-screen figure to the cent. Pure.

export const CSV_TABLES = ["breakdown", "daily", "months", "movers", "budgets"] as const;
export type CsvTable = (typeof CSV_TABLES)[number];

/** A cell: text is guarded against spreadsheet formulas; amounts are plain decimals ("1234.50"). */
type Cell = { text: string } | { amount: string | null };
const text = (s: string): Cell => ({ text: s });
const amount = (s: string | null): Cell => ({ amount: s });

function quote(s: string): string {
  return /[",\r\n]/.test(s) || s !== s.trim() ? `"${s.replace(/"/g, '""')}"` : s;
}

function cellToString(c: Cell): string {
  if ("amount" in c) return c.amount ?? "";
  // A label a spreadsheet would run as a formula (=, +, -, @, tab, CR) is prefixed with '.
  return quote(/^[=+\-@\t\r]/.test(c.text) ? `'${c.text}` : c.text);
}

/** RFC 4180: CRLF line ends, a header line, fields quoted when they hold a comma, quote or newline. */
export function toCsv(header: string[], rows: Cell[][]): string {
  return [header.map((h) => quote(h)), ...rows.map((r) => r.map(cellToString))].map((r) => r.join(",")).join("\r\n") + "\r\n";
}

function tableCsv(t: SpendTableDto, currency: string): string {
  const cur = currency.toUpperCase();
  const rows = t.rows.map((r) => [text(r.label), text(r.key), amount(r.billed), amount(r.estimated), amount(r.total)]);
  rows.push([text("Total"), text(""), amount(t.total.billed), amount(t.total.estimated), amount(t.total.total)]);
  return toCsv([GROUP_BY_LABEL[t.groupBy], "Key", `Billed (${cur})`, `Estimated (${cur})`, `Total (${cur})`], rows);
}

export function spendCsv(view: SpendViewDto, table: CsvTable): { filename: string; body: string } {
  const cur = view.currency.toUpperCase();
  const range = `${view.query.from}-to-${view.query.to}`;
  switch (table) {
    case "breakdown":
      return { filename: `spend-by-${view.breakdown.groupBy}-${range}.csv`, body: tableCsv(view.breakdown, view.currency) };
    case "daily":
      return { filename: `spend-daily-${range}.csv`, body: tableCsv(view.daily, view.currency) };
    case "months":
      return { filename: `spend-monthly-13-months-to-${view.query.to}.csv`, body: tableCsv(view.months, view.currency) };
    case "movers": {
      const p = view.movers.periods;
      const header = [GROUP_BY_LABEL[view.movers.groupBy], "Key", `${p.current.from} to ${p.current.to} (${cur})`, `${p.previous.from} to ${p.previous.to} (${cur})`, `Change (${cur})`, "Change (%)"];
      const rows = view.movers.rows.map((m) => [text(m.label), text(m.key), amount(m.current), amount(m.previous), amount(m.change), amount(m.changePercent === null ? null : String(m.changePercent))]);
      return { filename: `spend-movers-${p.current.to}.csv`, body: toCsv(header, rows) };
    }
    case "budgets": {
      const header = ["Budget for", "Project id", `Budget (${cur})`, `Spent this month (${cur})`, `Forecast (${cur})`, `Forecast low (${cur})`, `Forecast high (${cur})`, "Status"];
      const rows = view.budgets.lines.map((l) => [text(l.label), text(l.projectId), amount(l.budget), amount(l.spent), amount(l.forecast), amount(l.low), amount(l.high), text(l.state)]);
      return { filename: `budgets-${view.budgets.month}.csv`, body: toCsv(header, rows) };
    }
  }
}
