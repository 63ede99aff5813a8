import { AppError } from "@/lib/errors";
import { withApiToken } from "@/lib/http/api-token";
import { readBodyCapped } from "@/lib/http/route";
import { decodeExportBody, encodingOf, exportResponse, MAX_OTLP_BODY_BYTES, otlpErrorResponse } from "@/lib/otlp/export-request";
import { ingestOtlpSpans } from "@/lib/otlp/ingest";

// OTLP/HTTP traces receiver (docs/otlp.md): point an exporter's endpoint at <app>/api/v1/otlp with
// header "Authorization=Bearer bk_…". GenAI usage spans become span events; the rest are counted.
export const POST = withApiToken(async (req, auth) => {
  const encoding = encodingOf(req.headers.get("content-type"));
  if (!encoding) return Response.json({ code: 3, message: "Content-Type must be application/x-protobuf or application/json" }, { status: 415 });
  try {
    const spans = decodeExportBody(await readBodyCapped(req, MAX_OTLP_BODY_BYTES), encoding, req.headers.get("content-encoding"));
    return exportResponse(await ingestOtlpSpans(auth.orgId, spans), encoding);
  } catch (e) {
    const res = otlpErrorResponse(e, encoding);
    if (res) return res;
    throw e instanceof Error ? e : new AppError("INTERNAL", String(e));
  }
});
