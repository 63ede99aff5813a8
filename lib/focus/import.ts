import { db } from "@/lib/db";
import { AppError } from "@/lib/errors";
import type { OrgContext } from "@/lib/auth/tenancy";
import { billingCurrencyOf, notBillingCurrency } from "@/lib/ingest/currency";
import { Decimal, toCents } from "@/lib/money";
import { FocusAggregate, type OtherCurrency } from "./aggregate";
import { checkHeader, checkRow, IssueLog, missingColumnsMessage, type ConformanceIssue } from "./conformance";
import { FocusDescriber, mapFocusRow } from "./map";
import { openFocusFile, type FocusFormat, type OnBytes } from "./read";
import { replaceFocusSources } from "./write";

// FOCUS import: stream the file, check each row against the 1.2 column table, keep the AI rows, sum
// them into daily buckets, then replace the sources (cloud × billing account × billing period) the file
// names in one transaction. Memory holds the buckets (a few per model × project × day), not the rows.
//
// A problem in a column the import uses (costs, dates, currency, category, account) stops the import:
// nothing is written, and the first problems are listed with their lines. A problem in any other
// column (clouds have documented conformance gaps, e.g. a null PublisherName on AWS) is listed as a
// warning and the import goes on.

/** Columns whose values the import computes with: a bad value there would store a wrong figure. */
const BLOCKING = new Set(["BilledCost", "EffectiveCost", "ListCost", "ChargePeriodStart", "ChargePeriodEnd", "BillingPeriodStart", "BillingCurrency", "ChargeCategory", "ChargeClass", "ServiceCategory", "BillingAccountId", "ConsumedQuantity", "PricingQuantity"]);

export interface FocusImportSummary {
  filename: string;
  format: FocusFormat;
  rows: number;
  aiRows: number;
  skippedRows: number;
  buckets: number;
  /** Σ BilledCost stored, in the billing currency, to the cent. */
  billed: string;
  currency: string;
  firstDay: string | null;
  lastDay: string | null;
  /** Billing periods replaced: "focus:<host>:<account>:<YYYY-MM>". */
  sources: string[];
  /** AI rows in another currency: reported, not stored (like for like: no conversion table). */
  otherCurrencies: (OtherCurrency & { message: string })[];
  warnings: ConformanceIssue[];
  warningCount: number;
  replacedBuckets: number;
  importId: string;
}

export interface FocusImportOptions {
  onProgress?: OnBytes;
  /** the scheduled drop that fetched the file, recorded on the audit row */
  focusSourceId?: string;
}

export interface ParsedFocus {
  format: FocusFormat;
  rows: number;
  aggregate: FocusAggregate;
  warnings: IssueLog;
}

/** Read, check and sum a file; throws BAD_INPUT (nothing written) on a missing column or a blocking problem. */
export async function parseFocusFile(path: string, billingCurrency: string, options: FocusImportOptions = {}): Promise<ParsedFocus> {
  const reader = await openFocusFile(path, options.onProgress);
  const header = checkHeader(reader.header);
  if (header.missing.length) {
    throw new AppError("BAD_INPUT", missingColumnsMessage(header.missing), { issues: header.missing.map((c) => ({ field: `line 1: ${c}`, message: "required FOCUS column missing" })) });
  }
  const aggregate = new FocusAggregate(billingCurrency);
  const blocking = new IssueLog();
  const warnings = new IssueLog();
  const describer = new FocusDescriber();
  let rows = 0;
  for await (const { line, record } of reader.rows) {
    rows += 1;
    const issues = checkRow(record, header, line, "lenient");
    if (issues.length) {
      const stop = issues.filter((i) => BLOCKING.has(header.resolved.get(i.column) ?? i.column));
      blocking.add(stop);
      warnings.add(issues.filter((i) => !stop.includes(i)));
      if (stop.length) continue;
    }
    if (blocking.count) continue; // keep counting problems, stop summing
    for (const [name, id] of header.resolved) if (name !== id) record[id] = record[name] ?? null;
    const mapped = mapFocusRow(record, describer);
    if (mapped.kind === "skip") aggregate.skip(mapped.sourceKey);
    else aggregate.add(mapped.charge);
  }
  if (blocking.count) {
    throw new AppError("BAD_INPUT", `${blocking.count} problem(s) in ${blocking.badRows} row(s) of the file; nothing was imported. The first: ${blocking.first.slice(0, 3).map((i) => `line ${i.line}: ${i.column}: ${i.message}`).join("; ")}`, {
      issues: blocking.first.map((i) => ({ field: `line ${i.line}: ${i.column}`, message: i.message })),
    });
  }
  return { format: reader.format, rows, aggregate, warnings };
}

/** ctx.userId is null for a scheduled drop (lib/focus/sources.ts): the job imports, no person. */
export async function importFocusFile(ctx: Pick<OrgContext, "orgId"> & { userId: string | null; clientIp?: string | null }, path: string, filename: string, options: FocusImportOptions = {}): Promise<FocusImportSummary> {
  const currency = await billingCurrencyOf(ctx.orgId);
  let parsed: ParsedFocus;
  try {
    parsed = await parseFocusFile(path, currency, options);
  } catch (e) {
    if (e instanceof AppError && e.code === "BAD_INPUT") {
      await db().csvImport.create({ data: { orgId: ctx.orgId, filename, format: "focus", status: "FAILED", rowCount: 0, errorCount: (e.details.issues ?? []).length || 1, createdById: ctx.userId } });
    }
    throw e;
  }
  const buckets = parsed.aggregate.rows();
  const sources = [...parsed.aggregate.sources].sort();
  const days = buckets.map((b) => b.day).sort();
  const billed = buckets.reduce((s, b) => s.add(b.billed), new Decimal(0));
  let importId = "";
  const written = await replaceFocusSources(ctx.orgId, sources, buckets, async (tx) => {
    const row = await tx.csvImport.create({
      data: { orgId: ctx.orgId, filename, format: `focus-${parsed.format}`, status: "COMMITTED", rowCount: parsed.rows, errorCount: 0, createdById: ctx.userId, committedAt: new Date() },
    });
    importId = row.id;
    await tx.auditLog.create({
      data: { orgId: ctx.orgId, actorUserId: ctx.userId, ip: ctx.clientIp ?? null, action: "focus.imported", targetType: "CsvImport", targetId: row.id, data: { filename, rows: parsed.rows, buckets: buckets.length, sources, ...(options.focusSourceId ? { focusSourceId: options.focusSourceId } : {}) } },
    });
  });
  return {
    filename,
    format: parsed.format,
    rows: parsed.rows,
    aiRows: parsed.aggregate.aiRows,
    skippedRows: parsed.aggregate.skippedRows,
    buckets: written.inserted,
    billed: toCents(billed),
    currency,
    firstDay: days[0] ?? null,
    lastDay: days.at(-1) ?? null,
    sources,
    otherCurrencies: parsed.aggregate.otherCurrencies().map((o) => ({ ...o, message: `${o.rows} AI row(s) billed in ${o.currency.toUpperCase()} (${o.billed}) were not added: ${notBillingCurrency(o.currency, currency)}` })),
    warnings: parsed.warnings.first,
    warningCount: parsed.warnings.count,
    replacedBuckets: written.deleted,
    importId,
  };
}
