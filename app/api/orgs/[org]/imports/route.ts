import { readJson, withOrg } from "@/lib/http/route";
import { commitCsvImport, csvUploadSchema, listCsvImports, MAX_CSV_UPLOAD_BYTES } from "@/lib/ingest/csv-import";

export const GET = withOrg("spend.import", async (_req, ctx) => Response.json({ imports: await listCsvImports(ctx) }));

// Commit: all or nothing; a file with any problem answers 400 listing them by line.
export const POST = withOrg("spend.import", async (req, ctx) => Response.json(await commitCsvImport(ctx, await readJson(req, csvUploadSchema, "CSV upload", MAX_CSV_UPLOAD_BYTES)), { status: 201 }));
