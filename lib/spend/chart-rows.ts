import { addDays, monthStartOf } from "./filters";
import type { SpendTableDto } from "./view";

// The one mapper from a spend table to chart rows: every day (or month) of the axis appears, and
// one without any bucket is null — a gap in the chart, never a made-up 0. Numbers are for drawing
// only; text figures come from the DTO's decimal strings.

export interface SpendChartRow {
  label: string;
  Billed: number | null;
  Estimated: number | null;
}

function rows(table: SpendTableDto, axis: string[]): SpendChartRow[] {
  const byKey = new Map(table.rows.map((r) => [r.key, r]));
  return axis.map((k) => {
    const r = byKey.get(k);
    return { label: k, Billed: r ? Number(r.billed) : null, Estimated: r ? Number(r.estimated) : null };
  });
}

/** Every day from `from` to `to` inclusive. */
export function dailyChartRows(table: SpendTableDto, from: string, to: string): SpendChartRow[] {
  const axis: string[] = [];
  for (let d = from; d <= to; d = addDays(d, 1)) axis.push(d);
  return rows(table, axis);
}

/** The 13 months ending with the month of `to`. */
export function monthChartRows(table: SpendTableDto, to: string): SpendChartRow[] {
  return rows(table, Array.from({ length: 13 }, (_, i) => monthStartOf(to, i - 12).slice(0, 7)));
}
