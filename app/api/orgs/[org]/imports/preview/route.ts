import { readJson, withOrg } from "@/lib/http/route";
import { csvUploadSchema, previewCsv } from "@/lib/ingest/csv-import";
import { billingCurrencyOf } from "@/lib/ingest/currency";

// Check a file: counts, totals and every problem by line number. Stores nothing.
export const POST = withOrg("spend.import", async (req, ctx) => Response.json(previewCsv(await readJson(req, csvUploadSchema, "CSV upload"), await billingCurrencyOf(ctx.orgId))));
