import { gunzipSync } from "node:zlib";
import { AppError, isAppError } from "@/lib/errors";
import { spansFromJson, spansFromProtobuf, type OtlpSpan } from "@/lib/otlp/decode";
import type { OtlpOutcome } from "@/lib/otlp/ingest";
import { encodeExportResponse, encodeStatus, INVALID_ARGUMENT, type ExportResponseBody } from "@/lib/otlp/proto";

// OTLP/HTTP framing for POST /v1/traces (OTLP spec, "OTLP/HTTP"): the body is protobuf
// (application/x-protobuf) or JSON (application/json), optionally gzip-compressed; the response is in
// the request's encoding: 200 with ExportTraceServiceResponse (partial_success when spans were
// rejected), 400 with a google.rpc.Status naming what is malformed, 415 for another content type.

/** Wire bytes, and again after gunzip (a small gzip may expand a lot): the push API's 5 MiB. */
export const MAX_OTLP_BODY_BYTES = 5 * 1024 * 1024;
/** Spans in one request: ten exporter batches of the default 512 and then some. */
export const MAX_OTLP_SPANS = 10_000;

export type OtlpEncoding = "protobuf" | "json";

export function encodingOf(contentType: string | null): OtlpEncoding | null {
  const type = (contentType ?? "").split(";")[0]!.trim().toLowerCase();
  if (type === "application/x-protobuf" || type === "application/protobuf") return "protobuf";
  if (type === "application/json") return "json";
  return null;
}

export function decodeExportBody(raw: Buffer, encoding: OtlpEncoding, contentEncoding: string | null): OtlpSpan[] {
  const ce = (contentEncoding ?? "").trim().toLowerCase();
  let body = raw;
  if (ce === "gzip") {
    try {
      body = gunzipSync(raw, { maxOutputLength: MAX_OTLP_BODY_BYTES });
    } catch (e) {
      if ((e as { code?: string }).code === "ERR_BUFFER_TOO_LARGE") throw new AppError("PAYLOAD_TOO_LARGE", `The body is more than ${MAX_OTLP_BODY_BYTES} bytes once gunzipped; send smaller batches`);
      throw new AppError("BAD_INPUT", "Content-Encoding is gzip but the body is not valid gzip", { issues: [{ field: "(body)", message: "not valid gzip" }] });
    }
  } else if (ce !== "" && ce !== "identity") {
    throw new AppError("BAD_INPUT", `Content-Encoding "${ce}" is not supported: send gzip or no encoding`, { issues: [{ field: "content-encoding", message: "gzip or none" }] });
  }
  let spans: OtlpSpan[];
  if (encoding === "protobuf") spans = spansFromProtobuf(body);
  else {
    let json: unknown;
    try {
      json = JSON.parse(body.toString("utf8"));
    } catch {
      throw new AppError("BAD_INPUT", "The body is not valid JSON", { issues: [{ field: "(body)", message: "not valid JSON" }] });
    }
    spans = spansFromJson(json);
  }
  if (spans.length > MAX_OTLP_SPANS) throw new AppError("PAYLOAD_TOO_LARGE", `${spans.length} spans in one request; the limit is ${MAX_OTLP_SPANS} (lower the exporter's batch size)`);
  return spans;
}

/** The OTLP answer to a processed request. Ignored (non-GenAI) spans are not rejections; they are reported as a warning. */
export function exportResponse(o: OtlpOutcome, encoding: OtlpEncoding): Response {
  const notes: string[] = [];
  if (o.rejected > 0) notes.push(`${o.rejected} span(s) rejected: ${o.reasons.join("; ")}${o.rejected > o.reasons.length ? "; …" : ""}`);
  if (o.ignored > 0) notes.push(`${o.ignored} span(s) without GenAI usage attributes (gen_ai.provider.name or gen_ai.system, and gen_ai.usage.*_tokens) ignored`);
  const body: ExportResponseBody = notes.length ? { partialSuccess: { rejectedSpans: o.rejected, errorMessage: notes.join(". ") } } : {};
  return respond(body, encoding, 200);
}

function respond(body: object, encoding: OtlpEncoding, status: number, protobuf?: Uint8Array): Response {
  if (encoding === "json") return Response.json(body, { status });
  return new Response(Buffer.from(protobuf ?? encodeExportResponse(body as ExportResponseBody)), { status, headers: { "content-type": "application/x-protobuf" } });
}

/** A BAD_INPUT as the OTLP 400: google.rpc.Status in the request's encoding. Other errors: null (the edge wrapper answers). */
export function otlpErrorResponse(e: unknown, encoding: OtlpEncoding): Response | null {
  if (!isAppError(e) || e.code !== "BAD_INPUT") return null;
  const status = { code: INVALID_ARGUMENT, message: e.message };
  return respond(status, encoding, 400, encodeStatus(status));
}
