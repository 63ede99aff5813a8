import { Decimal, sum, toCents } from "@/lib/money";
import { COST_CLASSES, type CostClass } from "@/lib/pricing/estimate";

// Coverage and pricing accuracy on the reconciliation page. Pure: the query layer (accuracy-query.ts) loads a
// month's billed cost rows and its usage priced per token class; these functions decide.
//
// Coverage: of each provider's billed dollars (counted under the source-of-truth rule, not estimated), the share
// the product can attribute to a project and a model; the rest is "model not reported" (a project but no model:
// OpenAI bills per project and line item) or unattributed (no project). A model named only in a line item
// ("gpt-4o-2024-08-06, input", OpenAI's costs report) counts as reported.
//
// Accuracy: per model, the catalog's estimate of its usage against the dollars billed for it, in total and per
// token class (input, output, cache read, cache write, audio, image, batch; reasoning when a line item names it:
// usage reports reasoning tokens inside output, so the catalog cannot separate them). Error = (catalog − billed)
// ÷ billed. Like with like: only billed lines that name the model (in the row or its line item) are compared,
// with the usage of the same provider, model and month. A model off by more than 2% says so.

export const ACCURACY_TOLERANCE_PERCENT = new Decimal(2);

export type BilledClass = CostClass | "reasoning" | "unclassified";
export const CLASS_LABEL: Record<BilledClass, string> = {
  input: "input",
  output: "output",
  cacheRead: "cache read",
  cacheWrite: "cache write",
  audio: "audio",
  image: "image",
  batch: "batch",
  other: "per request / per image",
  reasoning: "reasoning",
  unclassified: "not a token line",
};

/**
 * The model a line item names (OpenAI: "<model>, <what>"; null when it names none) and its token class, from
 * the words providers use: Anthropic "Claude Sonnet 4 Usage - Cache Write (1h)", OpenAI "gpt-4o, cached input",
 * "input_tokens". Batch first (a batch line is priced at the batch rate whatever its direction), then the
 * modalities, then cache writes before cache reads before plain input.
 */
export function classifyLineItem(lineItem: string): { model: string | null; cls: BilledClass } {
  const m = /^([A-Za-z0-9][\w.:\-/]*),\s*(.+)$/.exec(lineItem.trim());
  const model = m ? m[1]! : null;
  const s = (m ? m[2]! : lineItem).toLowerCase();
  const cls: BilledClass = /batch/.test(s)
    ? "batch"
    : /reasoning/.test(s)
      ? "reasoning"
      : /audio/.test(s)
        ? "audio"
        : /image/.test(s) && /token/.test(s)
          ? "image"
          : /cache[ _-]?(write|creation)/.test(s)
            ? "cacheWrite"
            : /cache[ _-]?read|cached/.test(s)
              ? "cacheRead"
              : /output/.test(s)
                ? "output"
                : /input/.test(s)
                  ? "input"
                  : "unclassified";
  return { model, cls };
}

export interface BilledRow {
  provider: string;
  projectId: string;
  model: string;
  lineItem: string;
  /** USD billed (not estimated), counted under the source-of-truth rule */
  amount: Decimal;
}
export interface CatalogClassRow {
  provider: string;
  model: string;
  cls: CostClass;
  /** USD the catalog prices this class of the model's usage at */
  amount: Decimal;
}

const pct1 = (part: Decimal, whole: Decimal): string | null => (whole.isZero() ? null : part.div(whole).times(100).toDecimalPlaces(1, Decimal.ROUND_HALF_UP).toFixed(1));

export interface CoverageDto {
  provider: string;
  billed: string;
  attributed: string;
  modelNotReported: string;
  unattributed: string;
  /** shares of billed, in percent with one decimal; null when nothing was billed */
  attributedPct: string | null;
  modelNotReportedPct: string | null;
  unattributedPct: string | null;
}

export function coverage(rows: readonly BilledRow[]): CoverageDto[] {
  const providers = [...new Set(rows.map((r) => r.provider))].sort();
  return providers.map((provider) => {
    const mine = rows.filter((r) => r.provider === provider);
    const named = (r: BilledRow) => r.model !== "" || classifyLineItem(r.lineItem).model !== null;
    const billed = sum(mine.map((r) => r.amount));
    const attributed = sum(mine.filter((r) => r.projectId !== "" && named(r)).map((r) => r.amount));
    const modelNotReported = sum(mine.filter((r) => r.projectId !== "" && !named(r)).map((r) => r.amount));
    const unattributed = sum(mine.filter((r) => r.projectId === "").map((r) => r.amount));
    return {
      provider,
      billed: toCents(billed),
      attributed: toCents(attributed),
      modelNotReported: toCents(modelNotReported),
      unattributed: toCents(unattributed),
      attributedPct: pct1(attributed, billed),
      modelNotReportedPct: pct1(modelNotReported, billed),
      unattributedPct: pct1(unattributed, billed),
    };
  });
}

export interface AccuracyClassDto {
  cls: BilledClass;
  label: string;
  billed: string | null;
  catalog: string | null;
  /** (catalog − billed) ÷ billed, percent with one decimal; null without both figures */
  errorPct: string | null;
}
export interface AccuracyModelDto {
  provider: string;
  model: string;
  billed: string;
  catalog: string;
  errorPct: string | null;
  /** |error| > 2% */
  offBy: boolean;
  sentence: string;
  classes: AccuracyClassDto[];
}

/** Per provider and model named on both sides: the catalog estimate against billed dollars, total and per class. */
export function pricingAccuracy(billedRows: readonly BilledRow[], catalogRows: readonly CatalogClassRow[]): AccuracyModelDto[] {
  const billed = new Map<string, Map<BilledClass, Decimal>>();
  const key = (provider: string, model: string) => `${provider}\u0000${model}`;
  for (const r of billedRows) {
    const { model: fromLine, cls } = classifyLineItem(r.lineItem);
    const model = r.model || fromLine;
    if (!model) continue; // not attributable to a model: coverage shows it, accuracy cannot use it
    const m = billed.get(key(r.provider, model)) ?? new Map<BilledClass, Decimal>();
    m.set(cls, (m.get(cls) ?? new Decimal(0)).plus(r.amount));
    billed.set(key(r.provider, model), m);
  }
  const catalog = new Map<string, Map<CostClass, Decimal>>();
  for (const r of catalogRows) {
    const m = catalog.get(key(r.provider, r.model)) ?? new Map<CostClass, Decimal>();
    m.set(r.cls, (m.get(r.cls) ?? new Decimal(0)).plus(r.amount));
    catalog.set(key(r.provider, r.model), m);
  }
  const out: AccuracyModelDto[] = [];
  for (const k of [...billed.keys()].filter((k) => catalog.has(k)).sort()) {
    const [provider, model] = k.split("\u0000") as [string, string];
    const b = billed.get(k)!, c = catalog.get(k)!;
    const billedTotal = sum([...b].filter(([cls]) => cls !== "unclassified").map(([, v]) => v));
    const catalogTotal = sum([...c.values()]);
    if (billedTotal.lte(0)) continue;
    const error = catalogTotal.minus(billedTotal).div(billedTotal).times(100); // percent
    const offBy = error.abs().gt(ACCURACY_TOLERANCE_PERCENT);
    const errorPct = error.toDecimalPlaces(1, Decimal.ROUND_HALF_UP).toFixed(1);
    const classes = ([...COST_CLASSES, "reasoning", "unclassified"] as BilledClass[])
      .filter((cls) => b.has(cls) || (cls !== "reasoning" && cls !== "unclassified" && c.has(cls as CostClass) && !c.get(cls as CostClass)!.isZero()))
      .map((cls) => {
        const bv = b.get(cls) ?? null;
        const cv = cls === "reasoning" || cls === "unclassified" ? null : (c.get(cls as CostClass) ?? null);
        return { cls, label: CLASS_LABEL[cls], billed: bv ? toCents(bv) : null, catalog: cv ? toCents(cv) : null, errorPct: bv && cv && !bv.isZero() ? cv.minus(bv).div(bv).times(100).toDecimalPlaces(1, Decimal.ROUND_HALF_UP).toFixed(1) : null };
      });
    const direction = error.isNegative() ? "below" : "above";
    const sentence = offBy
      ? `The catalog estimate for ${model} is off by more than 2%: ${error.abs().toDecimalPlaces(1, Decimal.ROUND_HALF_UP).toFixed(1)}% ${direction} the billed dollars (${toCents(catalogTotal)} estimated against ${toCents(billedTotal)} billed). Estimates for this model's unbilled days are that far off; check its catalog price (a discount, batch or priority tier, or a price change the catalog has not seen).`
      : `The catalog estimate for ${model} is within 2% of the billed dollars (${errorPct}%).`;
    out.push({ provider, model, billed: toCents(billedTotal), catalog: toCents(catalogTotal), errorPct, offBy, sentence, classes });
  }
  return out;
}
