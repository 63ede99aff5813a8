import { readJson, withOrg } from "@/lib/http/route";
import { csvUploadSchema, previewCsv } from "@/lib/ingest/csv-import";

// Check a file: counts, totals and every problem by line number. Stores nothing.
export const POST = withOrg("spend.import", async (req) => Response.json(previewCsv(await readJson(req, csvUploadSchema, "CSV upload"))));
