import { z } from "zod";
import { db } from "@/lib/db";
import { AppError } from "@/lib/errors";
import { inOrg, type OrgContext } from "@/lib/auth/tenancy";
import { dec, sum, toCents } from "@/lib/money";
import { parseImportCsv, type CsvImportError, type CsvImportResult } from "@/lib/ingest/csv";
import { deleteEstimatesNotIn, upsertCostBuckets, upsertUsageBuckets, type BucketSource, type Tx } from "@/lib/ingest/write";
import type { CostBucketRow, UsageBucketRow } from "@/lib/providers/types";
import { billedCostRows, estimatedCostRows, loadPriceVersions, priceUsageRows } from "@/lib/spend/estimate";
import { billingCurrencyOf } from "./currency";

// CSV import (Settings → Import): preview, then commit all or nothing. Rows land in the "csv"
// source and replace what an earlier import said for the same day/provider/project/model/line item,
// so re-importing a corrected file fixes it rather than adding to it.

export const MAX_CSV_BYTES = 20 * 1024 * 1024;
/** The upload is the file inside JSON ({ filename, content }): escaping adds a byte per line ending
 *  or quote. The route stops reading past this, before parsing (lib/http/route.ts readJson). */
export const MAX_CSV_UPLOAD_BYTES = MAX_CSV_BYTES + 4 * 1024 * 1024;
/** A preview lists this many problems; the count says how many there are in all. */
export const MAX_ERRORS_SHOWN = 200;

export const csvUploadSchema = z.object({
  filename: z.string().trim().min(1, "required").max(200, "at most 200 characters").refine((s) => !s.includes("\u0000"), "must not contain NUL characters"),
  content: z.string().max(MAX_CSV_BYTES, `at most ${MAX_CSV_BYTES / 1024 / 1024} MB`),
});
export type CsvUpload = z.infer<typeof csvUploadSchema>;

export const csvSource = (orgId: string): BucketSource => ({ orgId, sourceKey: "csv", origin: "CSV", connectionId: null });

export interface CsvPreview {
  filename: string;
  costRows: number;
  usageRows: number;
  /** Σ amounts in the file (exact, to the cent), per currency. */
  totals: { currency: string; amount: string }[];
  firstDay: string | null;
  lastDay: string | null;
  errorCount: number;
  errors: CsvImportError[];
}

function summarise(filename: string, parsed: CsvImportResult): CsvPreview {
  const { costs, usage } = parsed.rows;
  const days = [...costs.map((r) => r.day), ...usage.map((r) => r.day)].sort();
  const currencies = [...new Set(costs.map((r) => r.currency))].sort();
  return {
    filename,
    costRows: costs.length,
    usageRows: usage.length,
    totals: currencies.map((currency) => ({ currency, amount: toCents(sum(costs.filter((r) => r.currency === currency).map((r) => r.amount))) })),
    firstDay: days[0] ?? null,
    lastDay: days.at(-1) ?? null,
    errorCount: parsed.errors.length,
    errors: parsed.errors.slice(0, MAX_ERRORS_SHOWN),
  };
}

/** Check a file and say what committing it would store; stores nothing. */
export function previewCsv(upload: CsvUpload, billingCurrency: string): CsvPreview {
  return summarise(upload.filename, parseImportCsv(upload.content, { billingCurrency: billingCurrency.toLowerCase() }));
}

export async function commitCsvImport(ctx: OrgContext, upload: CsvUpload): Promise<CsvPreview & { importId: string }> {
  const parsed = parseImportCsv(upload.content, { billingCurrency: await billingCurrencyOf(ctx.orgId) });
  const preview = summarise(upload.filename, parsed);
  if (parsed.errors.length > 0) {
    await db().csvImport.create({ data: { orgId: ctx.orgId, filename: upload.filename, format: "breakeven-csv-v1", status: "FAILED", rowCount: 0, errorCount: parsed.errors.length, createdById: ctx.userId } });
    const issues = preview.errors.map((e) => ({ field: `line ${e.line}${e.field ? `: ${e.field}` : ""}`, message: e.message }));
    throw new AppError("BAD_INPUT", `${parsed.errors.length} problem(s) in ${upload.filename}; nothing was imported.`, { issues });
  }
  const { costs, usage } = parsed.rows;
  const days = [...new Set([...costs.map((r) => r.day), ...usage.map((r) => r.day)])];
  const priced = priceUsageRows(usage, await loadPriceVersions(usage));
  const importId = await db().$transaction(
    async (tx) => {
      const source = csvSource(ctx.orgId);
      await upsertCostBuckets(tx, source, billedCostRows(costs), "replace");
      await upsertUsageBuckets(tx, source, priced, "replace");
      await refreshCsvEstimates(tx, ctx.orgId, days);
      const row = await tx.csvImport.create({
        data: { orgId: ctx.orgId, filename: upload.filename, format: "breakeven-csv-v1", status: "COMMITTED", rowCount: costs.length + usage.length, createdById: ctx.userId, committedAt: new Date() },
      });
      await tx.auditLog.create({ data: { orgId: ctx.orgId, actorUserId: ctx.userId, ip: ctx.clientIp ?? null, action: "csv.imported", targetType: "CsvImport", targetId: row.id, data: { filename: upload.filename, costRows: costs.length, usageRows: usage.length } } });
      return row.id;
    },
    { timeout: 120_000, maxWait: 10_000 },
  );
  return { ...preview, importId };
}

/**
 * Re-derive the catalog estimates of the csv source on `days` from what is stored after this import:
 * usage without billed dollars gets an estimated cost row, usage that now has them loses it.
 */
async function refreshCsvEstimates(tx: Tx, orgId: string, days: string[]): Promise<void> {
  if (days.length === 0) return;
  const source = csvSource(orgId);
  const dayDates = days.map((d) => new Date(`${d}T00:00:00Z`));
  const [usageRows, billedRows] = await Promise.all([
    tx.usageBucket.findMany({ where: { orgId, sourceKey: "csv", day: { in: dayDates } } }),
    tx.costBucket.findMany({ where: { orgId, sourceKey: "csv", day: { in: dayDates }, estimated: false } }),
  ]);
  const isoDay = (d: Date) => d.toISOString().slice(0, 10);
  const usage: UsageBucketRow[] = usageRows.map((u) => ({
    provider: u.provider, day: isoDay(u.day), projectId: u.projectId, model: u.model, usageKind: u.usageKind, inputTokens: u.inputTokens, outputTokens: u.outputTokens,
    cachedInputTokens: u.cachedInputTokens, cacheWriteTokens: u.cacheWriteTokens, requests: u.requests, units: u.units === null ? null : dec(u.units.toString()), unit: u.unit,
  }));
  const billed: CostBucketRow[] = billedRows.map((c) => ({ provider: c.provider, day: isoDay(c.day), projectId: c.projectId, model: c.model, lineItem: c.lineItem, currency: c.currency, amount: dec(c.amount.toString()) }));
  const priced = priceUsageRows(usage, await loadPriceVersions(usage));
  const estimates = estimatedCostRows(priced, billed);
  await upsertCostBuckets(tx, source, estimates, "replace");
  await deleteEstimatesNotIn(tx, source, days, estimates);
  await upsertUsageBuckets(tx, source, priced, "replace");
}

export async function listCsvImports(ctx: Pick<OrgContext, "orgId">) {
  const rows = await db().csvImport.findMany({ where: inOrg(ctx), orderBy: { createdAt: "desc" }, take: 50, select: { id: true, filename: true, status: true, rowCount: true, errorCount: true, createdAt: true, committedAt: true } });
  return rows.map((r) => ({ ...r, createdAt: r.createdAt.toISOString(), committedAt: r.committedAt?.toISOString() ?? null }));
}

