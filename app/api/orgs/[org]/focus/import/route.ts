import { withOrg } from "@/lib/http/route";
import { parseOrThrow } from "@/lib/errors";
import { importFocusFile } from "@/lib/focus/import";
import { focusFilenameSchema, MAX_FOCUS_UPLOAD_BYTES, withUploadedFile } from "@/lib/focus/upload";

// POST the FOCUS file itself as the body (CSV, gzipped CSV or Parquet), ?filename=… naming it.
// 201 with what was imported; 400 listing the first bad lines, nothing written.
export const POST = withOrg(
  "spend.import",
  async (req, ctx) => {
    const filename = parseOrThrow(focusFilenameSchema, new URL(req.url).searchParams.get("filename") ?? undefined, "filename");
    const summary = await withUploadedFile(req.body, MAX_FOCUS_UPLOAD_BYTES, (path) => importFocusFile(ctx, path, filename), req.headers.get("content-length"));
    return Response.json(summary, { status: 201 });
  },
  { body: "upload" },
);
