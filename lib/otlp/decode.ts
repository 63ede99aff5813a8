import { AppError } from "@/lib/errors";
import { decodeExportRequest, type ProtoAnyValue, type ProtoInt64, type ProtoKeyValue } from "@/lib/otlp/proto";

// An OTLP/HTTP ExportTraceServiceRequest, protobuf or JSON, as a flat list of spans with their
// resource's attributes. Only the fields GenAI costing needs are kept. A request whose structure is
// wrong is a BAD_INPUT (the route answers 400 with the reason); a span whose ids or times are bad is
// kept here and rejected later, one by one, as OTLP partial success asks.

export type AttributeValue = string | number | boolean;
export type Attributes = Map<string, AttributeValue>;

export interface OtlpSpan {
  /** lowercase hex: 32 characters for a valid trace id, 16 for a span id; "" when missing */
  traceId: string;
  spanId: string;
  name: string;
  /** start time in ms since the epoch; NaN when missing or unreadable */
  startMs: number;
  attributes: Attributes;
  resource: Attributes;
}

const hex = (b: Uint8Array | undefined): string => (b && b.length ? Buffer.from(b.buffer, b.byteOffset, b.byteLength).toString("hex") : "");

/** unix nanoseconds (number, decimal string, or protobufjs {low, high}) → ms. */
export function nanosToMs(v: ProtoInt64 | undefined | null): number {
  if (v === undefined || v === null) return NaN;
  if (typeof v === "number") return Math.floor(v / 1e6);
  if (typeof v === "string") return /^\d{1,20}$/.test(v) ? Number(BigInt(v) / 1_000_000n) : NaN;
  const big = (BigInt(v.high >>> 0) << 32n) | BigInt(v.low >>> 0);
  return Number(big / 1_000_000n);
}

function int64Value(v: ProtoInt64): number {
  if (typeof v === "number") return v;
  if (typeof v === "string") return /^-?\d{1,20}$/.test(v) ? Number(v) : NaN;
  return Number((BigInt(v.high | 0) << 32n) | BigInt(v.low >>> 0));
}

/**
 * Scalar attribute values only: GenAI usage and attribution are strings and numbers; arrays, maps and
 * bytes are skipped. protobufjs names the field set in AnyValue's oneof in `value` (unset fields read
 * as their defaults, so they cannot be told apart by value).
 */
function scalar(v: (ProtoAnyValue & { value?: string }) | undefined): AttributeValue | undefined {
  if (!v) return undefined;
  switch (v.value) {
    case "stringValue": return v.stringValue;
    case "intValue": return int64Value(v.intValue!);
    case "doubleValue": return v.doubleValue;
    case "boolValue": return v.boolValue;
    default: return undefined;
  }
}

function attributeMap(kvs: ProtoKeyValue[] | undefined): Attributes {
  const m: Attributes = new Map();
  if (!kvs) return m;
  for (const kv of kvs) {
    const v = scalar(kv.value);
    if (kv.key && v !== undefined) m.set(kv.key, v);
  }
  return m;
}

/** A protobuf-encoded request (already gunzipped). */
export function spansFromProtobuf(body: Uint8Array): OtlpSpan[] {
  let req;
  try {
    req = decodeExportRequest(body);
  } catch (e) {
    throw new AppError("BAD_INPUT", `The body is not a protobuf ExportTraceServiceRequest: ${e instanceof Error ? e.message : String(e)}`, { issues: [{ field: "(body)", message: "not a valid protobuf ExportTraceServiceRequest" }] });
  }
  const out: OtlpSpan[] = [];
  for (const rs of req.resourceSpans ?? []) {
    const resource = attributeMap(rs.resource?.attributes);
    for (const ss of rs.scopeSpans ?? []) {
      for (const s of ss.spans ?? []) {
        out.push({ traceId: hex(s.traceId), spanId: hex(s.spanId), name: s.name ?? "", startMs: nanosToMs(s.startTimeUnixNano), attributes: attributeMap(s.attributes), resource });
      }
    }
  }
  return out;
}

// ── OTLP/JSON ─────────────────────────────────────────────────────────────────────────────────────
// The JSON mapping of the same messages (OTLP spec, "JSON Protobuf Encoding"): lowerCamelCase keys,
// trace and span ids as hex strings (not base64), 64-bit integers as decimal strings or numbers.

function bad(path: string, message: string): never {
  throw new AppError("BAD_INPUT", `${path}: ${message}`, { issues: [{ field: path, message }] });
}

function list(v: unknown, path: string): unknown[] {
  if (v === undefined || v === null) return [];
  if (!Array.isArray(v)) bad(path, "must be an array");
  return v;
}

function object(v: unknown, path: string): Record<string, unknown> {
  if (typeof v !== "object" || v === null || Array.isArray(v)) bad(path, "must be an object");
  return v as Record<string, unknown>;
}

function jsonAnyValue(v: unknown, path: string): AttributeValue | undefined {
  if (v === undefined || v === null) return undefined;
  const o = object(v, path);
  if (typeof o.stringValue === "string") return o.stringValue;
  if (o.intValue !== undefined) {
    const n = typeof o.intValue === "number" ? o.intValue : typeof o.intValue === "string" && /^-?\d{1,20}$/.test(o.intValue) ? Number(o.intValue) : NaN;
    if (!Number.isInteger(n)) bad(`${path}.intValue`, "must be an integer (a number or a decimal string)");
    return n;
  }
  if (o.doubleValue !== undefined) {
    const n = typeof o.doubleValue === "number" ? o.doubleValue : typeof o.doubleValue === "string" ? Number(o.doubleValue) : NaN;
    if (!Number.isFinite(n)) bad(`${path}.doubleValue`, "must be a number");
    return n;
  }
  if (typeof o.boolValue === "boolean") return o.boolValue;
  return undefined;
}

function jsonAttributes(v: unknown, path: string): Attributes {
  const m: Attributes = new Map();
  list(v, path).forEach((kv, i) => {
    const o = object(kv, `${path}[${i}]`);
    if (typeof o.key !== "string") bad(`${path}[${i}].key`, "must be a string");
    const value = jsonAnyValue(o.value, `${path}[${i}].value`);
    if (value !== undefined) m.set(o.key, value);
  });
  return m;
}

const jsonId = (v: unknown): string => (typeof v === "string" && /^[0-9a-fA-F]*$/.test(v) ? v.toLowerCase() : "");

function jsonNanos(v: unknown): number {
  if (typeof v === "number" && Number.isFinite(v) && v >= 0) return nanosToMs(v);
  if (typeof v === "string") return nanosToMs(v);
  return NaN;
}

/** A JSON-encoded request, already parsed. */
export function spansFromJson(body: unknown): OtlpSpan[] {
  const root = object(body, "(body)");
  const out: OtlpSpan[] = [];
  list(root.resourceSpans, "resourceSpans").forEach((rsRaw, i) => {
    const rs = object(rsRaw, `resourceSpans[${i}]`);
    const resource = rs.resource === undefined || rs.resource === null ? new Map() : jsonAttributes(object(rs.resource, `resourceSpans[${i}].resource`).attributes, `resourceSpans[${i}].resource.attributes`);
    list(rs.scopeSpans, `resourceSpans[${i}].scopeSpans`).forEach((ssRaw, j) => {
      const ss = object(ssRaw, `resourceSpans[${i}].scopeSpans[${j}]`);
      list(ss.spans, `resourceSpans[${i}].scopeSpans[${j}].spans`).forEach((sRaw, k) => {
        const path = `resourceSpans[${i}].scopeSpans[${j}].spans[${k}]`;
        const s = object(sRaw, path);
        out.push({
          traceId: jsonId(s.traceId),
          spanId: jsonId(s.spanId),
          name: typeof s.name === "string" ? s.name : "",
          startMs: jsonNanos(s.startTimeUnixNano),
          attributes: jsonAttributes(s.attributes, `${path}.attributes`),
          resource,
        });
      });
    });
  });
  return out;
}
