import { z } from "zod";
import { parseOrThrow } from "@/lib/errors";
import { Decimal, toCents } from "@/lib/money";
import { toCsv } from "./csv";
import type { KeyedAmounts } from "./queries";

// Chargeback / showback per project: each project's spend over the range (the Spend page's figures: billed +
// estimated, source-of-truth rule applied) with an optional markup. Pure over the exact sums of the query layer.
//
// Rounding rule (stated in the CSV's header note and docs/spend.md): a row's cost and a row's charge are each
// rounded to the cent by the largest-remainder method: every row is first rounded down to the cent, then the
// cents still missing to reach the column's total — that total rounded half-up from its exact sum, exactly as
// the Spend page rounds its total — go one each to the rows that lost the largest fractions (ties: row order).
// So the cost column adds up to the Spend total to the cent, the charge column to the total × (1 + markup),
// and the markup column (charge − cost, per row) to their difference.

const MARKUP = /^\d{1,4}(\.\d{1,4})?$/;
/** A markup in percent: 0 to 1000, at most 4 decimals ("12.5" = +12.5%). */
export const markupSchema = z
  .string()
  .trim()
  .regex(MARKUP, "must be a percentage like 10 or 12.5 (0 to 1000, at most 4 decimals)")
  .refine((s) => !MARKUP.test(s) || new Decimal(s).lte(1000), "must be at most 1000%") // zod runs refinements after a failed regex too
  .default("0");

const CENT = new Decimal("0.01");

/**
 * Round each exact amount to the cent so the rounded amounts add up to `total` rounded half-up to the cent
 * (largest remainder; ties go to the earlier row). Works for negative amounts (credits) too.
 */
export function allocateCents(exact: readonly Decimal[], total: Decimal = exact.reduce((a, b) => a.plus(b), new Decimal(0))): Decimal[] {
  const target = total.toDecimalPlaces(2, Decimal.ROUND_HALF_UP);
  const floors = exact.map((v) => v.toDecimalPlaces(2, Decimal.ROUND_FLOOR));
  const floorSum = floors.reduce((a, b) => a.plus(b), new Decimal(0));
  let missing = target.minus(floorSum).div(CENT).toNumber(); // whole cents, 0 ≤ missing ≤ rows
  const order = exact.map((v, i) => ({ i, lost: v.minus(floors[i]!) })).sort((a, b) => b.lost.comparedTo(a.lost) || a.i - b.i);
  const out = [...floors];
  for (const { i } of order) {
    if (missing <= 0) break;
    out[i] = out[i]!.plus(CENT);
    missing--;
  }
  return out;
}

export interface ChargebackRow {
  projectId: string;
  label: string;
  cost: Decimal;
  markup: Decimal;
  charge: Decimal;
}
export interface Chargeback {
  markupPercent: Decimal;
  rows: ChargebackRow[];
  total: { cost: Decimal; markup: Decimal; charge: Decimal };
}

/** Rows per project (exact sums) and the Spend total (exact) → cent-exact chargeback rows whose columns add up. */
export function chargeback(rows: readonly KeyedAmounts[], exactTotal: Decimal, markupPercent: Decimal, label: (projectId: string) => string): Chargeback {
  const factor = markupPercent.div(100).plus(1); // charge = cost × (1 + markup ÷ 100)
  const cost = allocateCents(rows.map((r) => r.total), exactTotal);
  const charge = allocateCents(rows.map((r) => r.total.times(factor)), exactTotal.times(factor));
  const out = rows.map((r, i) => ({ projectId: r.key, label: label(r.key), cost: cost[i]!, charge: charge[i]!, markup: charge[i]!.minus(cost[i]!) }));
  const totalCost = exactTotal.toDecimalPlaces(2, Decimal.ROUND_HALF_UP);
  const totalCharge = exactTotal.times(factor).toDecimalPlaces(2, Decimal.ROUND_HALF_UP);
  return { markupPercent, rows: out, total: { cost: totalCost, charge: totalCharge, markup: totalCharge.minus(totalCost) } };
}

/** The CSV: one row per project, then the total row; amounts are plain decimals. */
export function chargebackCsv(c: Chargeback, range: { from: string; to: string }, currency: string): { filename: string; body: string } {
  const cur = currency.toUpperCase();
  const pct = c.markupPercent.toString();
  const header = ["Project", "Project id", `Cost (${cur})`, `Markup ${pct}% (${cur})`, `Charge (${cur})`];
  const rows = c.rows.map((r) => [{ text: r.label }, { text: r.projectId }, { amount: toCents(r.cost) }, { amount: toCents(r.markup) }, { amount: toCents(r.charge) }]);
  rows.push([{ text: "Total" }, { text: "" }, { amount: toCents(c.total.cost) }, { amount: toCents(c.total.markup) }, { amount: toCents(c.total.charge) }]);
  return { filename: `chargeback-${range.from}-to-${range.to}${c.markupPercent.isZero() ? "" : `-markup-${pct}pct`}.csv`, body: toCsv(header, rows) };
}

export function parseMarkup(value: string | null): Decimal {
  return new Decimal(parseOrThrow(markupSchema, value ?? undefined, "markup"));
}
