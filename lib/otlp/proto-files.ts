import path from "node:path";
import { fileURLToPath } from "node:url";
import protobuf from "protobufjs";

// Build-time only (scripts/otlp-proto.ts and its test): parse the vendored .proto files with
// protobufjs and return the JSON descriptor the runtime decoder loads. Never imported by the app.

const PROTO_ROOT = path.join(path.dirname(fileURLToPath(import.meta.url)), "proto");
export const OTLP_DESCRIPTOR_PATH = path.join(PROTO_ROOT, "trace-service.json");
const ENTRY = "opentelemetry/proto/collector/trace/v1/trace_service.proto";

export function otlpDescriptorFromProtoFiles(): protobuf.INamespace {
  const root = new protobuf.Root();
  root.resolvePath = (_origin, target) => path.join(PROTO_ROOT, target);
  root.loadSync(ENTRY, { keepCase: false });
  return root.toJSON({ keepComments: false });
}
