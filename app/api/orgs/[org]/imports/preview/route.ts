import { readJson, withOrg } from "@/lib/http/route";
import { csvUploadSchema, MAX_CSV_UPLOAD_BYTES, previewCsv } from "@/lib/ingest/csv-import";
import { billingCurrencyOf } from "@/lib/ingest/currency";

// Check a file: counts, totals and every problem by line number. Stores nothing.
export const POST = withOrg("spend.import", async (req, ctx) => Response.json(previewCsv(await readJson(req, csvUploadSchema, "CSV upload", MAX_CSV_UPLOAD_BYTES), await billingCurrencyOf(ctx.orgId))));
